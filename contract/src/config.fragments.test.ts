import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  clickhouseConnection,
  kafkaConnection,
  kafkaDurability,
  kafkaDurabilityRefinement,
  logLevel,
  reportTimeZone,
} from './config.fragments.ts';

const schema = z
  .object({
    ...kafkaConnection,
    ...kafkaDurability,
    ...clickhouseConnection,
    REPORT_TIME_ZONE: reportTimeZone,
    SOME_LOG_LEVEL: logLevel,
  })
  .refine(...kafkaDurabilityRefinement);

const problems = (env: Record<string, string>) => {
  const parsed = schema.safeParse(env);
  return parsed.success ? '' : z.prettifyError(parsed.error);
};

describe('the shared configuration fragments', () => {
  it('have the defaults of a local run', () => {
    expect(schema.parse({})).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_REPLICATION_FACTOR: 1,
      KAFKA_MIN_INSYNC_REPLICAS: 1,
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      CLICKHOUSE_DATABASE: 'godonu',
      REPORT_TIME_ZONE: 'Europe/Berlin',
      SOME_LOG_LEVEL: 'info',
    });
  });

  it('read a broker list with blanks and empty entries', () => {
    expect(schema.parse({ KAFKA_BROKERS: ' k1:9092, k2:9093,,' }).KAFKA_BROKERS).toEqual([
      'k1:9092',
      'k2:9093',
    ]);
    expect(problems({ KAFKA_BROKERS: 'k1' })).toBe('✖ brokers are host:port\n  → at KAFKA_BROKERS[0]');
    expect(problems({ KAFKA_BROKERS: ' , ' })).toBe(
      '✖ Too small: expected array to have >=1 items\n  → at KAFKA_BROKERS',
    );
  });

  it('read a time zone in its canonical spelling and refuse an unknown one', () => {
    expect(schema.parse({ REPORT_TIME_ZONE: 'europe/vienna' }).REPORT_TIME_ZONE).toBe('Europe/Vienna');
    expect(schema.parse({ REPORT_TIME_ZONE: 'UTC' }).REPORT_TIME_ZONE).toBe('UTC');
    expect(problems({ REPORT_TIME_ZONE: 'Mars/Olympus' })).toBe(
      '✖ unknown time zone "Mars/Olympus" (an IANA name, e.g. Europe/Berlin)\n  → at REPORT_TIME_ZONE',
    );
  });

  it('refuse a min.insync.replicas above the replication factor', () => {
    expect(problems({ KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toBe('');
    expect(problems({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toBe(
      '✖ must not exceed KAFKA_REPLICATION_FACTOR: no write could be acknowledged\n  → at KAFKA_MIN_INSYNC_REPLICAS',
    );
  });

  it('take an HTTP endpoint and a plain database name for ClickHouse', () => {
    expect(problems({ CLICKHOUSE_URL: 'https://user:secret@ch.example:8443' })).toBe('');
    expect(problems({ CLICKHOUSE_URL: 'tcp://ch:9000', CLICKHOUSE_DATABASE: 'godonu; DROP' })).toBe(
      [
        '✖ Invalid URL',
        '  → at CLICKHOUSE_URL',
        '✖ must be a plain database name',
        '  → at CLICKHOUSE_DATABASE',
      ].join('\n'),
    );
  });

  it('refuse a log level pino does not know', () => {
    expect(problems({ SOME_LOG_LEVEL: 'verbose' })).toMatch(/^✖ Invalid option: expected one of /);
  });
});
