/*
 * The real entry point as `npm start` runs it: a separate process that loads its config from the environment,
 * listens, and on SIGTERM stops accepting, answers what is open, flushes to Kafka and exits 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTopics } from '@godonu/infra';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../tests/support/infra.ts';
import { readRecords } from './test-support/kafka-records.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('collector/src/server.ts', () => {
  it('answers every open request on SIGTERM, flushes to Kafka and exits 0', { timeout: 90_000 }, async () => {
    const prefix = `${uniqueName('server')}.`;
    await ensureTopics(inject('kafkaBrokers'), prefix);
    const port = await freePort();
    const output: string[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', path.join('collector', 'src', 'server.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: inject('kafkaBrokers'),
        KAFKA_TOPIC_PREFIX: prefix,
        COLLECTOR_PORT: String(port),
        COLLECTOR_SDK_FILE: path.join(REPO_ROOT, 'collector/src/sdk/fixtures/sdk.fixture.js'),
        COLLECTOR_GROUP_COMMIT_MS: '20',
        // The repository's sites file: demo ingest keys and the demo portal's origins.
        GODONU_DEMO: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => output.push(String(d)));
    child.stderr?.on('data', (d) => output.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const ready = await fetch(`${url}/readyz`).catch(() => undefined);
      if (ready?.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const send = (id: string) =>
      fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://www.giessen.de', 'user-agent': UA },
        body: JSON.stringify({
          v: 1,
          site: 'giessen',
          sentAt: Date.now(),
          events: [{ type: 'pageview', id, ts: Date.now(), url: '/' }],
        }),
      }).then(
        (res) => ({ id, status: res.status }),
        () => ({ id, status: 0 }),
      );
    // Warm connections first, so that the burst below is in flight (not still connecting) at SIGTERM.
    for (let i = 0; i < 4; i++) expect((await send(`sigterm-warm-${i}`)).status).toBe(202);
    const ids = Array.from({ length: 200 }, (_, i) => `sigterm-${i}`);
    const inFlight = ids.map(send);
    // SIGTERM while the group-commit window holds requests that are not yet acknowledged.
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    expect(await exited).toBe(0);

    const warm = [0, 1, 2, 3].map((i) => `sigterm-warm-${i}`);
    const accepted = [...warm, ...results.filter((r) => r.status === 202).map((r) => r.id)];
    console.log(
      `SIGTERM: ${accepted.length} answered 202, ${results.filter((r) => r.status === 503).length} 503, ${results.filter((r) => r.status === 0).length} refused connections`,
    );
    expect(results.every((r) => [0, 202, 503].includes(r.status))).toBe(true);
    expect(accepted.length).toBeGreaterThan(warm.length);
    const log = output.join('');
    expect(log).toContain('"steps":["http","sink","producer","quality","salts","probe"]');
    expect(log).toContain('"msg":"collector stopped"');

    const stored = await readRecords(testKafka(), `${prefix}godonu.events.v1`, accepted.length);
    const storedIds = new Set(stored.map((r) => JSON.parse(r.value).event.id));
    expect(accepted.filter((id) => !storedIds.has(id))).toEqual([]);
  });

  it('refuses to start on the demo sites file outside demo mode, naming what to fix', {
    timeout: 60_000,
  }, async () => {
    const output: string[] = [];
    const refused = spawn(process.execPath, ['--import', 'tsx', path.join('collector', 'src', 'server.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, KAFKA_BROKERS: inject('kafkaBrokers'), COLLECTOR_PORT: '0', GODONU_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    refused.stdout?.on('data', (d) => output.push(String(d)));
    refused.stderr?.on('data', (d) => output.push(String(d)));
    const code = await new Promise<number | null>((resolve) => refused.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    const fatal = output
      .join('')
      .split('\n')
      .filter((line) => line.includes('"msg":"collector failed to start"'))
      .map((line) => JSON.parse(line) as { err: { message: string } });
    expect(fatal).toHaveLength(1);
    const lines = fatal[0]?.err.message.split('\n') ?? [];
    expect([lines[0], lines.length, lines.at(-1)]).toEqual([
      `${path.join(REPO_ROOT, 'infra/config/sites.json')} holds demo entries, which are refused outside demo mode:`,
      12,
      'Fix the sites file before going live (see infra/config/README.md), or set GODONU_DEMO=1 for a local demo.',
    ]);
  });
});
