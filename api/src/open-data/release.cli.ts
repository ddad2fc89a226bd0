/*
 * The consortium's command for open-data releases, run on the server with the api's own environment (the same
 * DISCLOSURE_SECRET, K_ANONYMITY, DISCLOSURE_EPSILON, CLICKHOUSE_* and OPEN_DATA_*, so that a named city's numbers
 * are the cells the api shows the consortium):
 *   pnpm --filter @godonu/api release create --month 2026-11 [--by "Programmbüro"]
 *   pnpm --filter @godonu/api release list
 * `create` computes the month once through the disclosure layer, stores it and records it in the audit log (who:
 * the `--by` text, else "release command"), exactly as POST /v1/open-data/releases does. It prints the addresses of
 * the release's files on stdout, everything else on stderr. A refusal (a month not closed yet, a month released
 * already, a malformed month) is the first line on stderr and exits with 2; nothing is written then.
 */
import { parseArgs } from 'node:util';
import { assertNoDemoEntries } from '@godonu/contract';
import { z } from 'zod';
import { commandActor } from '../audit/actor.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { Refusal, runCommand } from '../command.ts';
import { loadConfig, policyOf } from '../config.ts';
import { ApiError } from '../errors.ts';
import { loadSites } from '../sites.ts';
import { clickhouseWarehouse, WarehouseUnavailableError } from '../warehouse.ts';
import { createRelease, releaseMonth } from './create-release.ts';
import { releaseFilePath } from './open-data-paths.ts';
import type { ReleaseMeta } from './release-document.ts';
import { ReleaseStore } from './release-store.ts';

const USAGE = `usage:
  release create --month <YYYY-MM> [--by <who runs it, e.g. "Programmbüro">]
  release list`;

/** The `--by` text is stored in the audit log: a team or office, not a person's private details. */
const byText = z.string().trim().min(1).max(200);

/** The refusals of createRelease, in the words an operator needs. */
function refusalOf(err: ApiError, month: string): Refusal | null {
  const details = (err.details ?? {}) as { createdAt?: string | null; latestClosed?: { month?: string } };
  if (err.code === 'API_RELEASE_EXISTS')
    return new Refusal(
      `${month} has been released already (${details.createdAt ?? 'at the same time'}): a release is never recomputed or replaced`,
    );
  if (err.code === 'API_PERIOD_NOT_PUBLISHED')
    return new Refusal(
      `${month} is not a closed month yet; the latest closed month is ${details.latestClosed?.month ?? 'unknown'}`,
    );
  if (err.code === 'API_BAD_REQUEST')
    return new Refusal(`--month ${month} is not a calendar month (YYYY-MM)`);
  return null;
}

function describe(m: ReleaseMeta): string {
  const p = m.disclosure;
  return `${m.release}\tcreated ${m.createdAt} by ${m.createdBy}\tk ${p.k}, ε ${p.epsilonPerCell} per cell, ${p.privacyBudget.epsilonPerVisitorDay} per visitor-day\t${m.cities.named.map((c) => c.key).join(',')}`;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { month: { type: 'string' }, by: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (rest.length > 0 || (command !== 'create' && command !== 'list')) throw new Refusal(USAGE);
  if (command === 'create') {
    if (values.month === undefined) throw new Refusal(`create needs --month <YYYY-MM>\n${USAGE}`);
    if (!releaseMonth.safeParse(values.month).success)
      throw new Refusal(`--month ${values.month} is not a calendar month (YYYY-MM, e.g. 2026-11)`);
    if (values.by !== undefined && !byText.safeParse(values.by).success)
      throw new Refusal('--by takes 1 to 200 characters');
  } else if (values.month !== undefined || values.by !== undefined) throw new Refusal(USAGE);

  const config = loadConfig();
  const sites = loadSites(config.GODONU_SITES_FILE);
  if (!config.GODONU_DEMO) assertNoDemoEntries(sites.config, config.GODONU_SITES_FILE);
  const warehouse = clickhouseWarehouse({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    quiet: true,
  });
  const releases = new ReleaseStore(warehouse);
  try {
    if (command === 'list') {
      for (const m of await releases.list()) process.stdout.write(`${describe(m)}\n`);
      return;
    }
    const month = values.month as string;
    const deps = {
      warehouse,
      sites,
      policy: policyOf(config),
      config,
      releases,
      audit: new AuditLog(warehouse),
      now: () => new Date(),
    };
    let meta: ReleaseMeta;
    try {
      meta = await createRelease(deps, month, commandActor(values.by?.trim()));
    } catch (err) {
      throw (err instanceof ApiError && refusalOf(err, month)) || err;
    }
    process.stderr.write(`created open-data release ${describe(meta)}\n`);
    for (const f of meta.files)
      process.stdout.write(`${config.OPEN_DATA_BASE_URL}${releaseFilePath(meta.release, f.name)}\n`);
  } catch (err) {
    if (err instanceof WarehouseUnavailableError)
      throw new Error(`ClickHouse unreachable at ${config.CLICKHOUSE_URL} (CLICKHOUSE_URL)`, { cause: err });
    throw err;
  } finally {
    await warehouse.close();
  }
}

await runCommand('release', () => main(process.argv.slice(2)));
