/*
 * The Kafka broker (a private one: own ports, own data directory) stopped and restarted while browsers keep
 * sending. While it is away the collector answers 503 with Retry-After and the clients retry their batches
 * like the SDK, with the same event ids; the processor waits for the broker and resumes. At the end every event
 * answered 202 is in ClickHouse exactly once, including those that were answered 503 first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import {
  delivery,
  expectStoredExactlyOnce,
  storedRows,
  summary,
  topicRecords,
  waitUntilCaughtUp,
} from './delivery.ts';
import { COLLECTOR_ENV, EventLoad, type LoadTally } from './event-load.ts';
import { type PrivateService, privateKafka } from './private-infra.ts';
import { recountRollups } from './rollup-recount.ts';
import { waitFor } from './wait-for.ts';

/** Refusals to see while the broker is down before it comes back: the outage is felt by every client. */
const REFUSALS_DURING_OUTAGE = 12;

describe('the Kafka broker stopped and restarted while events arrive', () => {
  let kafka: PrivateService;
  let pipeline: Pipeline;

  beforeAll(async () => {
    kafka = await privateKafka();
    pipeline = await startPipeline({
      kafkaBrokers: kafka.address,
      services: ['processor', 'collector'],
      // A request waits at most 1.5 s for the broker's acknowledgement before it is answered 503.
      env: { collector: { ...COLLECTOR_ENV, COLLECTOR_BUFFER_TIMEOUT_MS: '1500' } },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await kafka?.dispose();
  });

  it('stores every event answered 202 exactly once', { timeout: 240_000 }, async () => {
    const load = new EventLoad({
      collectorUrl: pipeline.services.collector.url,
      sites: pipeline.sites,
      cities: ['giessen', 'marburg', 'offenbach'],
      clients: 6,
      eventsPerBatch: 10,
      pauseMs: 50,
    });
    load.start();
    let tally: LoadTally | undefined;
    let outageMs = 0;
    let recoveryMs = 0;
    let acceptedDuringOutage = -1;
    try {
      await waitFor(
        'events flowing into ClickHouse',
        async () => (await storedRows(pipeline)) >= 300,
        60_000,
      );
      const stopping = Date.now();
      await kafka.down();
      // Counted from the first refusal on, when no answer from before the stop can still be on its way.
      const refusedAtDown = load.tally.unavailable;
      await waitFor('a 503 after the stop', () => load.tally.unavailable > refusedAtDown, 30_000, 20);
      const acceptedAtDown = load.tally.accepted;
      await waitFor(
        '503 answers while the broker is down',
        () => load.tally.unavailable >= refusedAtDown + REFUSALS_DURING_OUTAGE,
        60_000,
      );
      acceptedDuringOutage = load.tally.accepted - acceptedAtDown;
      await kafka.up();
      const up = Date.now();
      outageMs = up - stopping;
      const acceptedAtUp = load.tally.accepted;
      await waitFor('202 again after the restart', () => load.tally.accepted >= acceptedAtUp + 60, 90_000);
      recoveryMs = Date.now() - up;
    } finally {
      tally = await load.stop(60_000);
    }
    const catchUp = await waitUntilCaughtUp(pipeline, load.acknowledged.size, 120_000);
    const d = await delivery(pipeline, load.acknowledged);
    const rollups = await recountRollups(pipeline.clickhouse, pipeline.database);
    const records = await topicRecords(pipeline, pipeline.topics.events);
    console.log(
      summary(
        'Kafka restart',
        { eventsSent: load.eventsSent, ...tally },
        d,
        [
          `broker away ${outageMs} ms, 202 again ${recoveryMs} ms after its restart`,
          `${records} Kafka records (${records - d.rows} duplicates absorbed by the processor)`,
          `roll-ups equal to the recount: ${rollups.filter((r) => r.equal).length} of ${rollups.length}`,
          `caught up ${catchUp} ms after the load stopped`,
        ].join('; '),
      ),
    );

    expect(acceptedDuringOutage).toBe(0);
    expect(tally.unavailable).toBeGreaterThanOrEqual(REFUSALS_DURING_OUTAGE);
    expect(tally.unavailableWithoutRetryAfter).toBe(0);
    expect(tally.failed).toEqual([]);
    expect(tally.abandonedBatches).toBe(0);

    await expectStoredExactlyOnce(pipeline, load, d);
    expect(rollups.filter((r) => !r.equal)).toEqual([]);
  });
});
