import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { SendTallies } from './quality-flusher.ts';

/** The quality topic's producer: connected at start, closed after the last flush. */
export interface QualitySink {
  connect(): Promise<void>;
  send: SendTallies;
  close(): Promise<void>;
}

export function kafkaQualitySink(kafka: Kafka, topic: string): QualitySink {
  let producer: Producer | undefined;
  return {
    async connect() {
      producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
    },
    async send(records) {
      if (!producer) throw new Error('the quality producer is not connected');
      await producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({ key: r.site, value: JSON.stringify(r) })),
      });
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
