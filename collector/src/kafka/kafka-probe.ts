import type { Admin, Kafka } from 'kafkajs';

const PROBE_TIMEOUT_MS = 2_000;
/** Readiness is polled by orchestrators every few seconds; one metadata request per second is plenty. */
const PROBE_CACHE_MS = 1_000;

/** "Is Kafka reachable": a metadata request for the events topic, answered by a broker within 2 s. */
export function createKafkaProbe(
  kafka: Kafka,
  topic: string,
): { check(): Promise<boolean>; close(): Promise<void> } {
  let admin: Admin | undefined;
  let last: { at: number; result: Promise<boolean> } | undefined;

  const probe = async (): Promise<boolean> => {
    admin ??= kafka.admin({ retry: { retries: 0 } });
    let timer: NodeJS.Timeout | undefined;
    try {
      const attempt = (async () => {
        await (admin as Admin).connect();
        const { topics } = await (admin as Admin).fetchTopicMetadata({ topics: [topic] });
        return topics.length === 1 && (topics[0]?.partitions.length ?? 0) > 0;
      })();
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      });
      return await Promise.race([attempt.catch(() => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    check: () => {
      const now = Date.now();
      if (!last || now - last.at >= PROBE_CACHE_MS) last = { at: now, result: probe() };
      return last.result;
    },
    close: async () => {
      await admin?.disconnect().catch(() => undefined);
    },
  };
}
