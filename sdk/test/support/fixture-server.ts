import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Path on the portal → fixture file. Unknown paths get the portal, whose router shows its start page. */
const fileFor = (path: string): string => {
  if (path.startsWith('/portal/')) return path.slice(1);
  if (path.startsWith('/media/')) return path.slice(1);
  const form = /^\/online-dienste\/hundesteuer\/([a-z0-9-]+)$/.exec(path);
  if (form) return `online-dienste/${form[1]}.html`;
  if (path === '/extern') return 'extern.html';
  return 'portal/index.html';
};

/**
 * Serves the fixture portal, the three-step form and `/sdk.js`. A form step is POSTed (values never go into
 * the URL) and answered with 303 to the next page, as form servers do.
 */
export const startFixtureServer = async (builds: Builds): Promise<FixtureServer> => {
  let snippet = '';
  const origins = { origin: '', otherOrigin: '' };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origins.origin).pathname;
    if (req.method === 'POST') {
      for await (const _ of req);
      res.writeHead(303, { location: path }).end();
      return;
    }
    if (path === '/sdk.js' || path === '/godonu.mjs') {
      const code = path === '/sdk.js' ? builds.scriptTag : builds.module;
      res.writeHead(200, { 'content-type': TYPES['.js'] as string }).end(code);
      return;
    }
    const file = fileFor(path);
    const body = await readFile(join(FIXTURES, file));
    if (file.endsWith('.pdf')) {
      res
        .writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment' })
        .end(body);
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    const text = body
      .toString('utf8')
      .replace('<!--godonu-->', snippet)
      .replaceAll('{{extern}}', origins.otherOrigin);
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' }).end(text);
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
