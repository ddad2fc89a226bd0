import { describe, expect, it } from 'vitest';
import { batch, pageview, testApp, UA } from '../test-support/fixtures.ts';

describe('operations routes', () => {
  it('/healthz answers while the process runs', async () => {
    const { app } = await testApp();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz reports each check and answers 503 when one fails', async () => {
    const ready = await testApp();
    expect((await ready.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
      checks: { kafka: true, salts: true },
    });
    const { app } = await testApp({
      readiness: async () => ({ ready: false, checks: { kafka: false, salts: true } }),
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_NOT_READY',
      message: 'not ready to accept events',
      checks: { kafka: false, salts: true },
    });
  });

  it('/metrics exposes accepted, dropped and rejected counts, produce latency and buffer depth', async () => {
    const { app, sink } = await testApp();
    sink.depth = 7;
    const post = (ua: string, payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'text/plain', origin: 'https://www.giessen.de', 'user-agent': ua },
        payload,
      });
    await post(UA.firefoxLinux, JSON.stringify(batch([pageview(), pageview({ id: 'evt-0002' })])));
    await post(UA.googlebot, JSON.stringify(batch([pageview()])));
    await post(UA.firefoxLinux, '{');
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toContain('godonu_collector_events_accepted_total{site="giessen",mode="browser"} 2');
    expect(lines).toContain(
      'godonu_collector_events_dropped_total{site="giessen",mode="browser",reason="bot"} 1',
    );
    expect(lines).toContain('godonu_collector_requests_rejected_total{code="COLLECTOR_INVALID_JSON"} 1');
    expect(lines).toContain('godonu_collector_buffer_events 0');
    expect(lines).toContain('# TYPE godonu_collector_produce_duration_seconds histogram');
  });

  it('answers unknown routes with a coded 404', async () => {
    const { app } = await testApp();
    const res = await app.inject({ method: 'GET', url: '/wp-admin/?user=x' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'COLLECTOR_NOT_FOUND', message: 'no such route' });
  });
});
