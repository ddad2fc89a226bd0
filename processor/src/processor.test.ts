import { readFileSync } from 'node:fs';
import { parseSitesConfig } from '@godonu/contract';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { shutdownInOrder, startProcessor } from './processor.ts';

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

describe('startProcessor outside demo mode', () => {
  const logger = pino({ level: 'silent' });
  const config = loadConfig({});

  it("refuses the repository's sites file, which holds demo entries, before connecting anything", async () => {
    expect(config.GODONU_DEMO).toBe(false);
    const start = startProcessor({ config, logger });
    await expect(start).rejects.toThrow(
      `${config.GODONU_SITES_FILE} holds demo entries, which are refused outside demo mode:\n`,
    );
    await expect(start).rejects.toThrow(
      '  giessen portalHosts "localhost": a loopback host, only a local demo portal is served from it; remove it\n',
    );
  });

  it('refuses a configuration handed in, naming its demo entries', async () => {
    const sites = parseSitesConfig(
      readFileSync(new URL('../../infra/config/sites.json', import.meta.url), 'utf8'),
    );
    await expect(startProcessor({ config, logger, sites })).rejects.toThrow(
      /^the sites configuration holds demo entries, which are refused outside demo mode:\n {2}offenbach ingestKeySha256 /,
    );
  });

  it('reads demo mode from GODONU_DEMO=1', () => {
    expect(loadConfig({ GODONU_DEMO: '1' }).GODONU_DEMO).toBe(true);
    expect(loadConfig({}).GODONU_DEMO).toBe(false);
  });
});
