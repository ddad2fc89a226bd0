/*
 * SQL injection attempts in every parameter are harmless: the api rejects them with 400 (zod), and a builder fed
 * a hostile value directly hands it to ClickHouse as a bound parameter, which matches nothing and runs nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { S1 } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { cityPagesQuery } from './city-pages.query.ts';
import { serviceTotalsQuery } from './service-totals.query.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_inject');
});
afterAll(async () => {
  await h?.close();
});

const ATTACKS = [
  "giessen' OR '1'='1",
  "x'); DROP TABLE events; --",
  '1; SELECT * FROM system.tables',
  "2025-03-01' UNION SELECT 1 --",
  '{site:String}',
  '../../etc/passwd',
];
const enc = encodeURIComponent;

describe('hostile parameters', () => {
  it('are rejected with 400 and zod issues in every path and query parameter', async () => {
    const P = 'from=2025-03-01&to=2025-03-07';
    for (const a of ATTACKS) {
      const urls = [
        `/v1/cities/${enc(a)}/report?${P}`,
        `/v1/cities/${enc(a)}/realtime`,
        `/v1/cities/giessen/services/${enc(a)}/funnel?${P}`,
        `/v1/services/${enc(a)}/comparison?${P}`,
        `/v1/cities/giessen/report?from=${enc(a)}`,
        `/v1/cities/giessen/report?to=${enc(a)}`,
        `/v1/cities/giessen/report?${P}&interval=${enc(a)}`,
        `/v1/cities/giessen/report?${P}&limit=${enc(a)}`,
        `/v1/cities/giessen/report?${P}&table=${enc(a)}`,
        `/v1/cities/giessen/report?${P}&format=${enc(a)}`,
        `/v1/cities/giessen/realtime?limit=${enc(a)}`,
        `/v1/cities/giessen/services/${S1}/funnel?${P}&interval=${enc(a)}`,
        `/v1/comparison/matrix?${P}&metric=${enc(a)}`,
        `/v1/services?from=${enc(a)}`,
        `/v1/cities/giessen/report?${P}&${enc(a)}=1`,
      ];
      for (const url of urls) {
        const res = await h.get(url, h.keys.admin);
        expect([url, res.statusCode, res.json().error]).toEqual([url, 400, 'API_BAD_REQUEST']);
        expect(res.json().details.issues.length).toBeGreaterThan(0);
      }
    }
  });

  it('are inert as bound parameters in ClickHouse, and the tables survive', async () => {
    for (const a of ATTACKS) {
      const pages = await h.warehouse.rows(
        cityPagesQuery({ site: a, from: '2025-03-01', to: '2025-03-07', limit: 5 }),
      );
      expect(pages).toEqual([]);
      const totals = await h.warehouse.rows(
        serviceTotalsQuery({ sites: [a, 'giessen'], service: a, from: '2025-03-01', to: '2025-03-07' }),
      );
      expect(totals).toEqual([]);
    }
    const report = (
      await h.get('/v1/cities/giessen/report?from=2025-03-01&to=2025-03-07', h.keys.giessen)
    ).json();
    expect(report.summary[0].value).toBe(11);
  });
});
