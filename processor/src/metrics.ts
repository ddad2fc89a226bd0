import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEAD_LETTER_REASONS, DROP_REASONS } from './steps/step.ts';

const PREFIX = 'godonu_processor_';
/** Window of the rows/s gauge; `rate(godonu_processor_rows_inserted_total[1m])` is the Prometheus-side view. */
const ROWS_RATE_WINDOW_MS = 10_000;

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(now: () => number = Date.now) {
  const registry = new Registry();
  const records = new Counter({
    name: `${PREFIX}records_total`,
    help: 'Kafka records handled (stored, dropped or dead-lettered), replays included',
    registers: [registry],
  });
  const rowsInserted = new Counter({
    name: `${PREFIX}rows_inserted_total`,
    help: 'Rows inserted into the raw events table (a replayed block counts again; ClickHouse ignores it)',
    registers: [registry],
  });
  const rowsPerSecond = new Gauge({
    name: `${PREFIX}rows_per_second`,
    help: `Rows inserted per second over the last ${ROWS_RATE_WINDOW_MS / 1000} s`,
    registers: [registry],
  });
  const insertDuration = new Histogram({
    name: `${PREFIX}insert_duration_seconds`,
    help: 'Duration of successful ClickHouse inserts (one block each)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const insertFailures = new Counter({
    name: `${PREFIX}insert_failures_total`,
    help: 'Failed ClickHouse insert attempts (each is retried)',
    registers: [registry],
  });
  const deadLetterFailures = new Counter({
    name: `${PREFIX}dead_letter_failures_total`,
    help: 'Failed writes to the dead-letter topic (each is retried)',
    registers: [registry],
  });
  const dropped = new Counter({
    name: `${PREFIX}dropped_total`,
    help: 'Records dropped on purpose, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: `${PREFIX}dead_letters_total`,
    help: 'Records written to the dead-letter topic, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const lag = new Gauge({
    name: `${PREFIX}consumer_lag`,
    help: 'Records behind the high watermark after the last committed batch, by partition',
    labelNames: ['partition'],
    registers: [registry],
  });
  const clickhouseUp = new Gauge({
    name: `${PREFIX}clickhouse_up`,
    help: '1 while the last ClickHouse insert succeeded, 0 while inserts are failing and retried',
    registers: [registry],
  });
  const qualityTalliesSkipped = new Counter({
    name: `${PREFIX}quality_tallies_skipped_total`,
    help: 'Records of the quality topic that are no valid tally, skipped',
    registers: [registry],
  });
  const sessionRecoveries = new Counter({
    name: `${PREFIX}session_recovery_queries_total`,
    help: 'Queries that recovered open visits from ClickHouse after a start, restart or rebalance',
    registers: [registry],
  });
  for (const reason of DROP_REASONS) dropped.inc({ reason }, 0);
  for (const reason of DEAD_LETTER_REASONS) deadLettered.inc({ reason }, 0);
  clickhouseUp.set(1);

  const recentInserts: { at: number; rows: number }[] = [];
  return {
    registry,
    records,
    rowsInserted,
    insertDuration,
    insertFailures,
    deadLetterFailures,
    dropped,
    deadLettered,
    lag,
    clickhouseUp,
    sessionRecoveries,
    qualityTalliesSkipped,
    rowsPerSecond,
    recordInsert(rows: number, seconds: number): void {
      rowsInserted.inc(rows);
      insertDuration.observe(seconds);
      clickhouseUp.set(1);
      recentInserts.push({ at: now(), rows });
    },
    /** Refreshes the rows/s gauge; called before each scrape. */
    refreshRate(): void {
      const since = now() - ROWS_RATE_WINDOW_MS;
      while (recentInserts.length > 0 && (recentInserts[0] as { at: number }).at < since)
        recentInserts.shift();
      const rows = recentInserts.reduce((sum, r) => sum + r.rows, 0);
      rowsPerSecond.set(rows / (ROWS_RATE_WINDOW_MS / 1000));
    },
  };
}
