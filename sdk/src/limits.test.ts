import * as contract from '@godonu/contract';
import { expect, it } from 'vitest';
import * as sdk from './limits.ts';

it('copies the contract limits exactly', () => {
  expect({
    MAX_EVENTS_PER_BATCH: sdk.MAX_EVENTS_PER_BATCH,
    MAX_URL_LENGTH: sdk.MAX_URL_LENGTH,
    MAX_NAME_LENGTH: sdk.MAX_NAME_LENGTH,
    MAX_CUSTOM_PROPS: sdk.MAX_CUSTOM_PROPS,
    MAX_PROP_STRING_LENGTH: sdk.MAX_PROP_STRING_LENGTH,
    MAX_STEPS: sdk.MAX_STEPS,
    MAX_DURATION_MS: sdk.MAX_DURATION_MS,
  }).toEqual({
    MAX_EVENTS_PER_BATCH: contract.MAX_EVENTS_PER_BATCH,
    MAX_URL_LENGTH: contract.MAX_URL_LENGTH,
    MAX_NAME_LENGTH: contract.MAX_NAME_LENGTH,
    MAX_CUSTOM_PROPS: contract.MAX_CUSTOM_PROPS,
    MAX_PROP_STRING_LENGTH: contract.MAX_PROP_STRING_LENGTH,
    MAX_STEPS: contract.MAX_STEPS,
    MAX_DURATION_MS: contract.MAX_DURATION_MS,
  });
});

it('keeps its own bounds inside the contract', () => {
  expect(sdk.FLUSH_COUNT).toBeLessThanOrEqual(contract.MAX_EVENTS_PER_BATCH);
  expect(sdk.MAX_QUEUED_EVENTS).toBeGreaterThanOrEqual(sdk.MAX_EVENTS_PER_BATCH);
});
