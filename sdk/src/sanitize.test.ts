import { identifier as contractIdentifier } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { identifier, KEY, leika, props, steps } from './sanitize.ts';

describe('identifier', () => {
  it('keeps contract identifiers as they are', () => {
    expect(identifier('person[plz]')).toBe('person[plz]');
    expect(identifier('straße.nr:2-a_b')).toBe('straße.nr:2-a_b');
  });

  it('replaces other characters and cuts at 64, so that the contract accepts the result', () => {
    const cases: [unknown, string][] = [
      ['E-Mail Adresse', 'E-Mail_Adresse'],
      ['prüfen & senden', 'prüfen___senden'],
      ['x'.repeat(70), 'x'.repeat(64)],
      [42, '42'],
    ];
    for (const [input, expected] of cases) {
      expect(identifier(input)).toBe(expected);
      expect(contractIdentifier.safeParse(expected).success).toBe(true);
    }
  });

  it('gives "" (absent) for nothing', () => {
    expect([identifier(''), identifier(null), identifier(undefined)]).toEqual(['', '', '']);
  });
});

describe('leika', () => {
  it('accepts 14 digits only', () => {
    expect(leika('99036010000000')).toBe('99036010000000');
    expect(leika(99036010000000)).toBe('99036010000000');
    expect([
      leika('9903601000000'),
      leika('990360100000001'),
      leika(' 99036010000000'),
      leika(undefined),
    ]).toEqual(['', '', '', '']);
  });
});

describe('props', () => {
  it('keeps the first ten valid keys; booleans and finite numbers stay, the rest become short strings', () => {
    const input: Record<string, unknown> = {
      treffer: 3,
      exakt: true,
      begriff: 'x'.repeat(130),
      Gross: 'dropped: key not lowercase',
      '1st': 'dropped: key starts with a digit',
      unendlich: Number.POSITIVE_INFINITY,
      leer: null,
      objekt: { a: 1 },
    };
    for (let i = 0; i < 8; i++) input[`k${i}`] = i;
    expect(props(input)).toEqual({
      treffer: 3,
      exakt: true,
      begriff: 'x'.repeat(128),
      unendlich: 'Infinity',
      leer: 'null',
      objekt: '[object Object]',
      k0: 0,
      k1: 1,
      k2: 2,
      k3: 3,
    });
  });

  it('uses the contract key pattern', () => {
    expect([
      KEY.test('a'),
      KEY.test(`a${'b'.repeat(31)}`),
      KEY.test(`a${'b'.repeat(32)}`),
      KEY.test('_a'),
    ]).toEqual([true, true, false, false]);
  });
});

describe('steps', () => {
  it('accepts whole numbers with 1 ≤ index ≤ count ≤ 50, also as strings', () => {
    expect(steps(1, 3)).toEqual([1, 3]);
    expect(steps('2', '3')).toEqual([2, 3]);
    expect(steps(50, 50)).toEqual([50, 50]);
  });

  it('refuses everything else', () => {
    for (const [i, n] of [
      [0, 3],
      [4, 3],
      [1, 51],
      [1.5, 3],
      [1, 3.5],
      ['x', 3],
      ['', undefined],
      [null, 3],
    ])
      expect(steps(i, n)).toEqual([]);
  });
});
