/*
 * What the collector and the processor check of their topics at start. Topics are created by
 * `npm run kafka:topics` (infra/local), never by a service: a missing or too weakly replicated one is a deployment
 * error. Typed structurally, so that the contract needs no Kafka client: kafkajs's `Admin` is a `TopicAdmin`.
 */

/** kafkajs's `ConfigResourceTypes.TOPIC` (Kafka's resource type 2). */
const TOPIC_RESOURCE = 2;

export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  fetchTopicMetadata(options: {
    topics: string[];
  }): Promise<{ topics: { name: string; partitions: { replicas: number[] }[] }[] }>;
  describeConfigs(options: {
    includeSynonyms: boolean;
    resources: { type: number; name: string; configNames?: string[] }[];
  }): Promise<{
    resources: { resourceName: string; configEntries: { configName: string; configValue: string }[] }[];
  }>;
}

export async function verifyTopicsExist(
  admin: Pick<TopicAdmin, 'listTopics'>,
  topics: string[],
): Promise<void> {
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
 * A record acknowledged with acks=all is on `min.insync.replicas` brokers, so a topic with fewer copies or a lower
 * bound than configured keeps fewer copies than the deployment promises: of an accepted event (202), of a dead
 * letter, of a salt.
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

/** Refuses to run on topics that keep fewer copies of an acknowledged record than configured. */
export async function verifyTopicDurability(
  admin: TopicAdmin,
  topics: string[],
  want: TopicDurability,
): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: TOPIC_RESOURCE,
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
  // The broker lists topics in no fixed order; the message names them in the order asked for.
  const ordered = [...metadata.topics].sort((a, b) => topics.indexOf(a.name) - topics.indexOf(b.name));
  const problems = durabilityProblems(
    ordered.map((t) => ({
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
