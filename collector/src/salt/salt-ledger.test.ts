import { describe, expect, it } from 'vitest';
import { PROPOSAL_LEAD_MS, SaltLedger } from './salt-ledger.ts';

const day = '2025-11-24';
const dayStartMs = Date.UTC(2025, 10, 24);
const salt = (c: string) => c.repeat(64);
const rec = (s: string, d = day, site = 'giessen') => ({ v: 1, day: d, site, salt: s });

describe('SaltLedger', () => {
  it('takes the first valid proposal for a (day, site) and ignores later ones', () => {
    const ledger = new SaltLedger();
    expect(ledger.apply(rec(salt('a')), dayStartMs, day)).toBe(true);
    expect(ledger.apply(rec(salt('b')), dayStartMs + 1, day)).toBe(false);
    expect(ledger.get(day, 'giessen')?.toString('hex')).toBe(salt('a'));
    expect(ledger.get(day, 'fulda')).toBeUndefined();
  });

  it('ignores malformed records, so a garbage record cannot win', () => {
    const ledger = new SaltLedger();
    for (const bad of [
      null,
      'x',
      { ...rec(salt('a')), salt: 'short' },
      { ...rec(salt('a')), extra: 1 },
      rec('A'.repeat(64)),
    ]) {
      expect(ledger.apply(bad, dayStartMs, day)).toBe(false);
    }
    expect(ledger.apply(rec(salt('c')), dayStartMs, day)).toBe(true);
    expect(ledger.get(day, 'giessen')?.toString('hex')).toBe(salt('c'));
  });

  it('only counts proposals the log stamped between the lead time before the day and its end', () => {
    const ledger = new SaltLedger();
    expect(ledger.apply(rec(salt('a')), dayStartMs - PROPOSAL_LEAD_MS - 1, '2025-11-23')).toBe(false);
    expect(ledger.apply(rec(salt('b')), dayStartMs + 86_400_000, day)).toBe(false);
    expect(ledger.apply(rec(salt('c')), dayStartMs - PROPOSAL_LEAD_MS, '2025-11-23')).toBe(true);
    expect(ledger.get(day, 'giessen')?.toString('hex')).toBe(salt('c'));
  });

  it('never takes up a past day again, even while its record still waits in the log', () => {
    const ledger = new SaltLedger();
    expect(ledger.apply(rec(salt('a'), '2025-11-23'), dayStartMs - 3_600_000, day)).toBe(false);
    expect(ledger.days()).toEqual([]);
  });

  it('destroys past days: overwrites the key bytes and drops them', () => {
    const ledger = new SaltLedger();
    ledger.apply(rec(salt('a')), dayStartMs, day);
    ledger.apply(rec(salt('b'), '2025-11-25'), dayStartMs + 86_000_000, day);
    const old = ledger.get(day, 'giessen') as Buffer;
    expect(ledger.forgetBefore('2025-11-25')).toBe(1);
    expect(old.equals(Buffer.alloc(32))).toBe(true);
    expect(ledger.days()).toEqual(['2025-11-25']);
  });
});
