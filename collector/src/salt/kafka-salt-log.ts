import { randomUUID } from 'node:crypto';
import { type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { SaltRecord } from './salt-ledger.ts';
import type { SaltLog } from './salt-log.ts';

/**
 * The salt log on a single-partition Kafka topic (time-based retention well under 48 hours, LogAppendTime;
 * see `verifySaltTopic`). Each replica reads it through a consumer group of its own that never commits, so it
 * always replays the whole (short) log from the start and leaves no offsets behind.
 */
export class KafkaSaltLog implements SaltLog {
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private deliveredUpTo = -1;
  private readonly waiters = new Set<{ offset: number; resolve: () => void }>();

  constructor(private readonly opts: { kafka: Kafka; topic: string; groupPrefix: string; logger: Logger }) {}

  async start(onRecord: (value: unknown, appendedAt: number) => void): Promise<void> {
    const { kafka, topic } = this.opts;
    const admin = kafka.admin();
    await admin.connect();
    let end: number;
    try {
      const [partition] = await admin.fetchTopicOffsets(topic);
      const high = Number(partition?.high ?? 0);
      // Retention may have emptied the log: then low = high and there is nothing to wait for.
      end = high > Number(partition?.low ?? 0) ? high - 1 : -1;
    } finally {
      await admin.disconnect();
    }

    // Not idempotent: a duplicated proposal is harmless (only the first one for a day counts).
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    await this.producer.connect();

    this.consumer = kafka.consumer({
      groupId: `${this.opts.groupPrefix}-${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        let value: unknown;
        try {
          value = JSON.parse(message.value?.toString('utf8') ?? 'null');
        } catch {
          value = undefined;
        }
        onRecord(value, Number(message.timestamp));
        this.markDelivered(Number(message.offset));
      },
    });
    if (end >= 0) await this.delivered(end, 60_000);
  }

  async append(record: SaltRecord): Promise<number> {
    if (!this.producer) throw new Error('salt log not started');
    const [meta] = await this.producer.send({
      topic: this.opts.topic,
      acks: -1,
      messages: [{ key: `${record.day}|${record.site}`, value: JSON.stringify(record) }],
    });
    if (meta?.baseOffset === undefined) throw new Error('salt proposal was not acknowledged with an offset');
    return Number(meta.baseOffset);
  }

  delivered(offset: number, timeoutMs: number): Promise<void> {
    if (this.deliveredUpTo >= offset) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`salt log not delivered up to offset ${offset} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }

  private markDelivered(offset: number): void {
    this.deliveredUpTo = Math.max(this.deliveredUpTo, offset);
    for (const w of this.waiters) {
      if (w.offset <= this.deliveredUpTo) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}
