import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { runShutdown } from './shutdown.ts';

const logger = createLogger('silent');

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
