/** Reads a topic back in full, for integration tests. */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface RawRecord {
  key: string;
  value: string;
  partition: number;
  /** Every byte Kafka holds for the record: key, value and headers. */
  bytes: Buffer;
}

/** Consumes `topic` from the beginning until `count` records arrived (or throws after `timeoutMs`). */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${records.length} of ${count} records from ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (count === 0) {
        clearTimeout(timer);
        resolve();
        return;
      }
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const key = message.key ?? Buffer.alloc(0);
          const value = message.value ?? Buffer.alloc(0);
          const headers = Object.entries(message.headers ?? {}).flatMap(([k, v]) => [
            Buffer.from(k),
            ...(Array.isArray(v) ? v : [v]).map((x) => Buffer.from(x ?? '')),
          ]);
          records.push({
            key: key.toString('utf8'),
            value: value.toString('utf8'),
            partition,
            bytes: Buffer.concat([key, value, ...headers]),
          });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** A sink for pino that keeps every line, so tests can scan the logs. */
export function memoryLog(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}
