import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { record } from '../../test/records.ts';
import { SHARED_FORM_HOST, sitesFixture } from '../../test/sites.fixture.ts';
import { normalizeUrlStep } from './normalize-url.step.ts';
import { initialContext } from './pipeline.ts';
import { indexSites } from './site.step.ts';
import type { EventContext } from './step.ts';

describe('normalize-url step', () => {
  const sites = indexSites(parseSitesConfig(JSON.stringify(sitesFixture)));
  const step = normalizeUrlStep(sites);
  const visit = { site: 'giessen', visitor: '0123456789abcdef' };
  const ctxFor = (r: ReturnType<typeof record>): EventContext =>
    initialContext(r, sites.city(r.site) as EventContext['city'], 0, '0');
  const at = Date.UTC(2025, 2, 4, 9);

  it('keeps the path template of a portal page and the raw path for the service rules', () => {
    const ctx = ctxFor(
      record(visit, at, 'https://www.giessen.de/buergerservice/hundesteuer/antrag/4711?name=x#f', {
        type: 'pageview',
      }),
    );
    expect(step.run(ctx)).toEqual({ kind: 'ok' });
    expect(ctx.derived.path).toBe('/buergerservice/hundesteuer/antrag/:num');
    expect(ctx.rawPath).toBe('/buergerservice/hundesteuer/antrag/4711');
  });

  it('templates with the contract rules: ids, uuids, e-mail addresses and names; slashes collapse', () => {
    const paths = [
      '/antrag/123/status',
      '/vorgang/0f8fad5b-d9cb-469f-a165-70867728950e',
      '/akte/AZ-2024-00815/',
      '/kontakt/max.mustermann%40example.org',
      '/profil/anna.schmidt',
      '//doppelt//slash',
      '/news/seite-2025',
    ].map((path) => {
      const ctx = ctxFor(record(visit, at, `https://www.giessen.de${path}`, { type: 'pageview' }));
      step.run(ctx);
      return ctx.derived.path;
    });
    expect(paths).toEqual([
      '/antrag/:num/status',
      '/vorgang/:uuid',
      '/akte/:id',
      '/kontakt/:email',
      '/profil/:name',
      '/doppelt/slash',
      '/news/seite-2025',
    ]);
  });

  it('leaves a path the collector templated as it is', () => {
    const ctx = ctxFor(
      record(visit, at, 'https://www.giessen.de/akte/:id/:name/:num/:email/:uuid/:hex', { type: 'pageview' }),
    );
    expect(step.run(ctx)).toEqual({ kind: 'ok' });
    expect([ctx.derived.path, ctx.rawPath]).toEqual([
      '/akte/:id/:name/:num/:email/:uuid/:hex',
      '/akte/:id/:name/:num/:email/:uuid/:hex',
    ]);
  });

  it('accepts a path-only URL (server-side events)', () => {
    const ctx = ctxFor(
      record(visit, at, '/online-dienste/wohnsitz/12', { type: 'form_start', form: 'wohnsitz' }),
    );
    expect(step.run(ctx)).toEqual({ kind: 'ok' });
    expect(ctx.derived.path).toBe('/online-dienste/wohnsitz/:num');
  });

  it('drops pages on hosts that are not the city portal, including another city', () => {
    for (const url of ['https://staging.example.org/', 'https://www.fulda.de/']) {
      expect(step.run(ctxFor(record(visit, at, url, { type: 'pageview' })))).toEqual({
        kind: 'drop',
        reason: 'foreign_host',
      });
    }
  });

  it("keeps each city's events on a host both cities list, and drops a city's page on the other's own host", () => {
    const fulda = { site: 'fulda', visitor: 'fedcba9876543210' };
    const results = [
      record(visit, at, `https://${SHARED_FORM_HOST}/giessen/hundesteuer/schritt`, { type: 'pageview' }),
      record(fulda, at, `https://${SHARED_FORM_HOST}/fulda/wohnsitz/schritt`, { type: 'pageview' }),
      record(fulda, at, 'https://www.giessen.de/online-dienste/wohnsitz', { type: 'pageview' }),
    ].map((r) => {
      const ctx = ctxFor(r);
      return [ctx.city.key, step.run(ctx), ctx.derived.path];
    });
    expect(results).toEqual([
      ['giessen', { kind: 'ok' }, '/giessen/hundesteuer/schritt'],
      ['fulda', { kind: 'ok' }, '/fulda/wohnsitz/schritt'],
      ['fulda', { kind: 'drop', reason: 'foreign_host' }, '/'],
    ]);
  });

  it('matches hosts without regard to case, since browsers send them in lower case', () => {
    const ctx = ctxFor(record(visit, at, 'https://FORMULARE.Vendor.Example/giessen', { type: 'pageview' }));
    expect(step.run(ctx)).toEqual({ kind: 'ok' });
  });

  it('dead-letters a URL that is neither http(s) nor a path', () => {
    expect(step.run(ctxFor(record(visit, at, 'javascript:alert(1)', { type: 'pageview' })))).toEqual({
      kind: 'dead_letter',
      reason: 'invalid_url',
      detail: 'page url is not an http(s) URL or path',
    });
  });

  it('keeps the host of outbound links and the template of downloads', () => {
    const out = ctxFor(
      record(visit, at, 'https://www.giessen.de/a', {
        type: 'outbound',
        href: 'https://Example.org/p/123?q=1',
      }),
    );
    step.run(out);
    expect([out.derived.targetHost, out.derived.targetPath]).toEqual(['example.org', '']);
    const dl = ctxFor(
      record(visit, at, 'https://www.giessen.de/a/', { type: 'download', href: 'files/antrag-2024-001.pdf' }),
    );
    step.run(dl);
    expect([dl.derived.targetHost, dl.derived.targetPath]).toEqual(['www.giessen.de', '/a/files/:id']);
  });

  it('gives a URL seen before the same result, however many others came between, and long ones too', () => {
    const fresh = normalizeUrlStep(sites);
    const paths = (url: string) => {
      const ctx = ctxFor(record(visit, at, url, { type: 'pageview' }));
      return [fresh.run(ctx), ctx.derived.path, ctx.rawPath];
    };
    const url = 'https://www.giessen.de/buergerservice/hundesteuer/antrag/4711';
    const long = `https://www.giessen.de/${'a/'.repeat(200)}4711`;
    const first = [paths(url), paths(long), paths('javascript:alert(1)')];
    for (let i = 0; i < 5_000; i++) paths(`https://www.giessen.de/seite-${i}`);
    expect([paths(url), paths(long), paths('javascript:alert(1)')]).toEqual(first);
    expect(first[0]).toEqual([
      { kind: 'ok' },
      '/buergerservice/hundesteuer/antrag/:num',
      '/buergerservice/hundesteuer/antrag/4711',
    ]);
  });
});
