import { createClient } from '@clickhouse/client';
import { cityBreakdownQuery } from './queries/city-breakdown.query.ts';
import { cityPagesQuery } from './queries/city-pages.query.ts';
import { cityTrafficQuery } from './queries/city-traffic.query.ts';
import { serviceStepsQuery } from './queries/service-steps.query.ts';
import { serviceTotalsQuery } from './queries/service-totals.query.ts';

const c = createClient({ url: 'http://127.0.0.1:18481', database: 'godonu_bench' });
const p = { site: 'offenbach', from: '2026-10-26', to: '2026-11-24' };
const sites = ['offenbach', 'giessen', 'marburg', 'fulda', 'wetzlar', 'limburg'];
const qs = [
  cityTrafficQuery({ ...p, previousFrom: '2026-09-26', interval: 'day' }),
  cityPagesQuery({ ...p, limit: 10 }),
  cityBreakdownQuery({ ...p, by: ['channel', 'device', 'browser'] }),
  serviceTotalsQuery({ sites, service: '99115001000000', from: p.from, to: p.to }),
  serviceStepsQuery({ sites, service: '99115001000000', from: p.from, to: p.to }),
  { name: 'plain', query: 'SELECT 1', params: {} },
];
const times: Record<string, number[]> = {};
for (let round = 0; round < 7; round++)
  for (const q of qs) {
    const t = performance.now();
    const rs = await c.query({ query: q.query, query_params: q.params, format: 'JSONEachRow' });
    await rs.json();
    (times[q.name] ??= []).push(performance.now() - t);
  }
for (const [k, v] of Object.entries(times))
  console.log(
    k,
    v
      .sort((a, b) => a - b)
      .map((x) => x.toFixed(0))
      .join(' '),
  );
await c.close();
