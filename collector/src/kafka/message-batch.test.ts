import { describe, expect, it } from 'vitest';
import { decodeMessages, encodeMessages } from './message-batch.ts';

describe('encodeMessages / decodeMessages', () => {
  it('round-trips messages whose values hold escaped line breaks, quotes and non-ASCII text', () => {
    const messages = [
      {
        key: 'giessen:0123456789abcdef',
        timestamp: '1764000000000',
        value: JSON.stringify({ label: 'Zeile 1\nZeile 2\r\n"Übergabe" \u2028 😀' }),
      },
      { key: 'marburg:fedcba9876543210', timestamp: '1764000000001', value: '{}' },
    ];
    const text = encodeMessages(messages);
    expect(text.split('\n')).toHaveLength(7);
    expect(decodeMessages(text)).toEqual(messages);
  });

  it('encodes no messages as the empty string and decodes it back to none', () => {
    expect(encodeMessages([])).toBe('');
    expect(decodeMessages('')).toEqual([]);
  });
});
