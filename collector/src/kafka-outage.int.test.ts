/*
 * Kafka outage on a PRIVATE broker (free ports, own data dir), so the shared broker is untouched:
 * while it is down the collector answers 503 + Retry-After (never 202), and after it restarts the collector
 * accepts again, and every request that was answered 202 before, during or after the outage is in the topic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTopics, freePort, kafkaDown, kafkaUp, loadLocalConfig } from '@godonu/infra';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from './collector.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { readRecords } from './test-support/kafka-records.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'godonu-collector-outage-'));
// Fixed ports made two runs on one machine (two checkouts, CI beside a developer) fail with "port taken".
const kafkaPort = await freePort();
let controllerPort = await freePort();
while (controllerPort === kafkaPort) controllerPort = await freePort();
const local = loadLocalConfig({
  KAFKA_PORT: String(kafkaPort),
  KAFKA_CONTROLLER_PORT: String(controllerPort),
  GODONU_DATA_DIR: dataDir,
  KAFKA_HEAP: '512m',
});
const BROKERS = `127.0.0.1:${kafkaPort}`;
const TOPIC = 'outage.godonu.events.v1';
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const BUFFER_TIMEOUT_MS = 1_500;

let collector: Collector;
let url: string;
let seq = 0;

async function post(): Promise<{ id: string; status: number; retryAfter: string | null; code?: string }> {
  const id = `outage-${++seq}`;
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: 'https://www.giessen.de', 'user-agent': UA },
    body: JSON.stringify({
      v: 1,
      site: 'giessen',
      sentAt: Date.now(),
      events: [{ type: 'pageview', id, ts: Date.now(), url: '/' }],
    }),
  });
  const body = (await res.json()) as { error?: string };
  return { id, status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error };
}

beforeAll(async () => {
  await kafkaUp(local);
  await ensureTopics(BROKERS, 'outage.');
  const config = loadConfig({
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: 'outage.',
    GODONU_DEMO: '1',
    COLLECTOR_PORT: '0',
    COLLECTOR_LOG_LEVEL: 'silent',
    COLLECTOR_BUFFER_TIMEOUT_MS: String(BUFFER_TIMEOUT_MS),
    COLLECTOR_RETRY_AFTER_SECONDS: '2',
    COLLECTOR_SDK_FILE: fileURLToPath(new URL('./sdk/fixtures/sdk.fixture.js', import.meta.url)),
  });
  collector = await createCollector(config, createLogger('silent'));
  url = await collector.start();
});

afterAll(async () => {
  await collector?.close();
  await kafkaDown(local);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Kafka outage', () => {
  it('answers 503 while Kafka is down, recovers after its restart, and loses no 202', async () => {
    const accepted: string[] = [];
    const record = (r: Awaited<ReturnType<typeof post>>) => {
      if (r.status === 202) accepted.push(r.id);
      return r;
    };
    for (let i = 0; i < 20; i++) expect(record(await post()).status).toBe(202);

    // Load throughout the outage: 4 clients, each sending as soon as its previous request was answered.
    let running = true;
    const outcomes: Awaited<ReturnType<typeof post>>[] = [];
    const clients = Array.from({ length: 4 }, async () => {
      while (running) {
        outcomes.push(record(await post()));
        await new Promise((r) => setTimeout(r, 20));
      }
    });

    await kafkaDown(local);
    const down = await post();
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBe('2');
    expect(down.code).toBe('COLLECTOR_KAFKA_UNAVAILABLE');
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { kafka: boolean } }).checks.kafka).toBe(false);

    await kafkaUp(local);
    let recovered: Awaited<ReturnType<typeof post>> | undefined;
    for (let attempt = 0; attempt < 120 && recovered?.status !== 202; attempt++) {
      recovered = record(await post());
      if (recovered.status !== 202) await new Promise((r) => setTimeout(r, 500));
    }
    expect(recovered?.status).toBe(202);
    for (let i = 0; i < 20; i++) expect(record(await post()).status).toBe(202);
    running = false;
    await Promise.all(clients);

    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((s) => s === 202 || s === 503)).toBe(true);
    expect(outcomes.filter((o) => o.status === 503).every((o) => o.retryAfter === '2')).toBe(true);
    console.log(
      `outage: ${accepted.length} accepted, ${outcomes.filter((o) => o.status === 503).length + 1} refused with 503`,
    );

    // Every acknowledged event is in the topic after the restart (503s may be there too: at least once).
    const kafka = new Kafka({ clientId: 'outage-check', brokers: [BROKERS], logLevel: logLevel.NOTHING });
    const offsets = await (async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(TOPIC);
      } finally {
        await admin.disconnect();
      }
    })();
    const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    const stored = new Set((await readRecords(kafka, TOPIC, total)).map((r) => JSON.parse(r.value).event.id));
    const missing = accepted.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
