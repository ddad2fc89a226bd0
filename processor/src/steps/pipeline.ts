import type { SitesConfig } from '@godonu/contract';
import { type EventRow, toRow } from '@godonu/warehouse';
import type { SessionDraft } from '../session/partition-sessions.ts';
import { normalizeUrlStep } from './normalize-url.step.ts';
import { referrerChannelStep } from './referrer-channel.step.ts';
import { reportDayOf, reportDayStep } from './report-day.step.ts';
import { serviceKeyStep } from './service-key.step.ts';
import { sessionStep } from './session.step.ts';
import { indexSites, resolveSite } from './site.step.ts';
import type { DeadLetterReason, DropReason, EventContext, Step } from './step.ts';
import { decodeRecord } from './validate.step.ts';

export type Outcome =
  | { kind: 'ready'; ctx: EventContext }
  | { kind: 'drop'; reason: DropReason }
  | { kind: 'dead_letter'; reason: DeadLetterReason; detail?: string };

export type Finished =
  | { kind: 'row'; row: EventRow }
  | { kind: 'drop'; reason: DropReason }
  | { kind: 'dead_letter'; reason: DeadLetterReason; detail?: string };

export interface Pipeline {
  /** Validation and the stateless steps, in order; stops at the first drop or dead letter. */
  prepare(value: Buffer | null, partition: number, offset: string): Outcome;
  /** The stateful session step, then the row. */
  finish(ctx: EventContext, draft: SessionDraft): Finished;
  /**
   * Whose record it is and of which report day, for the quality counts of a record that became no row: its site
   * if configured ('' otherwise), and the day of its receipt or, when it has none, of `fallbackMs` (its Kafka time).
   */
  attribute(value: Buffer | null, fallbackMs: number): { site: string; day: string };
}

/** The day of a record whose own time and Kafka time are both unusable: never in a real report. */
const NO_DAY = '1970-01-01';

/** The context a record enters the steps with: every derived field at its neutral value. */
export function initialContext(
  record: EventContext['record'],
  city: EventContext['city'],
  partition: number,
  offset: string,
): EventContext {
  return {
    record,
    city,
    rawPath: '/',
    eventChannel: 'direct',
    derived: {
      day: '',
      path: '/',
      service: '',
      channel: 'direct',
      channelHost: '',
      sessionId: '0',
      sessionStart: false,
      entry: false,
      bounceDelta: 0,
      durationDeltaMs: 0,
      targetHost: '',
      targetPath: '',
      kafkaPartition: partition,
      kafkaOffset: offset,
    },
  };
}

export function createPipeline(sites: SitesConfig, timeZone: string): Pipeline {
  const index = indexSites(sites);
  const steps: Step[] = [
    reportDayStep(timeZone),
    normalizeUrlStep(index),
    serviceKeyStep(index),
    referrerChannelStep(index),
  ];
  const session = sessionStep();
  const dayOf = reportDayOf(timeZone);
  return {
    prepare(value, partition, offset) {
      const decoded = decodeRecord(value);
      if (decoded.kind !== 'ok') return decoded;
      const city = resolveSite(index, decoded.record.site);
      if (city.kind !== 'ok') return city;
      const ctx = initialContext(decoded.record, city.city, partition, offset);
      for (const step of steps) {
        const result = step.run(ctx);
        if (result.kind !== 'ok') return result;
      }
      return { kind: 'ready', ctx };
    },
    finish(ctx, draft) {
      const result = session.run(ctx, draft);
      if (result.kind !== 'ok') return result;
      return { kind: 'row', row: toRow(ctx.record, ctx.derived) };
    },
    attribute(value, fallbackMs) {
      const decoded = decodeRecord(value);
      const record = decoded.kind === 'ok' ? decoded.record : undefined;
      const site = record && index.city(record.site) ? record.site : '';
      const day = (record && dayOf(record.receivedAt)) ?? dayOf(fallbackMs) ?? NO_DAY;
      return { site, day };
    },
  };
}
