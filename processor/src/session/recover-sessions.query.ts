import type { ClickHouseClient } from '@clickhouse/client';
import { type Channel, dateTime64, visitorToUInt64 } from '@godonu/infra/clickhouse';
import { type SessionState, sessionKey } from './partition-sessions.ts';

export interface RecoveryRequest {
  partition: number;
  /** Only rows below this offset: rows at or above it are about to be (re)processed. */
  beforeOffset: string;
  /** Visits whose last event is older than this cannot continue. */
  sinceMs: number;
  keys: { site: string; saltDay: string; visitor: string; day: string }[];
}

/**
 * The latest visit (before `beforeOffset`) of each requested visitor, with what the session step needs to
 * continue it. Site, day and visitor lists are a superset filter (exact pairs are matched afterwards); a visit
 * never spans report days, so the days of the new records bound the scan.
 */
export function recoverSessionsQuery(r: RecoveryRequest): { query: string; params: Record<string, unknown> } {
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  return {
    query: `
      SELECT site, toString(salt_day) AS salt_day_text, lower(hex(visitor)) AS visitor_hex,
             toString(session_id) AS session_text, toString(any(day)) AS session_day,
             toUnixTimestamp64Milli(max(ts)) AS last_ts,
             countIf(event_type = 'pageview') AS pageviews, groupArray(event_id) AS ids,
             any(channel) AS session_channel, any(channel_host) AS session_channel_host
      FROM events
      WHERE kafka_partition = {partition:UInt16} AND kafka_offset < {before:UInt64}
        AND site IN {sites:Array(String)} AND day IN {days:Array(Date)} AND visitor IN {visitors:Array(UInt64)}
        AND session_id IN (
          SELECT argMax(session_id, (ts, kafka_offset)) FROM events
          WHERE kafka_partition = {partition:UInt16} AND kafka_offset < {before:UInt64}
            AND site IN {sites:Array(String)} AND day IN {days:Array(Date)}
            AND visitor IN {visitors:Array(UInt64)} AND ts >= {since:DateTime64(3, 'UTC')}
          GROUP BY site, salt_day, visitor)
      GROUP BY site, salt_day, visitor, session_id`,
    params: {
      partition: r.partition,
      before: r.beforeOffset,
      sites: uniq(r.keys.map((k) => k.site)),
      days: uniq(r.keys.map((k) => k.day)),
      // bigint, so the client sends the array unquoted, as Array(UInt64) text must be.
      visitors: uniq(r.keys.map((k) => BigInt(visitorToUInt64(k.visitor)))),
      since: dateTime64(r.sinceMs),
    },
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
}

export async function recoverSessions(
  client: ClickHouseClient,
  r: RecoveryRequest,
): Promise<Map<string, SessionState>> {
  const { query, params } = recoverSessionsQuery(r);
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  const wanted = new Set(r.keys.map((k) => sessionKey(k.site, k.saltDay, k.visitor)));
  const found = new Map<string, SessionState>();
  for (const row of await rs.json<RecoveredRow>()) {
    const key = sessionKey(row.site, row.salt_day_text, row.visitor_hex.padStart(16, '0'));
    if (!wanted.has(key)) continue;
    found.set(key, {
      sessionId: row.session_text,
      day: row.session_day,
      lastTs: Number(row.last_ts),
      pageviews: Number(row.pageviews),
      ids: new Set(row.ids),
      channel: row.session_channel,
      channelHost: row.session_channel_host,
    });
  }
  return found;
}
