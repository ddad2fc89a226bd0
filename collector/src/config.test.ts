import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for a local run', () => {
    const c = loadConfig({});
    expect(c.COLLECTOR_PORT).toBe(8080);
    expect(c.COLLECTOR_HOST).toBe('127.0.0.1');
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(c.KAFKA_TOPIC_PREFIX).toBe('');
    expect(c.COLLECTOR_TRUST_PROXY).toBe(false);
    expect(c.GODONU_DEMO).toBe(false);
    expect(path.relative(process.cwd(), c.GODONU_SITES_FILE)).toBe(
      path.join('infra', 'config', 'sites.json'),
    );
    expect(path.relative(process.cwd(), c.COLLECTOR_SDK_FILE)).toBe(path.join('sdk', 'dist', 'sdk.js'));
    // The shipped data set, resolved from its package (ingest/country-lookup.ts).
    expect(c.COLLECTOR_COUNTRY_DATABASE).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses lists and numbers', () => {
    const c = loadConfig({
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      COLLECTOR_PORT: '9000',
      COLLECTOR_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
      COLLECTOR_COUNTRY_DATABASE: '/srv/geo/country.mmdb',
    });
    expect(c.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(c.COLLECTOR_COUNTRY_DATABASE).toBe('/srv/geo/country.mmdb');
    expect(c.COLLECTOR_PORT).toBe(9000);
    expect(c.COLLECTOR_TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  describe('COLLECTOR_TRUST_PROXY', () => {
    const trust = (value: string) => loadConfig({ COLLECTOR_TRUST_PROXY: value }).COLLECTOR_TRUST_PROXY;
    const EXAMPLE =
      'write the addresses or CIDRs of your proxies (e.g. 10.0.0.5 or 172.28.0.0/24, comma-separated) ' +
      'or the number of proxies in front of the collector (e.g. 1)';
    const problem = (message: string) =>
      `invalid collector configuration:\n✖ ${message}\n  → at COLLECTOR_TRUST_PROXY`;

    it.each([
      ['', false],
      ['  ', false],
      ['1', 1],
      ['10', 10],
      ['172.28.0.1', ['172.28.0.1']],
      [' 10.0.0.0/8 , 192.168.1.10 ', ['10.0.0.0/8', '192.168.1.10']],
      ['2001:db8::/32,::1', ['2001:db8::/32', '::1']],
      ['10.0.0.7/32', ['10.0.0.7/32']],
    ] as const)('takes %j as %j', (value, expected) => {
      expect(trust(value)).toEqual(expected);
    });

    it.each([
      [
        'true',
        `"true" would believe X-Forwarded-For from every peer, so any client could choose its address; ${EXAMPLE}`,
      ],
      [
        'TRUE',
        `"TRUE" would believe X-Forwarded-For from every peer, so any client could choose its address; ${EXAMPLE}`,
      ],
      [
        '*',
        `"*" would believe X-Forwarded-For from every peer, so any client could choose its address; ${EXAMPLE}`,
      ],
      [
        'false',
        `"false" is not a setting: leave the variable unset when clients connect directly; behind proxies ${EXAMPLE}`,
      ],
      [
        '0',
        'a hop count is 1–10 (the proxies in front of the collector), got 0; leave the variable unset when there is none',
      ],
      [
        '11',
        'a hop count is 1–10 (the proxies in front of the collector), got 11; leave the variable unset when there is none',
      ],
      ['0.0.0.0/0', `"0.0.0.0/0" is every address, i.e. trusting every peer: ${EXAMPLE}`],
      ['::/0', `"::/0" is every address, i.e. trusting every peer: ${EXAMPLE}`],
      ['10.0.0.0/33', `"10.0.0.0/33" has no valid prefix length (0–32): ${EXAMPLE}`],
      [
        'proxy.internal, 10.0.0.0/8, 1.5',
        `"proxy.internal" is not an IP address or CIDR; "1.5" is not an IP address or CIDR: ${EXAMPLE}`,
      ],
      ['10.0.0.0/8,', `"" is not an IP address or CIDR: ${EXAMPLE}`],
    ])('refuses %j', (value, message) => {
      expect(() => trust(value)).toThrow(new Error(problem(message)));
    });
  });

  it('reads demo mode from GODONU_DEMO=1 only', () => {
    expect(loadConfig({ GODONU_DEMO: '1' }).GODONU_DEMO).toBe(true);
    expect(loadConfig({ GODONU_DEMO: '0' }).GODONU_DEMO).toBe(false);
    expect(() => loadConfig({ GODONU_DEMO: 'yes' })).toThrow(
      new Error(
        'invalid collector configuration:\n' +
          '✖ GODONU_DEMO is 1 (demo mode) or 0 (the default: demo entries are refused)\n' +
          '  → at GODONU_DEMO',
      ),
    );
  });

  it('reports every problem at once', () => {
    expect(() =>
      loadConfig({ COLLECTOR_PORT: 'eighty', KAFKA_BROKERS: 'no-port', COLLECTOR_BUFFER_MAX_EVENTS: '0' }),
    ).toThrow(
      [
        'invalid collector configuration:',
        '✖ Invalid input: expected number, received NaN',
        '  → at COLLECTOR_PORT',
        '✖ Too small: expected number to be >0',
        '  → at COLLECTOR_BUFFER_MAX_EVENTS',
        '✖ brokers are host:port',
        '  → at KAFKA_BROKERS[0]',
      ].join('\n'),
    );
  });
});
