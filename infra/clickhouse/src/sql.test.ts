import { describe, expect, it } from 'vitest';
import { identifiers, joinSql, param, type Slot, sql } from './sql.ts';

const T = identifiers({ daily: 'city_daily_v2', site: 'site' });

describe('sql', () => {
  it('renders parameters as placeholders and records their values, identifiers and fragments as text', () => {
    const period = sql`day BETWEEN ${param.date('from', '2025-03-01')} AND ${param.date('to', '2025-03-07')}`;
    const q = sql`SELECT ${T.site} FROM ${T.daily} WHERE site IN ${param.arrayString('sites', ['a', 'b'])} AND ${period} LIMIT ${param.uint32('limit', 5)}`;
    expect(q.query).toBe(
      'SELECT site FROM city_daily_v2 WHERE site IN {sites:Array(String)} AND day BETWEEN {from:Date} AND {to:Date} LIMIT {limit:UInt32}',
    );
    expect(q.params).toEqual({ sites: ['a', 'b'], from: '2025-03-01', to: '2025-03-07', limit: 5 });
    expect(sql`ts > ${param.dateTime64('since', '2025-03-10 11:30:00.000')}`.query).toBe(
      "ts > {since:DateTime64(3, 'UTC')}",
    );
  });

  it('never puts a value into the text', () => {
    const evil = "x'); DROP TABLE events; --";
    const q = sql`SELECT 1 WHERE site = ${param.string('site', evil)}`;
    expect(q.query).toBe('SELECT 1 WHERE site = {site:String}');
    expect(q.params).toEqual({ site: evil });
  });

  it('binds one name used twice once, and refuses two values or two types under one name', () => {
    const a = param.string('site', 'giessen');
    expect(sql`${a} ${sql`${param.string('site', 'giessen')}`}`.params).toEqual({ site: 'giessen' });
    expect(sql`${param.arrayString('s', ['a'])} ${param.arrayString('s', ['a'])}`.params).toEqual({
      s: ['a'],
    });
    expect(() => sql`${a} ${param.string('site', 'fulda')}`).toThrow(
      'sql: parameter "site" is bound twice with different values',
    );
    expect(() => sql`${a} AND ${sql`x = ${param.string('site', "fulda' OR 1=1")}`}`).toThrow(
      /^sql: parameter "site" is bound twice with different values$/,
    );
    expect(() => sql`${param.date('from', '2025-03-01')} ${param.string('from', '2025-03-01')}`).toThrow(
      'sql: parameter "from" is bound with two types',
    );
  });

  it('accepts only bare names as parameter names and identifiers', () => {
    expect(() => param.string('a b', 'x')).toThrow('sql: parameter "a b" is not a bare name');
    expect(() => param.string('x:String}', 'x')).toThrow('is not a bare name');
    expect(() => identifiers({ t: 'events; DROP TABLE events' })).toThrow(
      'sql: identifier "events; DROP TABLE events" is not a bare name',
    );
  });

  it('refuses at run time whatever a cast slips into a slot', () => {
    for (const bare of ['giessen', 42, null, undefined, { query: 'DROP TABLE events', params: {} }]) {
      expect(() => sql`SELECT ${bare as unknown as Slot}`).toThrow(
        'sql: slot 1 is neither a bound parameter, an identifier from a fixed map nor a sql fragment',
      );
    }
  });

  it('does not compile with a bare value, a forged identifier or a forged fragment in a slot', () => {
    const site: string = 'giessen';
    const limit: number = 10;
    expect(() => {
      // @ts-expect-error a bare string is not a slot
      sql`WHERE site = ${site}`;
    }).toThrow();
    expect(() => {
      // @ts-expect-error a bare number is not a slot
      sql`LIMIT ${limit}`;
    }).toThrow();
    expect(() => {
      // @ts-expect-error an identifier comes from `identifiers` only
      sql`FROM ${{ name: 'events' }}`;
    }).toThrow();
    expect(() => {
      // @ts-expect-error a fragment comes from `sql` only
      sql`${{ query: 'SELECT 1', params: {}, types: {} }}`;
    }).toThrow();
  });

  it('joins fragments with a separator', () => {
    const parts = ['device', 'os'].map((d) => sql`${param.string(d, d)}`);
    const joined = joinSql(parts, sql`, `);
    expect([joined.query, joined.params]).toEqual([
      '{device:String}, {os:String}',
      { device: 'device', os: 'os' },
    ]);
    expect(joinSql([], sql`, `).query).toBe('');
  });
});
