import type { SiteIndex } from './site.step.ts';
import { deadLetter, drop, type EventContext, OK, type Step, type StepResult } from './step.ts';

/** Base for resolving path-only URLs (server-side events send paths); never appears in output. */
const RELATIVE_BASE = 'http://relative.invalid';
const MAX_PATH_LENGTH = 512;

const NUMERIC = /^\d+$/;
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{16,}$/i;
/** Case numbers and similar ids mix letters and digits (`AZ-2024-00815`, `b3f9x7k2q8`): five digits or more. */
const MANY_DIGITS = /(?:\D*\d){5}/;

/**
 * Path template: no host, no query, no fragment; numeric, uuid-like and id-like segments replaced so that case
 * numbers (and e-mail addresses some forms put in paths) never become a dimension.
 */
export function templatePath(pathname: string): string {
  const segments = pathname.split('/').filter((s) => s.length > 0);
  const out = segments.map((raw) => {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      s = raw;
    }
    if (NUMERIC.test(s)) return ':num';
    if (UUID_LIKE.test(s)) return ':uuid';
    if (LONG_HEX.test(s)) return ':hex';
    if (s.includes('@')) return ':email';
    if (MANY_DIGITS.test(s)) return ':id';
    return raw;
  });
  const path = `/${out.join('/')}`;
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
 * Page URL → path template. An absolute URL must be on one of the city's portal hosts: events from staging hosts
 * or pages that copied the script are dropped, not counted.
 */
export function normalizeUrlStep(sites: SiteIndex): Step {
  return {
    name: 'normalize-url',
    run(ctx: EventContext): StepResult {
      const e = ctx.record.event;
      const page = parse(e.url);
      if (!page) return deadLetter('invalid_url', 'page url is not an http(s) URL or path');
      if (page.hostname !== 'relative.invalid' && sites.portalHostOwner(page.hostname) !== ctx.city.key) {
        return drop('foreign_host');
      }
      let rawPath: string;
      try {
        rawPath = decodeURIComponent(page.pathname);
      } catch {
        rawPath = page.pathname;
      }
      ctx.rawPath = rawPath;
      ctx.derived.path = templatePath(page.pathname);
      if (e.type === 'outbound' || e.type === 'download') {
        const target = parse(e.href, page.hostname === 'relative.invalid' ? RELATIVE_BASE : page.href);
        if (target) {
          ctx.derived.targetHost =
            target.hostname === 'relative.invalid' ? '' : target.hostname.toLowerCase();
          // Outbound links count by host only: another site's paths are none of the city's business.
          ctx.derived.targetPath = e.type === 'download' ? templatePath(target.pathname) : '';
        }
      }
      return OK;
    },
  };
}
