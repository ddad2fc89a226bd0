/*
 * The dashboard tests' generated traffic, made once and copied into each test file's database. Generating it (the
 * traffic generator through the processor's own steps, then the insert) takes 20 to 50 s; a copy about a second:
 * the database is migrated by the warehouse's runner, as before, and every table the generator filled gets
 * the template's parts (ALTER TABLE … ATTACH PARTITION ALL FROM: the server links the parts; no materialized view
 * runs), so raw events and roll-ups alike hold exactly the template's rows, and the file may change its copy freely.
 *
 * The template is a database of its own, `demo_template_<key>`, kept between runs. The key hashes every input of
 * the rows: the options, the sites configuration, the sources of the generator, processor, contract and warehouse
 * (migrations included), this file, the lockfile, and the versions of Node and ClickHouse; a change to any of them
 * names another template (dropping the demo_template_* databases forces a new one). Test files run in parallel
 * processes: one builds while the others wait on a lock file, and it builds under a random name renamed to the
 * template's only when complete, so no copy is ever taken of a half-built template.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import type { SitesConfig } from '@godonu/contract';
import { generateTraffic } from '@godonu/generate';
import { MIGRATIONS_TABLE, migrate } from '@godonu/warehouse';

export interface DemoTraffic {
  sites: SitesConfig;
  /** Report days ending with the day of `end`. */
  days: number;
  scale: number;
  seed: string;
  end: Date;
  rawRetentionDays: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Everything the generated rows and the tables holding them are made of (tests excluded). */
const SOURCE_DIRS = [
  'contract/src',
  'processor/src',
  'infra/generate/src',
  'infra/clickhouse/src',
  'infra/clickhouse/migrations',
];
const SOURCE_FILES = ['pnpm-lock.yaml', path.relative(REPO_ROOT, fileURLToPath(import.meta.url))];

const TEMPLATE_PREFIX = 'demo_template_';
const TEMPLATE_NAME = /^demo_template_[0-9a-f]{16}$/;
const PARTIAL_PREFIX = 'demo_partial_';
/** Templates kept for other source trees (another branch, a run still going): older ones are dropped. */
const KEEP_TEMPLATES = 3;
const LOCK_POLL_MS = 250;
/** Longer than a build on a busy machine; a lock whose process has died is taken over at once. */
const LOCK_WAIT_MS = 10 * 60_000;
/** One insert of the generator may take long while the other test files keep the server busy. */
const INSERT_TIMEOUT_MS = 300_000;

/** By server and traffic: the template's name, once it exists. */
const templates = new Map<string, Promise<string>>();

/**
 * Creates `database` holding the warehouse's tables and the traffic `t` describes, as `migrate` and
 * `generateTraffic` into an empty database would.
 */
export async function createDemoDatabase(url: string, database: string, t: DemoTraffic): Promise<void> {
  const admin = createClient({ url });
  try {
    // A second attempt only when a run of other sources dropped the template (KEEP_TEMPLATES) during the copy.
    for (let attempt = 1; ; attempt++) {
      const template = await demoTemplate(url, t);
      try {
        await copyDatabase(admin, url, template, database, t.rawRetentionDays);
        return;
      } catch (err) {
        if (attempt > 1 || (await databaseExists(admin, template))) throw err;
        templates.delete(memoKey(url, t));
        await admin.command({ query: `DROP DATABASE IF EXISTS ${identifier(database)} SYNC` });
      }
    }
  } finally {
    await admin.close();
  }
}

async function copyDatabase(
  admin: ClickHouseClient,
  url: string,
  template: string,
  database: string,
  rawRetentionDays: number,
): Promise<void> {
  await admin.command({ query: `CREATE DATABASE ${identifier(database)}` });
  await migrate({ url, database, rawRetentionDays });
  const result = await admin.query({
    query: `SELECT table FROM system.parts
            WHERE database = {template:String} AND active AND table != {migrations:String}
            GROUP BY table ORDER BY table`,
    query_params: { template, migrations: MIGRATIONS_TABLE },
    format: 'JSONEachRow',
  });
  for (const { table } of await result.json<{ table: string }>()) {
    const name = identifier(table);
    await admin.command({
      query: `ALTER TABLE ${identifier(database)}.${name} ATTACH PARTITION ALL FROM ${identifier(template)}.${name}`,
    });
  }
}

/** The template's name, once it exists; built by this process if no other has built it. */
function demoTemplate(url: string, t: DemoTraffic): Promise<string> {
  const key = memoKey(url, t);
  let template = templates.get(key);
  if (!template) {
    template = ensureTemplate(url, t);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  return template;
}

function memoKey(url: string, t: DemoTraffic): string {
  return JSON.stringify({ url, ...t, end: t.end.toISOString() });
}

async function ensureTemplate(url: string, t: DemoTraffic): Promise<string> {
  const admin = createClient({ url });
  try {
    const template = `${TEMPLATE_PREFIX}${(await templateKey(admin, t)).slice(0, 16)}`;
    if (await databaseExists(admin, template)) return template;
    const lockFile = path.join(tmpdir(), `godonu-demo-template-${sha256(url).slice(0, 12)}.lock`);
    await withLock(lockFile, async () => {
      if (await databaseExists(admin, template)) return;
      await dropDeadPartials(admin);
      const partial = `${PARTIAL_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin.command({ query: `CREATE DATABASE ${identifier(partial)}` });
      await migrate({ url, database: partial, rawRetentionDays: t.rawRetentionDays });
      const client = createClient({ url, database: partial, request_timeout: INSERT_TIMEOUT_MS });
      try {
        await generateTraffic({
          client,
          sites: t.sites,
          days: t.days,
          scale: t.scale,
          seed: t.seed,
          end: t.end,
        });
      } finally {
        await client.close();
      }
      try {
        await admin.command({ query: `RENAME DATABASE ${identifier(partial)} TO ${identifier(template)}` });
      } catch (err) {
        // Two builders at once (a dead holder's lock taken over by two waiters): the first rename stands.
        await admin.command({ query: `DROP DATABASE IF EXISTS ${identifier(partial)} SYNC` });
        if (!(await databaseExists(admin, template))) throw err;
      }
      await dropOldTemplates(admin);
    });
    return template;
  } finally {
    await admin.close();
  }
}

async function templateKey(admin: ClickHouseClient, t: DemoTraffic): Promise<string> {
  const version = await admin.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
  const [row] = await version.json<{ v: string }>();
  const hash = createHash('sha256').update(
    JSON.stringify({
      ...t,
      end: t.end.toISOString(),
      node: process.version,
      clickhouse: row?.v,
    }),
  );
  for (const file of await sourceFiles()) {
    hash.update(`\0${file}\0`);
    hash.update(await readFile(path.join(REPO_ROOT, file)));
  }
  return hash.digest('hex');
}

async function sourceFiles(): Promise<string[]> {
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) {
    for (const entry of await readdir(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.test\.ts$/.test(entry.name)) continue;
      files.push(path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}

/** Keeps the KEEP_TEMPLATES newest templates (by the creation of their tables). */
async function dropOldTemplates(admin: ClickHouseClient): Promise<void> {
  const result = await admin.query({
    query: `SELECT database FROM system.tables WHERE startsWith(database, {prefix:String})
            GROUP BY database ORDER BY min(metadata_modification_time) DESC, database`,
    query_params: { prefix: TEMPLATE_PREFIX },
    format: 'JSONEachRow',
  });
  const names = (await result.json<{ database: string }>()).map((r) => r.database);
  for (const db of names.filter((n) => TEMPLATE_NAME.test(n)).slice(KEEP_TEMPLATES))
    await admin.command({ query: `DROP DATABASE IF EXISTS ${identifier(db)} SYNC` });
}

/** Partial templates (`demo_partial_<pid>_<random>`) whose builder has died, e.g. killed by a timeout. */
async function dropDeadPartials(admin: ClickHouseClient): Promise<void> {
  const result = await admin.query({
    query: 'SELECT name FROM system.databases WHERE startsWith(name, {prefix:String})',
    query_params: { prefix: PARTIAL_PREFIX },
    format: 'JSONEachRow',
  });
  for (const { name } of await result.json<{ name: string }>()) {
    const pid = Number(name.slice(PARTIAL_PREFIX.length).split('_')[0]);
    if (pid > 0 && !alive(pid))
      await admin.command({ query: `DROP DATABASE IF EXISTS ${identifier(name)} SYNC` });
  }
}

async function databaseExists(admin: ClickHouseClient, name: string): Promise<boolean> {
  const result = await admin.query({
    query: 'SELECT count() AS n FROM system.databases WHERE name = {name:String}',
    query_params: { name },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n) > 0;
}

/** `fn` while this process holds `file` (created exclusively, holding its pid); a dead holder's file is removed. */
async function withLock(file: string, fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(await readFile(file, 'utf8').catch(() => ''));
    if (holder > 0 && !alive(holder)) await unlink(file).catch(() => undefined);
    else if (Date.now() > deadline)
      throw new Error(`demo template: ${file} still held after ${LOCK_WAIT_MS} ms`);
    else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    await fn();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names here come from this file or from the server's own catalogue; anything else is refused, not quoted. */
function identifier(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
