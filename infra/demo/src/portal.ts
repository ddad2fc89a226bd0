/*
 * The demo city portal (Gießen): a portal page with an SPA router, a service page, a PDF, and a three-step online
 * form. `npm start` serves it with the real script tag; the SDK's browser tests serve the same pages.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PORTAL_DIR = fileURLToPath(new URL('../portal/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** Path on the portal → file under PORTAL_DIR. Unknown paths get the portal, whose router shows its start page. */
export function portalFileFor(path: string): string {
  if (path.startsWith('/portal/') || path.startsWith('/media/')) return path.slice(1).replaceAll('..', '');
  const form = /^\/online-dienste\/hundesteuer\/([a-z0-9-]+)$/.exec(path);
  if (form) return `online-dienste/${form[1]}.html`;
  if (path === '/extern') return 'extern.html';
  return 'portal/index.html';
}

export interface PortalPage {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * A portal response. HTML gets `snippet` (the script tag) in place of `<!--godonu-->` and `externOrigin` for
 * links that leave the portal. A form step is POSTed (values never go into a URL) and answered with 303 to the
 * next page, as form servers do.
 */
export async function portalPage(
  method: string,
  path: string,
  page: { snippet: string; externOrigin: string },
): Promise<PortalPage> {
  if (method === 'POST') return { status: 303, headers: { location: path }, body: '' };
  const file = portalFileFor(path);
  const ext = file.slice(file.lastIndexOf('.'));
  const body = await readFile(join(PORTAL_DIR, file)).catch(() => undefined);
  if (body === undefined)
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  if (ext === '.pdf') {
    return {
      status: 200,
      headers: { 'content-type': TYPES[ext] as string, 'content-disposition': 'attachment' },
      body,
    };
  }
  const text = body
    .toString('utf8')
    .replace('<!--godonu-->', page.snippet)
    .replaceAll('{{extern}}', page.externOrigin);
  return { status: 200, headers: { 'content-type': TYPES[ext] ?? 'application/octet-stream' }, body: text };
}

/** The demo portal on its own port, embedding the script tag served by a collector. */
export function createPortalServer(opts: { collectorOrigin: string; site: string }): Server {
  const snippet = `<script defer src="${opts.collectorOrigin}/sdk.js" data-site="${opts.site}" data-endpoint="${opts.collectorOrigin}/v1/events"></script>`;
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    const drained =
      req.method === 'POST'
        ? (async () => {
            for await (const _ of req);
          })()
        : Promise.resolve();
    drained
      .then(() =>
        portalPage(req.method ?? 'GET', url.pathname, { snippet, externOrigin: 'https://www.hessen.de' }),
      )
      .then((p) => res.writeHead(p.status, p.headers).end(p.body))
      .catch((err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)));
  });
}
