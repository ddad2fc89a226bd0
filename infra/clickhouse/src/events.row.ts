/*
 * The row of the raw `events` table (migrations/0001_events.sql), built from the Kafka record and what the
 * processor derived for it. events.row.int.test.ts proves the keys and types match the table.
 */
import type { CollectedEvent } from '@godonu/contract';

/** Where a visit came from, decided by its first event's referrer. */
export const CHANNELS = ['direct', 'search', 'social', 'internal', 'other_city', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What the processor derives for one event before it becomes a row. */
export interface DerivedFields {
  /** Report day (YYYY-MM-DD): calendar day of `receivedAt` in the report time zone. */
  day: string;
  /** Normalised path template. */
  path: string;
  /** LeiKa key from the event or the city's URL rules; '' when none. */
  service: string;
  /** The visit's channel and referrer host ('' for direct). */
  channel: Channel;
  channelHost: string;
  /** UInt64 as a decimal string. */
  sessionId: string;
  sessionStart: boolean;
  entry: boolean;
  bounceDelta: -1 | 0 | 1;
  durationDeltaMs: number;
  /** outbound / download: host and normalised path of the link; '' otherwise. */
  targetHost: string;
  targetPath: string;
  /**
   * form_submit / form_confirm: ms since the visit's first form_start of the same form, when the event does not
   * carry its own `elapsedMs` (the browser SDK does not: the confirmation is another page load).
   */
  formElapsedMs?: number;
  kafkaPartition: number;
  /** Kafka offsets are 64-bit: kept as decimal strings. */
  kafkaOffset: string;
}

export interface EventRow {
  site: string;
  day: string;
  event_type: CollectedEvent['event']['type'];
  service: string;
  path: string;
  ts: string;
  client_ts: string;
  event_id: string;
  visitor: string;
  salt_day: string;
  session_id: string;
  session_start: 0 | 1;
  entry: 0 | 1;
  bounce_delta: -1 | 0 | 1;
  duration_delta_ms: number;
  channel: Channel;
  channel_host: string;
  referrer_host: string;
  mode: CollectedEvent['mode'];
  device: CollectedEvent['device'];
  country: string;
  browser: CollectedEvent['browser'];
  os: CollectedEvent['os'];
  form: string;
  step: number;
  steps: number;
  step_name: string;
  field: string;
  elapsed_ms: number | null;
  target_host: string;
  target_path: string;
  engaged_ms: number;
  scroll_pct: number;
  name: string;
  props: Record<string, string>;
  score: number;
  reason: string;
  found: string;
  feedback_context: string;
  kafka_partition: number;
  kafka_offset: string;
}

/** DateTime64(3, 'UTC') text: `2025-03-04 10:15:00.123`. */
export function dateTime64(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

/** The 16-hex visitor hash as the UInt64 the table stores (decimal text). */
export function visitorToUInt64(hex: string): string {
  return BigInt(`0x${hex}`).toString();
}

export function toRow(c: CollectedEvent, d: DerivedFields): EventRow {
  const e = c.event;
  return {
    site: c.site,
    day: d.day,
    event_type: e.type,
    service: d.service,
    path: d.path,
    ts: dateTime64(c.receivedAt),
    client_ts: dateTime64(e.ts),
    event_id: e.id,
    visitor: visitorToUInt64(c.visitor),
    salt_day: c.saltDay,
    session_id: d.sessionId,
    session_start: d.sessionStart ? 1 : 0,
    entry: d.entry ? 1 : 0,
    bounce_delta: d.bounceDelta,
    duration_delta_ms: d.durationDeltaMs,
    channel: d.channel,
    channel_host: d.channelHost,
    referrer_host: c.referrerHost ?? '',
    mode: c.mode,
    device: c.device,
    country: c.country,
    browser: c.browser,
    os: c.os,
    form: 'form' in e ? (e.form ?? '') : '',
    step: 'step' in e ? (e.step ?? 0) : 0,
    steps: e.type === 'form_step' ? e.steps : 0,
    step_name: e.type === 'form_step' ? (e.stepName ?? '') : '',
    field: e.type === 'form_error' ? e.field : '',
    elapsed_ms:
      e.type === 'form_submit' || e.type === 'form_confirm' ? (e.elapsedMs ?? d.formElapsedMs ?? null) : null,
    target_host: d.targetHost,
    target_path: d.targetPath,
    engaged_ms: e.type === 'engagement' ? e.engagedMs : 0,
    scroll_pct: e.type === 'engagement' ? e.scrollPct : 0,
    name: e.type === 'custom' ? e.name : '',
    props: e.type === 'custom' ? stringProps(e.props) : {},
    score: e.type === 'rating' ? e.score : 0,
    reason: e.type === 'rating' ? (e.reason ?? '') : '',
    found: e.type === 'rating' ? (e.found ?? '') : '',
    feedback_context: e.type === 'rating' ? (e.context ?? '') : '',
    kafka_partition: d.kafkaPartition,
    kafka_offset: d.kafkaOffset,
  };
}

function stringProps(props: Record<string, string | number | boolean> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props ?? {})) out[k] = String(v);
  return out;
}
