import { describe, expect, it } from 'vitest';
import { cleanUrl, pathPattern } from './url.ts';

describe('cleanUrl', () => {
  it('strips every query parameter and the fragment by default', () => {
    expect(cleanUrl('https://www.giessen.de/suche?q=Erika+Musterfrau&mail=a%40b.de#treffer', [])).toBe(
      'https://www.giessen.de/suche',
    );
  });

  it('keeps allow-listed parameters, with all their values, in their order', () => {
    expect(cleanUrl('https://www.giessen.de/a?name=x&lang=en&tab=2&lang=de#top', ['lang', 'tab'])).toBe(
      'https://www.giessen.de/a?lang=en&tab=2&lang=de',
    );
  });

  it('leaves URLs without query alone and cuts at the contract length', () => {
    expect(cleanUrl('https://formulare.giessen.de/hundesteuer/schritt-1', [])).toBe(
      'https://formulare.giessen.de/hundesteuer/schritt-1',
    );
    expect(cleanUrl(`https://www.giessen.de/${'a'.repeat(3000)}`, [])).toHaveLength(2048);
  });
});

describe('pathPattern', () => {
  it('matches whole paths; * stands for any characters', () => {
    const p = pathPattern(['/intern/*', '/entwurf', '/*/vorschau']);
    expect(
      ['/intern/', '/intern/statistik/2024', '/entwurf', '/seite/vorschau'].map((x) => p.test(x)),
    ).toEqual([true, true, true, true]);
    expect(['/', '/internet', '/entwurf/2', '/a/entwurf'].map((x) => p.test(x))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('takes everything but * literally', () => {
    const p = pathPattern(['/a.b/(x)+?']);
    expect([p.test('/a.b/(x)+?'), p.test('/aXb/x')]).toEqual([true, false]);
  });

  it('matches no page without patterns, and ignores empty ones from stray commas', () => {
    expect(pathPattern([]).test('/')).toBe(false);
    expect(pathPattern(['', '/a']).test('/b')).toBe(false);
  });
});
