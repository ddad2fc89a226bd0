import { describe, expect, it } from 'vitest';
import { cleanUrl, pattern } from './url.ts';

describe('cleanUrl', () => {
  it('strips every query parameter and the fragment by default', () => {
    expect(cleanUrl(pattern(), 'https://www.giessen.de/suche?q=Erika+Musterfrau&mail=a%40b.de#treffer')).toBe(
      'https://www.giessen.de/suche',
    );
  });

  it('keeps allow-listed parameters, with all their values, in their order', () => {
    expect(cleanUrl(pattern('lang, tab'), 'https://www.giessen.de/a?name=x&lang=en&tab=2&lang=de#top')).toBe(
      'https://www.giessen.de/a?lang=en&tab=2&lang=de',
    );
  });

  it('never keeps a parameter without a name, whatever the list; * works for parameter names too', () => {
    expect(cleanUrl(pattern(), 'https://www.giessen.de/a?=Erika&lang=de')).toBe('https://www.giessen.de/a');
    expect(cleanUrl(pattern('lang,'), 'https://www.giessen.de/a?=Erika&lang=de')).toBe(
      'https://www.giessen.de/a?lang=de',
    );
    expect(cleanUrl(pattern('utm_*'), 'https://www.giessen.de/a?utm_source=x&utm=y&name=z')).toBe(
      'https://www.giessen.de/a?utm_source=x',
    );
  });

  it('leaves URLs without query alone, whatever their length (the collector cuts them)', () => {
    expect(cleanUrl(pattern(), 'https://formulare.giessen.de/hundesteuer/schritt-1')).toBe(
      'https://formulare.giessen.de/hundesteuer/schritt-1',
    );
    expect(cleanUrl(pattern(), `https://www.giessen.de/${'a'.repeat(3000)}`)).toHaveLength(3023);
  });
});

describe('pattern', () => {
  it('matches whole paths; * stands for any characters', () => {
    const p = pattern('/intern/*, /entwurf,/*/vorschau');
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
    const p = pattern('/a.b/(x)+?, /straße/ä|ö, /%C3%A4$');
    expect(['/a.b/(x)+?', '/straße/ä|ö', '/%C3%A4$'].map((x) => p.test(x))).toEqual([true, true, true]);
    expect(['/aXb/x', '/straße/ä', 'ö', '/%C3%A4'].map((x) => p.test(x))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('separates by commas, spaces, tabs and line breaks', () => {
    const p = pattern('/a,\t/b\n /c');
    expect(['/a', '/b', '/c', '/a,'].map((x) => p.test(x))).toEqual([true, true, true, false]);
  });

  it('matches no page without patterns, and ignores empty ones from stray commas', () => {
    expect(pattern().test('/')).toBe(false);
    expect(pattern(',/a,').test('/b')).toBe(false);
  });
});
