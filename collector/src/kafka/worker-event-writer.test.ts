import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createWorkerEventWriter } from './worker-event-writer.ts';

const msg = (key: string) => ({ key, value: '{}', timestamp: '0' });

function writer() {
  return createWorkerEventWriter({
    brokers: ['127.0.0.1:1'],
    clientId: 'test',
    topic: 'test',
    logLevel: 'silent',
    producers: 1,
    logger: createLogger('silent'),
    workerUrl: new URL('../test-support/fake-producer.thread.mjs', import.meta.url),
  });
}

describe('createWorkerEventWriter', () => {
  it('resolves a write when the producer thread acknowledges it, and rejects it when the thread refuses it', async () => {
    const w = writer();
    await w.connect();
    await expect(w.send([msg('a'), msg('b')])).resolves.toBeUndefined();
    await expect(w.send([msg('refuse')])).rejects.toThrow('INVALID_RECORD');
    await w.close();
  });

  it('fails the writes in flight when the thread dies, and starts a new thread for the next write', async () => {
    const w = writer();
    await w.connect();
    await expect(w.send([msg('crash')])).rejects.toThrow('producer thread exited with code 3');
    await expect(w.send([msg('after')])).resolves.toBeUndefined();
    await w.close();
  });
});
