/*
 * The demo city portal (Gießen unless told another city): a portal page with an SPA router, a service page, a PDF,
 * a three-step online form with a confirmation page, and the SDK's feedback widget on the service page, the
 * form's steps and the confirmation page. `npm start` serves it with the real script
 * tag; the SDK's browser tests serve the same pages; the end-to-end test serves it for three cities.
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

/** What the pages say about the city whose portal they are. */
export interface PortalCity {
  /** City key, as in the site configuration; links to the state portal name it (`?von=`). */
  key: string;
  /** Name in headers and titles. */
  name: string;
  /** Place name in running text ("Wer in Gießen einen Hund hält"). */
  place: string;
  /** Letters on the coat-of-arms badge. */
  badge: string;
}

export const GIESSEN: PortalCity = {
  key: 'giessen',
  name: 'Universitätsstadt Gießen',
  place: 'Gießen',
  badge: 'GI',
};

export interface PortalPage {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * A portal response. HTML gets `snippet` (the script tag) in place of `<!--godonu-->`, `externOrigin` for links
 * that leave the portal, and the city's names (Gießen's unless `city` is given). A form step is POSTed (values
 * never go into a URL) and answered with 303 to the next page, as form servers do.
 */
export async function portalPage(
  method: string,
  path: string,
  page: { snippet: string; externOrigin: string; city?: PortalCity },
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
  const city = page.city ?? GIESSEN;
  const text = body
    .toString('utf8')
    .replace('<!--godonu-->', page.snippet)
    .replaceAll('{{extern}}', page.externOrigin)
    .replaceAll('{{stadt}}', city.name)
    .replaceAll('{{ort}}', city.place)
    .replaceAll('{{wappen}}', city.badge)
    .replaceAll('{{kennung}}', city.key);
  return { status: 200, headers: { 'content-type': TYPES[ext] ?? 'application/octet-stream' }, body: text };
}

/**
 * The demo portal on its own port, embedding the script tag served by a collector. `city` (default Gießen) names
 * the city on the pages; `externOrigin` (default the state portal) is where the confirmation page's link leads;
 * `flushMs` sets the script's `data-flush` (tests shorten it; a real portal leaves it out).
 */
export function createPortalServer(opts: {
  collectorOrigin: string;
  site: string;
  city?: PortalCity;
  externOrigin?: string;
  flushMs?: number;
}): Server {
  const flush = opts.flushMs === undefined ? '' : ` data-flush="${opts.flushMs}"`;
  // The feedback widget of the EU Single Digital Gateway comes after the script tag (sdk/README.md).
  const snippet = `<script defer src="${opts.collectorOrigin}/sdk.js" data-site="${opts.site}" data-endpoint="${opts.collectorOrigin}/v1/events"${flush}></script><script defer src="${opts.collectorOrigin}/feedback.js"></script>`;
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
        portalPage(req.method ?? 'GET', url.pathname, {
          snippet,
          externOrigin: opts.externOrigin ?? 'https://www.hessen.de',
          city: opts.city,
        }),
      )
      .then((p) => res.writeHead(p.status, p.headers).end(p.body))
      .catch((err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)));
  });
}
