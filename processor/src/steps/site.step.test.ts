import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { SHARED_FORM_HOST, sitesFixture } from '../../test/sites.fixture.ts';
import { indexSites } from './site.step.ts';

describe('site index', () => {
  const sites = indexSites(parseSitesConfig(JSON.stringify(sitesFixture)));

  it('names every city that lists a portal host, in file order, and none for an unknown host', () => {
    expect(
      [SHARED_FORM_HOST, 'WWW.GIESSEN.DE', 'www.fulda.de', 'www.kassel.de'].map((host) => [
        ...sites.portalHostCities(host),
      ]),
    ).toEqual([['giessen', 'fulda'], ['giessen'], ['fulda'], []]);
  });
});
