/**
 * The Kafka producers' own thread: kafkajs spends tens of microseconds of CPU per record (encoding, CRC, promise
 * chains), which would otherwise compete with HTTP parsing on the request thread. Messages in, acks out; the
 * group commit and every decision about HTTP answers stay on the main thread.
 *
 * It holds `producers` idempotent producers and gives each write to an idle one. kafkajs numbers an idempotent
 * producer's batches only correctly with one request in flight, so writes in flight at once need producers of
 * their own; each keeps its own idempotence (producer id and sequence numbers) across retries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LevelWithSilent } from 'pino';
import { createLogger } from '../logger.ts';
import { createKafkaEventWriter, type EventWriter } from './event-writer.ts';
import { createKafka } from './kafka-client.ts';
import { decodeMessages } from './message-batch.ts';

export interface ProducerWorkerData {
  brokers: string[];
  clientId: string;
  topic: string;
  logLevel: LevelWithSilent;
  /** Idempotent producers, one per write in flight. */
  producers: number;
}
/** `messages` as encoded by `encodeMessages`. */
export type ToWorker = { op: 'send'; id: number; messages: string } | { op: 'close' };
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
const kafka = createKafka({ brokers: data.brokers, clientId: data.clientId, logger });
const writers = Array.from({ length: data.producers }, () =>
  createKafkaEventWriter({ kafka, topic: data.topic, logger }),
);
const idle: EventWriter[] = [...writers];
/** Writes beyond the number of producers (the main thread does not send them) wait for an idle producer. */
const waiting: Extract<ToWorker, { op: 'send' }>[] = [];
const post = (message: FromWorker) => port.postMessage(message);

function write(message: Extract<ToWorker, { op: 'send' }>): void {
  const writer = idle.pop();
  if (!writer) {
    waiting.push(message);
    return;
  }
  writer
    .send(decodeMessages(message.messages))
    .then(
      () => post({ op: 'ack', id: message.id }),
      (err: unknown) => post({ op: 'nack', id: message.id, message: String((err as Error)?.message ?? err) }),
    )
    .finally(() => {
      idle.push(writer);
      const next = waiting.shift();
      if (next) write(next);
    });
}

port.on('message', (message: ToWorker) => {
  if (message.op === 'send') write(message);
  else {
    Promise.allSettled(writers.map((w) => w.close())).finally(() => {
      post({ op: 'closed' });
      port.close();
    });
  }
});

Promise.all(writers.map((w) => w.connect())).then(
  () => post({ op: 'ready' }),
  (err: unknown) => post({ op: 'failed', message: String((err as Error)?.message ?? err) }),
);
