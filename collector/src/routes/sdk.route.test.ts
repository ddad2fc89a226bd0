import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { loadSdkAsset } from '../sdk/sdk-asset.ts';
import { createSdkLoader, feedbackFileBeside, type SdkScript } from '../sdk/sdk-loader.ts';
import { testApp } from '../test-support/fixtures.ts';

const FIXTURE = fileURLToPath(new URL('../sdk/fixtures/sdk.fixture.js', import.meta.url));
const SOURCE = readFileSync(FIXTURE, 'utf8');
const FEEDBACK_FIXTURE = feedbackFileBeside(FIXTURE);

async function sdkApp() {
  return (await testApp({ sdk: () => loadSdkAsset(FIXTURE) })).app;
}

describe('GET /sdk.js', () => {
  it.each(['/sdk.js', '/v1/sdk.js'])('serves %s with caching headers and a strong ETag', async (url) => {
    const app = await sdkApp();
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(SOURCE);
    expect(res.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    });
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('compresses with brotli when accepted, else gzip', async () => {
    const app = await sdkApp();
    const br = await app.inject({
      method: 'GET',
      url: '/sdk.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SOURCE);
    const gz = await app.inject({
      method: 'GET',
      url: '/sdk.js',
      headers: { 'accept-encoding': 'gzip, br;q=0' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SOURCE);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const app = await sdkApp();
    const first = await app.inject({ method: 'GET', url: '/sdk.js' });
    const etag = first.headers.etag as string;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await app.inject({
        method: 'GET',
        url: '/sdk.js',
        headers: { 'if-none-match': ifNoneMatch },
      });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    const changed = await app.inject({
      method: 'GET',
      url: '/sdk.js',
      headers: { 'if-none-match': '"old"' },
    });
    expect(changed.statusCode).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const app = await sdkApp();
    const res = await app.inject({ method: 'HEAD', url: '/sdk.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('answers 503 with a clear message while the bundle is not built', async () => {
    const { app } = await testApp();
    const res = await app.inject({ method: 'GET', url: '/sdk.js' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_SDK_UNAVAILABLE',
      message: 'the SDK bundle is not built on this collector',
    });
  });
});

describe('GET /feedback.js', () => {
  it.each(['/feedback.js', '/v1/feedback.js'])('serves %s, the widget beside the SDK bundle', async (url) => {
    const { app } = await testApp({ sdk: createSdkLoader(FIXTURE, createLogger('silent')) });
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(readFileSync(FEEDBACK_FIXTURE, 'utf8'));
    expect(res.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
      'cross-origin-resource-policy': 'cross-origin',
    });
    const sdk = await app.inject({ method: 'GET', url: url.replace('feedback', 'sdk') });
    expect(sdk.body).toBe(SOURCE);
    expect(res.headers.etag).not.toBe(sdk.headers.etag);
  });

  it('looks for the widget beside the configured bundle', () => {
    expect(feedbackFileBeside('/srv/sdk/dist/sdk.js')).toBe('/srv/sdk/dist/feedback.js');
    expect(FEEDBACK_FIXTURE).toMatch(/fixtures\/feedback\.fixture\.js$/);
  });

  it('answers 503 for the widget alone when only it is missing', async () => {
    const sdk = createSdkLoader(FIXTURE, createLogger('silent'));
    const { app } = await testApp({
      sdk: (script?: SdkScript) =>
        script === 'feedback.js' ? loadSdkAsset('/nonexistent/feedback.js') : sdk(script),
    });
    expect((await app.inject({ method: 'GET', url: '/feedback.js' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/sdk.js' })).statusCode).toBe(200);
  });
});
