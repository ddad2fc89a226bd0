/*
 * The processor killed with SIGKILL mid-batch, twice, while browsers keep sending through the collector. First
 * at the worst moment: its insert is stored in ClickHouse but the answer is held back by a gate, so the offsets
 * of those rows are not committed. Then at a moment the load picks: rows arriving, the group behind. Each time a
 * new process takes over the partitions. At the end every event answered 202 is in `events` exactly once and
 * every roll-up equals a recount from the raw rows.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import {
  delivery,
  expectStoredExactlyOnce,
  kafkaProgress,
  storedRows,
  summary,
  topicRecords,
  uncommittedRows,
  waitUntilCaughtUp,
} from './delivery.ts';
import { COLLECTOR_ENV, EventLoad, type LoadTally } from './event-load.ts';
import { InsertGate } from './insert-gate.ts';
import { recountRollups } from './rollup-recount.ts';
import { waitFor } from './wait-for.ts';

const REBUILT = 'rebuilding a block stored before the last commit';

describe('the processor killed with SIGKILL mid-batch', () => {
  let gate: InsertGate;
  let pipeline: Pipeline;

  beforeAll(async () => {
    gate = await InsertGate.open(inject('clickhouseUrl'));
    pipeline = await startPipeline({
      services: ['processor', 'collector'],
      env: { collector: COLLECTOR_ENV, processor: { CLICKHOUSE_URL: gate.url } },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await gate?.close();
  });

  it('loses nothing, doubles nothing, and its roll-ups equal a recount', { timeout: 180_000 }, async () => {
    const processor = pipeline.services.processor;
    const load = new EventLoad({
      collectorUrl: pipeline.services.collector.url,
      sites: pipeline.sites,
      cities: ['giessen', 'marburg', 'offenbach'],
      clients: 6,
      eventsPerBatch: 10,
      pauseMs: 50,
    });
    const rebuilds = () => readFileSync(processor.logFile, 'utf8').split(REBUILT).length - 1;
    load.start();
    let tally: LoadTally | undefined;
    let held: { rows: number; uncommitted: number; lag: number } | undefined;
    let loose: { uncommitted: number; lag: number } | undefined;
    let takeover = 0;
    try {
      await waitFor('the first rows in ClickHouse', async () => (await storedRows(pipeline)) >= 200, 60_000);

      // Kill 1: inside an insert that ClickHouse has already stored.
      const insert = await gate.holdNextStoredInsert('events', 30_000);
      const atKill = await kafkaProgress(pipeline);
      held = {
        rows: insert.rows,
        uncommitted: await uncommittedRows(pipeline, atKill.committed),
        lag: atKill.lag,
      };
      await processor.stop('SIGKILL');
      insert.release();
      const restarted = Date.now();
      await processor.start();
      await waitFor('the successor to rebuild the stored block', () => rebuilds() >= 1, 60_000);
      takeover = Date.now() - restarted;

      // Kill 2: whenever rows are arriving and the group is behind.
      const before = await storedRows(pipeline);
      const atSecondKill = await waitFor(
        'rows arriving while the group is behind',
        async () => {
          if ((await storedRows(pipeline)) < before + 100) return undefined;
          const progress = await kafkaProgress(pipeline);
          return progress.lag > 0 ? progress : undefined;
        },
        60_000,
        50,
      );
      await processor.stop('SIGKILL');
      // Offsets read after the kill: the dead process commits nothing more.
      const afterSecondKill = await kafkaProgress(pipeline);
      loose = {
        uncommitted: await uncommittedRows(pipeline, afterSecondKill.committed),
        lag: atSecondKill.lag,
      };
      await processor.start();
      await waitFor(
        'rows after the second restart',
        async () => (await storedRows(pipeline)) > before + 300,
        60_000,
      );
    } finally {
      tally = await load.stop();
    }
    const catchUp = await waitUntilCaughtUp(pipeline, load.acknowledged.size, 120_000);
    const d = await delivery(pipeline, load.acknowledged);
    const rollups = await recountRollups(pipeline.clickhouse, pipeline.database);
    const records = await topicRecords(pipeline, pipeline.topics.events);
    console.log(
      summary(
        'processor SIGKILL',
        { eventsSent: load.eventsSent, ...tally },
        d,
        [
          `kill 1 inside a stored insert of ${held?.rows} rows (${held?.uncommitted} rows stored uncommitted, lag ${held?.lag})`,
          `kill 2 at lag ${loose?.lag} (${loose?.uncommitted} rows stored uncommitted)`,
          `successor rebuilt the block ${takeover} ms after the restart`,
          `${records} Kafka records; ${rollups.length} roll-ups equal to the recount: ${rollups.filter((r) => r.equal).length}`,
          `caught up ${catchUp} ms after the load stopped`,
        ].join('; '),
      ),
    );

    // The first kill really hit a batch in the middle: stored, uncommitted, the group behind.
    expect(held?.rows).toBeGreaterThan(0);
    expect(held?.uncommitted).toBeGreaterThanOrEqual(held?.rows ?? 1);
    expect(held?.lag).toBeGreaterThan(0);
    expect(loose?.lag).toBeGreaterThan(0);

    expect(tally.failed).toEqual([]);
    expect(tally.abandonedBatches).toBe(0);
    await expectStoredExactlyOnce(pipeline, load, d);

    expect(rollups.filter((r) => !r.equal)).toEqual([]);
    expect(rollups.every((r) => r.rollupGroups > 0)).toBe(true);
  });
});
