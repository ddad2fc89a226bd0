import { parseSitesConfig } from '@godonu/contract';
import type { EventRow, QualityRow } from '@godonu/warehouse';
import type { KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MINUTE, record } from '../../test/records.ts';
import { SHARED_FORM_HOST, sitesFixture } from '../../test/sites.fixture.ts';
import { createMetrics } from '../metrics.ts';
import { createPipeline } from '../steps/pipeline.ts';
import { createBatchHandler } from './batch-handler.ts';
import { Health } from './health.ts';

const TOPIC = 'godonu.events.v1';
const pipeline = createPipeline(parseSitesConfig(JSON.stringify(sitesFixture)), 'Europe/Berlin');
const at = Date.UTC(2025, 2, 4, 9);
/** The handler's clock: when every insert starts. */
const NOW = at + 60 * MINUTE;

function message(offset: number, value: string | null): KafkaMessage {
  return {
    offset: String(offset),
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    timestamp: String(at),
    attributes: 0,
    headers: {},
  } as KafkaMessage;
}
const good = (offset: number, visitor = '00000000000000aa') =>
  message(
    offset,
    JSON.stringify(record({ site: 'giessen', visitor }, at + offset * MINUTE, '/p', { type: 'pageview' })),
  );

interface Harness {
  calls: string[];
  inserted: { token: string; offsets: string[] }[];
  rows: EventRow[];
  /** Quality rows as written, each with the number of commits made before it. */
  quality: { commitsBefore: number; row: QualityRow }[];
  recoveries: unknown[];
  failInserts: number;
  failDeadLetters: number;
  stored?: { rows: number; lastOffset: string };
  running: boolean;
  onSleep?: () => void;
}

function setup(maxBlockRows = 100) {
  const h: Harness = {
    calls: [],
    inserted: [],
    rows: [],
    quality: [],
    recoveries: [],
    failInserts: 0,
    failDeadLetters: 0,
    running: true,
  };
  const health = new Health();
  const metrics = createMetrics();
  const handle = createBatchHandler({
    topic: TOPIC,
    pipeline,
    insert: async (rows: EventRow[], token) => {
      if (h.failInserts > 0) {
        h.failInserts--;
        h.calls.push('insert failed');
        throw new Error('ClickHouse down');
      }
      h.calls.push(`insert ${token}`);
      h.inserted.push({ token, offsets: rows.map((r) => r.kafka_offset) });
      h.rows.push(...rows);
    },
    insertQuality: async (rows) => {
      const commitsBefore = h.calls.filter((c) => c.startsWith('commit')).length;
      h.quality.push(...rows.map((row) => ({ commitsBefore, row })));
    },
    writeDeadLetters: async (letters) => {
      if (h.failDeadLetters > 0) {
        h.failDeadLetters--;
        h.calls.push('dead letters failed');
        throw new Error('broker down');
      }
      h.calls.push(
        `dead letters ${letters.map((l) => `${l.source.offset}:${l.reason}:${l.value?.toString()}`).join(',')}`,
      );
    },
    findStoredRows: async (partition, from) => {
      h.calls.push(`find stored ${partition}@${from}`);
      return h.stored;
    },
    recoverSessions: async (request) => {
      h.recoveries.push(request);
      return [
        {
          site: 'giessen',
          saltDay: '2025-03-04',
          visitor: '00000000000000aa',
          sessionId: '12345',
          day: '2025-03-04',
          lastTs: at + 9 * MINUTE,
          pageviews: 1,
          eventIds: ['earlier-1'],
          channel: 'search' as const,
          channelHost: 'www.google.de',
        },
      ];
    },
    metrics,
    health,
    logger: pino({ level: 'silent' }),
    retry: { initialMs: 100, maxMs: 400 },
    maxBlockRows,
    heartbeatIntervalMs: 60_000,
    now: () => NOW,
    sleep: async (ms) => {
      h.calls.push(`sleep ${ms}`);
      h.onSleep?.();
    },
  });
  const batch = (messages: KafkaMessage[]) =>
    handle({
      batch: { partition: 2, messages, highWatermark: '100' } as never,
      resolveOffset: (o: string) => h.calls.push(`resolve ${o}`),
      heartbeat: async () => {
        h.calls.push('heartbeat');
      },
      commitOffsetsIfNecessary: async (offsets) => {
        const p = offsets?.topics[0]?.partitions[0];
        h.calls.push(`commit ${offsets?.topics[0]?.topic}/${p?.partition}@${p?.offset}`);
      },
      isRunning: () => h.running,
      isStale: () => false,
    });
  return { h, batch, health, metrics };
}

describe('batch handler', () => {
  it('dead-letters poison with its raw bytes, inserts the rest as one block, then commits last + 1', async () => {
    const { h, batch, metrics } = setup();
    await batch([good(10), message(11, '{broken'), good(12)]);
    expect(h.calls).toEqual([
      'find stored 2@10',
      'dead letters 11:invalid_json:{broken',
      `insert ${TOPIC}/2/12`,
      `commit ${TOPIC}/2@13`,
      'resolve 12',
      'heartbeat',
    ]);
    expect(h.inserted).toEqual([{ token: `${TOPIC}/2/12`, offsets: ['10', '12'] }]);
    expect(
      (await metrics.deadLettered.get()).values.find((v) => v.labels.reason === 'invalid_json')?.value,
    ).toBe(1);
  });

  it("writes the block's quality counts before its commit, per record for drops and dead letters", async () => {
    const { h, batch } = setup();
    const first = JSON.stringify(
      record({ site: 'giessen', visitor: '00000000000000dd' }, at + 10 * MINUTE, 'https://www.giessen.de/a', {
        type: 'pageview',
        id: 'evt-quality-1',
      }),
    );
    await batch([
      message(10, first),
      message(11, '{broken'),
      message(
        12,
        JSON.stringify(
          record(
            { site: 'giessen', visitor: '00000000000000dd' },
            at + 12 * MINUTE,
            'https://www.fulda.de/x',
            { type: 'pageview' },
          ),
        ),
      ),
      message(13, first),
      good(14, '00000000000000dd'),
    ]);
    const row = (over: Partial<QualityRow>): QualityRow => ({
      site: 'giessen',
      day: '2025-03-04',
      source: 'processor',
      kind: 'dropped',
      reason: '',
      tally_id: '',
      count: 1,
      lag_ms_sum: 0,
      lag_ms_max: 0,
      ...over,
    });
    // Lags: NOW − receipt = 50 min (offset 10) and 46 min (offset 14).
    expect(h.quality).toEqual(
      [
        row({
          kind: 'accepted',
          tally_id: `${TOPIC}/2/14`,
          count: 2,
          lag_ms_sum: 96 * MINUTE,
          lag_ms_max: 50 * MINUTE,
        }),
        row({ site: '', kind: 'dead_letter', reason: 'invalid_json', tally_id: `${TOPIC}/2/11` }),
        row({ reason: 'foreign_host', tally_id: `${TOPIC}/2/12` }),
        row({ reason: 'duplicate_event', tally_id: `${TOPIC}/2/13` }),
      ].map((r) => ({ commitsBefore: 0, row: r })),
    );
    expect(h.calls.filter((c) => c.startsWith('commit'))).toEqual([`commit ${TOPIC}/2@15`]);
  });

  it("stores both cities' events from a host they share and counts a page on no host of its city as foreign_host", async () => {
    const { h, batch, metrics } = setup();
    const page = (offset: number, site: string, url: string) =>
      message(
        offset,
        JSON.stringify(record({ site, visitor: '00000000000000cc' }, at, url, { type: 'pageview' })),
      );
    await batch([
      page(0, 'giessen', `https://${SHARED_FORM_HOST}/giessen/antrag`),
      page(1, 'fulda', `https://${SHARED_FORM_HOST}/fulda/antrag`),
      page(2, 'giessen', 'https://www.fulda.de/antrag'),
    ]);
    expect(h.rows.map((r) => [r.kafka_offset, r.site, r.path])).toEqual([
      ['0', 'giessen', '/giessen/antrag'],
      ['1', 'fulda', '/fulda/antrag'],
    ]);
    expect(h.calls.filter((c) => c.startsWith('commit'))).toEqual([`commit ${TOPIC}/2@3`]);
    expect((await metrics.dropped.get()).values.map((v) => [v.labels.reason, v.value])).toEqual([
      ['duplicate_event', 0],
      ['foreign_host', 1],
    ]);
  });

  it('commits each block before it starts the next', async () => {
    const { h, batch } = setup(2);
    await batch([good(0), good(1), good(2)]);
    await batch([good(3)]);
    expect(h.calls.filter((c) => !c.startsWith('heartbeat') && !c.startsWith('resolve'))).toEqual([
      'find stored 2@0',
      `insert ${TOPIC}/2/1`,
      `commit ${TOPIC}/2@2`,
      `insert ${TOPIC}/2/2`,
      `commit ${TOPIC}/2@3`,
      `insert ${TOPIC}/2/3`,
      `commit ${TOPIC}/2@4`,
    ]);
  });

  it('rebuilds a stored but uncommitted block with its exact bounds, even across fetches', async () => {
    const { h, batch } = setup(2);
    h.stored = { rows: 2, lastOffset: '12' };
    await batch([good(10), message(11, 'poison')]);
    // Not yet at the stored block's end: nothing written, nothing committed, the fetch position moves on.
    expect(h.calls).toEqual(['find stored 2@10', 'resolve 11']);
    await batch([good(12), good(13), good(14), good(15)]);
    expect(h.inserted.map((b) => b.token)).toEqual([`${TOPIC}/2/12`, `${TOPIC}/2/14`, `${TOPIC}/2/15`]);
    expect(h.calls.filter((c) => c.startsWith('commit'))).toEqual([
      `commit ${TOPIC}/2@13`,
      `commit ${TOPIC}/2@15`,
      `commit ${TOPIC}/2@16`,
    ]);
  });

  it('after a rewind over many stored rows, inserts only the rows beyond them', async () => {
    const { h, batch } = setup(2);
    h.stored = { rows: 50, lastOffset: '3' };
    await batch([good(0), good(1), good(2), good(3), good(4), good(5)]);
    expect(h.inserted).toEqual([{ token: `${TOPIC}/2/5`, offsets: ['4', '5'] }]);
    expect(h.calls.filter((c) => c.startsWith('commit'))).toEqual([
      `commit ${TOPIC}/2@2`,
      `commit ${TOPIC}/2@4`,
      `commit ${TOPIC}/2@6`,
    ]);
  });

  it('continues a visit that began below its first offset, read back from ClickHouse once', async () => {
    const { h, batch } = setup();
    await batch([good(10), good(11, '00000000000000bb')]);
    await batch([good(12)]);
    expect(h.recoveries).toEqual([
      { partition: 2, beforeOffset: '10', sinceMs: at + 10 * MINUTE - 35 * MINUTE },
    ]);
    expect(
      h.rows.map((r) => [r.kafka_offset, r.session_id, r.session_start, r.bounce_delta, r.channel]),
    ).toEqual([
      ['10', '12345', 0, -1, 'search'],
      ['11', expect.stringMatching(/^\d+$/), 1, 1, 'direct'],
      ['12', '12345', 0, 0, 'search'],
    ]);
  });

  it('asks ClickHouse for nothing when the partition starts at offset 0', async () => {
    const { h, batch } = setup();
    await batch([good(0)]);
    expect(h.recoveries).toEqual([]);
  });

  it('holds the batch while ClickHouse fails, backing off and heart-beating, and commits once it is stored', async () => {
    const { h, batch, health } = setup();
    h.failInserts = 4;
    await batch([good(0)]);
    expect(h.calls).toEqual([
      'find stored 2@0',
      'insert failed',
      'sleep 100',
      'heartbeat',
      'insert failed',
      'sleep 200',
      'heartbeat',
      'insert failed',
      'sleep 400',
      'heartbeat',
      'insert failed',
      'sleep 400',
      'heartbeat',
      `insert ${TOPIC}/2/0`,
      `commit ${TOPIC}/2@1`,
      'resolve 0',
      'heartbeat',
    ]);
    expect(health.current()).toEqual([]);
  });

  it('never commits past a record whose dead letter could not be written', async () => {
    const { h, batch, health } = setup();
    h.failDeadLetters = 1;
    h.onSleep = () => {
      h.running = false; // shutdown arrives while the batch waits
    };
    await batch([message(0, 'poison'), good(1)]);
    expect(h.calls).toEqual(['find stored 2@0', 'dead letters failed', 'sleep 100', 'heartbeat']);
    expect(health.current()).toEqual(['dead_letter_failing']);
  });

  it('starts over from the committed offset when a batch does not continue where the last one ended', async () => {
    const { h, batch } = setup();
    await batch([good(0)]);
    await batch([good(5)]);
    expect(h.calls.filter((c) => c.startsWith('find'))).toEqual(['find stored 2@0', 'find stored 2@5']);
  });
});
