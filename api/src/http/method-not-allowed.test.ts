import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from './error.handler.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

async function app() {
  const app = Fastify();
  registerErrorHandling(app);
  const methods = methodNotAllowed(app);
  await app.register(async (v1) => {
    v1.get('/v1/things/:id', async () => ({ ok: true }));
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/static/*', async () => 'file');
  methods.answer();
  return app;
}

describe('methodNotAllowed', () => {
  it('answers 405 with Allow for every other method of a known path, before any body is read', async () => {
    const a = await app();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY'] as const) {
      const res = await a.inject({
        method,
        url: '/v1/things/7?x=1',
        headers: { 'content-type': 'application/xml' },
        payload: '<not-json',
      });
      expect([method, res.statusCode, res.headers.allow, res.json()]).toEqual([
        method,
        405,
        'GET, HEAD',
        {
          error: 'API_METHOD_NOT_ALLOWED',
          message: 'this route does not take this method; see the Allow header',
          details: { allow: ['GET', 'HEAD'] },
        },
      ]);
    }
    const query = await a.inject({ method: 'QUERY', url: '/healthz' });
    expect([query.statusCode, query.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('leaves the served methods, unknown paths and wildcard paths alone', async () => {
    const a = await app();
    expect((await a.inject({ method: 'GET', url: '/v1/things/7' })).json()).toEqual({ ok: true });
    expect((await a.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
    const unknown = await a.inject({ method: 'DELETE', url: '/v1/nothing' });
    expect([unknown.statusCode, unknown.json().error]).toEqual([404, 'API_NOT_FOUND']);
    const wildcard = await a.inject({ method: 'POST', url: '/static/a.js' });
    expect([wildcard.statusCode, wildcard.json().error]).toEqual([404, 'API_NOT_FOUND']);
  });
});
