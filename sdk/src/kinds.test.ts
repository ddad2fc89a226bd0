import { COMPACT_KINDS } from '@godonu/contract';
import { expect, it } from 'vitest';
import { Kind } from './kinds.ts';

it('numbers the event kinds as the contract does', () => {
  expect(COMPACT_KINDS.map((name) => Kind[name])).toEqual(COMPACT_KINDS.map((_, i) => i));
  expect(Object.keys(Kind).filter((k) => Number.isNaN(+k))).toEqual([...COMPACT_KINDS]);
});
