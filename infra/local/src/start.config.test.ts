import { describe, expect, it } from 'vitest';
import { loadStartConfig } from './start.config.ts';

function refusal(env: NodeJS.ProcessEnv): string | null {
  try {
    loadStartConfig(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('loadStartConfig', () => {
  it('opens 8080 to 8083 for the services by default, each port movable by its variable', () => {
    expect(loadStartConfig({}).ports).toEqual({ collector: 8080, api: 8081, portal: 8082, processor: 8083 });
    expect(loadStartConfig({ PORTAL_PORT: '18082', API_PORT: '18081' }).ports).toEqual({
      collector: 8080,
      api: 18081,
      portal: 18082,
      processor: 8083,
    });
  });

  it('refuses two of its ports on one number, naming both variables', () => {
    expect(refusal({ PORTAL_PORT: '8080', CLICKHOUSE_PORT: '8083' })).toBe(
      'invalid npm start configuration:\n' +
        '✖ is 8080, the port of COLLECTOR_PORT too\n  → at PORTAL_PORT\n' +
        '✖ is 8083, the port of PROCESSOR_PORT too\n  → at CLICKHOUSE_PORT',
    );
    // With Kafka and ClickHouse elsewhere, their local ports are not opened and cannot clash.
    expect(
      refusal({
        CLICKHOUSE_PORT: '8083',
        KAFKA_BROKERS: 'kafka:9092',
        CLICKHOUSE_URL: 'http://clickhouse:8123',
      }),
    ).toBeNull();
  });

  it('passes a relative sites file on as an absolute path from where the command was run', () => {
    expect(
      loadStartConfig({ INIT_CWD: '/home/team/godonu', GODONU_SITES_FILE: 'sites/kassel.json' }).sitesFile,
    ).toBe('/home/team/godonu/sites/kassel.json');
    expect(loadStartConfig({}).sitesFile).toBeUndefined();
  });
});
