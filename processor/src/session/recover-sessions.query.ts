import type { ClickHouseClient } from '@clickhouse/client';
import { type Channel, dateTime64 } from '@godonu/warehouse';
import type { RecoveredVisit } from './partition-sessions.ts';

export interface RecoveryRequest {
  partition: number;
  /** Only rows below this offset: rows at or above it are about to be (re)processed. */
  beforeOffset: string;
  /** Visits whose last event is older than this cannot continue. */
  sinceMs: number;
}

/**
 * Every visit of the partition, below `beforeOffset`, with an event at or after `sinceMs`, with what the session
 * step needs to continue it. A visit never spans report days, so its events are all on or after the day before
 * `sinceMs`'s UTC date, whatever the report time zone; that bounds the scan.
 */
export function recoverSessionsQuery(r: RecoveryRequest): { query: string; params: Record<string, unknown> } {
  return {
    query: `
      SELECT site, toString(salt_day) AS salt_day_text, lower(hex(visitor)) AS visitor_hex,
             toString(session_id) AS session_text, toString(any(day)) AS session_day,
             toUnixTimestamp64Milli(max(ts)) AS last_ts, countIf(event_type = 'pageview') AS pageviews,
             groupArray(event_id) AS ids, any(channel) AS session_channel, any(channel_host) AS session_channel_host,
             groupArrayIf((form, toUnixTimestamp64Milli(ts)), event_type = 'form_start') AS form_starts
      FROM events
      WHERE kafka_partition = {partition:UInt16} AND kafka_offset < {before:UInt64}
        AND day >= toDate({since:DateTime64(3, 'UTC')}) - 1
        AND session_id IN (
          SELECT session_id FROM events
          WHERE kafka_partition = {partition:UInt16} AND kafka_offset < {before:UInt64}
            AND day >= toDate({since:DateTime64(3, 'UTC')}) - 1 AND ts >= {since:DateTime64(3, 'UTC')})
      GROUP BY site, salt_day, visitor, session_id`,
    params: { partition: r.partition, before: r.beforeOffset, since: dateTime64(r.sinceMs) },
  };
}

interface RecoveredRow {
  site: string;
  salt_day_text: string;
  visitor_hex: string;
  session_text: string;
  session_day: string;
  last_ts: string | number;
  pageviews: string | number;
  ids: string[];
  session_channel: Channel;
  session_channel_host: string;
  form_starts: [string, string | number][];
}

/** The latest such visit of each visitor, as the session step would have left it. */
export async function recoverSessions(
  client: ClickHouseClient,
  r: RecoveryRequest,
): Promise<RecoveredVisit[]> {
  const { query, params } = recoverSessionsQuery(r);
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  const found = new Map<string, RecoveredVisit>();
  for (const row of await rs.json<RecoveredRow>()) {
    const visitor = row.visitor_hex.padStart(16, '0');
    const formStarts = new Map<string, number>();
    for (const [form, at] of row.form_starts) {
      const known = formStarts.get(form);
      if (known === undefined || Number(at) < known) formStarts.set(form, Number(at));
    }
    const visit: RecoveredVisit = {
      site: row.site,
      saltDay: row.salt_day_text,
      visitor,
      sessionId: row.session_text,
      day: row.session_day,
      lastTs: Number(row.last_ts),
      pageviews: Number(row.pageviews),
      channel: row.session_channel,
      channelHost: row.session_channel_host,
      eventIds: row.ids,
      formStarts,
    };
    const key = `${row.site}|${row.salt_day_text}|${visitor}`;
    const known = found.get(key);
    if (!known || visit.lastTs > known.lastTs) found.set(key, visit);
  }
  return [...found.values()];
}
