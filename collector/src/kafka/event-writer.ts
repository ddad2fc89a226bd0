import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventMessage } from '../ingest/to-record.ts';
import { keyPartitioner } from './key-partitioner.ts';

/** Writes one group of records and resolves only when every one is acknowledged by all in-sync replicas. */
export interface EventWriter {
  connect(): Promise<void>;
  send(messages: EventMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An idempotent producer (acks=all, one request in flight so that retries cannot reorder or duplicate).
 * kafkajs retries retriable errors (broker down, leader moved) for as long as it takes, with the same
 * sequence numbers, so a retried batch is written once. A send that still fails (non-retriable error, e.g. a
 * fenced or out-of-sequence producer) is reported to the caller, and the next send starts a fresh producer.
 */
export function createKafkaEventWriter(opts: { kafka: Kafka; topic: string; logger: Logger }): EventWriter {
  const log = opts.logger.child({ component: 'event-writer' });
  let producer: Producer | undefined;
  let broken = false;

  const fresh = (): Producer =>
    opts.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // kafkajs's DefaultPartitioner, computed cheaply: a visitor's records stay on one partition.
      createPartitioner: keyPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1_000 },
    });

  async function ready(): Promise<Producer> {
    if (producer && !broken) return producer;
    if (producer) {
      log.warn('replacing the Kafka producer after a failed send');
      await producer.disconnect().catch(() => undefined);
    }
    const next = fresh();
    await next.connect();
    producer = next;
    broken = false;
    return next;
  }

  return {
    connect: async () => {
      await ready();
    },
    send: async (messages) => {
      const p = await ready();
      try {
        await p.send({ topic: opts.topic, acks: -1, messages });
      } catch (err) {
        broken = true;
        throw err;
      }
    },
    close: async () => {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
