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
    expect(path.relative(process.cwd(), c.GODONU_SITES_FILE)).toBe(
      path.join('infra', 'config', 'sites.json'),
    );
    expect(path.relative(process.cwd(), c.COLLECTOR_SDK_FILE)).toBe(path.join('sdk', 'dist', 'sdk.js'));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses lists and numbers', () => {
    const c = loadConfig({
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      COLLECTOR_PORT: '9000',
      COLLECTOR_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(c.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(c.COLLECTOR_PORT).toBe(9000);
    expect(c.COLLECTOR_TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ COLLECTOR_TRUST_PROXY: '2' }).COLLECTOR_TRUST_PROXY).toBe(2);
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
