import { describe, expect, it } from 'vitest';
import { parseTypedRows } from './warehouse.ts';

describe('parseTypedRows', () => {
  it('turns 64-bit integers into numbers and leaves digit strings alone', () => {
    const text = [
      '["service","visitors","confirm_ms","bounces"]',
      '["String","UInt64","Array(Float64)","Int64"]',
      '["99115001000000","42",[1.5,2],"-3"]',
      '',
    ].join('\n');
    expect(parseTypedRows(text)).toEqual([
      { service: '99115001000000', visitors: 42, confirm_ms: [1.5, 2], bounces: -3 },
    ]);
    expect(parseTypedRows('')).toEqual([]);
  });
});
