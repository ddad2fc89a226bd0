import { type CollectedEvent, parseSitesConfig } from '@godonu/contract';
import { type EventRow, migrate } from '@godonu/warehouse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { MINUTE, record } from '../../test/records.ts';
import { sitesFixture } from '../../test/sites.fixture.ts';
import { createPipeline } from '../steps/pipeline.ts';
import { PartitionSessions, type VisitSnapshot } from './partition-sessions.ts';
import { recoverSessions } from './recover-sessions.query.ts';

const pipeline = createPipeline(parseSitesConfig(JSON.stringify(sitesFixture)), 'Europe/Berlin');
const at = Date.UTC(2025, 2, 4, 9);
const visit = { site: 'giessen', visitor: '00f0000000000abc' };
const other = { site: 'giessen', visitor: 'ffff000000000001' };

const sorted = (snapshot: Map<string, VisitSnapshot>) =>
  new Map([...snapshot].map(([key, v]) => [key, { ...v, eventIdHashes: [...v.eventIdHashes].sort() }]));

describe('recoverSessions', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let stateBelow105: Map<string, VisitSnapshot>;
  let rowOf105: EventRow;
  const lastRecord = record(visit, at + 42 * MINUTE, 'https://www.giessen.de/c', {
    type: 'pageview',
    id: 'after-cut',
  });

  const block = (sessions: PartitionSessions, records: CollectedEvent[], firstOffset: number) => {
    const draft = sessions.begin();
    const rows = records.map((r, i) => {
      const p = pipeline.prepare(Buffer.from(JSON.stringify(r)), 4, String(firstOffset + i));
      if (p.kind !== 'ready') throw new Error(p.kind);
      const f = pipeline.finish(p.ctx, draft);
      if (f.kind !== 'row') throw new Error(f.kind);
      return f.row;
    });
    draft.commit();
    return rows;
  };

  beforeAll(async () => {
    db = await testDatabase('recover');
    await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 3650 });
    // Two visits of one visitor (the first ends after 40 idle minutes), one of another, on partition 4.
    const records = [
      record(
        visit,
        at,
        'https://www.giessen.de/',
        { type: 'pageview', id: 'first-visit-1' },
        'www.google.de',
      ),
      record(
        visit,
        at + 40 * MINUTE,
        'https://www.giessen.de/a',
        { type: 'pageview', id: 'second-v-1' },
        'x.com',
      ),
      record(visit, at + 41 * MINUTE, 'https://www.giessen.de/b', { type: 'pageview', id: 'second-v-2' }),
      record(visit, at + 41 * MINUTE + 5_000, 'https://www.giessen.de/b', {
        type: 'form_start',
        form: 'hundesteuer',
        id: 'second-v-3',
      }),
      record(other, at + 41 * MINUTE, 'https://www.giessen.de/', { type: 'pageview', id: 'other-v-1' }),
    ];
    const sessions = new PartitionSessions('100');
    sessions.addRecovered([]);
    const rows = block(sessions, records, 100);
    stateBelow105 = sessions.snapshot();
    [rowOf105] = block(sessions, [lastRecord], 105) as [EventRow];
    await db.client.insert({ table: 'events', values: [...rows, rowOf105], format: 'JSONEachRow' });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('returns the latest visit of each visitor that was active since the given time, below the given offset', async () => {
    const found = await recoverSessions(db.client, {
      partition: 4,
      beforeOffset: '105',
      sinceMs: at + 10 * MINUTE,
    });
    const plain = found
      .map((v) => ({ ...v, sessionId: typeof v.sessionId, eventIds: [...v.eventIds].sort() }))
      .sort((a, b) => a.visitor.localeCompare(b.visitor));
    expect(plain).toEqual([
      {
        site: 'giessen',
        saltDay: '2025-03-04',
        visitor: '00f0000000000abc',
        sessionId: 'string',
        day: '2025-03-04',
        lastTs: at + 41 * MINUTE + 5_000,
        pageviews: 2,
        eventIds: ['second-v-1', 'second-v-2', 'second-v-3'],
        channel: 'social',
        channelHost: 'x.com',
        formStarts: new Map([['hundesteuer', at + 41 * MINUTE + 5_000]]),
      },
      {
        site: 'giessen',
        saltDay: '2025-03-04',
        visitor: 'ffff000000000001',
        sessionId: 'string',
        day: '2025-03-04',
        lastTs: at + 41 * MINUTE,
        pageviews: 1,
        eventIds: ['other-v-1'],
        channel: 'direct',
        channelHost: '',
        formStarts: new Map(),
      },
    ]);
  });

  it('rebuilds exactly the state the steps had left, and the next record gets the same row from it', async () => {
    const found = await recoverSessions(db.client, {
      partition: 4,
      beforeOffset: '105',
      sinceMs: at + 10 * MINUTE,
    });
    const restored = new PartitionSessions('105');
    restored.addRecovered(found);
    expect(sorted(restored.snapshot())).toEqual(sorted(stateBelow105));
    expect(block(restored, [lastRecord], 105)).toEqual([rowOf105]);
  });

  it('finds nothing when every visit went idle before the given time', async () => {
    const found = await recoverSessions(db.client, {
      partition: 4,
      beforeOffset: '105',
      sinceMs: at + 42 * MINUTE,
    });
    expect(found).toEqual([]);
  });
});
