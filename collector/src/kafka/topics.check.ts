import type { Admin } from 'kafkajs';

/** Topics are created by `npm run kafka:topics`, never here; a missing one is a deployment error. */
export async function verifyTopicsExist(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new Error(`Kafka topics missing: ${missing.join(', ')}; create them with \`npm run kafka:topics\``);
  }
}
