/*
 * Poison records go to the dead-letter topic with their exact bytes and a reason, and the partition keeps
 * flowing. While the dead-letter topic cannot be written, nothing past the poison record is committed.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopics } from '../../tests/support/infra.ts';
import { type Processor, startProcessor } from '../src/processor.ts';
import { DEAD_LETTER_HEADERS } from '../src/sink/dead-letter.ts';
import { createFixture, type Fixture, SITES, waitUntil } from './harness.ts';
import { record } from './records.ts';

const at = Date.UTC(2025, 2, 4, 9);
const visit = { site: 'giessen', visitor: 'dddd000000000001' };

describe('dead letters', () => {
  let f: Fixture;
  let processor: Processor | undefined;

  beforeAll(async () => {
    f = await createFixture('dlq', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
      partitions: 1,
    });
  });
  afterAll(async () => {
    await processor?.stop();
    await f.close();
  });

  async function deadLetters(expected: number) {
    const consumer = f.kafka.consumer({ groupId: `${f.groupId}-reader-${expected}` });
    const seen: { key: string; value: string; headers: Record<string, string> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [f.deadLetterTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: String(message.key),
          value: String(message.value),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    await waitUntil(async () => seen.length >= expected, 20_000, `${expected} dead letters`);
    await consumer.disconnect();
    return seen;
  }

  it('writes poison with its bytes and reason, and stores the good records around it', async () => {
    const notJson = '{"v":1,"site":"giessen"';
    const badVisitor = JSON.stringify({
      ...record(visit, at, 'https://www.giessen.de/', { type: 'pageview' }),
      visitor: 'NOT-A-HASH',
    });
    const unknownSite = JSON.stringify(
      record({ ...visit, site: 'kassel' }, at, 'https://kassel.de/', { type: 'pageview' }),
    );
    await f.produce([
      record(visit, at, 'https://www.giessen.de/', { type: 'pageview' }),
      { key: 'giessen:x', raw: notJson },
      { key: 'giessen:y', raw: badVisitor },
      { key: 'kassel:z', raw: unknownSite },
      record(visit, at + 60_000, 'https://www.giessen.de/a', { type: 'pageview' }),
    ]);
    processor = await startProcessor({ config: f.config(), logger: pino({ level: 'silent' }), sites: SITES });
    await f.waitForCommitted();

    expect(await deadLetters(3)).toEqual([
      {
        key: 'giessen:x',
        value: notJson,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: 'invalid_json',
          [DEAD_LETTER_HEADERS.detail]: 'not JSON',
          [DEAD_LETTER_HEADERS.source]: `${f.topic}/0/1`,
        },
      },
      {
        key: 'giessen:y',
        value: badVisitor,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: 'contract_violation',
          [DEAD_LETTER_HEADERS.detail]: 'visitor: invalid_format',
          [DEAD_LETTER_HEADERS.source]: `${f.topic}/0/2`,
        },
      },
      {
        key: 'kassel:z',
        value: unknownSite,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: 'unknown_site',
          [DEAD_LETTER_HEADERS.detail]: 'site kassel is not configured',
          [DEAD_LETTER_HEADERS.source]: `${f.topic}/0/3`,
        },
      },
    ]);
    expect(await f.rows('SELECT toUInt32(kafka_offset) AS offset, path FROM events ORDER BY offset')).toEqual(
      [
        { offset: 0, path: '/' },
        { offset: 4, path: '/a' },
      ],
    );
    const byReason = Object.fromEntries(
      (await processor.metrics.deadLettered.get()).values.map((v) => [v.labels.reason, v.value]),
    );
    expect(byReason).toEqual({
      invalid_json: 1,
      contract_violation: 1,
      unknown_site: 1,
      invalid_url: 0,
      invalid_time: 0,
      salt_day_mismatch: 0,
    });
  });

  it('commits nothing past a poison record while the dead-letter topic cannot be written', {
    timeout: 90_000,
  }, async () => {
    const p = processor as Processor;
    const admin = f.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [f.deadLetterTopic] });
    await f.produce([
      { key: 'giessen:w', raw: 'poison again' },
      record(visit, at + 120_000, 'https://www.giessen.de/b', { type: 'pageview' }),
    ]);
    await waitUntil(
      async () => p.health.current().includes('dead_letter_failing'),
      60_000,
      'a failed dead letter',
    );
    const [held] = await admin.fetchOffsets({ groupId: f.groupId, topics: [f.topic] });
    expect(held?.partitions[0]?.offset).toBe('5');
    expect(await f.rows('SELECT toUInt32(count()) AS n FROM events')).toEqual([{ n: 2 }]);

    await createTopics(admin, [f.deadLetterTopic], 1);
    await admin.disconnect();
    await f.waitForCommitted(60_000);
    expect(await f.rows('SELECT toUInt32(count()) AS n FROM events')).toEqual([{ n: 3 }]);
    expect(p.health.current()).toEqual([]);
    expect((await deadLetters(1)).map((l) => [l.value, l.headers[DEAD_LETTER_HEADERS.reason]])).toEqual([
      ['poison again', 'invalid_json'],
    ]);
  });
});
