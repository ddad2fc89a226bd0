import { describe, expect, it } from 'vitest';
import { annotationInput, annotationText } from './annotation.schema.ts';
import { characters, storedText, TEXT_PATTERN } from './annotation-text.ts';

describe('the text of an annotation', () => {
  it.each([
    ['Formular überarbeitet', 'Formular überarbeitet'],
    ['  Pressemitteilung  ', 'Pressemitteilung'],
    ['\u00a0Sperrmüll: neue Termine\u3000', 'Sperrmüll: neue Termine'],
    ['Wartung 02:00–04:00 📈', 'Wartung 02:00–04:00 📈'],
    ['=SUMME(A1)', '=SUMME(A1)'],
    ['x'.repeat(200), 'x'.repeat(200)],
    ['😀'.repeat(200), '😀'.repeat(200)],
  ])('takes %j and stores it as %j', (text, stored) => {
    expect(annotationText.safeParse(text).success).toBe(true);
    expect(storedText(text)).toBe(stored);
  });

  it.each([
    ['empty', ''],
    ['spaces only', ' \u00a0\u2003 '],
    ['a tab', 'a\tb'],
    ['a line break', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a C1 control', 'a\u0085b'],
    ['a line separator', 'a\u2028b'],
    ['a right-to-left override', 'a\u202eb'],
    ['a right-to-left isolate', 'a\u2067b'],
    ['a byte order mark', '\ufeffa'],
    ['a lone surrogate', 'a\ud800b'],
    ['201 characters', 'x'.repeat(201)],
    ['201 emoji', '😀'.repeat(201)],
  ])('refuses %s', (_what, text) => {
    expect(annotationText.safeParse(text).success).toBe(false);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(['abc', 'Gießen', '😀😀'].map(characters)).toEqual([3, 6, 2]);
  });

  it('states the same rule in the OpenAPI pattern: JavaScript without the u flag reads it alike on these texts', () => {
    const plain = new RegExp(TEXT_PATTERN.source);
    for (const text of ['Formular', '  a ', '', ' ', 'a\nb', 'a\u202eb', 'ä ö ü'])
      expect([text, plain.test(text)]).toEqual([text, TEXT_PATTERN.test(text)]);
  });
});

describe('the body of POST and PUT', () => {
  const input = annotationInput(['99115001000000', '99036010000000']);

  it('fills the defaults: the whole portal, not shared', () => {
    expect(input.parse({ day: '2025-03-03', text: 'Pressemitteilung' })).toEqual({
      day: '2025-03-03',
      service: null,
      text: 'Pressemitteilung',
      shared: false,
    });
  });

  it('takes a service of the catalog only', () => {
    expect(input.safeParse({ day: '2025-03-03', text: 'x', service: '99036010000000' }).success).toBe(true);
    expect(input.safeParse({ day: '2025-03-03', text: 'x', service: '99107003000000' }).success).toBe(false);
  });
});
