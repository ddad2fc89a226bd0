/*
 * The live memory of a running service, read through the V8 inspector: a full garbage collection first, then
 * `process.memoryUsage()`. What survives a full collection is what the process still holds, so the reading does
 * not saw-tooth with allocation the way resident memory does; the service's own code paths stay as in production
 * (the inspector is a Node option, `INSPECTOR_ARGS`, and nothing in the service knows it is being read).
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'undici';
import type { Service } from '../support/pipeline.ts';

/** Opens the inspector on a free loopback port; Node prints its address into the service's log. */
export const INSPECTOR_ARGS = ['--inspect=127.0.0.1:0'];
const INSPECTOR_ADDRESS = /Debugger listening on (ws:\/\/\S+)/g;
const CALL_DEADLINE_MS = 30_000;

export interface LiveMemory {
  /** Bytes: V8 heap in use plus memory outside it that JavaScript objects own (Buffers, ArrayBuffers). */
  live: number;
  heapUsed: number;
  external: number;
  /** Resident memory at the same moment, for the record. */
  rss: number;
}

export class LiveMemoryProbe {
  private nextId = 0;
  private readonly pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /** Connects to a service started with `INSPECTOR_ARGS`. */
  static async connect(service: Service): Promise<LiveMemoryProbe> {
    const address = [...readFileSync(service.logFile, 'utf8').matchAll(INSPECTOR_ADDRESS)].at(-1)?.[1];
    if (!address) throw new Error(`${service.name} has no inspector; start it with INSPECTOR_ARGS`);
    const socket = new WebSocket(address);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`${service.name}: inspector refused`)), {
        once: true,
      });
    });
    return new LiveMemoryProbe(socket);
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`inspector: no answer to ${method}`)),
        CALL_DEADLINE_MS,
      );
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`inspector: ${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full, compacting collection, then the memory that survived it. */
  async read(): Promise<LiveMemory> {
    await this.call('HeapProfiler.collectGarbage');
    const answer = (await this.call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(answer.result.value) as NodeJS.MemoryUsage;
    return {
      live: usage.heapUsed + usage.external,
      heapUsed: usage.heapUsed,
      external: usage.external,
      rss: usage.rss,
    };
  }

  /** Must come before the service stops: Node waits at exit for an attached inspector to go away. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.addEventListener('close', resolve, { once: true }));
    this.socket.close();
    await closed;
  }
}

/**
 * The median of the slopes between every two readings (Theil–Sen), per step between readings: a steady leak
 * shows as its exact rate, and one reading out of line (a batch in flight, a cache filled once) moves it little,
 * where the difference of two single readings would take it whole.
 */
export function medianSlope(readings: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < readings.length; i++)
    for (let j = i + 1; j < readings.length; j++)
      slopes.push(((readings[j] as number) - (readings[i] as number)) / (j - i));
  if (slopes.length === 0) throw new Error('a slope needs two readings');
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1
    ? (slopes[mid] as number)
    : ((slopes[mid - 1] as number) + (slopes[mid] as number)) / 2;
}
