import type { CollectedEvent } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, eventRowsTabSeparated } from './events.insert.ts';
import { type DerivedFields, type EventRow, toRow } from './events.row.ts';

const submit: CollectedEvent = {
  v: 1,
  site: 'giessen',
  mode: 'browser',
  receivedAt: Date.UTC(2025, 2, 4, 9, 0, 0, 123),
  visitor: 'ffeeddccbbaa9988',
  saltDay: '2025-03-04',
  device: 'mobile',
  country: 'AT',
  browser: 'firefox',
  os: 'android',
  referrerHost: 'www.google.com',
  event: {
    type: 'form_submit',
    id: 'evt-submit-1',
    ts: Date.UTC(2025, 2, 4, 9),
    url: 'https://www.giessen.de/hundesteuer/antrag/123',
    form: 'hundesteuer',
    elapsedMs: 95_000,
  },
};
const derived: DerivedFields = {
  day: '2025-03-04',
  path: '/hundesteuer/antrag/:id',
  service: '99036010000000',
  channel: 'search',
  channelHost: 'www.google.com',
  sessionId: '18446744073709551615',
  sessionStart: true,
  entry: false,
  bounceDelta: -1,
  durationDeltaMs: 0,
  targetHost: '',
  targetPath: '',
  kafkaPartition: 3,
  kafkaOffset: '9007199254740993',
};
const row = toRow(submit, derived);

/** TabSeparated's escapes undone, as ClickHouse reads a field. */
const unescapeField = (field: string) =>
  field.replace(
    /\\(.)/g,
    (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '0': '\0', b: '\b', f: '\f' })[c] ?? c,
  );

describe('events rows as TabSeparated', () => {
  it('lists the columns of the row type in its order (the order of the table, events.row.int.test.ts)', () => {
    expect([...EVENT_COLUMNS]).toEqual(Object.keys(row));
  });

  it('writes one line per row, its fields in that order', () => {
    const custom = toRow(
      {
        ...submit,
        referrerHost: null,
        event: {
          type: 'custom',
          id: 'evt-custom-1',
          ts: submit.event.ts,
          url: '/',
          name: 'chat.open',
          props: { n: 2, ok: true },
        },
      },
      { ...derived, bounceDelta: 0, kafkaOffset: '7' },
    );
    expect(eventRowsTabSeparated([row, custom]).split('\n')).toEqual([
      [
        'giessen',
        '2025-03-04',
        'form_submit',
        '99036010000000',
        '/hundesteuer/antrag/:id',
        '2025-03-04 09:00:00.123',
        '2025-03-04 09:00:00.000',
        'evt-submit-1',
        '18441921395520346504',
        '2025-03-04',
        '18446744073709551615',
        '1',
        '0',
        '-1',
        '0',
        'search',
        'www.google.com',
        'www.google.com',
        'browser',
        'mobile',
        'AT',
        'firefox',
        'android',
        'hundesteuer',
        '0',
        '0',
        '',
        '',
        '95000',
        '',
        '',
        '0',
        '0',
        '',
        '{}',
        '0',
        '',
        '',
        '',
        '3',
        '9007199254740993',
      ].join('\t'),
      [
        'giessen',
        '2025-03-04',
        'custom',
        '99036010000000',
        '/hundesteuer/antrag/:id',
        '2025-03-04 09:00:00.123',
        '2025-03-04 09:00:00.000',
        'evt-custom-1',
        '18441921395520346504',
        '2025-03-04',
        '18446744073709551615',
        '1',
        '0',
        '0',
        '0',
        'search',
        'www.google.com',
        '',
        'browser',
        'mobile',
        'AT',
        'firefox',
        'android',
        '',
        '0',
        '0',
        '',
        '',
        '\\N',
        '',
        '',
        '0',
        '0',
        'chat.open',
        "{'n':'2','ok':'true'}",
        '0',
        '',
        '',
        '',
        '3',
        '7',
      ].join('\t'),
      '',
    ]);
  });

  it('escapes what TabSeparated gives meaning to in every text column, and quotes in map literals', () => {
    const nasty = 'a\tb\nc\\d\re\0f\bg\fh\'i"j é 😀';
    // Columns written by the row's own code (dates, decimals) are never given such text; every other can be.
    const formatted = ['day', 'ts', 'client_ts', 'visitor', 'session_id', 'kafka_offset'];
    const text = EVENT_COLUMNS.filter((c) => typeof row[c] === 'string' && !formatted.includes(c));
    expect(text.length).toBe(23);
    for (const column of text) {
      const [line, rest] = eventRowsTabSeparated([{ ...row, [column]: nasty } as EventRow]).split('\n');
      const fields = (line as string).split('\t');
      expect({ column, fields: fields.length, rest }).toEqual({
        column,
        fields: EVENT_COLUMNS.length,
        rest: '',
      });
      expect(unescapeField(fields[EVENT_COLUMNS.indexOf(column)] as string)).toBe(nasty);
    }
    const props = eventRowsTabSeparated([{ ...row, props: { "k'\\": "v\t'\\x" } }]).split('\t')[34];
    expect(props).toBe("{'k\\'\\\\':'v\\t\\'\\\\x'}");
  });
});
