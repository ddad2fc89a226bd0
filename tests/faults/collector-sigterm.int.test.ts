/*
 * The collector stopped with SIGTERM under load, as an orchestrator stops a replica. Requests on the wire at
 * that moment finish with 202, or get a retryable answer: 503 with Retry-After while it drains, connection
 * reset or refused once the listener is closed. The clients retry like the SDK until a restarted collector
 * accepts; at the end every event acknowledged with 202 is in ClickHouse exactly once.
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
import { COLLECTOR_ENV, EventLoad, type LoadTally, type Outcome } from './event-load.ts';
import { waitFor } from './wait-for.ts';

describe('the collector stopped with SIGTERM under load', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await startPipeline({
      services: ['processor', 'collector'],
      env: { collector: COLLECTOR_ENV },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('answers every open request 202 or retryable, and loses no acknowledged event', {
    timeout: 150_000,
  }, async () => {
    const collector = pipeline.services.collector;
    const load = new EventLoad({
      collectorUrl: collector.url,
      sites: pipeline.sites,
      cities: ['giessen', 'marburg', 'offenbach'],
      clients: 8,
      eventsPerBatch: 10,
      pauseMs: 0,
    });
    load.start();
    let tally: LoadTally | undefined;
    let inFlight: Outcome[] = [];
    let exitCode: number | null = null;
    let shutdownMs = 0;
    let downMs = 0;
    try {
      await waitFor(
        'events flowing into ClickHouse',
        async () => (await storedRows(pipeline)) >= 500,
        60_000,
      );
      const open = await waitFor(
        'requests on the wire',
        () => {
          const requests = load.requestsInFlight();
          return requests.length >= 4 ? requests : undefined;
        },
        10_000,
        1,
      );
      const signalled = Date.now();
      exitCode = await collector.stop('SIGTERM');
      shutdownMs = Date.now() - signalled;
      inFlight = await Promise.all(open);
      // While no collector listens the clients are refused and back off; then a new one takes over.
      await waitFor('a refused connection', () => load.tally.refused > 0, 10_000, 20);
      await collector.start();
      downMs = Date.now() - signalled;
      const acceptedAtRestart = load.tally.accepted;
      await waitFor(
        '202 again after the restart',
        () => load.tally.accepted >= acceptedAtRestart + 50,
        60_000,
      );
    } finally {
      tally = await load.stop();
    }
    const catchUp = await waitUntilCaughtUp(pipeline, load.acknowledged.size, 120_000);
    const d = await delivery(pipeline, load.acknowledged);
    const records = await topicRecords(pipeline, pipeline.topics.events);
    const kinds = (kind: Outcome['kind']) => inFlight.filter((o) => o.kind === kind).length;
    console.log(
      summary(
        'collector SIGTERM',
        { eventsSent: load.eventsSent, ...tally },
        d,
        [
          `${inFlight.length} requests in flight at SIGTERM: ${kinds('accepted')} × 202, ${kinds('unavailable')} × 503, ` +
            `${kinds('reset')} reset, ${kinds('refused')} refused`,
          `exit ${exitCode} after ${shutdownMs} ms, back after ${downMs} ms`,
          `${records} Kafka records`,
          `caught up ${catchUp} ms after the load stopped`,
        ].join('; '),
      ),
    );

    expect(exitCode).toBe(0);
    expect(inFlight.length).toBeGreaterThanOrEqual(4);
    // Every open request ended 202 or retryable; a 503 always says when to retry.
    expect(inFlight.filter((o) => o.kind === 'failed')).toEqual([]);
    expect(inFlight.filter((o) => o.kind === 'unavailable' && o.retryAfter !== '1')).toEqual([]);
    expect(tally.unavailableWithoutRetryAfter).toBe(0);
    expect(tally.failed).toEqual([]);
    expect(tally.abandonedBatches).toBe(0);

    await expectStoredExactlyOnce(pipeline, load, d);
  });
});
