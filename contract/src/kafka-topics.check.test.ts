import { describe, expect, it } from 'vitest';
import { durabilityProblems, type TopicAdmin, verifyTopicDurability } from './kafka-topics.check.ts';

describe('durabilityProblems', () => {
  const cluster = { replicationFactor: 3, minInsyncReplicas: 2 };

  it('accepts topics with the configured copies or more', () => {
    expect(
      durabilityProblems(
        [
          { topic: 'events', replicas: [3, 3, 3], minInsyncReplicas: 2 },
          { topic: 'salts', replicas: [5], minInsyncReplicas: 3 },
        ],
        cluster,
      ),
    ).toEqual([]);
  });

  it('names every topic with a partition short of replicas or a lower min.insync.replicas', () => {
    expect(
      durabilityProblems(
        [
          { topic: 'events', replicas: [3, 1, 3], minInsyncReplicas: 2 },
          { topic: 'salts', replicas: [3], minInsyncReplicas: 1 },
        ],
        cluster,
      ),
    ).toEqual([
      'events: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 3',
      'salts: min.insync.replicas is 1, KAFKA_MIN_INSYNC_REPLICAS is 2',
    ]);
  });

  it('asks nothing of a single broker beyond one copy', () => {
    expect(
      durabilityProblems([{ topic: 'events', replicas: [1, 1], minInsyncReplicas: 1 }], {
        replicationFactor: 1,
        minInsyncReplicas: 1,
      }),
    ).toEqual([]);
  });
});

describe('verifyTopicDurability', () => {
  /** A broker answering with the topics in another order than asked, as brokers do. */
  const admin = (names: string[]): TopicAdmin => ({
    listTopics: async () => names,
    fetchTopicMetadata: async () => ({
      topics: [...names].reverse().map((name) => ({ name, partitions: [{ replicas: [1] }] })),
    }),
    describeConfigs: async () => ({
      resources: names.map((resourceName) => ({
        resourceName,
        configEntries: [{ configName: 'min.insync.replicas', configValue: '1' }],
      })),
    }),
  });

  it('names the short topics in the order asked for, whatever order the broker lists them in', async () => {
    const topics = ['a.events', 'b.dead-letter', 'c.salts'];
    await expect(
      verifyTopicDurability(admin(topics), topics, { replicationFactor: 2, minInsyncReplicas: 1 }),
    ).rejects.toThrow(
      new Error(
        'Kafka topics keep fewer copies of an acknowledged event than configured (recreate them with `npm run kafka:topics` and the same settings, or add replicas with kafka-reassign-partitions):\n' +
          '- a.events: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2\n' +
          '- b.dead-letter: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2\n' +
          '- c.salts: a partition has 1 replica(s), KAFKA_REPLICATION_FACTOR is 2',
      ),
    );
  });
});
