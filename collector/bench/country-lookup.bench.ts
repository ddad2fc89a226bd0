/*
 * What the country lookup costs (collector/src/ingest/country-lookup.ts): memory added by opening the shipped data
 * set (RSS and external memory before and after, each run in a fresh process after a full GC), the time to open it,
 * and nanoseconds per lookup over fixed random addresses (IPv4, allocated IPv6, IPv4-mapped IPv6), the lookup as
 * the collector calls it beside its parts (address canonicalisation, the bare reader); medians of the runs.
 *
 *   pnpm --filter @godonu/collector bench:country
 *   BENCH_ROUNDS=9 BENCH_LOOKUPS=200000 pnpm --filter @godonu/collector bench:country
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CountryResponse, Reader } from 'mmdb-lib';
import { defaultCountryDatabaseFile, openCountryDatabase } from '../src/ingest/country-lookup.ts';
import { normalizeIp } from '../src/ingest/normalize-ip.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 100_000);
const MiB = 1024 * 1024;
const FAMILIES = ['IPv4', 'IPv6', 'IPv4-mapped'] as const;

interface Memory {
  rss: number;
  /** C++ objects and buffers outside the V8 heap (Node's `external`, which includes `arrayBuffers`). */
  external: number;
  heap: number;
}

interface MemoryRun {
  openMs: number;
  before: Memory;
  /** Just after opening. */
  opened: Memory;
  /** After 9,000 lookups: the decoded-record cache filled, the lookup compiled. */
  warm: Memory;
}

function memory(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, external: m.external, heap: m.heapUsed };
}

/**
 * In a fresh process (`--expose-gc`, a full GC before each reading): memory before and after opening. The control
 * does the same work without the data set (the addresses, their normalisation): the RSS that this work adds by
 * itself (young generation grown by the garbage, compiled code) is no cost of the data set.
 */
function measureMemory(control: boolean): MemoryRun {
  // Every module the lookup needs is loaded (static imports) before the first reading.
  const before = memory();
  const t0 = performance.now();
  const db = control ? { country: normalizeIp } : openCountryDatabase();
  const openMs = performance.now() - t0;
  const opened = memory();
  for (const family of FAMILIES) for (const ip of addresses(3_000, family)) db.country(ip);
  return { openMs, before, opened, warm: memory() };
}

type Family = (typeof FAMILIES)[number];

/** Where the registries allocate IPv6 (first group, 16 values from each): random IPv6 elsewhere is mostly unknown. */
const ALLOCATED_V6 = [0x2001, 0x2400, 0x2600, 0x2800, 0x2a00, 0x2c00];

/** Fixed pseudo-random addresses (mulberry32, one seed) of one family. */
function addresses(n: number, family: Family): string[] {
  let seed = 15;
  const byte = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 255;
  };
  const hex = () => ((byte() << 8) | byte()).toString(16);
  return Array.from({ length: n }, () => {
    const v4 = `${1 + (byte() % 223)}.${byte()}.${byte()}.${byte()}`;
    if (family === 'IPv4') return v4;
    if (family === 'IPv4-mapped') return `::ffff:${v4}`;
    const registry = ALLOCATED_V6[byte() % ALLOCATED_V6.length] as number;
    return `${(registry + (byte() % 16)).toString(16)}:${hex()}:${hex()}::${hex()}`;
  });
}

function nsPerCall(ips: readonly string[], f: (ip: string) => unknown): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const ip of ips) if (f(ip)) sink++;
  const ns = Number(process.hrtime.bigint() - t0) / ips.length;
  if (sink < 0) console.log(sink);
  return ns;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const mib = (bytes: number) => `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / MiB).toFixed(1)} MiB`;

if (process.argv[2] === '--memory' || process.argv[2] === '--memory-control') {
  process.stdout.write(JSON.stringify(measureMemory(process.argv[2] === '--memory-control')));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, mode], { encoding: 'utf8' }),
    ) as MemoryRun;
  const opened: MemoryRun[] = [];
  const control: MemoryRun[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    opened.push(run('--memory'));
    control.push(run('--memory-control'));
  }
  const file = defaultCountryDatabaseFile();
  console.log(`data set: ${file} (${(readFileSync(file).length / MiB).toFixed(1)} MiB)`);
  const added = (stage: 'opened' | 'warm', key: keyof Memory, runs = opened) =>
    mib(median(runs.map((m) => m[stage][key] - m.before[key])));
  const line = (stage: 'opened' | 'warm', runs = opened) =>
    `RSS ${added(stage, 'rss', runs)}, external ${added(stage, 'external', runs)}, heap ${added(stage, 'heap', runs)}`;
  console.log(
    `open: ${median(opened.map((m) => m.openMs)).toFixed(1)} ms; medians of ${ROUNDS} fresh processes`,
  );
  console.log(`added just after open: ${line('opened')}`);
  console.log(`added after 9,000 lookups: ${line('warm')}`);
  console.log(`control, the same addresses canonicalised without the data set: ${line('warm', control)}`);

  const db = openCountryDatabase();
  const reader = new Reader<CountryResponse>(readFileSync(file));
  console.log(
    `ns per call over ${LOOKUPS.toLocaleString('en')} addresses, median of ${ROUNDS} rounds [min–max]:`,
  );
  for (const family of FAMILIES) {
    const ips = addresses(LOOKUPS, family);
    const canonical = ips.map((ip) => normalizeIp(ip) as string);
    const variants = {
      'country(ip)': () => nsPerCall(ips, (ip) => db.country(ip)),
      normalizeIp: () => nsPerCall(ips, (ip) => normalizeIp(ip)),
      'bare reader (canonical address, no checks, no cache)': () =>
        nsPerCall(canonical, (ip) => reader.get(ip)),
    };
    // Warm-up: JIT and the decoded-record cache.
    for (const measure of Object.values(variants)) measure();
    const results = Object.fromEntries(
      Object.entries(variants).map(([name, measure]) => [name, Array.from({ length: ROUNDS }, measure)]),
    );
    const zz = ips.filter((ip) => db.country(ip) === 'ZZ').length / ips.length;
    console.log(`  ${family} (${(zz * 100).toFixed(1)} % ZZ):`);
    for (const [name, xs] of Object.entries(results)) {
      console.log(
        `    ${name}: ${median(xs).toFixed(0)} [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`,
      );
    }
  }
}
