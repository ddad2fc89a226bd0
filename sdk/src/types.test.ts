import type {
  COMPACT_FIELDS,
  FeedbackContext as ContractFeedbackContext,
  FoundAnswer as ContractFoundAnswer,
} from '@godonu/contract';
import { expectTypeOf, it } from 'vitest';
import type { FeedbackContext, FoundAnswer, Rating } from './types.ts';

// The SDK's published types cannot name the contract (a private package), so they copy its words; the
// typecheck fails here when the two drift apart.
it('names the answers of a rating as the contract does', () => {
  expectTypeOf<FoundAnswer>().toEqualTypeOf<ContractFoundAnswer>();
  expectTypeOf<FeedbackContext>().toEqualTypeOf<ContractFeedbackContext>();
  expectTypeOf<keyof Rating>().toEqualTypeOf<(typeof COMPACT_FIELDS.rating)[number]>();
});
