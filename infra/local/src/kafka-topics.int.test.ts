/*
 * The topics as `npm run kafka:topics` (and the compose init) creates them, read back from the real broker:
 * partitions and the topic-level configuration that bounds how long events, dead letters, salts and quality counts are kept.
 */
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../../tests/support/infra.ts';
import { ensureTopics, topicNames } from './kafka-topics.ts';

const prefix = `${uniqueName('topics')}.`;
const names = topicNames(prefix);
const admin = testKafka().admin();

afterAll(async () => {
  await admin.deleteTopics({ topics: Object.values(names) }).catch(() => undefined);
  await admin.disconnect();
});

describe('ensureTopics', () => {
  it('creates the four topics once, with their partitions', async () => {
    expect(await ensureTopics(inject('kafkaBrokers'), prefix)).toEqual([
      names.events,
      names.deadLetter,
      names.salts,
      names.quality,
    ]);
    expect(await ensureTopics(inject('kafkaBrokers'), prefix)).toEqual([]);
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: Object.values(names) });
    expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual({
      [names.events]: 6,
      [names.deadLetter]: 1,
      [names.salts]: 1,
      [names.quality]: 1,
    });
  });

  it('sets retention on the topics themselves, not by the broker default', async () => {
    const configNames = ['cleanup.policy', 'retention.ms', 'segment.ms', 'message.timestamp.type'];
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: Object.values(names).map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames })),
    });
    const byTopic = Object.fromEntries(
      described.resources.map((r) => [
        r.resourceName,
        Object.fromEntries(
          r.configEntries
            .filter((e) => !e.isDefault)
            .map((e) => [e.configName, e.configValue])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
      ]),
    );
    expect(byTopic).toEqual({
      // 7 days in daily segments: held until processed, plus a replay margin.
      [names.events]: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'segment.ms': '86400000' },
      // 30 days, the warehouse's raw retention.
      [names.deadLetter]: {
        'cleanup.policy': 'delete',
        'retention.ms': '2592000000',
        'segment.ms': '86400000',
      },
      // 36 hours in hourly segments, stamped by the broker: no salt outlives 48 hours.
      [names.salts]: {
        'cleanup.policy': 'delete',
        'message.timestamp.type': 'LogAppendTime',
        'retention.ms': '129600000',
        'segment.ms': '3600000',
      },
      // As the events: held until processed, plus a replay margin.
      [names.quality]: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'segment.ms': '86400000' },
    });
  });
});
