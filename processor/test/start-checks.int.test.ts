/*
 * What the processor refuses at start, before it consumes anything: topics that keep fewer copies than
 * configured or do not exist, and a report time zone other than the one the warehouse's days are in.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startProcessor } from '../src/processor.ts';
import { createFixture, type Fixture, SITES } from './harness.ts';

describe('the processor at start', () => {
  let f: Fixture;
  const logger = pino({ level: 'silent' });
  const start = (env: Record<string, string>) =>
    startProcessor({ config: f.config(env), logger, sites: SITES });

  beforeAll(async () => {
    f = await createFixture('start_checks', {
      clickhouseUrl: inject('clickhouseUrl'),
      brokers: inject('kafkaBrokers'),
      partitions: 1,
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('records its report time zone in the warehouse, then refuses topics with fewer copies than configured', async () => {
    await expect(start({ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '2' })).rejects.toThrow(
      new Error(
        'Kafka topics keep fewer copies of an acknowledged event than configured (recreate them with ' +
          '`npm run kafka:topics` and the same settings, or add replicas with kafka-reassign-partitions):\n' +
          `- ${f.topic}: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2\n` +
          `- ${f.topic}: min.insync.replicas is 1, KAFKA_MIN_INSYNC_REPLICAS is 2\n` +
          `- ${f.deadLetterTopic}: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2\n` +
          `- ${f.deadLetterTopic}: min.insync.replicas is 1, KAFKA_MIN_INSYNC_REPLICAS is 2\n` +
          `- ${f.qualityTopic}: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2\n` +
          `- ${f.qualityTopic}: min.insync.replicas is 1, KAFKA_MIN_INSYNC_REPLICAS is 2`,
      ),
    );
    expect(await f.rows('SELECT name, value FROM warehouse_settings')).toEqual([
      { name: 'report_time_zone', value: 'Europe/Berlin' },
    ]);
  });

  it('refuses a report time zone other than the recorded one', async () => {
    await expect(start({ REPORT_TIME_ZONE: 'Europe/Lisbon' })).rejects.toThrow(
      new Error(
        "the warehouse's report days are calendar days in Europe/Berlin (warehouse_settings), but " +
          'REPORT_TIME_ZONE is Europe/Lisbon: every service of one warehouse must count days in its zone',
      ),
    );
  });

  it('refuses missing topics, naming them', async () => {
    await expect(start({ KAFKA_TOPIC_PREFIX: `${f.topic}.absent.` })).rejects.toThrow(
      new Error(
        `Kafka topics missing: ${f.topic}.absent.godonu.events.v1, ${f.topic}.absent.godonu.events.dlq.v1, ` +
          `${f.topic}.absent.godonu.quality.v1; create them with \`npm run kafka:topics\``,
      ),
    );
  });
});
