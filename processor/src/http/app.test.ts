import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Health } from '../consume/health.ts';
import { createMetrics } from '../metrics.ts';
import { buildApp } from './app.ts';

describe('operations endpoints', () => {
  it('report health, and failing problems with 503', async () => {
    const health = new Health();
    const app = buildApp({ logger: pino({ level: 'silent' }), metrics: createMetrics(), health });
    const ok = await app.inject({ method: 'GET', url: '/healthz' });
    expect([ok.statusCode, ok.json()]).toEqual([200, { status: 'ok', problems: [] }]);
    health.set('clickhouse_failing', true);
    const failing = await app.inject({ method: 'GET', url: '/healthz' });
    expect([failing.statusCode, failing.json()]).toEqual([
      503,
      { status: 'failing', problems: ['clickhouse_failing'] },
    ]);
    await app.close();
  });

  it('expose lag, rows per second, insert latency, drops and dead letters by reason', async () => {
    let now = 0;
    const metrics = createMetrics(() => now);
    metrics.recordInsert(500, 0.12);
    metrics.lag.set({ partition: '3' }, 42);
    metrics.dropped.inc({ reason: 'duplicate_event' });
    now = 5_000;
    const app = buildApp({ logger: pino({ level: 'silent' }), metrics, health: new Health() });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain');
    const lines = res.body.split('\n');
    for (const line of [
      'godonu_processor_consumer_lag{partition="3"} 42',
      'godonu_processor_rows_per_second 50',
      'godonu_processor_rows_inserted_total 500',
      'godonu_processor_insert_duration_seconds_count 1',
      'godonu_processor_dropped_total{reason="duplicate_event"} 1',
      'godonu_processor_dropped_total{reason="foreign_host"} 0',
      'godonu_processor_dead_letters_total{reason="invalid_json"} 0',
      'godonu_processor_clickhouse_up 1',
    ]) {
      expect(lines).toContain(line);
    }
    await app.close();
  });
});
