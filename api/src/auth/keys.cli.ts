/*
 * Admin command for API keys:
 *   pnpm --filter @godonu/api keys create --role city --city giessen [--label "Digitalteam Gießen"]
 *   pnpm --filter @godonu/api keys create --role consortium|admin [--label ...]
 *   pnpm --filter @godonu/api keys revoke <id>
 *   pnpm --filter @godonu/api keys list
 *   pnpm --filter @godonu/api keys demo      (what `npm start` runs: renews its demo keys, one per role)
 * The file is API_KEYS_FILE, by default `$GODONU_DATA_DIR/api-keys.json` (`.data/api-keys.json`): the one the api
 * reads, under `npm start` too. `create` prints the key once on stdout (everything else goes to stderr, so `$(...)`
 * captures only the key). A refusal is the first line on stderr and exits with 2, whatever pnpm prints after it.
 */
import { parseArgs } from 'node:util';
import { Refusal, runCommand } from '../command.ts';
import { type KeysConfig, loadKeysConfig } from '../config.ts';
import { loadSites } from '../sites.ts';
import { KeyStore } from './key-store.ts';
import { ROLES, type Role } from './roles.ts';

const USAGE = `usage:
  keys create --role city --city <city key> [--label <text>]
  keys create --role consortium|admin [--label <text>]
  keys revoke <key id>
  keys list
  keys demo`;

/** The label of `npm start`'s demo keys: each run revokes the previous run's and makes new ones. */
const DEMO_LABEL = 'demo key (npm start)';
/** The city whose team the demo city key belongs to: the demo portal is Gießen's. */
const DEMO_CITY = 'giessen';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, city: { type: 'string' }, label: { type: 'string' } },
  });
  const config = loadKeysConfig();
  const store = new KeyStore(config.API_KEYS_FILE);
  const [command, ...rest] = positionals;
  if (command === 'create' && rest.length === 0) {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new Refusal(`--role must be one of ${ROLES.join(', ')}`);
    const city = values.city ?? null;
    if (role === 'city') {
      if (city === null) throw new Refusal('a city key needs --city <city key>');
      checkCity(config, city);
    } else if (city !== null) throw new Refusal('only city keys take --city');
    const label = values.label ?? (city ? `${role} ${city}` : role);
    const { key, record } = await store.create({ role, city, label });
    process.stderr.write(
      `created key ${record.id} (${record.role}${city ? ` ${city}` : ''}) in ${store.file}\n`,
    );
    process.stdout.write(`${key}\n`);
    return;
  }
  if (command === 'revoke' && rest.length === 1) {
    const ok = await store.revoke(rest[0] as string);
    if (!ok) throw new Refusal(`no active key with id ${rest[0]} in ${store.file}`);
    process.stderr.write(`revoked key ${rest[0]} in ${store.file}\n`);
    return;
  }
  if (command === 'list' && rest.length === 0) {
    for (const k of await store.list()) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
      process.stdout.write(
        `${k.id}\t${k.role}\t${k.city ?? '-'}\t${state}\tcreated ${k.createdAt}\t${k.label}\n`,
      );
    }
    return;
  }
  if (command === 'demo' && rest.length === 0) {
    checkCity(config, DEMO_CITY);
    const { created, revoked } = await store.renewLabelled(DEMO_LABEL, [
      { role: 'city', city: DEMO_CITY },
      { role: 'consortium', city: null },
      { role: 'admin', city: null },
    ]);
    process.stderr.write(
      `created ${created.length} demo keys in ${store.file}; revoked ${revoked} demo keys of earlier runs; every other key stays\n`,
    );
    for (const { key, record } of created)
      process.stdout.write(`${record.role}\t${record.city ?? '-'}\t${key}\n`);
    return;
  }
  throw new Refusal(USAGE);
}

/** A city key needs a city of the sites file; the refusal names the file, since the services may read another. */
function checkCity(config: KeysConfig, city: string): void {
  let sites: ReturnType<typeof loadSites>;
  try {
    sites = loadSites(config.GODONU_SITES_FILE);
  } catch (err) {
    throw new Refusal(
      `cannot read the sites file ${config.GODONU_SITES_FILE} (GODONU_SITES_FILE): ${err instanceof Error ? err.message : err}`,
    );
  }
  if (sites.cities.has(city)) return;
  throw new Refusal(
    `no city "${city}" in the sites file ${config.GODONU_SITES_FILE} (GODONU_SITES_FILE); it has ${[...sites.cities.keys()].join(', ')}. ` +
      'Set GODONU_SITES_FILE to the file the services read.',
  );
}

await runCommand('keys', () => main(process.argv.slice(2)));
