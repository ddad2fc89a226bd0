import { describe, expect, it } from 'vitest';
import type { AnnotationRow } from '../queries/annotations.query.ts';
import { annotationOf, createdVersion, nextVersion } from './annotations.store.ts';

const AT = new Date('2025-03-10T12:00:00.000Z');
const input = {
  day: '2025-03-03',
  service: '99115001000000',
  text: ' Formular überarbeitet ',
  shared: false,
};

describe('versions of an annotation', () => {
  const first = createdVersion('giessen', input, 'k1', AT);

  it('starts at the time of writing, with the text trimmed and the key that wrote it', () => {
    expect({ ...first, id: 'id' }).toEqual({
      id: 'id',
      site: 'giessen',
      day: '2025-03-03',
      service: '99115001000000',
      text: 'Formular überarbeitet',
      shared: false,
      created_at: '2025-03-10 12:00:00.000',
      updated_at: '2025-03-10 12:00:00.000',
      created_by: 'k1',
      updated_by: 'k1',
      version: AT.getTime(),
      deleted: false,
    });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('numbers each later version above the one before, even when the clock stands still or steps back', () => {
    const edit = nextVersion(first, { ...input, service: null, shared: true }, 'k2', AT);
    expect(edit).toEqual({
      ...first,
      service: '',
      shared: true,
      updated_at: '2025-03-10 12:00:00.001',
      updated_by: 'k2',
      version: AT.getTime() + 1,
    });
    const earlier = new Date(AT.getTime() - 60_000);
    const deletion = nextVersion(edit, null, 'k1', earlier);
    expect(deletion).toEqual({
      ...edit,
      updated_at: '2025-03-10 12:00:00.002',
      updated_by: 'k1',
      version: AT.getTime() + 2,
      deleted: true,
    });
    const later = new Date(AT.getTime() + 5_000);
    expect(nextVersion(first, input, 'k1', later).version).toBe(later.getTime());
  });

  it('shows the key ids to the city itself and admins only', () => {
    const row: AnnotationRow = { ...first, id: '0b6c1d1e-7d4f-4d43-9b0e-2a3f4c5d6e7f' };
    const full = annotationOf(row, true);
    expect(full).toEqual({
      id: '0b6c1d1e-7d4f-4d43-9b0e-2a3f4c5d6e7f',
      city: 'giessen',
      day: '2025-03-03',
      service: '99115001000000',
      text: 'Formular überarbeitet',
      shared: false,
      createdAt: '2025-03-10T12:00:00.000Z',
      updatedAt: '2025-03-10T12:00:00.000Z',
      createdBy: 'k1',
      updatedBy: 'k1',
    });
    expect(annotationOf(row, false)).toEqual({ ...full, createdBy: null, updatedBy: null });
    expect(annotationOf({ ...row, service: '' }, true).service).toBeNull();
  });
});
