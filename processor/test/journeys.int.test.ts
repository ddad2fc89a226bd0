/*
 * Journeys across three cities (journeys.fixture.ts) through Kafka and the processor into ClickHouse. Every
 * expected number (journeys.expected.ts) was worked out by hand from the fixture's comments, not from the code. Then the group is
 * rewound twice (once rebuilding the stored block, once skipping stored rows): nothing changes.
 */

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Processor, startProcessor } from '../src/processor.ts';
import { createFixture, type Fixture, SITES } from './harness.ts';
import { EXPECTED } from './journeys.expected.ts';
import { inReceiptOrder, JOURNEYS } from './journeys.fixture.ts';
import { warehouseSnapshot } from './warehouse-snapshot.ts';

describe('journeys across three cities', () => {
  let f: Fixture;
  let processor: Processor | undefined;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    f = await createFixture('journeys', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
    });
    await f.produce(inReceiptOrder());
  });
  afterAll(async () => {
    await processor?.stop();
    await f.close();
  });

  it('yields exactly the hand-computed roll-ups', async () => {
    processor = await startProcessor({ config: f.config(), logger, sites: SITES });
    await f.waitForCommitted();
    expect(await warehouseSnapshot(f)).toEqual(EXPECTED);
    const dropped = (await processor.metrics.dropped.get()).values.map((v) => [v.labels.reason, v.value]);
    expect(dropped).toEqual([
      ['duplicate_event', 1],
      ['foreign_host', 1],
    ]);
    await processor.stop();
    processor = undefined;
  });

  it.each([
    ['rebuilding the stored block', {}],
    ['skipping stored rows', { PROCESSOR_MAX_BLOCK_ROWS: '2' }],
  ])(
    'changes nothing when the group is rewound and replays everything (%s)',
    { timeout: 120_000 },
    async (_, overrides) => {
      const admin = f.kafka.admin();
      await admin.connect();
      await admin.resetOffsets({ groupId: f.groupId, topic: f.topic, earliest: true });
      await admin.disconnect();
      processor = await startProcessor({ config: f.config(overrides), logger, sites: SITES });
      // About 5 s. The no-commit failures CI saw here were the broker's retention emptying the topic (see
      // createTopics), not slowness; the bound is the processor's rebalance bound.
      await f.waitForCommitted(90_000);
      expect(await warehouseSnapshot(f)).toEqual(EXPECTED);
      expect((await processor.metrics.records.get()).values[0]?.value).toBe(JOURNEYS.length);
      await processor.stop();
      processor = undefined;
    },
  );
});
