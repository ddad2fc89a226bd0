import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COUNTRY_CODE } from '@godonu/contract';
import { type CountryResponse, Reader } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import {
  COUNTRY_DATABASE_PACKAGE,
  defaultCountryDatabaseFile,
  openCountryDatabase,
} from './country-lookup.ts';

/*
 * Expected countries are those of the shipped data set (@ip-location-db/geo-whois-asn-country-mmdb
 * 2.3.2026061719, built 2026-06-17), checked address by address; a new version of the package may move one.
 */
const countries = openCountryDatabase();
/** The data set as it is, without the lookup's rules: what the lookup corrects. */
const raw = new Reader<CountryResponse>(readFileSync(defaultCountryDatabaseFile()));
const rawCode = (ip: string) => (raw.get(ip) as { country_code?: string } | null)?.country_code;

describe('country(ip)', () => {
  it.each([
    ['193.99.144.80', 'DE', 'heise.de, Hannover'],
    ['2003::1', 'DE', 'Deutsche Telekom, 2003::/19'],
    ['194.232.104.150', 'AT', 'orf.at, Vienna'],
    ['212.27.40.240', 'FR', 'Free SAS resolver'],
    ['2a01:e0c:1::1', 'FR', 'Free SAS, 2a01:e00::/26'],
    ['8.8.8.8', 'US', 'Google Public DNS'],
    ['2001:4860:4860::8888', 'US', 'Google Public DNS over IPv6'],
  ])('%s → %s (%s)', (ip, code) => {
    expect(countries.country(ip)).toBe(code);
  });

  it.each([
    ['::ffff:193.99.144.80', 'DE'],
    ['::FFFF:C163:9050', 'DE'],
    ['::ffff:194.232.104.150', 'AT'],
    ['::ffff:10.0.0.1', 'ZZ'],
    ['::ffff:127.0.0.1', 'ZZ'],
  ])('reads IPv4-mapped IPv6 %s as its IPv4 address → %s', (ip, code) => {
    expect(countries.country(ip)).toBe(code);
  });

  it.each([
    // Private, shared (CGNAT), loopback, link-local, "this network", multicast, broadcast.
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.1.1',
    '0.0.0.0',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    // Documentation and benchmarking networks.
    '192.0.2.1',
    '198.51.100.23',
    '203.0.113.9',
    '198.18.0.1',
    // IPv6 loopback, unspecified, link-local, unique local, multicast, documentation, IETF protocol assignments.
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fd00::1',
    'ff02::1',
    '2001:db8::1',
    '3fff::1',
    '2001:2::1',
    // Not an address.
    '',
    'garbage',
    '1.2.3',
    '999.1.1.1',
    '193.99.144.80.1',
    ' 193.99.144.80',
    'localhost',
  ])('%j → ZZ', (ip) => {
    expect(countries.country(ip)).toBe('ZZ');
  });

  it.each([
    ['172.15.255.255', 'US'],
    ['172.16.0.0', 'ZZ'],
    ['172.31.255.255', 'ZZ'],
    ['172.32.0.0', 'US'],
    ['100.63.255.255', 'US'],
    ['100.64.0.0', 'ZZ'],
    ['100.127.255.255', 'ZZ'],
    ['100.128.0.0', 'US'],
    ['198.17.255.255', 'US'],
    ['198.18.0.0', 'ZZ'],
    ['198.19.255.255', 'ZZ'],
    ['198.20.0.0', 'US'],
    ['223.255.255.255', 'AU'],
    ['224.0.0.0', 'ZZ'],
    ['2001:1ff:ffff::1', 'ZZ'],
    ['2001:200::1', 'AU'],
    ['2001:db7:ffff::1', 'AU'],
    ['2001:db8:ffff::1', 'ZZ'],
    ['2001:db9::1', 'AU'],
    ['1fff:ffff::1', 'ZZ'],
    ['2a00::1', 'DE'],
  ])('draws the border of the reserved networks exactly: %s → %s', (ip, code) => {
    expect(countries.country(ip)).toBe(code);
  });

  it('answers ZZ where the data set places networks no client connects from in a country', () => {
    const wrong = ['172.16.0.1', '192.168.1.1', '203.0.113.9', '2001:db8::1', '2001:2::1'];
    expect(wrong.map(rawCode)).toEqual(['AU', 'AU', 'AU', 'JP', 'JP']);
    expect(wrong.map((ip) => countries.country(ip))).toEqual(['ZZ', 'ZZ', 'ZZ', 'ZZ', 'ZZ']);
    // The reader alone reads "1.2.3" as an address.
    expect(rawCode('1.2.3')).toBe('PL');
  });

  it('answers ZZ for codes that are no ISO 3166-1 country: withdrawn (AN), user-assigned (XK)', () => {
    const odd = ['2401:b60:1a10::1', '95.210.181.1'];
    expect(odd.map(rawCode)).toEqual(['AN', 'XK']);
    expect(odd.map((ip) => countries.country(ip))).toEqual(['ZZ', 'ZZ']);
  });

  it('always answers a code the Kafka record accepts', () => {
    // mulberry32: a fixed seed, the same addresses on every run.
    let seed = 15;
    const byte = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) & 255;
    };
    const hex = () => ((byte() << 8) | byte()).toString(16);
    const found = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const ip of [
        `${byte()}.${byte()}.${byte()}.${byte()}`,
        `2${hex().slice(-3)}:${hex()}:${hex()}::${hex()}`,
      ]) {
        const code = countries.country(ip);
        expect(code).toMatch(COUNTRY_CODE);
        found.add(code);
      }
    }
    // Random addresses land in many countries, and some in none.
    expect(found.size).toBeGreaterThan(50);
    expect(found.has('ZZ')).toBe(true);
  });
});

describe('openCountryDatabase', () => {
  it('opens the shipped data set from its package, with the date it was built', () => {
    expect(countries.file).toMatch(
      /@ip-location-db\/geo-whois-asn-country-mmdb\/geo-whois-asn-country\.mmdb$/,
    );
    expect(countries.builtAt.toISOString()).toBe('2026-06-17T19:51:40.000Z');
  });

  it('opens another MMDB file instead (COLLECTOR_COUNTRY_DATABASE): an IPv4-only one answers ZZ for IPv6', () => {
    const ipv4Only = createRequire(import.meta.url).resolve(
      `${COUNTRY_DATABASE_PACKAGE}/geo-whois-asn-country-ipv4.mmdb`,
    );
    const other = openCountryDatabase(ipv4Only);
    expect(other.file).toBe(ipv4Only);
    expect(other.country('193.99.144.80')).toBe('DE');
    expect(other.country('::ffff:193.99.144.80')).toBe('DE');
    expect(other.country('2003::1')).toBe('ZZ');
  });

  it('fails, naming the file and what to do, when the file is missing or no MMDB file', () => {
    expect(() => openCountryDatabase('/nonexistent/countries.mmdb')).toThrow(
      /^cannot open the country database \/nonexistent\/countries\.mmdb: ENOENT: no such file or directory.*Set COLLECTOR_COUNTRY_DATABASE to an MMDB file with country codes, or unset it/,
    );
    const notMmdb = createRequire(import.meta.url).resolve(`${COUNTRY_DATABASE_PACKAGE}/package.json`);
    expect(() => openCountryDatabase(notMmdb)).toThrow(`cannot open the country database ${notMmdb}: `);
  });
});
