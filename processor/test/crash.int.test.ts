/*
 * kill -9 between insert and commit, then restart: the block that was stored but not committed is rebuilt with
 * the same de-duplication token, and no count changes. The journeys arrive in three parts (cut at 09:05 and
 * 10:01, inside visits): the first is processed and committed normally, the second by a processor that kills
 * itself right after its first insert, the third by a restarted server. Visits that span the parts continue
 * (their state comes back from ClickHouse), and the roll-ups are exactly those of the uninterrupted run.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startProcessor } from '../src/processor.ts';
import { runTs } from './child.ts';
import { createFixture, type Fixture, SITES, waitUntil } from './harness.ts';
import { EXPECTED } from './journeys.expected.ts';
import { splitJourneys } from './journeys.fixture.ts';
import { warehouseSnapshot } from './warehouse-snapshot.ts';

describe('a processor killed between insert and commit', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await createFixture('crash', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
    });
  });
  afterAll(async () => {
    await f.close();
  });

  it('leaves every count as if it had never crashed', { timeout: 240_000 }, async () => {
    const [first, second, third] = splitJourneys([9, 5], [10, 1]);
    await f.produce(first ?? []);
    const normal = await startProcessor({
      config: f.config(),
      logger: pino({ level: 'silent' }),
      sites: SITES,
    });
    await f.waitForCommitted();
    await normal.stop();

    await f.produce(second ?? []);
    const doomed = runTs('processor/test/crash-after-insert.main.ts', f.env({ PROCESSOR_LOG_LEVEL: 'warn' }));
    const { signal } = await doomed.exited;
    expect(signal, doomed.output()).toBe('SIGKILL');
    const [, partition, lastOffset] = /stored \S+\/(\d+)\/(\d+)\n/.exec(doomed.output()) ?? [];

    // The block is in ClickHouse; its offsets are not committed.
    const admin = f.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: f.groupId, topics: [f.topic] });
    await admin.disconnect();
    const offset = committed?.partitions.find((p) => p.partition === Number(partition))?.offset ?? '-1';
    expect(BigInt(offset)).toBeLessThanOrEqual(BigInt(lastOffset as string));
    const [row] = await f.rows<{ n: number }>(
      `SELECT toUInt32(count()) AS n FROM events
       WHERE kafka_partition = ${Number(partition)} AND kafka_offset = ${BigInt(lastOffset as string)}`,
    );
    expect(row?.n).toBe(1);

    await f.produce(third ?? []);
    const server = runTs('processor/src/server.ts', f.env({ PROCESSOR_LOG_LEVEL: 'info' }));
    try {
      // Start (TypeScript loader), the dead member's session timeout, the rejoin and the rebuilt block: seconds. A
      // successor that once committed nothing in 60 s most likely found its partitions emptied by the broker's
      // retention (see createTopics); the generous bound stays, and the log says where it stood.
      await f.waitForCommitted(120_000).catch((error: Error) => {
        throw new Error(`${error.message}\nthe successor's log:\n${server.output().slice(-6_000)}`);
      });
      expect(await warehouseSnapshot(f)).toEqual(EXPECTED);
      expect(server.output()).toContain('rebuilding a block stored before the last commit');

      const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1];
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok', problems: [] }]);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const recoveries = /godonu_processor_session_recovery_queries_total (\d+)/.exec(metrics)?.[1];
      expect(Number(recoveries)).toBeGreaterThan(0);
    } finally {
      server.proc.kill('SIGTERM');
      const exit = await server.exited;
      expect(exit.code, server.output()).toBe(0);
    }
    await waitUntil(async () => server.output().includes('"msg":"stopped"'), 1_000, 'the shutdown log line');
  });
});
