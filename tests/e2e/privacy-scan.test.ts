import { describe, expect, it } from 'vitest';
import {
  findCountryValues,
  findEmailAddresses,
  findIpAddresses,
  findQueryStrings,
  findSecrets,
  findUserAgentMarkers,
  scanText,
} from './privacy-scan.ts';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

// What the pipeline legitimately stores: the processor's row of a page view and the collector's Kafka record.
const STORED_ROW = JSON.stringify({
  site: 'giessen',
  day: '2026-11-25',
  event_type: 'pageview',
  path: '/online-dienste/hundesteuer/schritt-1',
  ts: '2026-11-25 10:03:41.512',
  visitor: 'a3f09c11d2e4b567',
  referrer_host: 'www.google.de',
  channel_host: 'fulda.localhost',
  device: 'desktop',
  browser: 'chrome',
  os: 'linux',
});
const STORED_RECORD = JSON.stringify({
  v: 1,
  site: 'fulda',
  receivedAt: 1764065021512,
  visitor: 'da0b1c2d3e4f5a6b',
  event: { type: 'pageview', url: 'http://fulda.localhost:41234/buergerservice/hundesteuer?lang=de' },
});

describe('findIpAddresses', () => {
  it('finds IPv4, IPv6, IPv4-mapped and bracketed addresses', () => {
    expect(findIpAddresses('client 127.0.0.1 said')).toEqual(['127.0.0.1']);
    expect(findIpAddresses('{"ip":"198.51.100.23"}')).toEqual(['198.51.100.23']);
    expect(findIpAddresses('from ::1 and 2001:db8::8a2e:370:7334')).toEqual([
      '::1',
      '2001:db8::8a2e:370:7334',
    ]);
    expect(findIpAddresses('[::ffff:127.0.0.1]:443')).toEqual(['127.0.0.1', '::ffff:127.0.0.1']);
    expect(findIpAddresses('fe80:0:0:0:200:f8ff:fe21:67cf')).toEqual(['fe80:0:0:0:200:f8ff:fe21:67cf']);
  });

  it('leaves times, versions, ports, record keys and hashes alone', () => {
    expect(findIpAddresses(STORED_ROW)).toEqual([]);
    expect(findIpAddresses(STORED_RECORD)).toEqual([]);
    expect(findIpAddresses('fulda:da0b1c2d3e4f5a6b 10:00:00.000 v1.2.3 999.1.1.1 1.2.3.4.5')).toEqual([]);
  });
});

describe('findUserAgentMarkers', () => {
  it('finds a user-agent string by its product tokens', () => {
    expect(findUserAgentMarkers(CHROME)).toEqual([
      'Mozilla/',
      'AppleWebKit/',
      'KHTML, like Gecko',
      'Chrome/',
      'Safari/',
      'X11;',
    ]);
    expect(findUserAgentMarkers('rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual(['Gecko/', 'Firefox/']);
  });

  it('leaves browser, device and OS classes alone', () => {
    expect(findUserAgentMarkers(STORED_ROW)).toEqual([]);
    expect(findUserAgentMarkers('chrome firefox safari mobile ios')).toEqual([]);
  });
});

describe('findEmailAddresses', () => {
  it('finds plain and percent-encoded addresses', () => {
    expect(findEmailAddresses('Nachname: max.mustermann@example.org')).toEqual([
      'max.mustermann@example.org',
    ]);
    expect(findEmailAddresses('/a?email=max.mustermann%40example.org&x=1')).toEqual([
      'max.mustermann%40example.org',
    ]);
  });

  it('leaves hosts and paths alone', () => {
    expect(findEmailAddresses(STORED_ROW)).toEqual([]);
    expect(findEmailAddresses('www.example.org/kontakt an example')).toEqual([]);
  });
});

describe('findQueryStrings', () => {
  it('finds query strings with parameters that are not allowed', () => {
    expect(findQueryStrings('/buergerservice/hundesteuer?name=Max&email=x', ['lang'])).toEqual([
      '?name=Max&email=x',
    ]);
    expect(findQueryStrings('"url":"https://www.google.de/search?q=hundesteuer"', [])).toEqual([
      '?q=hundesteuer',
    ]);
    expect(findQueryStrings('/a?lang=de&name=Max', ['lang'])).toEqual(['?lang=de&name=Max']);
    expect(findQueryStrings('/media/satzung.pdf?stand=2024&amp;sitzung=42', [])).toEqual([
      '?stand=2024&amp;sitzung=42',
    ]);
  });

  it('lets allowed parameters, bare question marks and query-free URLs pass', () => {
    expect(findQueryStrings(STORED_RECORD, ['lang'])).toEqual([]);
    expect(findQueryStrings(STORED_ROW, [])).toEqual([]);
    expect(findQueryStrings('Wie zufrieden sind Sie? Sehr.', [])).toEqual([]);
  });
});

describe('findCountryValues', () => {
  const record = (country: unknown) => JSON.stringify({ v: 1, site: 'giessen', country, event: {} });

  it('lets two-letter codes pass, in a country column and in a record', () => {
    expect(findCountryValues({ where: 'clickhouse events.country', text: 'DE' })).toEqual([]);
    expect(findCountryValues({ where: 'clickhouse page_views_by_origin_v1.country', text: 'ZZ' })).toEqual(
      [],
    );
    expect(findCountryValues({ where: 'kafka godonu.events.v1[0]@3 value', text: record('AT') })).toEqual([]);
    // Records without the field (written before it existed), and other columns and texts.
    expect(findCountryValues({ where: 'kafka t[0]@1 value', text: STORED_RECORD })).toEqual([]);
    expect(findCountryValues({ where: 'clickhouse events.device', text: 'desktop' })).toEqual([]);
    expect(findCountryValues({ where: 'kafka t[0]@1 key', text: '{not json' })).toEqual([]);
  });

  it('finds anything else stored as a country', () => {
    expect(findCountryValues({ where: 'clickhouse events.country', text: 'Germany' })).toEqual(['Germany']);
    expect(findCountryValues({ where: 'clickhouse events.country', text: 'de' })).toEqual(['de']);
    expect(findCountryValues({ where: 'kafka t[0]@1 value', text: record('DE/Hessen') })).toEqual([
      '"DE/Hessen"',
    ]);
    expect(findCountryValues({ where: 'kafka t[0]@1 value', text: record({ ip: '::1' }) })).toEqual([
      '{"ip":"::1"}',
    ]);
  });
});

describe('findSecrets and scanText', () => {
  it('finds exact values only, case-sensitively', () => {
    expect(findSecrets('Vorname Erika', ['Erika', 'Musterfrau'])).toEqual(['Erika']);
    expect(findSecrets('erika', ['Erika'])).toEqual([]);
  });

  it('reports each finding with where it was found', () => {
    const rules = { secrets: ['Musterfrau', CHROME], allowedQueryParameters: ['lang'] };
    expect(scanText({ where: 'kafka t[0]@1 value', text: STORED_RECORD }, rules)).toEqual([]);
    const leak = JSON.stringify({ ua: CHROME, ip: '::1', url: '/a?name=Musterfrau' });
    expect(scanText({ where: 'clickhouse events.props', text: leak }, rules)).toEqual([
      // Chrome's version number has the shape of an address; a user agent is a finding either way.
      { where: 'clickhouse events.props', kind: 'ip', match: '156.0.0.0' },
      { where: 'clickhouse events.props', kind: 'ip', match: '::1' },
      ...['Mozilla/', 'AppleWebKit/', 'KHTML, like Gecko', 'Chrome/', 'Safari/', 'X11;'].map((match) => ({
        where: 'clickhouse events.props',
        kind: 'user-agent',
        match,
      })),
      { where: 'clickhouse events.props', kind: 'query', match: '?name=Musterfrau' },
      { where: 'clickhouse events.props', kind: 'secret', match: 'Musterfrau' },
      { where: 'clickhouse events.props', kind: 'secret', match: CHROME },
    ]);
  });
});
