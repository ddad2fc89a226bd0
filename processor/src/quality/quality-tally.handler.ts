/*
 * Stores the collectors' quality tallies (topic `quality`) in quality_daily_v1, then commits: the same order as
 * the events. A tally the contract refuses is skipped and logged (it is a count, not an event: there is nothing
 * to replay); one stored twice after a crash has the same id and is folded by the table.
 */
import { qualityTally } from '@godonu/contract';
import type { QualityRow } from '@godonu/warehouse';
import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import { type RetryPolicy, retryUntilDone } from '../consume/retry.ts';
import type { Metrics } from '../metrics.ts';
import type { InsertQuality } from '../sink/quality.sink.ts';
import type { ReportDayOf } from '../steps/report-day.step.ts';

export interface QualityHandlerDeps {
  topic: string;
  insertQuality: InsertQuality;
  dayOf: ReportDayOf;
  metrics: Metrics;
  logger: Logger;
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

type Payload = Pick<
  EachBatchPayload,
  'batch' | 'resolveOffset' | 'heartbeat' | 'commitOffsetsIfNecessary' | 'isRunning' | 'isStale'
>;

/** The row of one tally record, or undefined when the record is not a tally of a supported time. */
export function tallyRow(value: Buffer | null, dayOf: ReportDayOf): QualityRow | undefined {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
  const parsed = qualityTally.safeParse(json);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  const day = dayOf(t.hour);
  if (day === undefined) return undefined;
  return {
    site: t.site,
    day,
    source: 'collector',
    kind: t.kind,
    reason: t.reason,
    tally_id: t.id,
    count: t.count,
    lag_ms_sum: 0,
    lag_ms_max: 0,
  };
}

export function createQualityHandler(deps: QualityHandlerDeps): (payload: Payload) => Promise<void> {
  return async (payload) => {
    const { batch } = payload;
    const last = batch.messages[batch.messages.length - 1];
    if (!last) return;
    const log = deps.logger.child({ partition: batch.partition });
    const rows: QualityRow[] = [];
    for (const m of batch.messages) {
      const row = tallyRow(m.value, deps.dayOf);
      if (row) rows.push(row);
      else {
        deps.metrics.qualityTalliesSkipped.inc();
        log.warn({ offset: m.offset }, 'skipped a quality record that is no valid tally');
      }
    }
    const stored = await retryUntilDone(() => deps.insertQuality(rows), deps.retry, {
      heartbeat: () => payload.heartbeat(),
      shouldStop: () => !payload.isRunning() || payload.isStale(),
      sleep: deps.sleep,
      onFailure: (err, attempt, delayMs) => {
        deps.metrics.insertFailures.inc();
        log.error({ err, attempt, delayMs }, 'ClickHouse failed; holding the quality tallies and retrying');
      },
    });
    if (!stored) return;
    const offset = (BigInt(last.offset) + 1n).toString();
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: deps.topic, partitions: [{ partition: batch.partition, offset }] }],
    });
    payload.resolveOffset(last.offset);
  };
}
