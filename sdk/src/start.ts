import { Kind } from './kinds.ts';
import { TICK_MS } from './limits.ts';
import { optedOut } from './opt-out.ts';
import { enqueue, flushBeacon, openQueue, send } from './queue.ts';
import type { Godonu, Options, Props, Rating } from './types.ts';
import { cleanUrl, pattern } from './url.ts';

/*
 * The whole SDK but batching runs in this one scope: the script tag build has a budget of 1.5 KB gzip.
 *
 * What the page hands in (names, keys, step numbers, properties) travels as it is: the collector coerces it
 * to the contract or drops the one event (see `browserEvent` in @godonu/contract). What must never leave the
 * page is decided here: query strings and fragments, excluded paths, and everything under GPC, DNT or before
 * consent.
 *
 * One timer drives the SDK: every tick it notices single-page navigation (a changed URL, whatever changed it:
 * `pushState`, `replaceState`, back/forward, a router that kept its own copy of `pushState`), counts visible
 * time, samples the scroll depth and sends what waits. A click and leaving the page look for a changed URL
 * too, so that a view followed by either before the next tick is still reported, and before its events.
 */

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
  /** URL of the current page view as reported; every event refers to it. */
  let page: string | undefined;
  /**
   * The page's LeiKa key as the page gave it, read at each page view (or set by `service()`); every event
   * carries it. With `data-auto="false"` it is first read at the first `track('pageview')`.
   */
  let service: unknown;
  /** The step last reported on this page, which validation errors refer to. */
  let step: unknown;
  /** Visible time of the current page view not yet reported, in ms, counted per tick. */
  let visible = 0;
  /** Deepest scroll position reached on the current page view, percent of its height. */
  let depth = 0;
  /** The form whose start was reported last: a page shows one followed form at a time. */
  let started: Element | undefined;

  /**
   * Queues an event `[kind, id, ts, url, service, ...fields]` (the contract's compact vocabulary) about the
   * current page view, or about the current URL before the first one (`data-auto="false"`).
   */
  const emit = (kind: Kind, ...fields: unknown[]): void => {
    const url = page || cleanUrl(allowQuery);
    if (excluded.test(new URL(url).pathname)) return;
    const ts = Date.now();
    // Unique enough to de-duplicate retries downstream; it identifies the event, never the visitor.
    const id = ts + Math.random().toString(36).slice(2);
    enqueue(JSON.stringify([kind, id, ts, url, service, ...fields]));
  };

  const query = (selector: string): Element | null => doc.querySelector(selector);

  /** The page's service: its `<meta name="godonu-service">`, else the script's `data-service`. */
  const readService = (): void => {
    service = (query('meta[name=godonu-service]') as HTMLMetaElement | null)?.content || o.service;
  };

  /** The form's name: `data-godonu-form`, else its `name` or `id` (none: the collector says `form`). */
  const formName = (f: Element | null) =>
    attribute(f, 'data-godonu-form') || attribute(f, 'name') || attribute(f, 'id');

  /** `data-godonu-step="2/3/adresse"`: step 2 of 3, named `adresse` (the name is optional). */
  const stepOf = (f: Element | null) =>
    (attribute(f, 'data-godonu-step') || '').split('/') as [string, string?, string?];

  /**
   * `depth`, with the current position, rounded (`+ 0.5 | 0` is `Math.round` for these values, and 0 for a
   * document without height in a hidden frame, where the quotient is NaN or Infinity; the collector caps it).
   */
  const measure = (): void => {
    depth = Math.max(depth, (((scrollY + innerHeight) / doc.documentElement.scrollHeight) * 100 + 0.5) | 0);
  };

  /**
   * Engagement is visible time plus scroll depth, reported whenever the page view ends or the page is hidden
   * (a hidden tab may never come back), so one page view can yield several reports; downstream sums the times.
   */
  const engagement = (): void => {
    if (page && visible) emit(Kind.engagement, visible, depth);
    visible = 0;
  };

  /** Step `index` of `count` reached, in form `f` (the page's first followed form unless given). */
  const reportStep = (index: unknown, count: unknown, name?: unknown, f = query(forms)): void => {
    step = index;
    if (index) emit(Kind.form_step, formName(f), index, count, name);
  };

  /**
   * Reports a page view unless the URL (as reported) did not change: a `pushState` to the same page or a
   * fragment change is no new view. Inside a single-page app the referrer is the previous view. A page that
   * belongs to a service also reports the service as viewed. A page with a followed form reports its step,
   * and a confirmation page (`data-godonu-confirm="form"`) the completed form.
   */
  const pageview = (): void => {
    const url = cleanUrl(allowQuery);
    if (url === page) return;
    engagement();
    const ref = page || (doc.referrer && cleanUrl(allowQuery, doc.referrer));
    page = url;
    readService();
    emit(Kind.pageview, ref);
    if (service) emit(Kind.service_view);
    depth = 0;
    const confirmation = query('[data-godonu-confirm]');
    reportStep(...stepOf(query(forms)));
    if (confirmation) emit(Kind.form_confirm, attribute(confirmation, 'data-godonu-confirm'));
  };

  /**
   * Hidden, shown again, or unloading: report a view the tick has not seen yet, the engagement so far, and
   * send everything by beacon. Shown again there is nothing to report (no time counts while hidden) and
   * rarely anything waiting.
   */
  const leave = (): void => {
    if (auto) pageview();
    measure();
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
    if (e.type === 'submit') +i < +(n as string) || emit(Kind.form_submit, form);
    else if (e.type === 'invalid') emit(Kind.form_error, form, t.name || t.id, step);
    else if (started !== f && !(+i > 1)) {
      started = f;
      emit(Kind.form_start, form);
    }
  };

  /**
   * Capturing listeners on the window see every event of the document first, even those the page stops from
   * bubbling, and `invalid`, which does not bubble at all.
   */
  const handlers: Record<string, Handler> = {
    // A click on a link to a file (download) or to another host (outbound); `href` is cleaned like page URLs.
    // A click outside a link ends at `closest`; mailto:, tel: and javascript: links have no host. A router
    // handles the click after this capturing listener: a view seen here is the one the click happened on.
    click(e) {
      if (auto) pageview();
      const a = (e.target as Element).closest('a[href]') as HTMLAnchorElement;
      const href = cleanUrl(allowQuery, a.href);
      if (FILE.test(a.pathname) || a.hasAttribute('download')) emit(Kind.download, href);
      else if (a.host && a.host !== location.host) emit(Kind.outbound, href);
    },
    input: onForm,
    invalid: onForm,
    submit: onForm,
    visibilitychange: leave,
    pagehide: leave,
  };

  if (!optedOut) {
    for (const type in handlers) addEventListener(type, guard(handlers[type] as Handler), true);
    const tick = +(o.flush as string) || TICK_MS;
    setInterval(
      guard(() => {
        if (auto) pageview();
        if (!doc.hidden) visible += tick;
        measure();
        send();
      }),
      tick,
    );
    if (auto) pageview();
    if (!o.consent) openQueue(o);
  }

  return {
    /**
     * `track('pageview')` and `track('rating', { score, reason, found, context })` are reserved; any other name
     * is custom. A rating's fields go in the contract's compact order (`COMPACT_FIELDS.rating`).
     */
    track: guard((name: string, p?: Props | Rating) => {
      if (name === 'pageview') pageview();
      else if (name === 'rating') {
        const r = p as Rating;
        emit(Kind.rating, r.score, r.reason, r.found, r.context);
      } else emit(Kind.custom, name, p);
    }),
    service: guard((key: string) => {
      service = key;
      emit(Kind.service_view);
    }),
    step: guard(reportStep),
    consent: guard(() => optedOut || openQueue(o)),
  };
};
