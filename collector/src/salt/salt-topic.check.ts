import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS and Node's ESM loader cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;

import { DAY_MS } from './salt-day.ts';
import { PROPOSAL_LEAD_MS } from './salt-ledger.ts';

/** The promise to keep: no salt survives anywhere longer than this after it was written. */
export const SALT_MAX_LIFETIME_MS = 48 * 60 * 60 * 1000;
/**
 * Slack for the broker's housekeeping: `log.retention.check.interval.ms` (default 5 min) plus
 * `file.delete.delay.ms` (default 1 min), with margin.
 */
export const BROKER_HOUSEKEEPING_MS = 15 * 60 * 1000;
/** A day's salt is written at most PROPOSAL_LEAD_MS before the day and needed until its end. */
export const SALT_NEEDED_MS = PROPOSAL_LEAD_MS + DAY_MS;

/** Checks the bounds that turn Kafka's retention into the 48-hour destruction guarantee; returns the problems. */
export function saltTopicProblems(config: Record<string, string | undefined>, partitions: number): string[] {
  const problems: string[] = [];
  const retention = Number(config['retention.ms']);
  const segment = Number(config['segment.ms']);
  if (partitions !== 1) problems.push(`has ${partitions} partitions; agreement needs exactly 1`);
  if (config['cleanup.policy'] !== 'delete') {
    problems.push(`cleanup.policy is ${config['cleanup.policy']}; must be delete (compaction keeps salts)`);
  }
  if (config['message.timestamp.type'] !== 'LogAppendTime') {
    problems.push('message.timestamp.type must be LogAppendTime (retention must follow the broker clock)');
  }
  if (!Number.isFinite(retention) || retention < SALT_NEEDED_MS) {
    problems.push(
      `retention.ms ${config['retention.ms']} is below ${SALT_NEEDED_MS} (a salt is needed that long)`,
    );
  }
  if (
    !Number.isFinite(segment) ||
    !Number.isFinite(retention) ||
    retention + segment + BROKER_HOUSEKEEPING_MS > SALT_MAX_LIFETIME_MS
  ) {
    problems.push(
      `retention.ms + segment.ms (${config['retention.ms']} + ${config['segment.ms']}) must stay below ${SALT_MAX_LIFETIME_MS - BROKER_HOUSEKEEPING_MS} so that salts are deleted within 48 hours`,
    );
  }
  return problems;
}

/** Refuses to run on a salt topic whose configuration would keep salts longer than promised. */
export async function verifySaltTopic(admin: Admin, topic: string): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
  });
  const entries = described.resources[0]?.configEntries ?? [];
  const config = Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
  const problems = saltTopicProblems(config, partitions);
  if (problems.length > 0) {
    throw new Error(
      `salt topic ${topic} would not destroy salts within 48 hours:\n- ${problems.join('\n- ')}`,
    );
  }
}
