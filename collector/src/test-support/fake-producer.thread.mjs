// A stand-in for producer.worker.ts: acknowledges every write, except that a message keyed "crash" kills the thread.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.op === 'close') {
    parentPort.postMessage({ op: 'closed' });
    return;
  }
  // Every third line of the encoded write is a key (see message-batch.ts).
  const keys = message.messages.split('\n').filter((_, i) => i % 3 === 0);
  if (keys.includes('crash')) process.exit(3);
  if (keys.includes('refuse')) {
    parentPort.postMessage({ op: 'nack', id: message.id, message: 'INVALID_RECORD' });
    return;
  }
  parentPort.postMessage({ op: 'ack', id: message.id });
});
parentPort.postMessage({ op: 'ready' });
