import { describe, expect, it } from 'vitest';
import { SALT, UA } from '../test-support/fixtures.ts';
import { visitorHash } from './visitor-hash.ts';

// Expected values computed independently with OpenSSL:
// printf '%s\0%s\0%s' giessen 203.0.113.9 "$UA" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<salt hex>
describe('visitorHash', () => {
  it('is HMAC-SHA256 over site, IP and user agent keyed with the salt, first 16 hex chars', () => {
    expect(visitorHash(SALT, 'giessen', '203.0.113.9', UA.firefoxLinux)).toBe('a386149607a4c62e');
    expect(visitorHash(SALT, 'giessen', '203.0.113.9', UA.safariIphone)).toBe('526f7df19aac5fc8');
    expect(visitorHash(SALT, 'giessen', '127.0.0.1', UA.firefoxLinux)).toBe('1eee580c3d6f0afc');
  });

  it('changes completely with the salt, so ids of two days cannot be linked', () => {
    const nextDaySalt = Buffer.from('22'.repeat(32), 'hex');
    expect(visitorHash(nextDaySalt, 'giessen', '203.0.113.9', UA.firefoxLinux)).toBe('9496acafabee923a');
  });

  it('separates its inputs so that shifting characters between them changes the id', () => {
    expect(visitorHash(SALT, 'giessen', '1.2.3.4', 'x')).not.toBe(
      visitorHash(SALT, 'giessen', '1.2.3.', '4x'),
    );
  });
});
