import { describe, expect, it } from 'vitest';
import { isClosedPeriod } from '../warehouse-cache.ts';
import { annotationQuery, annotationsQuery } from './annotations.query.ts';

const MARCH = { site: 'giessen', firstDay: '2025-03-01', lastDay: '2025-03-31' };

describe('annotation queries', () => {
  it('filter after FINAL has chosen each annotation’s newest version: an edit that left the period is not in it', () => {
    const q = annotationsQuery({ ...MARCH, service: null, sharedOnly: false });
    expect(q.query).toContain(
      'SELECT * FROM (SELECT * FROM annotations_v1 FINAL WHERE site = {site:String})',
    );
    expect(q.query).toContain('WHERE NOT deleted AND day BETWEEN {firstDay:Date} AND {lastDay:Date}');
    expect(q.params).toEqual({ site: 'giessen', firstDay: '2025-03-01', lastDay: '2025-03-31' });
  });

  it('narrow to a service with the whole portal’s, and to the shared ones, only when asked', () => {
    const q = annotationsQuery({ ...MARCH, service: '99115001000000', sharedOnly: true });
    expect(q.query).toContain("AND service IN ('', {service:String}) AND shared");
    expect(q.params).toEqual({ ...MARCH, service: '99115001000000' });
    expect(annotationsQuery({ ...MARCH, service: null, sharedOnly: false }).query).not.toMatch(
      /\{service:String\}|AND shared/,
    );
  });

  it('are never kept by the result cache: an edit of a closed month shows at once', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    expect(isClosedPeriod(annotationsQuery({ ...MARCH, service: null, sharedOnly: false }), now)).toBe(false);
    expect(isClosedPeriod(annotationQuery({ site: 'giessen', id: 'x' }), now)).toBe(false);
  });

  it('find one annotation by its id, deleted or not, in its own city only', () => {
    const q = annotationQuery({ site: 'giessen', id: '0b6c1d1e-7d4f-4d43-9b0e-2a3f4c5d6e7f' });
    expect(q.query).toContain('WHERE site = {site:String})');
    expect(q.query).toContain('WHERE annotation_id = toUUIDOrZero({id:String})');
    expect(q.params).toEqual({ site: 'giessen', id: '0b6c1d1e-7d4f-4d43-9b0e-2a3f4c5d6e7f' });
  });
});
