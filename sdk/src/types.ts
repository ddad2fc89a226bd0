/** Options of the SDK. The script tag reads them from its `data-*` attributes (see README). */
export interface Config {
  /** City key the collector knows, e.g. `giessen`. */
  site: string;
  /** URL of the collector's `POST /v1/events`. */
  endpoint: string;
  /** LeiKa key (14 digits) for every page; `<meta name="godonu-service">` and `service()` take precedence. */
  service?: string;
  /** Automatic page views, including SPA navigation (default true). */
  auto?: boolean;
  /** Paths from which nothing is sent; `*` matches any characters, e.g. `/intern/*`. */
  exclude?: string[];
  /** Consent mode: events wait in memory and nothing leaves the page until `consent()`. */
  consent?: boolean;
  /** Query parameters kept in reported URLs; every other parameter and the fragment are stripped. */
  query?: string[];
  /** Selector of the forms (or form containers) to follow (default `[data-godonu-form]`). */
  forms?: string;
  /**
   * Period of the SDK's timer in milliseconds (default 500): batches leave, single-page navigation and scroll
   * depth are looked at, and visible time is counted at this pace.
   */
  flushMs?: number;
}

/**
 * The options as the script tag's `data-*` attributes hold them (its `dataset`): any `consent` value (the
 * documented one is `"required"`) asks for consent, `auto` is `"false"`, lists are comma-separated. The npm
 * entry translates a `Config` into the same form, so the bundle of the script tag carries one reader only.
 */
export type Options = Partial<
  Record<
    'site' | 'endpoint' | 'service' | 'auto' | 'exclude' | 'consent' | 'query' | 'forms' | 'flush',
    string
  >
>;

/**
 * Properties of a custom event. The collector keeps the first 10 with lowercase keys whose value is a number, a
 * boolean or a short code (1–32 letters, digits, `_ . : -`); any other value, free text included, is left out.
 */
export type Props = Record<string, string | number | boolean>;

/** Answer to "Haben Sie gefunden, was Sie gesucht haben?" (the contract's `FOUND_ANSWERS`). */
export type FoundAnswer = 'yes' | 'no' | 'partly';

/**
 * Where a rating was asked (the contract's `FEEDBACK_CONTEXTS`): on an information page, on a procedure's
 * confirmation page, or on a started form the citizen was leaving without submitting it.
 */
export type FeedbackContext = 'page' | 'submitted' | 'abandoned';

/** An anonymous rating: what the EU Single Digital Gateway's feedback tool asks, without its free text. */
export interface Rating {
  /** The 1–5 star rating (required: the satisfaction KPI is its mean). */
  score: number;
  /** A reason code of the city's own widget, such as `zu_lang`; never free text. */
  reason?: string;
  found?: FoundAnswer;
  context?: FeedbackContext;
}

/** The public API; on a page with the script tag it is `window.godonu`. None of it ever throws. */
export interface Godonu {
  /** An anonymous rating (`rating` is a reserved name); the collector drops one whose score is not 1–5. */
  track(name: 'rating', rating: Rating): void;
  /** Custom event. `pageview` is reserved too: it reports the current page (for `auto: false`). */
  track(name: string, props?: Props): void;
  /**
   * Sets the LeiKa key of the current page (until the next page view) and reports that the service was viewed.
   * The collector leaves an invalid key out of events and drops a service view without a valid key.
   */
  service(key: string): void;
  /** Reports that a form reached step `index` of `count` (1-based), for forms that change steps without a page view. */
  step(index: number, count: number, name?: string): void;
  /** Consent given: events start to leave the page, including those that waited. */
  consent(): void;
}
