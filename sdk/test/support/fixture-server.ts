import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { portalPage } from '@godonu/infra/demo';

/** `data-*` attributes of one `<script>` tag, without the `data-` prefix. */
export type ScriptAttributes = Record<string, string>;

/** The script tag a city embeds, served from the fixture server. */
export const scriptTag = (attributes: ScriptAttributes): string =>
  `<script defer src="/sdk.js"${Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('')}></script>`;

/** The documented stub that queues calls made before the script ran. */
export const QUEUE_STUB =
  'window.godonu = window.godonu || function () { (godonu.q = godonu.q || []).push(arguments); };';

/** The two builds the server delivers: `/sdk.js` (script tag) and `/godonu.mjs` (npm ESM build). */
export interface Builds {
  scriptTag: string;
  module: string;
}

export interface FixtureServer {
  /** `http://127.0.0.1:port`: the portal and its forms. */
  origin: string;
  /** `http://localhost:port`: the same server under another host, for outbound links. */
  otherOrigin: string;
  /** What the pages embed in place of `<!--godonu-->` from now on. */
  embed(html: string): void;
  close(): Promise<void>;
}

/**
 * Serves the demo portal (infra/demo) with a switchable script tag, and `/sdk.js` / `/godonu.mjs` from the builds.
 */
export const startFixtureServer = async (builds: Builds): Promise<FixtureServer> => {
  let snippet = '';
  const origins = { origin: '', otherOrigin: '' };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origins.origin).pathname;
    if (req.method === 'POST') for await (const _ of req);
    if (path === '/sdk.js' || path === '/godonu.mjs') {
      const code = path === '/sdk.js' ? builds.scriptTag : builds.module;
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code);
      return;
    }
    const page = await portalPage(req.method ?? 'GET', path, { snippet, externOrigin: origins.otherOrigin });
    res.writeHead(page.status, page.headers).end(page.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origins.origin = `http://127.0.0.1:${port}`;
  origins.otherOrigin = `http://localhost:${port}`;

  return {
    ...origins,
    embed(html) {
      snippet = html;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
};
