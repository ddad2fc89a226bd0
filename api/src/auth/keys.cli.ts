/*
 * Admin command for API keys:
 *   pnpm --filter @godonu/api keys create --role city --city giessen [--label "Digitalteam Gießen"]
 *   pnpm --filter @godonu/api keys create --role consortium|admin [--label ...]
 *   pnpm --filter @godonu/api keys revoke <id>
 *   pnpm --filter @godonu/api keys list
 * `create` prints the key once on stdout (everything else goes to stderr, so `$(...)` captures only the key).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { loadSites } from '../sites.ts';
import { KeyStore } from './key-store.ts';
import { ROLES, type Role } from './roles.ts';

const USAGE = `usage:
  keys create --role city --city <city key> [--label <text>]
  keys create --role consortium|admin [--label <text>]
  keys revoke <key id>
  keys list`;

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const store = new KeyStore(config.API_KEYS_FILE);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, city: { type: 'string' }, label: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (command === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) return fail(`--role must be one of ${ROLES.join(', ')}`);
    const city = values.city ?? null;
    if (role === 'city') {
      const sites = loadSites(config.GODONU_SITES_FILE);
      if (!city || !sites.cities.has(city))
        return fail(`--city must be one of ${[...sites.cities.keys()].join(', ')}`);
    } else if (city !== null) return fail('only city keys take --city');
    const label = values.label ?? (city ? `${role} ${city}` : role);
    const { key, record } = await store.create({ role, city, label });
    process.stderr.write(
      `created key ${record.id} (${record.role}${city ? ` ${city}` : ''}) in ${store.file}\n`,
    );
    process.stdout.write(`${key}\n`);
    return 0;
  }
  if (command === 'revoke' && rest.length === 1) {
    const ok = await store.revoke(rest[0] as string);
    if (!ok) return fail(`no active key with id ${rest[0]}`);
    process.stderr.write(`revoked key ${rest[0]}\n`);
    return 0;
  }
  if (command === 'list') {
    for (const k of await store.list()) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
      process.stdout.write(
        `${k.id}\t${k.role}\t${k.city ?? '-'}\t${state}\tcreated ${k.createdAt}\t${k.label}\n`,
      );
    }
    return 0;
  }
  return fail(USAGE);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
