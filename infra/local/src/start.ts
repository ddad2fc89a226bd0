/*
 * `npm start`: the whole pipeline on one machine. Kafka and ClickHouse (infra/local, unless KAFKA_BROKERS and
 * CLICKHOUSE_URL point elsewhere), topics, migrations, the SDK build, then collector, processor, api with dashboard
 * and the demo city portal, demo traffic for the six cities (DEMO_TRAFFIC=0 skips it) and one demo key per role.
 *
 * Stopping. Ctrl-C in a terminal signals the whole foreground process group, npm included, and npm forwards
 * SIGINT and SIGTERM to this process (the start script `exec`s into it, so no shell or wrapper sits in between
 * that could exit first). Every process this command starts runs in a process group of its own, so a signal
 * reaches them only through this command, which stops them in order: the portal, the collector (it flushes to
 * Kafka) and the api, then the processor (it commits what is stored), then Kafka and ClickHouse if it started them.
 * It exits, and the prompt returns, only when all of them are gone. SIGINT, SIGTERM and SIGHUP (a closed terminal)
 * all stop it this way, during start-up too; further signals do not cut the stop short. Pid files under
 * $GODONU_DATA_DIR/run let the next `npm start` stop the leftovers of one that was killed outright (start-state.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { refuseNewDaemons } from './daemon.ts';
import {
  clickhouseDown,
  clickhouseUp,
  ensureTopics,
  isPortFree,
  kafkaDown,
  kafkaUp,
  REPO_ROOT,
  topicDurabilityOf,
} from './index.ts';
import { loadStartConfig } from './start.config.ts';
import { type LocalDaemon, StartState, stopGroup } from './start-state.ts';

interface Service {
  name: string;
  entry: string;
  port: number;
  portVariable: string;
  env: Record<string, string>;
}

const config = loadStartConfig();
const { local, ports } = config;
const DATA = local.GODONU_DATA_DIR;
const LOGS = path.join(DATA, 'logs');
const SELF = 'infra/local/src/start.ts';
const HEALTH_DEADLINE_MS = 60_000;
/** How long a service may take to stop on SIGTERM before it is killed. */
const SERVICE_STOP_GRACE_MS = 20_000;
/** A build, migration or traffic generator in flight when a stop is asked for: it is only interrupted. */
const HELPER_STOP_GRACE_MS = 5_000;
/** npm forwards the terminal's Ctrl-C, so one key press arrives twice within this; a later one is a second press. */
const SAME_PRESS_MS = 1_000;
/**
 * A child in this command's process group (Maven, Kafka's storage tool) that dies of the same Ctrl-C fails the
 * start-up a moment before the signal handler runs: a failure is only reported if no stop follows within this.
 */
const SIGNAL_SETTLE_MS = 300;
const DEMO_KEY_ROLES = { city: 'city team Gießen', consortium: 'consortium', admin: 'admin' } as const;

const state = new StartState(path.join(DATA, 'run'));
const running: { service: Service; child: ChildProcess }[] = [];
const helpers = new Set<ChildProcess>();
/** Kafka and ClickHouse as far as this command (or an earlier one on the same data directory) started them. */
const owned = new Set<LocalDaemon>();
/** What a stop still waits for, for the answer to a second Ctrl-C. */
const pending = new Set<string>();
let claimed = false;
let stopping = false;
let stopAskedAt = 0;

/** Thrown where start-up notices that a stop was asked for. */
class Stopping extends Error {}

function step(message: string): void {
  console.log(`▸ ${message}`);
}

/** Variables every process started here sees: absolute paths, so that all of them read the same files. */
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GODONU_DATA_DIR: DATA,
  ...(config.sitesFile ? { GODONU_SITES_FILE: config.sitesFile } : {}),
};

/** A workspace command (pnpm) in its own process group, stopped with the rest; resolves to its stdout. */
function pnpm(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  if (stopping) return Promise.reject(new Stopping());
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', args, {
      cwd: REPO_ROOT,
      env: { ...baseEnv, ...extraEnv },
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    helpers.add(child);
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      helpers.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`pnpm ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function waitHealthy(service: Service, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  while (Date.now() < deadline && !stopping) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const ok = await fetch(`http://127.0.0.1:${service.port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  if (stopping) throw new Stopping();
  throw new Error(
    `${service.name} did not become healthy on port ${service.port}; see ${path.join(LOGS, `${service.name}.log`)}`,
  );
}

async function startService(service: Service): Promise<void> {
  if (!(await isPortFree(service.port))) {
    throw new Error(
      `${service.name}: port ${service.port} is taken by another program; stop it or set ${service.portVariable}`,
    );
  }
  // Checked right before the spawn, with nothing awaited in between: a stop that began earlier has already
  // collected the services to stop, and would miss this one.
  if (stopping) throw new Stopping();
  const log = openSync(path.join(LOGS, `${service.name}.log`), 'a');
  // tsx as a loader, not its CLI: one process per service, which gets the stop signal itself.
  const child = spawn(process.execPath, ['--import', 'tsx', service.entry], {
    cwd: REPO_ROOT,
    env: { ...baseEnv, ...service.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${service.name}: could not start ${service.entry}`);
  state.recordService(service.name, child.pid, service.entry);
  running.push({ service, child });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `${service.name} exited (${signal ?? `code ${code}`}); see ${path.join(LOGS, `${service.name}.log`)}`,
    );
    void shutdown(1);
  });
  await waitHealthy(service, child);
}

/** Services a killed `npm start` left behind hold the ports and old configuration: they are stopped first. */
async function stopLeftoverServices(): Promise<void> {
  const leftovers = state.leftoverServices();
  if (leftovers.length === 0) return;
  step(`stopping what an earlier npm start left running: ${leftovers.map((l) => l.name).join(', ')}`);
  await Promise.all(
    leftovers.map(async ({ name, pid }) => {
      await stopGroup(pid, SERVICE_STOP_GRACE_MS);
      state.forgetService(name);
    }),
  );
}

const DAEMONS = {
  kafka: { name: 'Kafka', port: local.KAFKA_PORT, down: kafkaDown },
  clickhouse: { name: 'ClickHouse', port: local.CLICKHOUSE_PORT, down: clickhouseDown },
} as const;

/**
 * Kafka and ClickHouse from infra/local for whatever KAFKA_BROKERS and CLICKHOUSE_URL do not name. One that already
 * runs is used: stopped at the end only if an `npm start` started it (a killed one's leftovers are adopted), left
 * running if it ran before (`npm run infra:up`).
 */
async function infrastructure(): Promise<{ kafkaBrokers: string; clickhouseUrl: string }> {
  const earlier = state.ownedInfra();
  const wanted = (['kafka', 'clickhouse'] as const).filter((d) =>
    d === 'kafka' ? !config.kafkaBrokers : !config.clickhouseUrl,
  );
  for (const d of earlier) {
    if (wanted.includes(d)) continue;
    step(`stopping ${DAEMONS[d].name}, left running by an earlier npm start and not used now`);
    await DAEMONS[d].down(local);
  }
  if (wanted.length > 0) step(`${wanted.map((d) => DAEMONS[d].name).join(' and ')} (infra/local)`);
  for (const d of wanted) {
    const runs = !(await isPortFree(DAEMONS[d].port));
    if (!runs || earlier.has(d)) owned.add(d);
    if (runs) {
      console.log(
        earlier.has(d)
          ? `  ${DAEMONS[d].name}: left running by an earlier npm start; used, and stopped with the rest`
          : `  ${DAEMONS[d].name}: already running (e.g. npm run infra:up); used, and left running`,
      );
    }
  }
  // Written before anything starts: a start-up killed halfway still tells the next one what is its own.
  state.recordOwnedInfra(owned);
  const [kafka, clickhouse] = await Promise.all([
    wanted.includes('kafka') ? kafkaUp(local) : undefined,
    wanted.includes('clickhouse') ? clickhouseUp(local) : undefined,
  ]);
  return {
    kafkaBrokers: config.kafkaBrokers ?? (kafka?.brokers as string),
    clickhouseUrl: config.clickhouseUrl ?? (clickhouse?.url as string),
  };
}

async function main(): Promise<void> {
  state.claim(SELF);
  claimed = true;
  mkdirSync(LOGS, { recursive: true });
  await stopLeftoverServices();
  const { kafkaBrokers, clickhouseUrl } = await infrastructure();
  const durability = topicDurabilityOf(local);
  const shared = {
    KAFKA_BROKERS: kafkaBrokers,
    // What the topics are created with below, so that the collector and the processor check the same at start.
    KAFKA_REPLICATION_FACTOR: String(durability.replicationFactor),
    KAFKA_MIN_INSYNC_REPLICAS: String(durability.minInsyncReplicas),
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: config.database,
    KAFKA_TOPIC_PREFIX: config.topicPrefix,
    // The demo: the repository's sites file with its public demo ingest keys and the demo portal's origins.
    GODONU_DEMO: '1',
  };
  step('Kafka topics');
  await ensureTopics(kafkaBrokers, config.topicPrefix, durability);
  step('ClickHouse migrations');
  await pnpm(['--filter', '@godonu/warehouse', 'db:migrate'], shared);
  step('SDK and dashboard builds');
  await pnpm(['--filter', '@godonu/sdk', 'build']);
  await pnpm(['--filter', '@godonu/api', 'build:web']);

  const services: Service[] = [
    {
      name: 'processor',
      entry: 'processor/src/server.ts',
      port: ports.processor,
      portVariable: 'PROCESSOR_PORT',
      env: { ...shared, PROCESSOR_PORT: String(ports.processor) },
    },
    {
      name: 'api',
      entry: 'api/src/server.ts',
      port: ports.api,
      portVariable: 'API_PORT',
      // The keys file is the api's own default or API_KEYS_FILE, exactly as for `keys create`.
      env: { ...shared, API_PORT: String(ports.api) },
    },
    {
      name: 'collector',
      entry: 'collector/src/server.ts',
      port: ports.collector,
      portVariable: 'COLLECTOR_PORT',
      env: { ...shared, COLLECTOR_PORT: String(ports.collector) },
    },
    {
      name: 'portal',
      entry: 'infra/demo/src/portal.main.ts',
      port: ports.portal,
      portVariable: 'PORTAL_PORT',
      env: { PORTAL_PORT: String(ports.portal), COLLECTOR_ORIGIN: `http://127.0.0.1:${ports.collector}` },
    },
  ];
  for (const service of services) {
    step(`${service.name} on 127.0.0.1:${service.port}`);
    await startService(service);
  }

  const marker = path.join(DATA, 'demo', `traffic-${config.database}.done`);
  if (config.demoTraffic && !existsSync(marker)) {
    step('demo traffic for the six cities (30 days; once per database)');
    await pnpm(
      ['--filter', '@godonu/generate', 'generate', '--days', '30', '--scale', String(config.demoScale)],
      shared,
    );
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, new Date().toISOString());
  }

  step('demo keys (added to the keys file; those of the previous run are revoked, every other key stays)');
  const keys = new Map(
    (await pnpm(['--silent', '--filter', '@godonu/api', 'keys', 'demo'], shared))
      .trim()
      .split('\n')
      .map((line) => {
        const [role, , key] = line.split('\t');
        return [role, key] as const;
      }),
  );

  const api = `http://127.0.0.1:${ports.api}`;
  console.log(`
godonu is running. Ctrl-C stops everything.

  Demo city portal (Gießen, with the script tag)  http://127.0.0.1:${ports.portal}/
  Dashboard                                      ${api}/
  API docs                                       ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Metrics      collector http://127.0.0.1:${ports.collector}/metrics · processor http://127.0.0.1:${ports.processor}/metrics · api ${api}/metrics
  Kafka ${kafkaBrokers} · ClickHouse ${clickhouseUrl} (database ${config.database})
  Logs         ${LOGS}/<service>.log, Kafka and ClickHouse logs under ${DATA}

  Demo keys (Authorization: Bearer <key>; sign in to the dashboard with one):
${Object.entries(DEMO_KEY_ROLES)
  .map(([role, label]) => `    ${label.padEnd(18)}${keys.get(role) ?? '(missing)'}`)
  .join('\n')}
`);
}

async function stopService({ service, child }: { service: Service; child: ChildProcess }): Promise<void> {
  if (child.pid === undefined) return;
  pending.add(service.name);
  const { killed } = await stopGroup(child.pid, SERVICE_STOP_GRACE_MS);
  state.forgetService(service.name);
  pending.delete(service.name);
  console.log(
    `  ${service.name} ${killed ? `killed (no exit within ${SERVICE_STOP_GRACE_MS / 1000} s)` : 'stopped'}`,
  );
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...helpers].map((h) => (h.pid === undefined ? undefined : stopGroup(h.pid, HELPER_STOP_GRACE_MS))),
  );
  const named = (...names: string[]) => running.filter((r) => names.includes(r.service.name));
  await Promise.all(named('portal', 'collector', 'api').map(stopService));
  await Promise.all(named('processor').map(stopService));
  // Last: the services need Kafka and ClickHouse while they stop.
  await Promise.all(
    [...owned].map(async (d) => {
      pending.add(DAEMONS[d].name);
      const was = await DAEMONS[d].down(local);
      owned.delete(d);
      state.recordOwnedInfra(owned);
      pending.delete(DAEMONS[d].name);
      console.log(`  ${DAEMONS[d].name} ${was ? 'stopped' : 'was not running'}`);
    }),
  );
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopAskedAt = Date.now();
  refuseNewDaemons('npm start is stopping');
  console.log('\nstopping …');
  try {
    await stopAll();
  } catch (err) {
    console.error(`stopping failed: ${err instanceof Error ? err.message : err}`);
    code = 1;
  }
  if (claimed) state.release();
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    void shutdown(0);
    return;
  }
  if (Date.now() - stopAskedAt < SAME_PRESS_MS) return;
  const waiting = [...pending].join(', ') || 'the last processes';
  console.log(
    `  ${signal}: still stopping, waiting for ${waiting}; each is killed if it has not exited ${SERVICE_STOP_GRACE_MS / 1000} s after its stop signal`,
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
// Output may lose its reader while we stop (`npm start | tee log`: tee dies of the same Ctrl-C). Then the output
// is dropped, never the stop.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
process.on('uncaughtException', (err) => {
  console.error(err);
  void shutdown(1);
});

try {
  await main();
} catch (err) {
  await sleep(SIGNAL_SETTLE_MS);
  if (!stopping && !(err instanceof Stopping)) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1);
  }
}
