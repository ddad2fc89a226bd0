/*
 * An import against a warehouse that records what it is asked: what the import compares with, the one row it
 * writes (lines and record together), and that a file with a problem writes nothing.
 */
import { createHash } from 'node:crypto';
import type { CityConfig } from '@godonu/contract';
import type { Query } from '@godonu/warehouse';
import { describe, expect, it } from 'vitest';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import type { Warehouse } from '../warehouse.ts';
import { changesOf, importOfflineCases, importTime, issueReport, issueText } from './offline-cases.import.ts';

const WOHNSITZ = '99115001000000';
const HUND = '99036010000000';
const PARKEN = '99107003000000';
const CITY = {
  key: 'giessen',
  population: { inhabitants: 92_000, asOf: '2024-12-31', source: 'test' },
} as CityConfig;
const NOW = new Date('2025-04-10T08:30:00.123Z');
const row = (month: string, service: string, counter: number, post = 0): OfflineCaseRow => ({
  site: 'giessen',
  service,
  month: `${month}-01`,
  counter,
  post,
  phone: 0,
  email: 0,
  other: 0,
});

/** `latest`: the city's latest import time as ClickHouse returns it, if it has imported before. */
function recording(inForce: OfflineCaseRow[], latest?: string) {
  const queries: Query<unknown>[] = [];
  const inserts: { table: string; rows: readonly object[] }[] = [];
  const record = (imported_at: string) => ({
    import_id: '0b7c6f1e-0000-4000-8000-000000000000',
    imported_at,
    source: 'api',
    key_id: 'a1b2c3d4',
    actor: 'team giessen',
    file_sha256: '0'.repeat(64),
    months: ['2025-02-01'],
    lines: 1,
    added: 1,
    changed: 0,
    removed: 0,
    unchanged: 0,
  });
  const warehouse: Warehouse = {
    rows: async <Row>(q: Query<Row>) => {
      queries.push(q);
      if (q.name === 'offline_case_imports') return (latest === undefined ? [] : [record(latest)]) as Row[];
      return inForce as Row[];
    },
    insert: async (table, rows) => {
      inserts.push({ table, rows });
    },
    ping: async () => true,
    close: async () => {},
  };
  return { warehouse, queries, inserts };
}

const deps = (warehouse: Warehouse) => ({
  warehouse,
  catalog: new Set([WOHNSITZ, HUND, PARKEN]),
  now: () => NOW,
});
const who = { source: 'api' as const, keyId: 'a1b2c3d4', actor: 'team giessen' };

describe('changesOf', () => {
  it('counts lines added, changed, unchanged, and those in force that the file leaves out', () => {
    const lines = [
      { month: '2025-01', service: WOHNSITZ, cases: { counter: 10, post: 0, phone: 0, email: 0, other: 0 } },
      { month: '2025-01', service: HUND, cases: { counter: 5, post: 1, phone: 0, email: 0, other: 0 } },
      { month: '2025-02', service: WOHNSITZ, cases: { counter: 7, post: 0, phone: 0, email: 0, other: 0 } },
    ];
    const before = [
      row('2025-01', WOHNSITZ, 10),
      row('2025-01', HUND, 5, 2),
      row('2025-01', PARKEN, 3),
      row('2025-02', PARKEN, 1),
    ];
    expect(changesOf(lines, before)).toEqual({ added: 1, changed: 1, removed: 2, unchanged: 1 });
    expect(changesOf(lines, [])).toEqual({ added: 3, changed: 0, removed: 0, unchanged: 0 });
  });
});

describe('importOfflineCases', () => {
  it('compares with the numbers in force for its months and writes one row with its lines and record', async () => {
    const w = recording([row('2025-02', WOHNSITZ, 300), row('2025-02', PARKEN, 4), row('2025-03', HUND, 9)]);
    const text = `Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige\n2025-02;${WOHNSITZ};380;18;9;4;0\n2025-01;${HUND};30;2;0;0;0\n`;
    const outcome = await importOfflineCases(deps(w.warehouse), CITY, text, who);
    expect(w.queries.map((q) => [q.name, q.params])).toEqual([
      ['offline_cases_all', { sites: ['giessen'], firstMonth: '2025-01-01', lastMonth: '2025-02-01' }],
      ['offline_case_imports', { site: 'giessen', limit: 1 }],
    ]);
    if (!outcome.ok) throw new Error('the file is valid');
    const { importId } = outcome.record;
    expect(importId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // 2025-03 is not a month of the file: its line is neither compared nor removed.
    expect(outcome.record).toEqual({
      importId,
      city: 'giessen',
      importedAt: '2025-04-10T08:30:00.123Z',
      source: 'api',
      keyId: 'a1b2c3d4',
      actor: 'team giessen',
      fileSha256: createHash('sha256').update(text).digest('hex'),
      months: ['2025-01', '2025-02'],
      lines: 2,
      added: 1,
      changed: 1,
      removed: 1,
      unchanged: 0,
    });
    expect(w.inserts).toEqual([
      {
        table: 'offlineCaseImports',
        rows: [
          {
            import_id: importId,
            site: 'giessen',
            imported_at: '2025-04-10 08:30:00.123',
            source: 'api',
            key_id: 'a1b2c3d4',
            actor: 'team giessen',
            file_sha256: createHash('sha256').update(text).digest('hex'),
            months: ['2025-01-01', '2025-02-01'],
            'lines.month': ['2025-01-01', '2025-02-01'],
            'lines.service': [HUND, WOHNSITZ],
            'lines.counter': [30, 380],
            'lines.post': [2, 18],
            'lines.phone': [0, 9],
            'lines.email': [0, 4],
            'lines.other': [0, 0],
            added: 1,
            changed: 1,
            removed: 1,
            unchanged: 0,
          },
        ],
      },
    ]);
  });

  it('writes nothing, and reads nothing, for a file with a problem', async () => {
    const w = recording([]);
    const text = `month,service,counter,post,phone,email,other\n2025-02,${WOHNSITZ},1,0,0,0,0\n2031-01,${WOHNSITZ},1,0,0,0,0\n`;
    expect(await importOfflineCases(deps(w.warehouse), CITY, text, who)).toEqual({
      ok: false,
      issues: [{ line: 3, column: 'month', message: 'month 2031-01 is in the future' }],
    });
    expect([w.queries, w.inserts]).toEqual([[], []]);
  });
});

describe('importTime', () => {
  it('is now, or a millisecond after the city’s latest import when the clock has not moved past it', () => {
    expect(importTime(NOW, undefined)).toEqual(NOW);
    expect(importTime(NOW, '2025-04-10 08:30:00.122')).toEqual(NOW);
    expect(importTime(NOW, '2025-04-10 08:30:00.123').toISOString()).toBe('2025-04-10T08:30:00.124Z');
    expect(importTime(NOW, '2025-04-11 00:00:00.000').toISOString()).toBe('2025-04-11T00:00:00.001Z');
  });

  it('records the import after the latest one, whatever the clock says', async () => {
    const w = recording([], '2025-04-10 08:30:00.500');
    const text = `month,service,counter,post,phone,email,other\n2025-02,${WOHNSITZ},1,0,0,0,0\n`;
    const outcome = await importOfflineCases(deps(w.warehouse), CITY, text, who);
    expect(outcome.ok && outcome.record.importedAt).toBe('2025-04-10T08:30:00.501Z');
    expect(w.inserts.map((i) => (i.rows[0] as { imported_at: string }).imported_at)).toEqual([
      '2025-04-10 08:30:00.501',
    ]);
  });
});

describe('the report of a file’s problems', () => {
  it('gives the first 100 and counts the rest; each reads as one line of text', () => {
    const issues = Array.from({ length: 103 }, (_, i) => ({
      line: i + 2,
      column: i === 0 ? ('month' as const) : null,
      message: 'wrong',
    }));
    const report = issueReport(issues);
    expect([report.issues.length, report.issues[99]?.line, report.more]).toEqual([100, 101, 3]);
    expect(issues.slice(0, 2).map(issueText)).toEqual(['line 2 (month): wrong', 'line 3: wrong']);
  });
});
