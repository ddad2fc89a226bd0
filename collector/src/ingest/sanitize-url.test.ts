import { describe, expect, it } from 'vitest';
import { referrerHost, sanitizeUrl } from './sanitize-url.ts';

const lang = new Set(['lang']);
const none = new Set<string>();

describe('sanitizeUrl', () => {
  it.each([
    ['https://www.giessen.de/a?name=Max%20Muster&lang=de#step2', lang, 'https://www.giessen.de/a?lang=de'],
    ['https://www.giessen.de/a?name=Max&lang=de', none, 'https://www.giessen.de/a'],
    ['https://user:secret@www.giessen.de/a', lang, 'https://www.giessen.de/a'],
    ['https://www.giessen.de', lang, 'https://www.giessen.de'],
    ['https://www.giessen.de?x=1', lang, 'https://www.giessen.de/'],
    ['/buergerservice/hundesteuer?case=4711&lang=en', lang, '/buergerservice/hundesteuer?lang=en'],
    ['/formular?email=a%40b.de', lang, '/formular'],
    ['/seite#anker', lang, '/seite'],
    ['?q=x', lang, '/'],
    ['#only', lang, '/'],
    ['mailto:buergerbuero@giessen.de?subject=Antrag', lang, 'mailto::email'],
    ['/a?lang=de&lang=en&x=1', lang, '/a?lang=de&lang=en'],
    // Paths are templated, on the fast path (no query) and after a parse alike.
    ['https://www.giessen.de/profil/max-mustermann', lang, 'https://www.giessen.de/profil/:name'],
    [
      'https://www.giessen.de/akte/AZ-2024-00815/status?name=Erika',
      lang,
      'https://www.giessen.de/akte/:id/status',
    ],
    ['https://user:pw@www.giessen.de/p/Anna.Schmidt/4711#s', lang, 'https://www.giessen.de/p/:name/:num'],
    ['/vorgang/k7x9q2?lang=de', lang, '/vorgang/:id?lang=de'],
    ['/buergerservice/hundesteuer-anmelden', lang, '/buergerservice/hundesteuer-anmelden'],
  ])('%s', (raw, allow, expected) => {
    expect(sanitizeUrl(raw, allow)).toBe(expected);
  });
});

describe('referrerHost', () => {
  it.each([
    ['https://www.google.com/search?q=hundesteuer+giessen', 'www.google.com'],
    ['http://portal.example:8080/path', 'portal.example'],
    ['https://WWW.Giessen.DE/', 'www.giessen.de'],
    ['android-app://com.google.android.gm/', 'com.google.android.gm'],
    ['https://user:pw@host.example/', 'host.example'],
  ])('%s → %s', (ref, host) => {
    expect(referrerHost(ref)).toBe(host);
  });

  it.each([
    undefined,
    '',
    '/relative/path',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'not a url',
    'https://',
  ])('has no host for %j', (ref) => {
    expect(referrerHost(ref)).toBeNull();
  });
});
