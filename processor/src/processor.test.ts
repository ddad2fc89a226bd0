import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { shutdownInOrder } from './processor.ts';

describe('shutdownInOrder', () => {
  it('stops the consumer, then the dead-letter producer, then ClickHouse, once', async () => {
    const calls: string[] = [];
    const step = (name: string) => async () => {
      await new Promise((r) => setTimeout(r, 5));
      calls.push(name);
    };
    const stop = shutdownInOrder(
      {
        consumer: { disconnect: step('consumer') },
        producer: { disconnect: step('producer') },
        clickhouse: { close: step('clickhouse') },
      },
      pino({ level: 'silent' }),
    );
    await Promise.all([stop(), stop()]);
    expect(calls).toEqual(['consumer', 'producer', 'clickhouse']);
  });
});
