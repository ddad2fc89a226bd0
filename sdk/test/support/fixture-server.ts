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

/** The builds the server delivers: `/sdk.js` (script tag), `/feedback.js` (widget), `/godonu.mjs` (npm ESM). */
export interface Builds {
  scriptTag: string;
  feedback: string;
  module: string;
}

/** A page a test serves besides the demo portal, with its own headers (a Content-Security-Policy, say). */
export interface ExtraPage {
  html: string;
  headers?: Record<string, string>;
}

export interface FixtureServer {
  /** `http://127.0.0.1:port`: the portal and its forms. */
  origin: string;
  /** `http://localhost:port`: the same server under another host, for outbound links. */
  otherOrigin: string;
  /** What the pages embed in place of `<!--godonu-->` from now on. */
  embed(html: string): void;
  /** Serves `page` at `path` (GET; a POST to it is answered with 303 back to it, as form servers do). */
  page(path: string, page: ExtraPage): void;
  close(): Promise<void>;
}

/**
 * Serves the demo portal (infra/demo) with a switchable script tag, the builds, and the pages a test adds.
 */
export const startFixtureServer = async (builds: Builds): Promise<FixtureServer> => {
  let snippet = '';
  const origins = { origin: '', otherOrigin: '' };
  const scripts: Record<string, string> = {
    '/sdk.js': builds.scriptTag,
    '/feedback.js': builds.feedback,
    '/godonu.mjs': builds.module,
  };
  const extra = new Map<string, ExtraPage>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origins.origin).pathname;
    if (req.method === 'POST') for await (const _ of req);
    const code = scripts[path];
    if (code !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code);
      return;
    }
    const own = extra.get(path);
    if (own && req.method === 'POST') {
      res.writeHead(303, { location: path }).end();
      return;
    }
    if (own) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...own.headers }).end(own.html);
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
    page(path, page) {
      extra.set(path, page);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
};
