import type { Event } from '@godonu/contract';
import { MAX_DURATION_MS } from './limits.ts';
import { enqueue, flushBeacon, openQueue } from './queue.ts';
import { identifier, KEY, leika, props, steps } from './sanitize.ts';
import type { Godonu, Options, Props } from './types.ts';
import { cleanUrl, pattern } from './url.ts';

/*
 * The whole SDK but batching runs in this one scope: the script tag build has a budget of about 1.5 KB gzip,
 * and every module-level helper that needs no parameters for the configuration saves bytes.
 */

type Omitted<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** The fields of an event beside those `emit` adds. Optional strings may be '': the batch leaves them out. */
type Fields = Omitted<Event, 'type' | 'id' | 'ts' | 'url' | 'service'>;
type Handler = (e: globalThis.Event) => void;

export const doc = document;

/** Files cities publish for download: forms, statutes, tables, archives, calendar entries. */
const FILE = /\.(pdf|docx?|xlsx?|od[ts]|rtf|csv|zip|ics)$/i;

/** Wraps a function so that nothing it throws reaches the host page. */
const guard =
  <A extends unknown[]>(f: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      f(...a);
    } catch {}
  };

const attribute = (e: Element | null, name: string): string | null | undefined => e?.getAttribute(name);

/**
 * Starts the SDK once per page. Under Global Privacy Control or Do Not Track it installs nothing and nothing
 * ever leaves the page, not even after `consent()`.
 */
export const start = (o: Options): Godonu => {
  const allowQuery = pattern(o.query);
  const excluded = pattern(o.exclude);
  const forms = o.forms || '[data-godonu-form]';
  const auto = o.auto !== 'false';
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const optedOut = nav.globalPrivacyControl || nav.doNotTrack === '1';
  /** URL of the current page view as reported; engagement and the next view's referrer refer to it. */
  let page: string | undefined;
  /** LeiKa key of the current page ('' for none); every event about the page carries it. */
  let service: string;
  /** The step last reported on this page, which validation errors refer to. */
  let step: number | undefined;
  /** When the page last became visible and the time since was not yet reported; 0 while hidden. */
  let visibleSince = 0;
  /** Deepest scroll position reached on the current page, percent of its height. */
  let depth = 0;
  /** Forms whose start was seen. */
  const started: Element[] = [];

  /** Completes and queues an event about `url` (the current page unless given). */
  const emit = (type: Event['type'], fields?: Fields | 0, url = cleanUrl(allowQuery)): void => {
    if (excluded.test(new URL(url).pathname)) return;
    const ts = Date.now();
    // Unique enough to de-duplicate retries downstream; it identifies the event, never the visitor.
    const id = ts + Math.random().toString(36).slice(2, 9);
    enqueue({ type, ...fields, id, ts, url, service } as Event);
  };

  const query = (selector: string): Element | null => doc.querySelector(selector);

  /** The page's service: its `<meta name="godonu-service">`, else the script's `data-service`. */
  const readService = (): void => {
    service = leika(query('meta[name=godonu-service]')?.getAttribute('content')) || leika(o.service);
  };

  /** The form's name: `data-godonu-form`, else its `name` or `id`. */
  const formName = (f: Element | null): string =>
    identifier(attribute(f, 'data-godonu-form') || attribute(f, 'name') || attribute(f, 'id')) || 'form';

  /** `data-godonu-step="2/3/adresse"`: step 2 of 3, named `adresse` (the name is optional). */
  const stepOf = (f: Element | null) =>
    (attribute(f, 'data-godonu-step') || '').split('/') as [string, string?, string?];

  /**
   * `depth`, with the current position, rounded (`+ 0.5 | 0` is `Math.round` for these values, and 0 for a
   * document without height in a hidden frame, where the quotient is NaN or Infinity).
   */
  const measure = (): void => {
    depth = Math.max(
      depth,
      Math.min(100, (((scrollY + innerHeight) / doc.documentElement.scrollHeight) * 100 + 0.5) | 0),
    );
  };

  /**
   * Engagement is visible time plus scroll depth, reported whenever the page is left or hidden (a hidden tab
   * may never come back), so one page view can yield several reports; downstream sums the times. `visible`
   * says whether the clock runs on: true when another page view of a single-page app follows.
   */
  const engagement = (visible?: boolean): void => {
    const now = Date.now();
    const ms = visibleSince && now - visibleSince;
    visibleSince = visible ? now : 0;
    // A day is the contract's bound; a longer visible time is a tab left open, capped rather than dropped.
    if (page && ms) emit('engagement', { engagedMs: Math.min(ms, MAX_DURATION_MS), scrollPct: depth }, page);
  };

  /** Step `index` of `count` reached, in form `f` (the page's first followed form unless given). */
  const reportStep = (index: unknown, count: unknown, name?: unknown, f = query(forms)): void => {
    const [i, n] = steps(index, count);
    step = i;
    if (i) emit('form_step', { form: formName(f), step: i, steps: n as number, stepName: identifier(name) });
  };

  /**
   * Reports a page view unless the URL (as reported) did not change: a `pushState` to the same page or a
   * fragment change is no new view. Inside a single-page app the referrer is the previous view. A page that
   * belongs to a service also reports the service as viewed. A page with a followed form reports its step,
   * and a confirmation page (`data-godonu-confirm="form"`) the completed form; a page shows one form (and one
   * confirmation) at a time, so the first of each is looked at.
   */
  const pageview = (): void => {
    const url = cleanUrl(allowQuery);
    if (url === page) return;
    engagement(!doc.hidden);
    const ref = page || (doc.referrer && cleanUrl(allowQuery, doc.referrer));
    page = url;
    readService();
    emit('pageview', { ref }, url);
    if (service) emit('service_view', 0, url);
    depth = 0;
    measure();
    const f = query(forms);
    const confirmation = query('[data-godonu-confirm]');
    reportStep(...stepOf(f), f);
    if (confirmation)
      emit('form_confirm', { form: identifier(attribute(confirmation, 'data-godonu-confirm')) });
  };

  /**
   * Single-page apps: `pushState` and back/forward (`popstate`) are page views. They are looked at after the
   * current task, when a router that pushes first and renders second has set the new page's service key.
   */
  const later = (): unknown => auto && setTimeout(guard(pageview));

  /** Hidden or unloading: report the engagement so far and send everything by beacon. */
  const leave = (): void => {
    engagement();
    flushBeacon();
  };

  /**
   * `input`: the first interaction with a form on its first step starts it. `invalid`: the browser's constraint
   * validation rejected a field, whose name travels and whose value never does. `submit` from the last step (or
   * of a form without steps): the citizen completed it.
   */
  const onForm: Handler = (e) => {
    const t = e.target as HTMLInputElement;
    const f = t.closest(forms);
    if (!f) return;
    const form = formName(f);
    const [i, n] = stepOf(f);
    const field = identifier(t.name || t.id);
    if (e.type === 'submit') i === n && emit('form_submit', { form });
    else if (e.type === 'invalid') field && emit('form_error', { form, field, step });
    else if (!started.includes(f) && !(+i > 1)) {
      started.push(f);
      emit('form_start', { form });
    }
  };

  /**
   * Capturing listeners on the window see every event of the document first, even those the page stops from
   * bubbling, and `invalid`, which does not bubble at all.
   */
  const handlers: Record<string, Handler> = {
    // A click on a link to a file (download) or to another host (outbound); `href` is cleaned like page URLs.
    // A click outside a link ends at `closest`; mailto:, tel: and javascript: links have no host.
    click(e) {
      const a = (e.target as Element).closest('a[href]') as HTMLAnchorElement;
      const href = cleanUrl(allowQuery, a.href);
      if (FILE.test(a.pathname) || a.hasAttribute('download')) emit('download', { href });
      else if (a.host && a.host !== location.host) emit('outbound', { href });
    },
    input: onForm,
    invalid: onForm,
    submit: onForm,
    scroll: measure,
    visibilitychange() {
      if (doc.hidden) leave();
      else visibleSince ||= Date.now();
    },
    pagehide: leave,
    popstate: later,
  };

  readService();
  if (!optedOut) {
    for (const type in handlers) addEventListener(type, guard(handlers[type] as Handler), true);
    if (auto) {
      const push = history.pushState;
      history.pushState = (...a: Parameters<History['pushState']>) => {
        push.apply(history, a);
        later();
      };
      pageview();
    }
    if (o.consent !== 'required') openQueue(o);
  }

  return {
    /** `track('pageview')` and `track('rating', { score, reason })` are reserved; any other name is custom. */
    track: guard((name: string, p: Props = {}) => {
      const [score] = steps(p.score, 5);
      const reason = p.reason;
      const custom = identifier(name);
      if (name === 'pageview') pageview();
      else if (name === 'rating')
        score &&
          emit('rating', { score, reason: typeof reason === 'string' && KEY.test(reason) ? reason : '' });
      else if (custom) emit('custom', { name: custom, props: props(p) });
    }),
    service: guard((key: string) => {
      if (leika(key)) {
        service = leika(key);
        emit('service_view');
      }
    }),
    step: guard(reportStep),
    consent: guard(() => optedOut || openQueue(o)),
  };
};
