/*
 * `npm start`: the whole pipeline on one machine. Kafka and ClickHouse (infra/local, unless KAFKA_BROKERS and
 * CLICKHOUSE_URL point elsewhere), topics, migrations, the SDK build, then collector, processor, api with dashboard
 * and the demo city portal, demo traffic for the six cities (DEMO_TRAFFIC=0 skips it) and one demo key per role.
 * Ctrl-C stops everything in order: the portal and collector first (the collector flushes to Kafka), then the
 * processor (it commits what is stored), the api, and the local infrastructure if this command started it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTopics, infraDown, infraUp, isPortFree, loadLocalConfig, REPO_ROOT } from './index.ts';

interface Service {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
}

const env = process.env;
const local = loadLocalConfig();
const DATA = local.GODONU_DATA_DIR;
const LOGS = path.join(DATA, 'logs');
const HEALTH_DEADLINE_MS = 60_000;
const ports = {
  collector: Number(env.COLLECTOR_PORT ?? 8080),
  api: Number(env.API_PORT ?? 8081),
  portal: Number(env.PORTAL_PORT ?? 8082),
  processor: Number(env.PROCESSOR_PORT ?? 8083),
};
const database = env.CLICKHOUSE_DATABASE ?? 'godonu';
const keysFile = path.join(DATA, 'demo', 'api-keys.json');
const children: { service: Service; child: ChildProcess }[] = [];
let startedInfra = false;

function step(message: string): void {
  console.log(`▸ ${message}`);
}

function pnpm(args: string[], extraEnv: Record<string, string> = {}): string {
  return execFileSync('pnpm', args, {
    cwd: REPO_ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
}

async function waitHealthy(service: Service, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`http://127.0.0.1:${service.port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(
    `${service.name} did not become healthy on port ${service.port}; see ${path.join(LOGS, `${service.name}.log`)}`,
  );
}

async function startService(service: Service): Promise<void> {
  if (!(await isPortFree(service.port))) {
    throw new Error(
      `${service.name}: port ${service.port} is taken; stop what runs there or set its *_PORT variable`,
    );
  }
  const log = openSync(path.join(LOGS, `${service.name}.log`), 'a');
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), service.entry],
    {
      cwd: REPO_ROOT,
      env: { ...env, ...service.env },
      // Own process group: Ctrl-C reaches only this command, which then stops the services in order.
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  children.push({ service, child });
  await waitHealthy(service, child);
}

async function stopAll(): Promise<void> {
  for (const { service, child } of [...children].reverse()) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
    if (timedOut) process.kill(-child.pid, 'SIGKILL');
    console.log(`  ${service.name} stopped`);
  }
  if (startedInfra) for (const line of await infraDown(local)) console.log(`  ${line}`);
}

async function main(): Promise<void> {
  mkdirSync(LOGS, { recursive: true });
  mkdirSync(path.dirname(keysFile), { recursive: true });
  let kafkaBrokers = env.KAFKA_BROKERS;
  let clickhouseUrl = env.CLICKHOUSE_URL;
  if (!kafkaBrokers || !clickhouseUrl) {
    step('Kafka and ClickHouse (infra/local)');
    // Stop on Ctrl-C only what this command started; a developer's running infra stays up.
    startedInfra = await isPortFree(local.KAFKA_PORT);
    const infra = await infraUp(local);
    kafkaBrokers ??= infra.kafkaBrokers;
    clickhouseUrl ??= infra.clickhouseUrl;
  }
  const shared = {
    KAFKA_BROKERS: kafkaBrokers,
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    // The demo: the repository's sites file with its public demo ingest keys and the demo portal's origins.
    GODONU_DEMO: '1',
  };
  step('Kafka topics');
  await ensureTopics(kafkaBrokers, env.KAFKA_TOPIC_PREFIX ?? '');
  step('ClickHouse migrations');
  pnpm(['--filter', '@godonu/infra', 'db:migrate'], shared);
  step('SDK and dashboard builds');
  pnpm(['--filter', '@godonu/sdk', 'build']);
  pnpm(['--filter', '@godonu/api', 'build:web']);

  const services: Service[] = [
    {
      name: 'processor',
      entry: 'processor/src/server.ts',
      port: ports.processor,
      env: { ...shared, PROCESSOR_PORT: String(ports.processor) },
    },
    {
      name: 'api',
      entry: 'api/src/server.ts',
      port: ports.api,
      env: { ...shared, API_PORT: String(ports.api), API_KEYS_FILE: keysFile },
    },
    {
      name: 'collector',
      entry: 'collector/src/server.ts',
      port: ports.collector,
      env: { ...shared, COLLECTOR_PORT: String(ports.collector) },
    },
    {
      name: 'portal',
      entry: 'infra/demo/src/portal.main.ts',
      port: ports.portal,
      env: { PORTAL_PORT: String(ports.portal), COLLECTOR_ORIGIN: `http://127.0.0.1:${ports.collector}` },
    },
  ];
  for (const service of services) {
    step(`${service.name} on 127.0.0.1:${service.port}`);
    await startService(service);
  }

  const marker = path.join(DATA, 'demo', `traffic-${database}.done`);
  if (env.DEMO_TRAFFIC !== '0' && !existsSync(marker)) {
    step('demo traffic for the six cities (30 days; once per database)');
    pnpm(
      ['--filter', '@godonu/api', 'generate', '--days', '30', '--scale', env.DEMO_SCALE ?? '0.02'],
      shared,
    );
    writeFileSync(marker, new Date().toISOString());
  }

  step('demo keys');
  rmSync(keysFile, { force: true });
  const key = (...args: string[]) =>
    pnpm(['--silent', '--filter', '@godonu/api', 'keys', 'create', ...args], {
      ...shared,
      API_KEYS_FILE: keysFile,
    }).trim();
  const keys = {
    city: key('--role', 'city', '--city', 'giessen'),
    consortium: key('--role', 'consortium'),
    admin: key('--role', 'admin'),
  };

  const api = `http://127.0.0.1:${ports.api}`;
  console.log(`
godonu is running. Ctrl-C stops everything.

  Demo city portal (Gießen, with the script tag)  http://127.0.0.1:${ports.portal}/
  Dashboard                                      ${api}/
  API docs                                       ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Metrics      collector http://127.0.0.1:${ports.collector}/metrics · processor http://127.0.0.1:${ports.processor}/metrics · api ${api}/metrics
  Kafka ${kafkaBrokers} · ClickHouse ${clickhouseUrl} (database ${database})
  Logs         ${LOGS}/<service>.log, Kafka and ClickHouse logs under ${DATA}

  Demo keys (Authorization: Bearer <key>; sign in to the dashboard with one):
    city team Gießen  ${keys.city}
    consortium        ${keys.consortium}
    admin             ${keys.admin}
`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping …');
  await stopAll();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  await main();
  for (const { service, child } of children) {
    child.once('exit', (code) => {
      if (stopping) return;
      console.error(`${service.name} exited (code ${code}); see ${path.join(LOGS, `${service.name}.log`)}`);
      void shutdown(1);
    });
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}
