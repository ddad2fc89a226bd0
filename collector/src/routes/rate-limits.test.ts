import { describe, expect, it } from 'vitest';
import { clientRateKey, FixedWindows } from './rate-limits.ts';

describe('FixedWindows', () => {
  it('allows max requests per window from its first request, then answers the seconds until it closes', () => {
    let now = 1_000_000;
    const w = new FixedWindows({ windowMs: 60_000, max: 2, now: () => now });
    expect(w.hit('a')).toBeUndefined();
    now += 10_000;
    expect(w.hit('a')).toBeUndefined();
    now += 500;
    expect(w.hit('a')).toBe(50);
    expect(w.hit('b')).toBeUndefined();
    now += 49_499;
    expect(w.hit('a')).toBe(1);
    now += 1;
    // The window opened at 1,000,000 closed at 1,060,000: a new one opens.
    expect(w.hit('a')).toBeUndefined();
    expect(w.hit('a')).toBeUndefined();
    expect(w.hit('a')).toBe(60);
  });

  it('remembers at most maxKeys keys, forgetting the least recently seen', () => {
    const w = new FixedWindows({ windowMs: 60_000, max: 1, maxKeys: 2, now: () => 0 });
    w.hit('a');
    w.hit('b');
    expect(w.hit('a')).toBe(60);
    // b is now the least recently seen: c takes its place, and b starts afresh.
    w.hit('c');
    expect(w.size).toBe(2);
    expect(w.hit('a')).toBe(60);
    expect(w.hit('b')).toBeUndefined();
  });
  it('forgets a key a whole window after its last request', () => {
    let now = 0;
    const w = new FixedWindows({ windowMs: 60_000, max: 1, now: () => now });
    w.hit('198.51.100.1');
    now = 30_000;
    w.hit('198.51.100.2');
    now = 60_000;
    // The first address's window closed and it sent nothing since: it is no longer held.
    w.hit('198.51.100.3');
    expect(w.size).toBe(2);
    now = 90_000;
    w.hit('198.51.100.3');
    expect(w.size).toBe(1);
  });
});

describe('clientRateKey', () => {
  it('is the IPv4 address, or the /64 network of an IPv6 address', () => {
    expect(clientRateKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientRateKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientRateKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientRateKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientRateKey('::1')).toBe('0:0:0:0::/64');
    expect(clientRateKey('fe80::')).toBe('fe80:0:0:0::/64');
  });
});
