// A stand-in for producer.worker.ts: acknowledges every write, except that a message keyed "crash" kills the thread.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.op === 'close') {
    parentPort.postMessage({ op: 'closed' });
    return;
  }
  if (message.messages.some((m) => m.key === 'crash')) process.exit(3);
  if (message.messages.some((m) => m.key === 'refuse')) {
    parentPort.postMessage({ op: 'nack', id: message.id, message: 'INVALID_RECORD' });
    return;
  }
  parentPort.postMessage({ op: 'ack', id: message.id });
});
parentPort.postMessage({ op: 'ready' });
