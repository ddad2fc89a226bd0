/*
 * ClickHouse goes away for a while (a private chDB server on its own port and data directory, so nobody else is
 * disturbed): the processor holds its batches and retries with backoff (no busy loop), commits nothing it has not
 * stored, dead-letters nothing, and once ClickHouse is back every record is in the roll-ups, exactly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clickhouseDown, clickhouseUp, freePort, type LocalConfig, loadLocalConfig } from '@godonu/infra';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Processor, startProcessor } from '../src/processor.ts';
import { createFixture, type Fixture, SITES, waitUntil } from './harness.ts';
import { EXPECTED } from './journeys.expected.ts';
import { splitJourneys } from './journeys.fixture.ts';
import { warehouseSnapshot } from './warehouse-snapshot.ts';

const OUTAGE_MS = 4_000;

describe('ClickHouse unavailable for a while', () => {
  let dataDir: string;
  let cfg: LocalConfig;
  let f: Fixture;
  let processor: Processor | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'godonu-outage-'));
    // A free port, not a fixed one: two runs on one machine would otherwise find it taken.
    cfg = loadLocalConfig({ CLICKHOUSE_PORT: String(await freePort()), GODONU_DATA_DIR: dataDir });
    const { url } = await clickhouseUp(cfg);
    f = await createFixture('outage', { clickhouseUrl: url, brokers: inject('kafkaBrokers') });
  });
  afterAll(async () => {
    await processor?.stop();
    await f.close();
    await clickhouseDown(cfg);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and counts nothing twice', { timeout: 120_000 }, async () => {
    const [before, during] = splitJourneys([9, 5]);
    processor = await startProcessor({ config: f.config(), logger: pino({ level: 'silent' }), sites: SITES });
    await f.produce(before ?? []);
    await f.waitForCommitted();
    const committedBefore = await committed(f);

    await clickhouseDown(cfg);
    await f.produce(during ?? []);
    const p = processor;
    await waitUntil(async () => p.health.current().includes('clickhouse_failing'), 20_000, 'a failed insert');
    const failuresAtStart = (await p.metrics.insertFailures.get()).values[0]?.value ?? 0;
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const failures = ((await p.metrics.insertFailures.get()).values[0]?.value ?? 0) - failuresAtStart;
    // Backoff 250 ms doubling to 1 s (the test's cap): a handful of attempts per held batch, not a busy loop.
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThanOrEqual(2 * Math.ceil(OUTAGE_MS / 1_000) + 4);
    expect(await committed(f)).toEqual(committedBefore);

    await clickhouseUp(cfg);
    await f.waitForCommitted(60_000);
    expect(await warehouseSnapshot(f)).toEqual(EXPECTED);
    expect(p.health.current()).toEqual([]);
    const deadLetters = (await p.metrics.deadLettered.get()).values.reduce((sum, v) => sum + v.value, 0);
    expect(deadLetters).toBe(0);
  });
});

async function committed(f: Fixture): Promise<Record<number, string>> {
  const admin = f.kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId: f.groupId, topics: [f.topic] });
  await admin.disconnect();
  return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, p.offset]));
}
