/*
 * The parts of the api's answers the end-to-end test reads, typed here: the api's own report types are internal
 * to it. `apiGet` is a GET with a key that insists on 200; `apiAnswer` takes whatever status comes.
 */

export async function apiGet<T>(baseUrl: string, pathAndQuery: string, key: string): Promise<T> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function apiAnswer(
  baseUrl: string,
  pathAndQuery: string,
  key: string,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.json() };
}

/** How an answer's numbers were protected (`disclosure` of every report). */
export interface DisclosureInfo {
  perturbed: boolean;
  calendarPeriod: string | null;
  k: number;
  epsilonPerCell: number;
  noise: string;
  noiseScale: number;
  noiseStandardDeviation: number;
}
export interface Period {
  from: string;
  to: string;
  days: number;
}

export type Status = 'ok' | 'below_k' | 'complementary' | 'withheld' | 'no_data';
export interface Breakdown {
  value: string;
  visitors: number;
  visits: number;
  share: number;
  pageviews: number;
  bounceRate: number;
}
export interface CityReport {
  access: string;
  k: number;
  disclosure: DisclosureInfo;
  summary: {
    metric: string;
    value: number | null;
    previous: number | null;
    change: number | null;
    changeRatio: number | null;
    status: Status;
    previousStatus: Status;
  }[];
  timeseries: { bucket: string; visitors: number; visits: number; pageviews: number; status: Status }[];
  pages: { path: string; visitors: number; pageviews: number }[];
  entryPages: { path: string; entries: number }[];
  channels: Breakdown[];
  devices: Breakdown[];
  browsers: Breakdown[];
}
export interface Realtime {
  access: string;
  visitors: number;
  pageviews: number;
  status: Status;
  pages: { path: string; visitors: number; pageviews: number }[];
}
export interface Funnel {
  access: string;
  disclosure: DisclosureInfo;
  stages: {
    stage: string;
    step: number | null;
    stepName: string | null;
    visitors: number;
    shareOfViewers: number;
    dropOff: number | null;
    dropOffRate: number | null;
  }[];
  startRate: { value: number | null; status: Status };
  completionRate: { value: number | null; status: Status };
  timeToComplete: Record<string, number | null | Status>;
  errors: {
    visitors: number;
    errors: number;
    errorRate: number;
    status: Status;
    fields: { field: string; step: number; visitors: number; errors: number }[];
  };
  satisfaction: {
    average: number;
    ratings: number;
    raters: number;
    status: Status;
    distribution: { score: number; ratings: number; share: number }[];
  };
  timeseries: {
    bucket: string;
    starters: number;
    confirmers: number;
    completionRate: number | null;
    status: Status;
  }[];
}
export interface Comparison {
  service: { key: string };
  period: Period;
  k: number;
  disclosure: DisclosureInfo;
  metrics: {
    metric: string;
    n: number;
    min: number | null;
    q1: number | null;
    median: number | null;
    q3: number | null;
    max: number | null;
    best: CityRef[];
  }[];
  cities: {
    city: CityRef;
    metrics: Record<
      string,
      {
        value: number | null;
        per1000: number | null;
        rank: number | null;
        rankBand: string | null;
        status: Status;
      }
    >;
    stages: {
      stage: string;
      visitors: number | null;
      shareOfViewers: number | null;
      dropOff: number | null;
      dropOffRate: number | null;
      status: Status;
    }[];
  }[];
}
export interface CityRef {
  key: string | null;
  name: string | null;
  peer: number | null;
  own: boolean;
  inhabitants: number | null;
  populationAsOf: string | null;
  exact: boolean;
}

/** `GET /v1/cities/{city}/links`. */
export interface Links {
  access: 'full' | 'published';
  disclosure: DisclosureInfo;
  service: { key: string } | null;
  downloads: { host: string; path: string; downloads: number; visitors: number; status: Status }[];
  outbound: { host: string; clicks: number; visitors: number; status: Status }[];
}

interface Distribution {
  buckets: { from: number; to: number | null; visitors: number; share: number; status: Status }[];
}
interface Engaged {
  path: string;
  visitors: number;
  visibleTime: Distribution & { medianSec: number };
  scrollDepth: Distribution & { medianPct: number };
  status: Status;
}
/** `GET /v1/cities/{city}/engagement`. */
export interface Engagement {
  access: 'full' | 'published';
  disclosure: DisclosureInfo;
  pages: Engaged[];
  servicePages: (Engaged & { service: { key: string } })[];
}
