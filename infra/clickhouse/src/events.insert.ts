/*
 * Rows of `events` as the processor's insert sends them. JSONEachRow repeats the 41 column names in every row
 * and makes the server match each of them; TabSeparated, with the columns named once in the statement
 * (`INSERT INTO events (…) FORMAT TabSeparated`), is about half the work to write and less to parse (the numbers:
 * processor/bench/insert-format.bench.ts). The processor's sink test proves it stores what JSONEachRow stores.
 */
import type { EventRow } from './events.row.ts';

/** The columns in the order the encodings below write them: an insert must name them in this order. */
export const EVENT_COLUMNS = [
  'site',
  'day',
  'event_type',
  'service',
  'path',
  'ts',
  'client_ts',
  'event_id',
  'visitor',
  'salt_day',
  'session_id',
  'session_start',
  'entry',
  'bounce_delta',
  'duration_delta_ms',
  'channel',
  'channel_host',
  'referrer_host',
  'mode',
  'device',
  'country',
  'browser',
  'os',
  'form',
  'step',
  'steps',
  'step_name',
  'field',
  'elapsed_ms',
  'target_host',
  'target_path',
  'engaged_ms',
  'scroll_pct',
  'name',
  'props',
  'score',
  'reason',
  'found',
  'feedback_context',
  'kafka_partition',
  'kafka_offset',
] as const satisfies readonly (keyof EventRow)[];

/** A column of the row type that the list above forgot fails to compile here. */
type Unlisted = Exclude<keyof EventRow, (typeof EVENT_COLUMNS)[number]>;
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyColumnListed;

/** What TabSeparated gives meaning to, and the control characters ClickHouse writes escaped itself. */
const SPECIAL = /[\\\t\n\r\0\b\f]/;
const SPECIALS = /[\\\t\n\r\0\b\f]/g;
/** Inside a quoted value (a map's keys and values) the quote is special too. */
const QUOTED_SPECIAL = /[\\'\t\n\r\0\b\f]/;
const QUOTED_SPECIALS = /[\\'\t\n\r\0\b\f]/g;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};
const escaped = (c: string) => ESCAPES[c] as string;

function quoted(s: string): string {
  return `'${QUOTED_SPECIAL.test(s) ? s.replace(QUOTED_SPECIALS, escaped) : s}'`;
}

/** A Map(String, String) as its text literal, `{'key':'value',…}`. */
function map(m: Record<string, string>): string {
  let out = '';
  for (const k in m) out += `${out === '' ? '' : ','}${quoted(k)}:${quoted(m[k] as string)}`;
  return `{${out}}`;
}

/** Columns written by code that cannot produce a special character: numbers, and text of a fixed shape. */
const FORMATTED = new Set<(typeof EVENT_COLUMNS)[number]>([
  'day',
  'ts',
  'client_ts',
  'visitor',
  'session_id',
  'session_start',
  'entry',
  'bounce_delta',
  'duration_delta_ms',
  'step',
  'steps',
  'elapsed_ms',
  'engaged_ms',
  'scroll_pct',
  'props',
  'score',
  'kafka_partition',
  'kafka_offset',
]);
/** Positions (in EVENT_COLUMNS) of the strings that come from outside: each may need an escape. */
const FREE_TEXT = EVENT_COLUMNS.flatMap((c, i) => (FORMATTED.has(c) ? [] : [i]));

/** One row's fields in EVENT_COLUMNS order, as TabSeparated writes them. */
function line(r: EventRow): string {
  const fields: (string | number)[] = [
    r.site,
    r.day,
    r.event_type,
    r.service,
    r.path,
    r.ts,
    r.client_ts,
    r.event_id,
    r.visitor,
    r.salt_day,
    r.session_id,
    r.session_start,
    r.entry,
    r.bounce_delta,
    r.duration_delta_ms,
    r.channel,
    r.channel_host,
    r.referrer_host,
    r.mode,
    r.device,
    r.country,
    r.browser,
    r.os,
    r.form,
    r.step,
    r.steps,
    r.step_name,
    r.field,
    r.elapsed_ms === null ? '\\N' : r.elapsed_ms,
    r.target_host,
    r.target_path,
    r.engaged_ms,
    r.scroll_pct,
    r.name,
    map(r.props),
    r.score,
    r.reason,
    r.found,
    r.feedback_context,
    r.kafka_partition,
    r.kafka_offset,
  ];
  // One test over all of the row's outside strings together: a row that needs an escape is rare.
  if (
    SPECIAL.test(
      r.site +
        r.event_type +
        r.service +
        r.path +
        r.event_id +
        r.salt_day +
        r.channel +
        r.channel_host +
        r.referrer_host +
        r.mode +
        r.device +
        r.country +
        r.browser +
        r.os +
        r.form +
        r.step_name +
        r.field +
        r.target_host +
        r.target_path +
        r.name +
        r.reason +
        r.found +
        r.feedback_context,
    )
  ) {
    for (const i of FREE_TEXT) fields[i] = (fields[i] as string).replace(SPECIALS, escaped);
  }
  return fields.join('\t');
}

/**
 * One line per row, fields in EVENT_COLUMNS order: strings as they are but escaped where TabSeparated needs it
 * (the HTTP body is UTF-8, so a lone UTF-16 surrogate arrives as U+FFFD), numbers in decimal, the absent
 * `elapsed_ms` as `\N`, `props` as a map literal.
 */
export function eventRowsTabSeparated(rows: readonly EventRow[]): string {
  const lines = new Array<string>(rows.length + 1);
  for (let i = 0; i < rows.length; i++) lines[i] = line(rows[i] as EventRow);
  lines[rows.length] = '';
  return lines.join('\n');
}
