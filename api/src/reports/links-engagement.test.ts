/*
 * Which cell a row of the links and engagement answers is counted in. One truth must be one cell wherever it
 * appears: a file downloaded only on a service's pages is the same number asked with or without that service, and
 * two noises of it could be averaged away. A row of several services is another truth than its part on one service,
 * so it has a cell of its own.
 */
import { describe, expect, it } from 'vitest';
import type { CityEngagementRow } from '../queries/city-engagement.query.ts';
import type { CityLinkRow } from '../queries/city-links.query.ts';
import { engagementScope } from './city-engagement.ts';
import { linkScope } from './city-links.ts';

const DOG_TAX = '99036010000000';
const link = (services: number, one_service: string): CityLinkRow => ({
  kind: 'download',
  host: 'www.giessen.de',
  path: '/media/satzung.pdf',
  clicks: 3,
  visitors: 3,
  services,
  one_service,
});
const engaged = (part: 'page' | 'service', services: number, service: string): CityEngagementRow => ({
  part,
  path: '/buergerservice/hundesteuer',
  service,
  services,
  visitors: 3,
  visible_median_ms: 1000,
  scroll_median_pct: 50,
  visible_buckets: [3, 0, 0, 0, 0, 0],
  scroll_buckets: [0, 0, 3, 0, 0],
});

describe('the cell of a links row', () => {
  it('is the service’s when asked for it, or when every click was on its pages', () => {
    expect(linkScope('download', DOG_TAX, link(1, DOG_TAX))).toBe(`downloads:service:${DOG_TAX}`);
    expect(linkScope('download', null, link(1, DOG_TAX))).toBe(`downloads:service:${DOG_TAX}`);
    expect(linkScope('outbound', null, { ...link(1, DOG_TAX), kind: 'outbound' })).toBe(
      `outbound:service:${DOG_TAX}`,
    );
  });

  it('is the portal’s for clicks on pages of several services or of none, and for the folded row', () => {
    expect(linkScope('download', null, link(2, DOG_TAX))).toBe('downloads');
    expect(linkScope('download', null, link(1, ''))).toBe('downloads');
    expect([linkScope('download', null), linkScope('outbound', DOG_TAX)]).toEqual([
      'downloads',
      `outbound:service:${DOG_TAX}`,
    ]);
  });
});

describe('the cell of an engagement row', () => {
  it('is the service’s for a service page, and for a page whose reports were all on that service', () => {
    expect(engagementScope(null, engaged('service', 1, DOG_TAX))).toBe(`engagement:service:${DOG_TAX}`);
    expect(engagementScope(null, engaged('page', 1, DOG_TAX))).toBe(`engagement:service:${DOG_TAX}`);
    expect(engagementScope(DOG_TAX, engaged('page', 1, DOG_TAX))).toBe(`engagement:service:${DOG_TAX}`);
  });

  it('is the portal’s for a page of several services or of none', () => {
    expect(engagementScope(null, engaged('page', 2, DOG_TAX))).toBe('engagement');
    expect(engagementScope(null, engaged('page', 1, ''))).toBe('engagement');
  });
});
