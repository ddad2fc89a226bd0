/**
 * The Kafka producer's own thread: kafkajs spends tens of microseconds of CPU per record (encoding, CRC, promise
 * chains), which would otherwise compete with HTTP parsing on the request thread. Messages in, acks out; the
 * group commit and every decision about HTTP answers stay on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LevelWithSilent } from 'pino';
import type { EventMessage } from '../ingest/to-record.ts';
import { createLogger } from '../logger.ts';
import { createKafkaEventWriter } from './event-writer.ts';
import { createKafka } from './kafka-client.ts';

export interface ProducerWorkerData {
  brokers: string[];
  clientId: string;
  topic: string;
  logLevel: LevelWithSilent;
}
export type ToWorker = { op: 'send'; id: number; messages: EventMessage[] } | { op: 'close' };
export type FromWorker =
  | { op: 'ready' }
  | { op: 'failed'; message: string }
  | { op: 'ack'; id: number }
  | { op: 'nack'; id: number; message: string }
  | { op: 'closed' };

const port = parentPort;
if (!port) throw new Error('producer.worker.ts runs as a worker thread');
const data = workerData as ProducerWorkerData;
const logger = createLogger(data.logLevel).child({ component: 'producer-thread' });
const writer = createKafkaEventWriter({
  kafka: createKafka({ brokers: data.brokers, clientId: data.clientId, logger }),
  topic: data.topic,
  logger,
});
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.op === 'send') {
    writer.send(message.messages).then(
      () => post({ op: 'ack', id: message.id }),
      (err: unknown) => post({ op: 'nack', id: message.id, message: String((err as Error)?.message ?? err) }),
    );
  } else {
    writer.close().finally(() => {
      post({ op: 'closed' });
      port.close();
    });
  }
});

writer.connect().then(
  () => post({ op: 'ready' }),
  (err: unknown) => post({ op: 'failed', message: String((err as Error)?.message ?? err) }),
);
