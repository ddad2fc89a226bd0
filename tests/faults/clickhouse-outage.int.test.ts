/*
 * ClickHouse (a private server: own port, own data directory) unavailable for a minute while browsers keep
 * sending. Ingestion does not notice: the collector answers 202 throughout and the events wait in Kafka; the
 * processor holds its batches and retries, commits nothing, and once ClickHouse is back it catches up. At the
 * end every event answered 202 is in ClickHouse exactly once and every roll-up equals a recount.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import {
  delivery,
  expectStoredExactlyOnce,
  kafkaProgress,
  storedRows,
  summary,
  topicRecords,
  waitUntilCaughtUp,
} from './delivery.ts';
import { COLLECTOR_ENV, EventLoad, type LoadTally } from './event-load.ts';
import { type PrivateService, privateClickHouse } from './private-infra.ts';
import { recountRollups } from './rollup-recount.ts';
import { waitFor } from './wait-for.ts';

const OUTAGE_MS = 60_000;

describe('ClickHouse unavailable for a minute', () => {
  let clickhouse: PrivateService;
  let pipeline: Pipeline;

  beforeAll(async () => {
    clickhouse = await privateClickHouse();
    pipeline = await startPipeline({
      clickhouseUrl: clickhouse.address,
      services: ['processor', 'collector'],
      // Retries back off to 2 s at most (30 s by default), so the catch-up time measures the processor.
      env: { collector: COLLECTOR_ENV, processor: { PROCESSOR_RETRY_MAX_MS: '2000' } },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await clickhouse?.dispose();
  });

  it('keeps ingesting into Kafka and the processor catches up without loss', {
    timeout: 240_000,
  }, async () => {
    const processorHealth = async () =>
      (await (await fetch(`${pipeline.services.processor.url}/healthz`)).json()) as { problems: string[] };
    const load = new EventLoad({
      collectorUrl: pipeline.services.collector.url,
      sites: pipeline.sites,
      cities: ['giessen', 'marburg', 'offenbach'],
      clients: 3,
      eventsPerBatch: 10,
      pauseMs: 200,
    });
    load.start();
    let tally: LoadTally | undefined;
    let acknowledgedDuringOutage = 0;
    let backlog = { records: 0, lag: 0 };
    let failingSeen = false;
    try {
      await waitFor(
        'events flowing into ClickHouse',
        async () => (await storedRows(pipeline)) >= 200,
        60_000,
      );
      const down = Date.now();
      await clickhouse.down();
      await waitFor(
        'the processor to report ClickHouse failing',
        async () => (await processorHealth()).problems.includes('clickhouse_failing'),
        30_000,
      );
      failingSeen = true;
      // From here on nothing can be stored: what is acknowledged now waits in Kafka.
      const before = load.tally.eventsAcknowledged;
      // The outage itself: a minute of browsers sending while nothing can be stored.
      await sleep(Math.max(0, down + OUTAGE_MS - Date.now()));
      acknowledgedDuringOutage = load.tally.eventsAcknowledged - before;
      backlog = await kafkaProgress(pipeline);
      await clickhouse.up();
    } finally {
      tally = await load.stop();
    }
    const catchUp = await waitUntilCaughtUp(pipeline, load.acknowledged.size, 120_000);
    const d = await delivery(pipeline, load.acknowledged);
    const rollups = await recountRollups(pipeline.clickhouse, pipeline.database);
    const records = await topicRecords(pipeline, pipeline.topics.events);
    console.log(
      summary(
        'ClickHouse outage',
        { eventsSent: load.eventsSent, ...tally },
        d,
        [
          `${acknowledgedDuringOutage} events acknowledged during the ${OUTAGE_MS / 1000} s outage`,
          `backlog in Kafka when ClickHouse returned: ${backlog.lag} records`,
          `${records} Kafka records; roll-ups equal to the recount: ${rollups.filter((r) => r.equal).length} of ${rollups.length}`,
          `caught up ${catchUp} ms after ClickHouse returned`,
        ].join('; '),
      ),
    );

    expect(failingSeen).toBe(true);
    // Ingestion never noticed: every request answered 202, during the outage too, and all of it is in Kafka.
    expect(tally.unavailable).toBe(0);
    expect(tally.failed).toEqual([]);
    expect(acknowledgedDuringOutage).toBeGreaterThan(0);
    expect(backlog.lag).toBeGreaterThanOrEqual(acknowledgedDuringOutage);
    expect(records).toBe(load.eventsSent);

    await expectStoredExactlyOnce(pipeline, load, d);
    expect(rollups.filter((r) => !r.equal)).toEqual([]);
    expect((await processorHealth()).problems).toEqual([]);
  });
});
