import { SALT_TOPIC_CONFIG } from '@godonu/infra';
import { describe, expect, it } from 'vitest';
import { SALT_MAX_LIFETIME_MS, SALT_NEEDED_MS, saltTopicProblems } from './salt-topic.check.ts';

const good = Object.fromEntries(SALT_TOPIC_CONFIG.map((c) => [c.name, c.value]));

describe('saltTopicProblems', () => {
  it('accepts the topic that `npm run kafka:topics` creates', () => {
    expect(saltTopicProblems(good, 1)).toEqual([]);
  });

  it('keeps a salt long enough to be used and deletes it within 48 hours', () => {
    expect(SALT_NEEDED_MS).toBe(26 * 3_600_000);
    expect(SALT_MAX_LIFETIME_MS).toBe(48 * 3_600_000);
    expect(Number(good['retention.ms'])).toBeGreaterThanOrEqual(SALT_NEEDED_MS);
  });

  it('refuses every configuration that could keep salts longer or lose the agreement', () => {
    expect(
      saltTopicProblems(
        {
          'cleanup.policy': 'compact',
          'retention.ms': String(7 * 86_400_000),
          'segment.ms': String(7 * 86_400_000),
          'message.timestamp.type': 'CreateTime',
        },
        3,
      ),
    ).toEqual([
      'has 3 partitions; agreement needs exactly 1',
      'cleanup.policy is compact; must be delete (compaction keeps salts)',
      'message.timestamp.type must be LogAppendTime (retention must follow the broker clock)',
      'retention.ms + segment.ms (604800000 + 604800000) must stay below 171900000 so that salts are deleted within 48 hours',
    ]);
    expect(saltTopicProblems({ ...good, 'retention.ms': '3600000' }, 1)).toEqual([
      'retention.ms 3600000 is below 93600000 (a salt is needed that long)',
    ]);
  });
});
