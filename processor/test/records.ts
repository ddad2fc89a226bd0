/** Builders of collector records for the processor's tests and benchmark. */
import type { CollectedEvent, Event } from '@godonu/contract';

type EventOf<T extends Event['type']> = Extract<Event, { type: T }>;
type WithoutCommon<T> = T extends unknown ? Omit<T, 'id' | 'ts' | 'url'> : never;

export interface Visit {
  site: string;
  visitor: string;
  saltDay?: string;
  device?: CollectedEvent['device'];
  country?: string;
  browser?: CollectedEvent['browser'];
  os?: CollectedEvent['os'];
  mode?: CollectedEvent['mode'];
}

let counter = 0;

/** One record: `at` is the collector's receipt time; the event id is unique unless given. */
export function record<T extends Event['type']>(
  visit: Visit,
  at: number,
  url: string,
  event: WithoutCommon<EventOf<T>> & { type: T; id?: string },
  referrerHost: string | null = null,
): CollectedEvent {
  const { id, ...rest } = event as { id?: string } & Record<string, unknown>;
  return {
    v: 1,
    site: visit.site,
    mode: visit.mode ?? 'browser',
    receivedAt: at,
    visitor: visit.visitor,
    saltDay: visit.saltDay ?? new Date(at).toISOString().slice(0, 10),
    device: visit.device ?? 'desktop',
    country: visit.country ?? 'DE',
    browser: visit.browser ?? 'firefox',
    os: visit.os ?? 'linux',
    referrerHost,
    event: {
      ...rest,
      id: id ?? `evt-${(++counter).toString(36).padStart(6, '0')}`,
      ts: at - 50,
      url,
    } as Event,
  };
}

export const MINUTE = 60_000;
