/*
 * The parts of the api's answers the end-to-end test reads, typed here: the api's own report types are internal
 * to it. `apiGet` is a GET with a key that insists on 200.
 */

export async function apiGet<T>(baseUrl: string, pathAndQuery: string, key: string): Promise<T> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
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
  visitors: number;
  pageviews: number;
  status: Status;
  pages: { path: string; visitors: number; pageviews: number }[];
}
export interface Funnel {
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
  metrics: {
    metric: string;
    n: number;
    min: number | null;
    q1: number | null;
    median: number | null;
    q3: number | null;
    max: number | null;
    best: { key: string | null }[];
  }[];
  cities: {
    city: { key: string | null; own: boolean };
    metrics: Record<
      string,
      { value: number | null; per1000: number | null; rank: number | null; status: Status }
    >;
    stages: { visitors: number | null }[];
  }[];
}
