import { readFileSync } from 'node:fs';
import { parseSitesConfig } from '@godonu/contract';
import type { EventRow } from '@godonu/warehouse';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './generate.config.ts';
import { generateTraffic } from './load.ts';

const sites = parseSitesConfig(readFileSync(`${REPO_ROOT}/infra/config/sites.json`, 'utf8'));

async function generate(seed: string): Promise<Partial<EventRow>[]> {
  const rows: Partial<EventRow>[] = [];
  const client = {
    insert: async ({ values }: { values: Partial<EventRow>[] }) => {
      rows.push(...values);
    },
  };
  await generateTraffic({
    client: client as never,
    sites,
    days: 2,
    scale: 0.05,
    seed,
    end: new Date('2025-03-05T22:59:59Z'),
    blockRows: 5_000,
  });
  return rows;
}

/** A run of the generator takes a second or two, several on a machine shared with other work. */
const GENERATOR_TIMEOUT_MS = 30_000;

describe('generateTraffic', { timeout: GENERATOR_TIMEOUT_MS }, () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await generate('s1');
    expect(await generate('s1')).toEqual(a);
    expect((await generate('s2')).length).not.toBe(a.length);
  });

  it('writes plausible funnels for every city from the configuration', async () => {
    const rows = await generate('s1');
    const count = (f: (r: Partial<EventRow>) => boolean) => rows.filter(f).length;
    expect(new Set(rows.map((r) => r.site))).toEqual(new Set(sites.cities.map((c) => c.key)));
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2025-03-04', '2025-03-05']));
    const views = count((r) => r.event_type === 'service_view');
    const starts = count((r) => r.event_type === 'form_start');
    const confirms = count((r) => r.event_type === 'form_confirm');
    expect(starts).toBeGreaterThan(views * 0.3);
    expect(starts).toBeLessThan(views * 0.8);
    expect(confirms).toBeGreaterThan(starts * 0.2);
    expect(confirms).toBeLessThan(starts * 0.95);
    expect(count((r) => r.event_type === 'form_error' && typeof r.field === 'string')).toBeGreaterThan(0);
    expect(rows.every((r) => r.service === undefined || /^\d{14}$/.test(r.service))).toBe(true);
    // Every visit starts with exactly one row marked as its start.
    const sessions = new Set(rows.map((r) => r.session_id));
    expect(count((r) => r.session_start === 1)).toBe(sessions.size);
    // Larger cities get more traffic: Offenbach (131 k) more than Limburg (36 k).
    expect(count((r) => r.site === 'offenbach')).toBeGreaterThan(2 * count((r) => r.site === 'limburg'));
  });
});
