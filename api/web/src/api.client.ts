/*
 * The dashboard talks to the public API only, with either of two credentials:
 * - an API key in the Authorization header. The key lives in this object and nowhere else: not in cookies,
 *   localStorage or sessionStorage, not in a URL. Closing or reloading the tab forgets it.
 * - a session of a person signed in through the city's identity provider: an HttpOnly cookie this code never sees,
 *   sent by the browser to the api's own origin only. No token of the provider ever reaches the browser.
 */

import type { ReleaseEntry, ReleaseIndex } from '../../src/open-data/release-index.ts';
import type { CityReport } from '../../src/reports/city-report.ts';
import type { CityRef, PeriodOut } from '../../src/reports/common.schema.ts';
import type { ComparisonReport } from '../../src/reports/comparison.ts';
import type { FunnelReport } from '../../src/reports/funnel.ts';
import type { MatrixReport } from '../../src/reports/matrix.ts';
import type { RealtimeReport } from '../../src/reports/realtime.ts';
import type { SdgFeedbackPages, SdgTransmissions } from '../../src/routes/sdg.route.ts';
import type { ZskReport } from '../../src/routes/zsk.route.ts';
import type { SdgFeedback, SdgStatistics } from '../../src/statutory/sdg-transmission.ts';
import type { ZskRow } from '../../src/statutory/zsk-format.ts';

export type {
  CityRef,
  CityReport,
  ComparisonReport,
  FunnelReport,
  MatrixReport,
  PeriodOut,
  RealtimeReport,
  ReleaseEntry,
  ReleaseIndex,
  SdgFeedback,
  SdgFeedbackPages,
  SdgStatistics,
  SdgTransmissions,
  ZskReport,
  ZskRow,
};

export type SdgTransmission = SdgTransmissions['transmissions'][number];

/** The disclosure policy in force, as `/v1/me` states it. */
export interface DisclosureParams {
  k: number;
  epsilonPerCell: number;
  noise: 'discrete Laplace';
  noiseScale: number;
  noiseStandardDeviation: number;
  periods: string;
}

/** `/v1/me` (the route's schema is not exported; these mirror it). */
export interface Me {
  keyId: string;
  role: 'city' | 'consortium' | 'admin';
  city: string | null;
  k: number;
  disclosure: DisclosureParams;
}

export interface CityEntry {
  key: string;
  name: string;
  ags: string;
  population: { inhabitants: number; asOf: string; source: string };
  namedInComparisons: boolean;
  detail: 'full' | 'published' | 'forbidden';
}

export interface ServiceEntry {
  key: string;
  name: { de: string; en: string } | null;
  citiesSeen: number;
}

export type Query = Record<string, string | number | undefined>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The error's `details`, e.g. `latestClosed` of API_PERIOD_NOT_PUBLISHED. */
    readonly details: unknown = null,
  ) {
    super(`API answered ${status} ${code}`);
  }
}

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function save(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; give the browser a moment before releasing it.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export class ApiClient {
  readonly #key: string | null;
  readonly #onSessionEnded: () => void;

  /** `key` null: the signed-in session's cookie; `onSessionEnded` runs when the api no longer accepts it. */
  constructor(key: string | null, onSessionEnded: () => void = () => undefined) {
    this.#key = key;
    this.#onSessionEnded = onSessionEnded;
  }

  /** Whether this is a session of the identity provider (signing out ends it on the server). */
  get signedInWithProvider(): boolean {
    return this.#key === null;
  }

  async json<T>(path: string, query?: Query): Promise<T> {
    const res = await this.#fetch(path, query, 'application/json');
    return (await res.json()) as T;
  }

  /** A POST with a JSON body (creating an open-data release); the answer's JSON. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.#fetch(path, undefined, 'application/json', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return (await res.json()) as T;
  }

  /** A PUT with a JSON body (editing an annotation); the answer's JSON. */
  async put<T>(path: string, body: unknown): Promise<T> {
    const res = await this.#fetch(path, undefined, 'application/json', {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return (await res.json()) as T;
  }

  /** A DELETE, answered without content. */
  async delete(path: string): Promise<void> {
    await this.#fetch(path, undefined, 'application/json', { method: 'DELETE', headers: {} });
  }

  /** Public data (`/open-data/`), read as anyone reads it: without the key. */
  async publicJson<T>(path: string): Promise<T> {
    const res = await fetch(path, {
      headers: { accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!res.ok) throw new ApiError(res.status, 'UNKNOWN');
    return (await res.json()) as T;
  }

  /** Fetches a CSV answer and hands it to the browser as a download with the API's file name. */
  async downloadCsv(path: string, query: Query): Promise<void> {
    const res = await this.#fetch(path, { ...query, format: 'csv' }, 'text/csv');
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'godonu.csv';
    save(await res.blob(), name);
  }

  /** Fetches a JSON answer and hands it to the browser as a download named `name`, byte for byte. */
  async downloadJson(path: string, query: Query, name: string): Promise<void> {
    const res = await this.#fetch(path, query, 'application/json');
    save(await res.blob(), name);
  }

  async #fetch(
    path: string,
    query: Query | undefined,
    accept: string,
    init: { method: 'POST' | 'PUT' | 'DELETE'; body?: string; headers: Record<string, string> } | null = null,
  ): Promise<Response> {
    const res = await fetch(url(path, query), {
      method: init?.method ?? 'GET',
      headers: {
        ...init?.headers,
        ...(this.#key === null ? {} : { authorization: `Bearer ${this.#key}` }),
        accept,
      },
      ...(init ? { body: init.body } : {}),
      credentials: this.#key === null ? 'same-origin' : 'omit',
      cache: 'no-store',
    });
    if (res.status === 401 && this.#key === null) this.#onSessionEnded();
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string; details?: unknown };
      throw new ApiError(res.status, body.error ?? 'UNKNOWN', body.details ?? null);
    }
    return res;
  }
}
