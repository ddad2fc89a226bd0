import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS and Node's ESM loader cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;

/** Topics are created by `npm run kafka:topics`, never here; a missing one is a deployment error. */
export async function verifyTopicsExist(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new Error(`Kafka topics missing: ${missing.join(', ')}; create them with \`npm run kafka:topics\``);
  }
}

export interface TopicDurability {
  replicationFactor: number;
  minInsyncReplicas: number;
}

export interface TopicReplication {
  topic: string;
  /** Replicas of each partition. */
  replicas: number[];
  minInsyncReplicas: number;
}

/**
 * A 202 promises the event is kept: with acks=all it is on `min.insync.replicas` brokers when acknowledged, so a
 * topic with fewer copies or a lower bound than configured breaks the promise on a cluster.
 */
export function durabilityProblems(topics: TopicReplication[], want: TopicDurability): string[] {
  const problems: string[] = [];
  for (const t of topics) {
    const fewest = Math.min(...t.replicas);
    if (fewest < want.replicationFactor) {
      problems.push(
        `${t.topic}: a partition has ${fewest} replica(s), KAFKA_REPLICATION_FACTOR is ${want.replicationFactor}`,
      );
    }
    if (t.minInsyncReplicas < want.minInsyncReplicas) {
      problems.push(
        `${t.topic}: min.insync.replicas is ${t.minInsyncReplicas}, KAFKA_MIN_INSYNC_REPLICAS is ${want.minInsyncReplicas}`,
      );
    }
  }
  return problems;
}

/** Refuses to run on topics that keep fewer copies of an acknowledged event than configured. */
export async function verifyTopicDurability(
  admin: Admin,
  topics: string[],
  want: TopicDurability,
): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: ['min.insync.replicas'],
    })),
  });
  const minIsr = new Map(
    described.resources.map((r) => [
      r.resourceName,
      Number(r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue ?? 1),
    ]),
  );
  const problems = durabilityProblems(
    metadata.topics.map((t) => ({
      topic: t.name,
      replicas: t.partitions.map((p) => p.replicas.length),
      minInsyncReplicas: minIsr.get(t.name) ?? 1,
    })),
    want,
  );
  if (problems.length > 0) {
    throw new Error(
      `Kafka topics keep fewer copies of an acknowledged event than configured (recreate them with \`npm run kafka:topics\` and the same settings, or add replicas with kafka-reassign-partitions):\n- ${problems.join('\n- ')}`,
    );
  }
}
