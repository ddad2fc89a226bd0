import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { EventMessage } from '../ingest/to-record.ts';
import type { EventWriter } from './event-writer.ts';
import { encodeMessages } from './message-batch.ts';
import type { FromWorker, ProducerWorkerData, ToWorker } from './producer.worker.ts';

/**
 * The producer thread's entry. From sources, a JavaScript file that registers tsx and then loads the TypeScript
 * worker (see producer.thread.mjs); built (`npm run build`), the worker bundled on its own beside the server.
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./producer.thread.mjs', import.meta.url)
  : new URL('./producer.worker.js', import.meta.url);

/**
 * An EventWriter whose producer lives in a worker thread (see producer.worker.ts). If the thread dies, every
 * write in flight fails (its requests are answered 503, never 202) and the next write starts a new thread.
 */
export function createWorkerEventWriter(
  opts: ProducerWorkerData & { logger: Logger; workerUrl?: URL },
): EventWriter {
  const log = opts.logger.child({ component: 'event-writer' });
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let closing: ((value: undefined) => void) | undefined;

  function start(): Promise<void> {
    const { logger: _logger, workerUrl = WORKER_URL, ...data } = opts;
    const w = new Worker(workerUrl, { workerData: data satisfies ProducerWorkerData });
    worker = w;
    ready = new Promise<void>((resolve, reject) => {
      w.on('message', (message: FromWorker) => {
        if (message.op === 'ready') resolve();
        else if (message.op === 'failed') reject(new Error(message.message));
        else if (message.op === 'ack' || message.op === 'nack') {
          const p = pending.get(message.id);
          pending.delete(message.id);
          if (message.op === 'ack') p?.resolve();
          else p?.reject(new Error(message.message));
        } else closing?.(undefined);
      });
      w.on('error', (err) => {
        log.error({ err }, 'producer thread failed');
        reject(err);
      });
      w.on('exit', (code) => {
        const err = new Error(`producer thread exited with code ${code}`);
        for (const p of pending.values()) p.reject(err);
        pending.clear();
        if (worker === w) {
          worker = undefined;
          ready = undefined;
        }
        closing?.(undefined);
        reject(err);
      });
    });
    return ready;
  }

  return {
    connect: () => ready ?? start(),
    send: async (messages: EventMessage[]) => {
      await (ready ?? start());
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker?.postMessage({ op: 'send', id, messages: encodeMessages(messages) } satisfies ToWorker);
      return done;
    },
    close: async () => {
      const w = worker;
      if (!w) return;
      await new Promise<undefined>((resolve) => {
        closing = resolve;
        w.postMessage({ op: 'close' } satisfies ToWorker);
      });
      await w.terminate();
    },
  };
}
