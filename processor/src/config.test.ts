import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has the defaults of a local run, the shared variables parsed as in every service', () => {
    expect(loadConfig({})).toMatchObject({
      PROCESSOR_LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_REPLICATION_FACTOR: 1,
      KAFKA_MIN_INSYNC_REPLICAS: 1,
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      CLICKHOUSE_DATABASE: 'godonu',
      REPORT_TIME_ZONE: 'Europe/Berlin',
    });
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['KAFKA_REPLICATION_FACTOR', 'KAFKA_MIN_INSYNC_REPLICAS', 'REPORT_TIME_ZONE']),
    );
  });

  it('reads the topic durability and the report time zone', () => {
    const c = loadConfig({
      KAFKA_BROKERS: 'k1:9092,k2:9092,k3:9092',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      REPORT_TIME_ZONE: 'europe/vienna',
    });
    expect([
      c.KAFKA_BROKERS,
      c.KAFKA_REPLICATION_FACTOR,
      c.KAFKA_MIN_INSYNC_REPLICAS,
      c.REPORT_TIME_ZONE,
    ]).toEqual([['k1:9092', 'k2:9092', 'k3:9092'], 3, 2, 'Europe/Vienna']);
  });

  it('reports every problem at once', () => {
    expect(() =>
      loadConfig({ KAFKA_MIN_INSYNC_REPLICAS: '2', REPORT_TIME_ZONE: 'Berlin', PROCESSOR_LOG_LEVEL: 'loud' }),
    ).toThrow(
      /^invalid processor configuration:\n✖ Invalid option: expected one of .*\n {2}→ at PROCESSOR_LOG_LEVEL\n✖ unknown time zone "Berlin"/,
    );
  });

  it('refuses a min.insync.replicas above the replication factor', () => {
    expect(() => loadConfig({ KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow(
      new Error(
        'invalid processor configuration:\n' +
          '✖ must not exceed KAFKA_REPLICATION_FACTOR: no write could be acknowledged\n' +
          '  → at KAFKA_MIN_INSYNC_REPLICAS',
      ),
    );
  });
});
