/*
 * What every view is rendered from: the signed-in session, the user's current selection (kept while switching
 * views and languages), the texts and number formats of the UI language.
 */
import type { ServiceMetric } from '../../src/compare/service-metrics.ts';
import type { Interval } from '../../src/routes/params.schema.ts';
import type { ApiClient, CityEntry, Me, ServiceEntry } from './api.client.ts';
import type { LatestClosed } from './calendar.ts';
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
  digitalTakeUp: 8,
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
  /** The closed periods as the api counts them, once it has said so (a 400's details); null: the browser's clock. */
  latestClosed: LatestClosed | null;
}

export interface Selection {
  city: string | null;
  service: string | null;
  /** Views with exact numbers (the own city; admins): empty is the API's default, the 30 days up to today. */
  from: string;
  to: string;
  /**
   * Views with numbers of other cities: one closed calendar period (`2025-02`, `2025-W13`, …); empty, or a period
   * no longer offered, is the last closed month.
   */
  calendar: string;
  /** The month of the statutory reports (`2025-02`); empty, or a month no longer offered, is the default. */
  reportMonth: string;
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
  /**
   * Renders the current view again from the selection: after "Anzeigen" the focus stays on the form (`apply`); after
   * a correction of the period choices it goes to the view's title.
   */
  refresh(focus?: 'apply' | 'title'): void;
  /** The newest closed period of each level, by the api's word if it has given it, else by the browser's clock. */
  latestClosed(): LatestClosed;
  /** Takes the api's word on the closed periods; whether that changed the choices. */
  adoptLatestClosed(latest: LatestClosed): boolean;
}

/** Whether the key reads this city's reports exactly (its own city; admins), not in the published form. */
export function readsExactly(session: Session, city: string): boolean {
  return session.cities.find((c) => c.key === city)?.detail === 'full';
}

/** Whether the key reads comparisons exactly: admins only; everyone else sees other cities perturbed. */
export function comparesExactly(session: Session): boolean {
  return session.me.role === 'admin';
}

/** Cities whose statutory reports the key may read: the city's own team and admins only, as for realtime. */
export function reportCities(session: Session): CityEntry[] {
  return session.cities.filter((c) => c.detail === 'full');
}

/** Whether the key reads the all-cities ZSK file (`/v1/zsk`): the consortium and admins; city teams get 403. */
export function readsAllCitiesZsk(session: Session): boolean {
  return session.me.role !== 'city';
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
