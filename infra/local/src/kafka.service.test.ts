import { describe, expect, it } from 'vitest';
import { clusterIdFor } from './kafka.service.ts';

describe('clusterIdFor', () => {
  it('makes 22-character base64url ids that never start with "-" (StorageTool would take one for an option)', () => {
    // 64 × 64 draws: with one id in 64 starting with '-', a generator that did not avoid it fails here for sure.
    const ids = Array.from({ length: 4096 }, clusterIdFor);
    expect(ids.filter((id) => !/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
