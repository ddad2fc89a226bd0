import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runShutdown, type ShutdownLogger, stopOnSignals } from './shutdown.ts';

const logger: ShutdownLogger = { info: () => undefined, warn: () => undefined };

describe('runShutdown', () => {
  it('runs the steps strictly in order, each after the previous finished', async () => {
    const trace: string[] = [];
    const step = (name: string, ms: number) => ({
      name,
      run: async () => {
        trace.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, ms));
        trace.push(`${name}:end`);
      },
    });
    const done = await runShutdown([step('http', 20), step('sink', 5), step('producer', 1)], 1_000, logger);
    expect(done).toEqual(['http', 'sink', 'producer']);
    expect(trace).toEqual([
      'http:start',
      'http:end',
      'sink:start',
      'sink:end',
      'producer:start',
      'producer:end',
    ]);
  });

  it('carries on past a failing step and a step that hangs past the deadline', async () => {
    const ran: string[] = [];
    const started = Date.now();
    const done = await runShutdown(
      [
        { name: 'http', run: async () => ran.push('http') },
        { name: 'sink', run: () => new Promise(() => undefined) },
        {
          name: 'producer',
          run: async () => {
            ran.push('producer');
            throw new Error('broker gone');
          },
        },
        { name: 'salts', run: async () => ran.push('salts') },
      ],
      100,
      logger,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(ran).toEqual(['http', 'producer', 'salts']);
    expect(done).toEqual(['http', 'salts']);
  });
});

describe('stopOnSignals', () => {
  function service(steps: { name: string; run: () => Promise<unknown> }[], timeoutMs = 1_000) {
    const signals = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    let exited!: () => void;
    const exitedOnce = new Promise<void>((resolve) => {
      exited = resolve;
    });
    const record = (level: string) => (obj: object, msg: string) => {
      lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
    };
    const shutdown = stopOnSignals({
      service: 'collector',
      logger: { info: record('info'), warn: record('warn') },
      steps,
      timeoutMs,
      signals,
      exit: (code) => {
        exits.push(code);
        exited();
      },
    });
    return { signals, lines, exits, exitedOnce, shutdown };
  }

  it('runs the steps once on the first signal, logs, and exits 0 when every step finished', async () => {
    const ran: string[] = [];
    const step = (name: string) => ({
      name,
      run: async () => {
        await new Promise((r) => setTimeout(r, 5));
        ran.push(name);
      },
    });
    const s = service([step('http'), step('sink')]);
    s.signals.emit('SIGTERM');
    s.signals.emit('SIGINT');
    s.signals.emit('SIGTERM');
    await s.exitedOnce;
    expect(ran).toEqual(['http', 'sink']);
    expect(s.exits).toEqual([0]);
    expect(s.lines).toEqual([
      'info collector shutting down {"reason":"SIGTERM"}',
      'info collector is already shutting down {"reason":"SIGINT"}',
      'info collector is already shutting down {"reason":"SIGTERM"}',
      'info collector stopped {"steps":["http","sink"],"exitCode":0}',
    ]);
  });

  it('exits 1 after a step that failed or outlived the deadline, having run the rest', async () => {
    const s = service(
      [
        { name: 'http', run: () => new Promise(() => undefined) },
        {
          name: 'producer',
          run: () => {
            throw new Error('broker gone');
          },
        },
        { name: 'probe', run: async () => undefined },
      ],
      50,
    );
    s.signals.emit('SIGINT');
    await s.exitedOnce;
    expect(s.exits).toEqual([1]);
    expect(s.lines.at(-1)).toBe(
      'warn collector stopped {"steps":["probe"],"unfinished":["http","producer"],"exitCode":1}',
    );
  });

  it('stops for a reason of its own, exiting 1 when that reason is a failure', async () => {
    const s = service([{ name: 'http', run: async () => undefined }]);
    await s.shutdown.stop('the warehouse disagrees', true);
    expect(s.exits).toEqual([1]);
    expect(s.lines).toEqual([
      'info collector shutting down {"reason":"the warehouse disagrees"}',
      'info collector stopped {"steps":["http"],"exitCode":1}',
    ]);
  });
});
