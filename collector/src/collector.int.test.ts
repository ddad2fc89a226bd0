/*
 * The collector against the real Kafka broker: exact records for given requests, no IP or user-agent bytes in
 * any record or log line, salts agreed between two replicas through the salt topic, group commit under load.
 */
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { collectedEvent, recordKey } from '@godonu/contract';
import { ensureTopics } from '@godonu/infra';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../tests/support/infra.ts';
import { type Collector, createCollector } from './collector.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { utcDay } from './salt/salt-day.ts';
import { memoryLog, readRecords } from './test-support/kafka-records.ts';

const SDK_FIXTURE = fileURLToPath(new URL('./sdk/fixtures/sdk.fixture.js', import.meta.url));
const ORIGIN = 'https://www.giessen.de';
// Distinctive client data that must never appear in Kafka or in the logs.
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
/** An end user's address as a city backend reports it: orf.at's, in Austria for the shipped country data set. */
const SERVER_IP = '194.232.104.150';
/** The browser's address, as the reverse proxy in front of the collector reports it: heise.de's, in Germany. */
const BROWSER_IP = '193.99.144.80';
const FORBIDDEN = [
  FIREFOX,
  IPHONE,
  'Gecko/20100101',
  'iPhone OS 17_5',
  SERVER_IP,
  BROWSER_IP,
  'Erika',
  'Aktenzeichen',
];

let kafka: Kafka;
let prefix: string;
const log = memoryLog();
const replicas: Collector[] = [];
const urls: string[] = [];

async function startReplica(): Promise<string> {
  const config = loadConfig({
    KAFKA_BROKERS: inject('kafkaBrokers'),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_CLIENT_ID: `collector-test-${replicas.length}`,
    COLLECTOR_PORT: '0',
    COLLECTOR_SDK_FILE: SDK_FIXTURE,
    COLLECTOR_LOG_LEVEL: 'debug',
    COLLECTOR_TRUST_PROXY: '127.0.0.1',
    // The repository's sites file: demo ingest keys.
    GODONU_DEMO: '1',
  });
  const collector = await createCollector(config, createLogger('debug', log));
  replicas.push(collector);
  const url = await collector.start();
  urls.push(url);
  return url;
}

function postBrowser(url: string, events: unknown[], ua = FIREFOX) {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: ORIGIN,
      'user-agent': ua,
      'x-forwarded-for': BROWSER_IP,
    },
    body: JSON.stringify({ v: 1, site: 'giessen', sentAt: Date.now(), events }),
  });
}

function hmac(salt: Buffer, ip: string, ua: string): string {
  return createHmac('sha256', salt).update(`giessen\0${ip}\0${ua}`).digest('hex').slice(0, 16);
}

beforeAll(async () => {
  kafka = testKafka();
  prefix = `${uniqueName('collector')}.`;
  await ensureTopics(inject('kafkaBrokers'), prefix);
  await startReplica();
});

afterAll(async () => {
  for (const r of replicas) await r.close();
});

describe('collector on the real broker', () => {
  let salt: Buffer;
  let records: Awaited<ReturnType<typeof readRecords>>;
  let sentAt: { before: number; after: number };

  it('is ready once topics, producer and salts are in place', async () => {
    const res = await fetch(`${urls[0]}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { started: true, kafka: true, salts: true },
    });
  });

  it('writes the exact records for a browser batch and a server-side batch', async () => {
    const now = Date.now();
    const before = now;
    const browser = await postBrowser(urls[0] as string, [
      {
        type: 'pageview',
        id: 'int-browser-1',
        ts: now,
        url: 'https://www.giessen.de/buergerservice/hundesteuer?name=Erika&lang=de#top',
        ref: 'https://www.google.com/search?q=hundesteuer',
      },
      { type: 'form_start', id: 'int-browser-2', ts: now, url: '/online-dienste/hundesteuer', form: 'hund' },
    ]);
    expect(browser.status).toBe(202);
    expect(await browser.json()).toEqual({ accepted: 2, dropped: 0 });
    const server = await fetch(`${urls[0]}/v1/events/server`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-ingest-giessen' },
      body: JSON.stringify({
        v: 1,
        site: 'giessen',
        sentAt: now,
        events: [
          {
            ip: SERVER_IP,
            ua: IPHONE,
            event: {
              type: 'service_view',
              id: 'int-server-1',
              ts: now,
              url: '/wohnsitz?Aktenzeichen=1',
              service: '99115001000000',
            },
          },
          {
            ip: SERVER_IP,
            ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
            event: { type: 'pageview', id: 'int-server-2', ts: now, url: '/' },
          },
        ],
      }),
    });
    expect(server.status).toBe(202);
    expect(await server.json()).toEqual({ accepted: 1, dropped: 1 });
    sentAt = { before, after: Date.now() };

    // The day's salt as the salt topic holds it: the first proposal for (today, giessen).
    const saltRecords = await readRecords(kafka, `${prefix}godonu.salts.v1`, 6);
    const today = utcDay(now);
    const first = saltRecords
      .map((r) => JSON.parse(r.value))
      .find((r) => r.day === today && r.site === 'giessen');
    salt = Buffer.from(first.salt, 'hex');
    expect(salt).toHaveLength(32);

    records = await readRecords(kafka, `${prefix}godonu.events.v1`, 3);
    const values = records
      .map((r) => JSON.parse(r.value))
      .sort((a, b) => a.event.id.localeCompare(b.event.id));
    const receivedAt = values[0].receivedAt;
    expect(receivedAt).toBeGreaterThanOrEqual(sentAt.before);
    expect(receivedAt).toBeLessThanOrEqual(sentAt.after);
    const browserVisitor = hmac(salt, BROWSER_IP, FIREFOX);
    const serverVisitor = hmac(salt, SERVER_IP, IPHONE);
    const browserCommon = {
      v: 1,
      site: 'giessen',
      mode: 'browser',
      receivedAt,
      visitor: browserVisitor,
      saltDay: today,
      device: 'desktop',
      country: 'DE',
      browser: 'firefox',
      os: 'linux',
    };
    expect(values).toEqual([
      {
        ...browserCommon,
        referrerHost: 'www.google.com',
        event: {
          type: 'pageview',
          id: 'int-browser-1',
          ts: now,
          url: 'https://www.giessen.de/buergerservice/hundesteuer?lang=de',
        },
      },
      {
        ...browserCommon,
        referrerHost: null,
        event: {
          type: 'form_start',
          id: 'int-browser-2',
          ts: now,
          url: '/online-dienste/hundesteuer',
          form: 'hund',
        },
      },
      {
        v: 1,
        site: 'giessen',
        mode: 'server',
        receivedAt: values[2].receivedAt,
        visitor: serverVisitor,
        saltDay: today,
        device: 'mobile',
        country: 'AT',
        browser: 'safari',
        os: 'ios',
        referrerHost: null,
        event: {
          type: 'service_view',
          id: 'int-server-1',
          ts: now,
          url: '/wohnsitz',
          service: '99115001000000',
        },
      },
    ]);
    for (const r of records) {
      const parsed = collectedEvent.parse(JSON.parse(r.value));
      expect(r.key).toBe(recordKey(parsed));
    }
  });

  it('keeps IP addresses and user agents out of every record and every log line', async () => {
    expect(records.length).toBe(3);
    for (const r of records) {
      for (const secret of FORBIDDEN) expect(r.bytes.includes(Buffer.from(secret)), secret).toBe(false);
    }
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) {
      for (const secret of FORBIDDEN) expect(line.includes(secret), `${secret} in ${line}`).toBe(false);
    }
  });

  it('lets a second replica agree on the same salt, so a visitor gets one id whichever replica answers', async () => {
    const second = await startReplica();
    const now = Date.now();
    const keyA = replicas[0]?.salts.current('giessen', now)?.key;
    const keyB = replicas[1]?.salts.current('giessen', now)?.key;
    expect(keyB?.equals(salt)).toBe(true);
    expect(keyA?.equals(salt)).toBe(true);
    const res = await postBrowser(second, [{ type: 'pageview', id: 'int-replica-1', ts: now, url: '/' }]);
    expect(res.status).toBe(202);
    const all = await readRecords(kafka, `${prefix}godonu.events.v1`, 4);
    const fromSecond = all.map((r) => JSON.parse(r.value)).find((v) => v.event.id === 'int-replica-1');
    expect(fromSecond.visitor).toBe(hmac(salt, BROWSER_IP, FIREFOX));
    // Each site's salt was proposed once: the second replica found them and proposed nothing.
    const saltRecords = await readRecords(kafka, `${prefix}godonu.salts.v1`, 6);
    expect(saltRecords).toHaveLength(6);
  });

  it('groups concurrent requests into fewer produce calls, and every 202 is in the topic', async () => {
    const histogram = async () => {
      const values = (await replicas[0]?.metrics.produceBatchEvents.get())?.values ?? [];
      const find = (suffix: string, le?: number) =>
        values.find((v) => v.metricName?.endsWith(suffix) && (le === undefined || v.labels.le === le))
          ?.value ?? 0;
      return { writes: find('_count'), single: find('_bucket', 1) };
    };
    const before = await histogram();
    const n = 300;
    const now = Date.now();
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        postBrowser(
          urls[0] as string,
          [{ type: 'pageview', id: `int-group-${i}`, ts: now, url: `/seite/${i}` }],
          IPHONE,
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(n).fill(202));
    const after = await histogram();
    const writes = after.writes - before.writes;
    const grouped = writes - (after.single - before.single);
    console.log(
      `group commit: ${n} requests in ${writes} produce calls, ${grouped} of them carrying several`,
    );
    expect(writes).toBeLessThan(n);
    expect(grouped).toBeGreaterThan(0);
    const all = await readRecords(kafka, `${prefix}godonu.events.v1`, 4 + n);
    const ids = new Set(all.map((r) => JSON.parse(r.value).event.id));
    for (let i = 0; i < n; i++) expect(ids.has(`int-group-${i}`)).toBe(true);
  });

  it('refuses to start without its country database, naming the file', async () => {
    const config = loadConfig({
      KAFKA_BROKERS: inject('kafkaBrokers'),
      KAFKA_TOPIC_PREFIX: prefix,
      COLLECTOR_PORT: '0',
      COLLECTOR_SDK_FILE: SDK_FIXTURE,
      COLLECTOR_COUNTRY_DATABASE: '/nonexistent/country.mmdb',
      GODONU_DEMO: '1',
    });
    await expect(createCollector(config, createLogger('silent'))).rejects.toThrow(
      /^cannot open the country database \/nonexistent\/country\.mmdb: ENOENT/,
    );
  });

  it('serves the SDK bundle', async () => {
    const res = await fetch(`${urls[0]}/sdk.js`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
  });
});
