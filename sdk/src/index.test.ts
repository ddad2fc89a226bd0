import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Options } from './types.ts';

const started: Options[] = [];
vi.mock('./start.ts', () => ({
  start: (options: Options) => {
    started.push(options);
    return { track() {}, service() {}, step() {}, consent() {} };
  },
}));

const NAMES = [
  'site',
  'endpoint',
  'service',
  'auto',
  'exclude',
  'consent',
  'query',
  'forms',
  'flush',
] as const;
const read = (options: Options | undefined) => Object.fromEntries(NAMES.map((n) => [n, options?.[n]]));

beforeEach(() => {
  started.length = 0;
  vi.resetModules();
});

describe('init', () => {
  it('hands the configuration over as the script tag would have it in data attributes', async () => {
    const { init } = await import('./index.ts');
    init({
      site: 'giessen',
      endpoint: 'https://collector.giessen.example/v1/events',
      service: '99036010000000',
      auto: false,
      exclude: ['/intern/*', '/entwurf'],
      consent: true,
      query: ['lang'],
      forms: 'form.antrag',
      flushMs: 500,
    });
    expect(read(started[0])).toEqual({
      site: 'giessen',
      endpoint: 'https://collector.giessen.example/v1/events',
      service: '99036010000000',
      auto: 'false',
      exclude: '/intern/*,/entwurf',
      consent: 'required',
      query: 'lang',
      forms: 'form.antrag',
      flush: '500',
    });
  });

  it('leaves defaults to the SDK, and starts once per page', async () => {
    const { init } = await import('./index.ts');
    const first = init({ site: 'giessen', endpoint: 'https://c.example/v1/events' });
    const second = init({ site: 'wetzlar', endpoint: 'https://other.example/v1/events' });
    expect(second).toBe(first);
    expect(started).toHaveLength(1);
    expect(read(started[0])).toEqual({
      site: 'giessen',
      endpoint: 'https://c.example/v1/events',
      service: undefined,
      auto: undefined,
      exclude: undefined,
      consent: undefined,
      query: undefined,
      forms: undefined,
      flush: undefined,
    });
  });
});
