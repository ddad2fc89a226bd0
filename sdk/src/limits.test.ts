import * as contract from '@godonu/contract';
import { expect, it } from 'vitest';
import * as sdk from './limits.ts';

it('copies the contract batch limit exactly', () => {
  expect(sdk.MAX_EVENTS_PER_BATCH).toBe(contract.MAX_EVENTS_PER_BATCH);
});

it('keeps its own bounds inside the contract', () => {
  expect(sdk.FLUSH_COUNT).toBeLessThanOrEqual(contract.MAX_EVENTS_PER_BATCH);
  expect(sdk.MAX_QUEUED_EVENTS).toBeGreaterThanOrEqual(sdk.MAX_EVENTS_PER_BATCH);
});
