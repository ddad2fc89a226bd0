import { describe, expect, it } from 'vitest';
import { finalise } from './rollup-recount.ts';

describe('finalise', () => {
  it('sums, maxes and takes the last value of SimpleAggregateFunction columns', () => {
    expect(finalise('pageviews', 'SimpleAggregateFunction(sum, UInt64)')).toBe('sum(`pageviews`)');
    expect(finalise('steps', 'SimpleAggregateFunction(max, UInt8)')).toBe('max(`steps`)');
    expect(finalise('step_name', 'SimpleAggregateFunction(anyLast, String)')).toBe('anyLast(`step_name`)');
  });

  it('merges AggregateFunction states with their parameters', () => {
    expect(finalise('visitors', 'AggregateFunction(uniqCombined(14), UInt64)')).toBe(
      'uniqCombinedMerge(14)(`visitors`)',
    );
    expect(
      finalise('submit_ms', 'AggregateFunction(quantilesExactInclusive(0.25, 0.5, 0.75, 0.9), UInt32)'),
    ).toBe('quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)(`submit_ms`)');
    expect(finalise('visitors', 'AggregateFunction(uniq, UInt64)')).toBe('uniqMerge(`visitors`)');
  });

  it('refuses key columns and odd names', () => {
    expect(() => finalise('site', 'LowCardinality(String)')).toThrow('not an aggregate column type');
    expect(() => finalise('a`b', 'SimpleAggregateFunction(sum, UInt64)')).toThrow('unexpected identifier');
  });
});
