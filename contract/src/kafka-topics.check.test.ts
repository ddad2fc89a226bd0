import { describe, expect, it } from 'vitest';
import { durabilityProblems } from './kafka-topics.check.ts';

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
