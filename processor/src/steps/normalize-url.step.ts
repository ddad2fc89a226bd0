import { templatePath } from '@godonu/contract';
import type { SiteIndex } from './site.step.ts';
import { deadLetter, drop, type EventContext, OK, type Step, type StepResult } from './step.ts';

/** Base for resolving path-only URLs (server-side events send paths); never appears in output. */
const RELATIVE_BASE = 'http://relative.invalid';
const MAX_PATH_LENGTH = 512;

/**
 * Path template as a report dimension: no host, no query, no fragment, segments that identify a person or a case
 * replaced, cut at a length no portal path reaches. The rules are the contract's `templatePath`, which the
 * collector already applied before Kafka; applied again here, they hold a record of any other producer to the
 * same rules and leave a templated path as it is.
 */
function pathTemplate(pathname: string): string {
  const path = templatePath(pathname);
  return path.length > MAX_PATH_LENGTH ? path.slice(0, MAX_PATH_LENGTH) : path;
}

function parse(url: string, base = RELATIVE_BASE): URL | undefined {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** What the step takes from a page URL: a function of the URL's text alone. */
interface Page {
  hostname: string;
  href: string;
  /** Decoded, before templating: what the city's service rules match. */
  rawPath: string;
  path: string;
}

function describePage(url: string): Page | undefined {
  const page = parse(url);
  if (!page) return undefined;
  let rawPath: string;
  try {
    rawPath = decodeURIComponent(page.pathname);
  } catch {
    rawPath = page.pathname;
  }
  return { hostname: page.hostname, href: page.href, rawPath, path: pathTemplate(page.pathname) };
}

/**
 * Portal pages repeat (home pages, service pages, their forms): each URL is parsed once and remembered, the least
 * recently seen forgotten first. Parsing was most of the step's cost and of its garbage. Long URLs, which rarely
 * repeat, are not kept, so the cache stays small (at most ENTRIES URLs of at most MAX_URL_LENGTH characters).
 */
const PAGE_CACHE_ENTRIES = 4_096;
const PAGE_CACHE_MAX_URL_LENGTH = 256;

function pageCache(): (url: string) => Page | undefined {
  const pages = new Map<string, Page | null>();
  return (url) => {
    let page = pages.get(url);
    if (page !== undefined) {
      pages.delete(url);
    } else {
      page = describePage(url) ?? null;
      if (url.length > PAGE_CACHE_MAX_URL_LENGTH) return page ?? undefined;
      if (pages.size >= PAGE_CACHE_ENTRIES) pages.delete(pages.keys().next().value as string);
    }
    pages.set(url, page);
    return page ?? undefined;
  };
}

/**
 * Page URL → path template. The record's site (the script tag's `data-site`, or the city of the ingest key) says
 * whose event it is; an absolute URL must then be on one of that city's portal hosts, which other cities may list
 * too (a form vendor's host). Events from staging hosts or pages that copied the script are dropped, not counted.
 */
export function normalizeUrlStep(sites: SiteIndex): Step {
  const pageOf = pageCache();
  return {
    name: 'normalize-url',
    run(ctx: EventContext): StepResult {
      const e = ctx.record.event;
      const page = pageOf(e.url);
      if (!page) return deadLetter('invalid_url', 'page url is not an http(s) URL or path');
      if (page.hostname !== 'relative.invalid' && !sites.portalHostCities(page.hostname).has(ctx.city.key)) {
        return drop('foreign_host');
      }
      ctx.rawPath = page.rawPath;
      ctx.derived.path = page.path;
      if (e.type === 'outbound' || e.type === 'download') {
        const target = parse(e.href, page.hostname === 'relative.invalid' ? RELATIVE_BASE : page.href);
        if (target) {
          ctx.derived.targetHost =
            target.hostname === 'relative.invalid' ? '' : target.hostname.toLowerCase();
          // Outbound links count by host only: another site's paths are none of the city's business.
          ctx.derived.targetPath = e.type === 'download' ? pathTemplate(target.pathname) : '';
        }
      }
      return OK;
    },
  };
}
