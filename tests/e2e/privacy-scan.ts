/*
 * The privacy scan: everything the pipeline stored, read back in full (every column that can hold text in every
 * table of its ClickHouse database, every record of its Kafka topics with key, value and headers), searched for
 * what must never be stored: IP addresses, user-agent strings, e-mail addresses, query strings, and the exact
 * values a test typed or sent (its clients' addresses and user agents, its e-mail addresses, its form values).
 * Where a country is stored (the collector looks it up from the address), it must be a two-letter code and no more.
 * The detectors are plain functions of a string, so a unit test can show each of them failing.
 */
import net from 'node:net';
import type { ClickHouseClient } from '@clickhouse/client';
import { Kafka, logLevel } from 'kafkajs';

export type FindingKind = 'ip' | 'user-agent' | 'email' | 'query' | 'secret' | 'country';

export interface Finding {
  /** `clickhouse <table>.<column>` or `kafka <topic>[<partition>]@<offset> <part>`. */
  where: string;
  kind: FindingKind;
  match: string;
}

export interface ScanRules {
  /** Exact strings that must appear nowhere (case-sensitive): addresses, user agents, typed values. */
  secrets: readonly string[];
  /** Query parameters the site configuration lets through (`queryAllowlist`); any other parameter is a finding. */
  allowedQueryParameters: readonly string[];
}

/** Something stored, as text, with where it was found. */
export interface StoredText {
  where: string;
  text: string;
}

const IPV4_CANDIDATE = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g;
// Runs of hex digits, colons and dots (IPv4-mapped forms) not glued to a word; `net.isIPv6` decides.
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?![0-9A-Za-z:.])/g;
/** What every browser's user-agent string contains, in its own spelling (lowercase `chrome` is a browser class). */
export const USER_AGENT_MARKERS = [
  'Mozilla/',
  'AppleWebKit/',
  'KHTML, like Gecko',
  'Gecko/',
  'Chrome/',
  'Chromium/',
  'HeadlessChrome',
  'Firefox/',
  'Safari/',
  'Edg/',
  'OPR/',
  'Windows NT',
  'Macintosh;',
  'X11;',
  'iPhone OS',
] as const;
// `@` spelled plainly or percent-encoded, as it appears in query strings.
const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gi;
// A `?` followed by something that looks like parameters: up to a quote, whitespace, a fragment or a delimiter.
const QUERY = /\?([^\s"'<>#\\]+)/g;
/** ISO 3166-1 alpha-2, or `ZZ` for unknown: all a stored country may be. */
const COUNTRY_CODE = /^[A-Z]{2}$/;
/** ClickHouse columns that hold a country (`events.country` and the roll-ups by origin). */
const COUNTRY_COLUMN = /^clickhouse \S+\.country$/;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

export function findIpAddresses(text: string): string[] {
  const v4 = [...text.matchAll(IPV4_CANDIDATE)].map((m) => m[0]).filter((c) => net.isIPv4(c));
  const v6 = [...text.matchAll(IPV6_CANDIDATE)]
    .map((m) => m[0])
    .filter((c) => c.split(':').length >= 3 && /[0-9A-Fa-f]/.test(c) && net.isIPv6(c));
  return unique([...v4, ...v6]);
}

export function findUserAgentMarkers(text: string): string[] {
  return USER_AGENT_MARKERS.filter((marker) => text.includes(marker));
}

export function findEmailAddresses(text: string): string[] {
  return unique([...text.matchAll(EMAIL)].map((m) => m[0]));
}

/** Query strings with at least one parameter that is not allowed; `?lang=de` passes when `lang` is allowed. */
export function findQueryStrings(text: string, allowed: readonly string[]): string[] {
  return unique(
    [...text.matchAll(QUERY)]
      .filter((m) =>
        (m[1] as string)
          .split(/&(?:amp;)?/)
          .filter((part) => part !== '')
          .some((part) => !allowed.includes(decodeURIComponent(part.split('=')[0] ?? ''))),
      )
      .map((m) => m[0]),
  );
}

/**
 * Stored countries that are not a two-letter code: the value of a ClickHouse `country` column, or the top-level
 * `country` of a JSON record (the collector's Kafka records).
 */
export function findCountryValues(item: StoredText): string[] {
  if (COUNTRY_COLUMN.test(item.where)) return COUNTRY_CODE.test(item.text) ? [] : [item.text];
  if (!item.text.startsWith('{')) return [];
  let record: unknown;
  try {
    record = JSON.parse(item.text);
  } catch {
    return [];
  }
  const country = (record as { country?: unknown }).country;
  if (country === undefined || (typeof country === 'string' && COUNTRY_CODE.test(country))) return [];
  return [JSON.stringify(country)];
}

export function findSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => s !== '' && text.includes(s));
}

/** Every finding in one stored text. */
export function scanText(item: StoredText, rules: ScanRules): Finding[] {
  const found = (kind: FindingKind, matches: string[]) =>
    matches.map((match) => ({ where: item.where, kind, match }));
  return [
    ...found('ip', findIpAddresses(item.text)),
    ...found('user-agent', findUserAgentMarkers(item.text)),
    ...found('email', findEmailAddresses(item.text)),
    ...found('query', findQueryStrings(item.text, rules.allowedQueryParameters)),
    ...found('secret', findSecrets(item.text, rules.secrets)),
    ...found('country', findCountryValues(item)),
  ];
}

/** Column types that can carry text (also inside Nullable, LowCardinality, Array, Map, Tuple, SimpleAggregateFunction). */
const TEXT_TYPE = /String|Enum|UUID|JSON|Object|Dynamic|Variant/;
/** Column types that exist to hold an address: their mere presence is a finding. */
const ADDRESS_TYPE = /\bIPv[46]\b/;

export interface ClickHouseScan {
  /** Rows read per table (views excluded: their rows are their target tables'). */
  rows: Record<string, number>;
  items: StoredText[];
  findings: Finding[];
}

/**
 * Reads every table of `database` (materialized views' target tables included; the views themselves hold no
 * rows) and returns each text-typed value with its table and column. Aggregate-state columns (`uniqCombined` of
 * visitor hashes) are binary and not text; they hold hashes, not addresses.
 */
export async function readClickHouse(client: ClickHouseClient, database: string): Promise<ClickHouseScan> {
  const tables = await (
    await client.query({
      query: `SELECT name FROM system.tables
              WHERE database = {database:String} AND engine NOT IN ('View', 'MaterializedView')
              ORDER BY name`,
      query_params: { database },
      format: 'JSONEachRow',
    })
  ).json<{ name: string }>();
  const scan: ClickHouseScan = { rows: {}, items: [], findings: [] };
  for (const { name: table } of tables) {
    const columns = await (
      await client.query({
        query: `SELECT name, type FROM system.columns
                WHERE database = {database:String} AND table = {table:String} ORDER BY position`,
        query_params: { database, table },
        format: 'JSONEachRow',
      })
    ).json<{ name: string; type: string }>();
    for (const c of columns.filter((c) => ADDRESS_TYPE.test(c.type))) {
      scan.findings.push({ where: `clickhouse ${table}.${c.name}`, kind: 'ip', match: c.type });
    }
    const text = columns.filter((c) => TEXT_TYPE.test(c.type) || ADDRESS_TYPE.test(c.type));
    const count = await (
      await client.query({
        query: 'SELECT count() AS n FROM {database:Identifier}.{table:Identifier}',
        query_params: { database, table },
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();
    scan.rows[table] = Number(count[0]?.n ?? 0);
    if (text.length === 0) continue;
    const rows = await (
      await client.query({
        query: `SELECT ${text.map((_, i) => `{c${i}:Identifier}`).join(', ')}
                FROM {database:Identifier}.{table:Identifier}`,
        query_params: {
          database,
          table,
          ...Object.fromEntries(text.map((c, i) => [`c${i}`, c.name])),
        },
        format: 'JSONEachRow',
      })
    ).json<Record<string, unknown>>();
    for (const row of rows) {
      for (const c of text) {
        const value = row[c.name];
        if (value === null || value === undefined || value === '') continue;
        scan.items.push({
          where: `clickhouse ${table}.${c.name}`,
          text: typeof value === 'string' ? value : JSON.stringify(value),
        });
      }
    }
  }
  return scan;
}

export interface KafkaScan {
  /** Records read per topic. */
  records: Record<string, number>;
  items: StoredText[];
}

const KAFKA_READ_DEADLINE_MS = 20_000;

/**
 * Reads every record of `topics` from the log start to the end offsets as of the call, with a consumer group
 * of its own that never commits: keys, values and headers, decoded as UTF-8 (binary parts stay searchable).
 */
export async function readKafka(brokers: string, topics: readonly string[]): Promise<KafkaScan> {
  const kafka = new Kafka({
    clientId: 'privacy-scan',
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const scan: KafkaScan = {
    records: Object.fromEntries(topics.map((t) => [t, 0])),
    items: [],
  };
  if (remaining.size === 0) return scan;

  const consumer = kafka.consumer({
    groupId: `privacy-scan-${process.pid}-${Date.now()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`Kafka records not read within ${KAFKA_READ_DEADLINE_MS} ms: ${[...remaining.keys()]}`),
          ),
        KAFKA_READ_DEADLINE_MS,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const at = `kafka ${topic}[${partition}]@${message.offset}`;
            scan.records[topic] = (scan.records[topic] ?? 0) + 1;
            if (message.key) scan.items.push({ where: `${at} key`, text: message.key.toString('utf8') });
            if (message.value)
              scan.items.push({ where: `${at} value`, text: message.value.toString('utf8') });
            for (const [name, value] of Object.entries(message.headers ?? {})) {
              const values = Array.isArray(value) ? value : [value];
              const text = values.map((v) => (v === undefined ? '' : v.toString())).join('\n');
              scan.items.push({ where: `${at} header`, text: `${name}: ${text}` });
            }
            const key = `${topic}/${partition}`;
            const end = remaining.get(key);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(key);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return scan;
}
