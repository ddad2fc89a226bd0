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

/**
 * Page URL → path template. The record's site (the script tag's `data-site`, or the city of the ingest key) says
 * whose event it is; an absolute URL must then be on one of that city's portal hosts, which other cities may list
 * too (a form vendor's host). Events from staging hosts or pages that copied the script are dropped, not counted.
 */
export function normalizeUrlStep(sites: SiteIndex): Step {
  return {
    name: 'normalize-url',
    run(ctx: EventContext): StepResult {
      const e = ctx.record.event;
      const page = parse(e.url);
      if (!page) return deadLetter('invalid_url', 'page url is not an http(s) URL or path');
      if (page.hostname !== 'relative.invalid' && !sites.portalHostCities(page.hostname).has(ctx.city.key)) {
        return drop('foreign_host');
      }
      let rawPath: string;
      try {
        rawPath = decodeURIComponent(page.pathname);
      } catch {
        rawPath = page.pathname;
      }
      ctx.rawPath = rawPath;
      ctx.derived.path = pathTemplate(page.pathname);
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
