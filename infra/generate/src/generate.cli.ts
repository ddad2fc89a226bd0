/*
 * Demo and benchmark traffic for the six cities:
 *   pnpm --filter @godonu/generate generate --days 30 --scale 0.01 [--seed godonu] [--end 2025-03-31T12:00:00Z] [--migrate]
 * Writes into CLICKHOUSE_URL / CLICKHOUSE_DATABASE, with report days in REPORT_TIME_ZONE (recorded in the warehouse
 * if it holds no zone yet, refused if it holds another). Runs add up: run it once per database.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { parseSitesConfig } from '@godonu/contract';
import { migrate, recordReportTimeZone } from '@godonu/warehouse';
import { z } from 'zod';
import { loadGenerateConfig } from './generate.config.ts';
import { generateTraffic } from './load.ts';

const args = z.object({
  days: z.coerce.number().int().min(1).max(400).default(30),
  scale: z.coerce.number().positive().max(10).default(0.01),
  seed: z.string().min(1).default('godonu'),
  end: z.iso.datetime({ offset: true }).optional(),
  migrate: z.boolean().default(false),
});

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    days: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    end: { type: 'string' },
    migrate: { type: 'boolean' },
  },
});
const parsed = args.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`${z.prettifyError(parsed.error)}\n`);
  process.exit(2);
}
const opts = parsed.data;
const config = loadGenerateConfig();
if (opts.migrate) {
  await migrate({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    rawRetentionDays: config.RAW_RETENTION_DAYS,
  });
}
const client = createClient({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  request_timeout: 600_000,
  // Generating a block takes seconds; a kept-alive socket would go stale in between.
  keep_alive: { enabled: false },
});
try {
  const exists = await client.query({ query: 'EXISTS TABLE events', format: 'JSONEachRow' });
  const [row] = (await exists.json()) as [{ result: number }];
  if (Number(row?.result) !== 1) {
    process.stderr.write(
      `no events table in ${config.CLICKHOUSE_DATABASE}: run \`pnpm --filter @godonu/warehouse db:migrate\` or pass --migrate\n`,
    );
    process.exit(2);
  }
  try {
    await recordReportTimeZone(client, config.REPORT_TIME_ZONE);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const result = await generateTraffic({
    client,
    sites: parseSitesConfig(readFileSync(config.GODONU_SITES_FILE, 'utf8')),
    days: opts.days,
    scale: opts.scale,
    seed: opts.seed,
    timeZone: config.REPORT_TIME_ZONE,
    ...(opts.end ? { end: new Date(opts.end) } : {}),
    onProgress: ({ day, events }) => process.stderr.write(`${day}: ${events} events\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `generated ${result.events} events for ${result.from}..${result.to} into ${config.CLICKHOUSE_DATABASE} in ${seconds.toFixed(1)} s (${Math.round(result.events / seconds)} events/s)\n`,
  );
} finally {
  await client.close();
}
