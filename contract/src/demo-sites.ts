import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SitesConfig } from './sites.schema.ts';

/*
 * Demo mode. The repository's sites file is the demo's: every city's server-side ingest key is the public
 * `demo-ingest-<city>`, and Gießen accepts browser events from the demo portal that `npm start` serves on the
 * developer's machine. Outside demo mode a service refuses such a file, so that a deployment cannot go live with
 * keys anyone can read in the README or with origins and hosts that only exist on a laptop.
 *
 * Demo-only entries:
 * - an ingest-key hash that is the SHA-256 of `demo-ingest-<key>` for any city key of the file (computed here
 *   from the file, so a new city's demo key is caught too);
 * - an allowed origin or a portal host on a loopback host (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`),
 *   e.g. `http://127.0.0.1:8082` and `http://localhost:8082`: a city's portal is never served from the machine
 *   the visitor's browser or the collector runs on, so only a local demo sends from there.
 */

/** `GODONU_DEMO`: `1` is demo mode, `0` (the default) is production. Every service parses it the same way. */
export const godonuDemo = z
  .enum(['0', '1'], { error: 'GODONU_DEMO is 1 (demo mode) or 0 (the default: demo entries are refused)' })
  .default('0')
  .transform((v) => v === '1');

/** The server-side ingest key of a city in the demo; its hash is what the repository's sites file holds. */
export const demoIngestKey = (city: string): string => `demo-ingest-${city}`;

export type DemoEntryField = 'ingestKeySha256' | 'allowedOrigins' | 'portalHosts';

export interface DemoEntry {
  city: string;
  field: DemoEntryField;
  value: string;
  /** Why it is demo-only and what to do instead. */
  fix: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1';
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/** Every demo-only entry of a sites configuration, city by city in file order. */
export function findDemoEntries(sites: SitesConfig): DemoEntry[] {
  const demoKeyOf = new Map(sites.cities.map((c) => [sha256Hex(demoIngestKey(c.key)), demoIngestKey(c.key)]));
  const found: DemoEntry[] = [];
  for (const city of sites.cities) {
    for (const hash of city.ingestKeySha256) {
      const key = demoKeyOf.get(hash);
      if (key === undefined) continue;
      found.push({
        city: city.key,
        field: 'ingestKeySha256',
        value: hash,
        fix: `SHA-256 of the public demo key "${key}"; replace it with the hash of the city's own key (printf %s "$KEY" | sha256sum)`,
      });
    }
    for (const origin of city.allowedOrigins) {
      const host = originHost(origin);
      if (host === undefined || !isLoopbackHost(host)) continue;
      found.push({
        city: city.key,
        field: 'allowedOrigins',
        value: origin,
        fix: 'a loopback origin, only a local demo portal sends from it; remove it',
      });
    }
    for (const host of city.portalHosts) {
      if (!isLoopbackHost(host)) continue;
      found.push({
        city: city.key,
        field: 'portalHosts',
        value: host,
        fix: 'a loopback host, only a local demo portal is served from it; remove it',
      });
    }
  }
  return found;
}

/**
 * Throws, naming each demo entry, its city and the fix, when the configuration holds any. `source` names where it
 * came from (the sites file's path) for the message. Called at start unless `GODONU_DEMO=1`.
 */
export function assertNoDemoEntries(sites: SitesConfig, source: string): void {
  const entries = findDemoEntries(sites);
  if (entries.length === 0) return;
  throw new Error(
    [
      `${source} holds demo entries, which are refused outside demo mode:`,
      ...entries.map((e) => `  ${e.city} ${e.field} "${e.value}": ${e.fix}`),
      'Fix the sites file before going live (see infra/config/README.md), or set GODONU_DEMO=1 for a local demo.',
    ].join('\n'),
  );
}
