/*
 * A reverse proxy in front of the collector, on the loopback, as a city's load balancer would be: it forwards
 * every request and says in `X-Forwarded-For` which address the client had. Here the client's address is made up
 * per citizen (each citizen's browser has a user agent of its own), an address of a known country, so that the
 * collector, which trusts a proxy on the loopback (`COLLECTOR_TRUST_PROXY=1`), looks up that country. The
 * addresses are what the privacy scan then must not find anywhere.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountryProxy {
  origin: string;
  close(): Promise<void>;
}

export async function startCountryProxy(
  collectorOrigin: string,
  addressOf: (userAgent: string) => string | undefined,
): Promise<CountryProxy> {
  const target = new URL(collectorOrigin);
  const server: Server = createServer((req, res) => {
    const address = addressOf(req.headers['user-agent'] ?? '');
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
    if (address) headers['x-forwarded-for'] = address;
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // A host name, as a real collector has: Chromium resolves `*.localhost` to the loopback.
    origin: `http://collector.localhost:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
