import { describe, expect, it } from 'vitest';
import { normalizeIp } from './normalize-ip.ts';

describe('normalizeIp', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:CB00:7109', '203.0.113.9'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });

  it.each(['', 'localhost', '999.1.1.1', '1.2.3', 'http://[::1]/', '::1]/x'])('rejects %j', (raw) => {
    expect(normalizeIp(raw)).toBeUndefined();
  });
});
