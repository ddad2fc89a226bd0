/*
 * What every view is rendered from: the signed-in session, the user's current selection (kept while switching
 * views and languages), the texts and number formats of the UI language.
 */
import type { ServiceMetric } from '../../src/compare/service-metrics.ts';
import type { Interval } from '../../src/routes/params.schema.ts';
import type { ApiClient, CityEntry, Me, ServiceEntry } from './api.client.ts';
import type { Format } from './format.ts';
import type { Language, Texts } from './i18n.ts';

/** The comparison metrics in display order; a Record so that a metric added to the API fails the typecheck here. */
const METRIC_ORDER: Record<ServiceMetric, number> = {
  viewers: 0,
  starters: 1,
  completions: 2,
  startRate: 3,
  completionRate: 4,
  medianTimeToCompleteSec: 5,
  errorRate: 6,
  satisfaction: 7,
};
export const SERVICE_METRICS = (Object.keys(METRIC_ORDER) as ServiceMetric[]).sort(
  (a, b) => METRIC_ORDER[a] - METRIC_ORDER[b],
);
export type { ServiceMetric };

export const SERIES_METRICS = ['visitors', 'visits', 'pageviews'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

export type FunnelInterval = Exclude<Interval, 'hour'>;

export interface Session {
  api: ApiClient;
  me: Me;
  cities: CityEntry[];
  services: ServiceEntry[];
}

export interface Selection {
  city: string | null;
  service: string | null;
  /** Empty: the API's default period (the 30 days up to today). */
  from: string;
  to: string;
  interval: Interval;
  funnelInterval: FunnelInterval;
  seriesMetric: SeriesMetric;
  metric: ServiceMetric;
  perCapita: boolean;
}

export interface ViewContext {
  session: Session;
  selection: Selection;
  lang: Language;
  t: Texts;
  f: Format;
  /** Registers cleanup (timers) run when the view is left. */
  onLeave(fn: () => void): void;
  /** A polite status message for screen readers (loading, loaded). */
  announce(message: string): void;
  /** Renders the current view again from the selection (after "Anzeigen"), keeping the focus on the form. */
  refresh(): void;
}

/** Cities whose own reports the key may read (city and service views). */
export function readableCities(session: Session): CityEntry[] {
  return session.cities.filter((c) => c.detail !== 'forbidden');
}

export function serviceName(
  lang: Language,
  s: { key: string; name: { de: string; en: string } | null },
): string {
  return s.name ? s.name[lang] : s.key;
}
