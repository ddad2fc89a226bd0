/*
 * A block's quality counts reach quality_daily_v1 with its rows, and count once when the group is rewound and
 * replays the block (the rebuilt block and the record-wise drops carry the same tally ids).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Processor, startProcessor } from '../src/processor.ts';
import { createFixture, type Fixture, SITES, waitUntil } from './harness.ts';
import { MINUTE, record } from './records.ts';

/** 10:00 in Berlin on 4 March 2025; the last record arrives at 00:30 on 5 March (23:30 UTC). */
const at = Date.UTC(2025, 2, 4, 9);
const late = Date.UTC(2025, 2, 4, 23, 30);
const visit = { site: 'giessen', visitor: 'eeee000000000001' };
const fuldaVisit = { site: 'fulda', visitor: 'eeee000000000002' };
const logger = pino({ level: 'silent' });

const page = record(visit, at, 'https://www.giessen.de/', { type: 'pageview', id: 'evt-quality-1' });
const RECORDS = [
  page,
  record(visit, at + MINUTE, 'https://www.giessen.de/a', { type: 'pageview' }),
  // Same event id again: duplicate_event.
  page,
  // A page on no host of Gießen: foreign_host.
  record(visit, at + 2 * MINUTE, 'https://www.fulda.de/b', { type: 'pageview' }),
  { key: 'x', raw: '{"v":1', timestamp: at + 3 * MINUTE },
  // A site no city has: dead-lettered, counted for no city ('').
  {
    key: 'y',
    raw: JSON.stringify(record({ ...visit, site: 'kassel' }, at, 'https://kassel.de/', { type: 'pageview' })),
    timestamp: at,
  },
  record(fuldaVisit, late, 'https://www.fulda.de/', { type: 'pageview' }),
];

interface Tally {
  site: string;
  day: string;
  kind: string;
  reason: string;
  count: number;
  lag_ms_sum: number;
  lag_ms_max: number;
}

describe('quality counts of the events topic', () => {
  let f: Fixture;
  let processor: Processor | undefined;

  beforeAll(async () => {
    f = await createFixture('quality', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
      partitions: 1,
    });
    await f.produce(RECORDS);
  });
  afterAll(async () => {
    await processor?.stop();
    await f.close();
  });

  const tallies = () =>
    f.rows<Tally>(
      `SELECT site, toString(day) AS day, kind, reason, toUInt32(sum(count)) AS count,
              toFloat64(sum(lag_ms_sum)) AS lag_ms_sum, toFloat64(max(lag_ms_max)) AS lag_ms_max
       FROM quality_daily_v1 FINAL WHERE source = 'processor'
       GROUP BY site, day, kind, reason ORDER BY day, site, kind, reason`,
    );

  /** Lags are insert time minus receipt: with one insert time T, sum = n·T − Σ receipt and max = T − min receipt. */
  function checkLag(t: Tally | undefined, receipts: number[]) {
    const insertedAt = (t?.lag_ms_max as number) + Math.min(...receipts);
    expect(insertedAt).toBeGreaterThan(Math.max(...receipts));
    expect(t?.lag_ms_sum).toBe(receipts.reduce((sum, r) => sum + (insertedAt - r), 0));
  }

  async function expectTallies() {
    const rows = await tallies();
    expect(rows.map(({ lag_ms_sum: _s, lag_ms_max: _m, ...rest }) => rest)).toEqual([
      { site: '', day: '2025-03-04', kind: 'dead_letter', reason: 'invalid_json', count: 1 },
      { site: '', day: '2025-03-04', kind: 'dead_letter', reason: 'unknown_site', count: 1 },
      { site: 'giessen', day: '2025-03-04', kind: 'accepted', reason: '', count: 2 },
      { site: 'giessen', day: '2025-03-04', kind: 'dropped', reason: 'duplicate_event', count: 1 },
      { site: 'giessen', day: '2025-03-04', kind: 'dropped', reason: 'foreign_host', count: 1 },
      { site: 'fulda', day: '2025-03-05', kind: 'accepted', reason: '', count: 1 },
    ]);
    checkLag(rows[2], [at, at + MINUTE]);
    checkLag(rows[5], [late]);
    for (const r of rows.filter((x) => x.kind !== 'accepted'))
      expect([r.lag_ms_sum, r.lag_ms_max]).toEqual([0, 0]);
  }

  it('writes exact counts per city, day, kind and reason', { timeout: 60_000 }, async () => {
    processor = await startProcessor({ config: f.config(), logger, sites: SITES });
    await f.waitForCommitted();
    await expectTallies();
    await processor.stop();
    processor = undefined;
  });

  it('counts once when the group is rewound and replays the block', { timeout: 120_000 }, async () => {
    const admin = f.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: f.groupId, topic: f.topic, earliest: true });
    await admin.disconnect();
    processor = await startProcessor({ config: f.config(), logger, sites: SITES });
    await f.waitForCommitted(90_000);
    expect((await processor.metrics.records.get()).values[0]?.value).toBe(RECORDS.length);
    await expectTallies();
    await processor.stop();
    processor = undefined;
  });
});

describe("quality counts of the collectors' topic", () => {
  let f: Fixture;
  let processor: Processor | undefined;

  beforeAll(async () => {
    f = await createFixture('tallies', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
      partitions: 1,
    });
  });
  afterAll(async () => {
    await processor?.stop();
    await f.close();
  });

  const tally = (id: number, site: string, hour: number, kind: string, reason: string, count: number) => ({
    v: 1,
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    site,
    hour,
    kind,
    reason,
    count,
  });
  /** 22:00 UTC on 4 March 2025 is 23:00 in Berlin; 23:00 UTC is midnight, the next report day. */
  const h22 = Date.UTC(2025, 2, 4, 22);
  const h23 = Date.UTC(2025, 2, 4, 23);

  async function produce(values: unknown[]) {
    const producer = f.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: f.qualityTopic,
      acks: -1,
      messages: values.map((v) => ({ key: 'k', value: typeof v === 'string' ? v : JSON.stringify(v) })),
    });
    await producer.disconnect();
  }

  async function committed(): Promise<string | undefined> {
    const admin = f.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({
        groupId: `${f.groupId}.quality`,
        topics: [f.qualityTopic],
      });
      return offsets?.partitions[0]?.offset;
    } finally {
      await admin.disconnect();
    }
  }

  it('stores each tally once, on the report day of its hour, and skips what is no tally', {
    timeout: 60_000,
  }, async () => {
    const first = tally(1, 'giessen', h22, 'dropped', 'bot', 5);
    await produce([
      first,
      tally(2, 'giessen', h23, 'dropped', 'bot', 2),
      tally(3, '', h22, 'refused', 'COLLECTOR_RATE_LIMITED', 4),
      // Sent again after a flush Kafka did not acknowledge in time: the same id.
      first,
      '{"v":1',
      { ...tally(4, 'giessen', h22, 'dropped', 'bot', 1), ip: '203.0.113.9' },
    ]);
    processor = await startProcessor({ config: f.config(), logger, sites: SITES });
    await waitUntil(async () => (await committed()) === '6', 30_000, 'the quality tallies committed');
    expect(
      await f.rows(
        `SELECT site, toString(day) AS day, source, kind, reason, toUInt32(sum(count)) AS count
         FROM quality_daily_v1 FINAL GROUP BY site, day, source, kind, reason ORDER BY day, site, kind`,
      ),
    ).toEqual([
      {
        site: '',
        day: '2025-03-04',
        source: 'collector',
        kind: 'refused',
        reason: 'COLLECTOR_RATE_LIMITED',
        count: 4,
      },
      { site: 'giessen', day: '2025-03-04', source: 'collector', kind: 'dropped', reason: 'bot', count: 5 },
      { site: 'giessen', day: '2025-03-05', source: 'collector', kind: 'dropped', reason: 'bot', count: 2 },
    ]);
    expect((await processor.metrics.qualityTalliesSkipped.get()).values[0]?.value).toBe(2);
  });
});
