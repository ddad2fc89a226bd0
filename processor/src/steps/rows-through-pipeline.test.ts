import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { MINUTE, record } from '../../test/records.ts';
import { sitesFixture } from '../../test/sites.fixture.ts';
import { pipelineRun, rowsThroughPipeline } from './rows-through-pipeline.ts';

const sites = parseSitesConfig(JSON.stringify(sitesFixture));
const visit = { site: 'giessen', visitor: 'a1b2c3d4e5f60718' };
const at = Date.UTC(2025, 2, 4, 9, 0, 0);
const page = (ms: number, path: string, referrer: string | null = null) =>
  record(visit, ms, `https://www.giessen.de${path}`, { type: 'pageview' }, referrer);

describe('rowsThroughPipeline', () => {
  it("derives what the processor derives, numbering the records from the partition's first offset", () => {
    const rows = rowsThroughPipeline(
      [page(at, '/', 'www.google.de'), page(at + MINUTE, '/online-dienste/hundesteuer/123')],
      sites,
      'Europe/Berlin',
      { partition: 4, firstOffset: 10 },
    );
    expect(
      rows.map((r) => [
        r.day,
        r.path,
        r.service,
        r.channel,
        r.session_start,
        r.entry,
        r.bounce_delta,
        r.duration_delta_ms,
        r.kafka_partition,
        r.kafka_offset,
      ]),
    ).toEqual([
      ['2025-03-04', '/', '', 'search', 1, 1, 1, 0, 4, '10'],
      [
        '2025-03-04',
        '/online-dienste/hundesteuer/:num',
        '99036010000000',
        'search',
        0,
        0,
        -1,
        60_000,
        4,
        '11',
      ],
    ]);
    expect(rows[1]?.session_id).toBe(rows[0]?.session_id);
  });

  it('carries open visits from one block of a run into the next', () => {
    const run = pipelineRun(sites, 'Europe/Berlin');
    const [first] = run.rows([page(at, '/')]);
    const [second] = run.rows([page(at + 10 * MINUTE, '/rathaus')]);
    expect([second?.session_id, second?.session_start, second?.bounce_delta, second?.kafka_offset]).toEqual([
      first?.session_id,
      0,
      -1,
      '1',
    ]);
  });

  it('refuses records the processor would drop or dead-letter, naming the reason', () => {
    const again = page(at, '/');
    expect(() => rowsThroughPipeline([again, again], sites, 'Europe/Berlin')).toThrow(
      /record 1 \(giessen, event .+\) would not be stored: drop duplicate_event/,
    );
    const kassel = record({ ...visit, site: 'kassel' }, at, '/', { type: 'pageview' });
    expect(() => rowsThroughPipeline([kassel], sites, 'Europe/Berlin')).toThrow(
      'would not be stored: dead_letter unknown_site (site kassel is not configured)',
    );
  });
});
