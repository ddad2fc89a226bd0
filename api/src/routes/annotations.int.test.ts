/*
 * Annotations over the api as served (real ClickHouse, the harness's keys: the teams of Gießen, Limburg (not named
 * in comparisons) and Wetzlar, the consortium, an admin; the api's clock 2025-03-10 12:00 UTC). Every answer is
 * compared whole: what Gießen's team writes, what each key then reads, as JSON and CSV, and what is refused.
 *
 * Gießen's notes, as the tests below write them:
 *   A  2025-03-03  Wohnsitz anmelden  "Formular überarbeitet"       not shared
 *   B  2025-03-05  whole portal       "Pressemitteilung"            shared
 *   C  2025-03-04  Hundesteuer        "Hundesteuer: neue Satzung"   shared
 * Limburg's:
 *   L  2025-03-06  whole portal       "Neues Portal"                shared (but Limburg is named to nobody)
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { REALTIME_NOW, S1 } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import type { Annotation } from '../annotations/annotation.schema.ts';
import { keyId } from '../auth/api-key.ts';
import { ERRORS } from '../errors.ts';

const DOG_TAX = '99036010000000';
const MARCH = 'from=2025-03-01&to=2025-03-31';
const NOW = REALTIME_NOW.toISOString();
/** A version written right after another at the same clock is numbered one millisecond later (its updatedAt). */
const NOW_PLUS = (ms: number) => new Date(REALTIME_NOW.getTime() + ms).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: Harness;
let giessenKey: string;
const ids: Record<'A' | 'B' | 'C' | 'L', string> = { A: '', B: '', C: '', L: '' };

beforeAll(async () => {
  h = await startHarness('api_annotations');
  giessenKey = keyId(h.keys.giessen) as string;
});
afterAll(async () => {
  await h?.close();
});

function send(method: 'POST' | 'PUT' | 'DELETE', url: string, key: string, body?: unknown) {
  return h.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

function json(res: LightMyRequestResponse): unknown {
  return [res.statusCode, res.json()];
}

function csvLines(res: LightMyRequestResponse): string[] {
  return res.body.replace('\uFEFF', '').trimEnd().split('\r\n');
}

/** An annotation as the city itself and admins read it (with the key ids), or others (`shared`: without). */
function note(
  id: keyof typeof ids,
  fields: Pick<Annotation, 'city' | 'day' | 'service' | 'text' | 'shared'> & { updatedAt?: string },
  reader: 'full' | 'shared',
  by = giessenKey,
): Annotation {
  const { updatedAt, ...rest } = fields;
  return {
    id: ids[id],
    ...rest,
    createdAt: NOW,
    updatedAt: updatedAt ?? NOW,
    createdBy: reader === 'full' ? by : null,
    updatedBy: reader === 'full' ? by : null,
  };
}

const A = { city: 'giessen', day: '2025-03-03', service: S1, text: 'Formular überarbeitet', shared: false };
const B = { city: 'giessen', day: '2025-03-05', service: null, text: 'Pressemitteilung', shared: true };
const C = {
  city: 'giessen',
  day: '2025-03-04',
  service: DOG_TAX,
  text: 'Hundesteuer: neue Satzung',
  shared: true,
};

const list = (access: 'full' | 'shared', annotations: Annotation[], service: string | null = null) => ({
  city: 'giessen',
  access,
  period: { from: '2025-03-01', to: '2025-03-31', days: 31 },
  service,
  annotations,
});

describe('the city team creates annotations', () => {
  it('answers each new annotation whole: its id, the text without the spaces around it, the key that wrote it', async () => {
    const a = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, {
      day: '2025-03-03',
      service: S1,
      text: '  Formular überarbeitet ',
    });
    expect(a.statusCode).toBe(201);
    ids.A = a.json().id;
    expect(ids.A).toMatch(UUID);
    expect(a.json()).toEqual(note('A', A, 'full'));

    const b = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, {
      day: '2025-03-05',
      text: 'Pressemitteilung',
      shared: true,
    });
    ids.B = b.json().id;
    expect(json(b)).toEqual([201, note('B', B, 'full')]);

    const c = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, {
      day: '2025-03-04',
      service: DOG_TAX,
      text: 'Hundesteuer: neue Satzung',
      shared: true,
    });
    ids.C = c.json().id;
    expect(json(c)).toEqual([201, note('C', C, 'full')]);

    const l = await send('POST', '/v1/cities/limburg/annotations', h.keys.limburg, {
      day: '2025-03-06',
      service: null,
      text: 'Neues Portal',
      shared: true,
    });
    ids.L = l.json().id;
    expect(l.statusCode).toBe(201);
    expect(new Set(Object.values(ids)).size).toBe(4);
  });

  it('lists them by day for the city itself and admins, all of them', async () => {
    const all = (reader: 'full') =>
      list(reader, [note('A', A, reader), note('C', C, reader), note('B', B, reader)]);
    expect(json(await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.giessen))).toEqual([
      200,
      all('full'),
    ]);
    expect(json(await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.admin))).toEqual([
      200,
      all('full'),
    ]);
  });

  it('lists a service’s annotations together with the whole portal’s', async () => {
    expect(
      json(await h.get(`/v1/cities/giessen/annotations?${MARCH}&service=${S1}`, h.keys.giessen)),
    ).toEqual([200, list('full', [note('A', A, 'full'), note('B', B, 'full')], S1)]);
    expect(
      json(await h.get(`/v1/cities/giessen/annotations?${MARCH}&service=${DOG_TAX}`, h.keys.wetzlar)),
    ).toEqual([200, list('shared', [note('C', C, 'shared'), note('B', B, 'shared')], DOG_TAX)]);
  });

  it('gives the period’s annotations as CSV, one row each, the whole portal’s with an empty service', async () => {
    const res = await h.get(`/v1/cities/giessen/annotations?${MARCH}&format=csv`, h.keys.giessen);
    expect([res.statusCode, res.headers['content-type'], res.headers['content-disposition']]).toEqual([
      200,
      'text/csv; charset=utf-8',
      'attachment; filename="giessen-annotations-2025-03-01-2025-03-31.csv"',
    ]);
    expect(csvLines(res)).toEqual([
      'city,day,service,serviceName,text,shared,id,createdAt,updatedAt',
      `giessen,2025-03-03,${S1},Wohnsitz anmelden,Formular überarbeitet,false,${ids.A},${NOW},${NOW}`,
      `giessen,2025-03-04,${DOG_TAX},Hund zur Hundesteuer anmelden,Hundesteuer: neue Satzung,true,${ids.C},${NOW},${NOW}`,
      `giessen,2025-03-05,,,Pressemitteilung,true,${ids.B},${NOW},${NOW}`,
    ]);
    // Another city's CSV holds the shared ones only.
    const other = await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.consortium, {
      accept: 'text/csv',
    });
    expect(csvLines(other).slice(1)).toEqual([
      `giessen,2025-03-04,${DOG_TAX},Hund zur Hundesteuer anmelden,Hundesteuer: neue Satzung,true,${ids.C},${NOW},${NOW}`,
      `giessen,2025-03-05,,,Pressemitteilung,true,${ids.B},${NOW},${NOW}`,
    ]);
  });

  it('defaults to the 30 days up to today (2025-02-09 to 2025-03-10)', async () => {
    const res = await h.get('/v1/cities/giessen/annotations', h.keys.giessen);
    expect(res.json().period).toEqual({ from: '2025-02-09', to: '2025-03-10', days: 30 });
    expect(res.json().annotations.map((a: Annotation) => a.id)).toEqual([ids.A, ids.C, ids.B]);
    const one = await h.get('/v1/cities/giessen/annotations?from=2025-03-04&to=2025-03-04', h.keys.giessen);
    expect(one.json().annotations.map((a: Annotation) => a.id)).toEqual([ids.C]);
  });
});

describe('what others read: the shared annotations of cities they may name', () => {
  it('shows another city and the consortium the shared ones only, without the key ids', async () => {
    const shared = list('shared', [note('C', C, 'shared'), note('B', B, 'shared')]);
    for (const holder of ['wetzlar', 'limburg', 'consortium'] as const)
      expect([
        holder,
        ...(json(await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys[holder])) as []),
      ]).toEqual([holder, 200, shared]);
  });

  it('refuses a city that is named to nobody but itself and admins (403), even its shared annotations', async () => {
    for (const holder of ['giessen', 'wetzlar', 'consortium'] as const)
      expect([
        holder,
        ...(json(await h.get(`/v1/cities/limburg/annotations?${MARCH}`, h.keys[holder])) as []),
      ]).toEqual([
        holder,
        403,
        { error: 'API_FORBIDDEN', message: ERRORS.API_FORBIDDEN.message, details: { city: 'limburg' } },
      ]);
    const limburg = { city: 'limburg', day: '2025-03-06', service: null, text: 'Neues Portal', shared: true };
    for (const holder of ['limburg', 'admin'] as const)
      expect(
        (await h.get(`/v1/cities/limburg/annotations?${MARCH}`, h.keys[holder])).json().annotations,
      ).toEqual([note('L', limburg, 'full', keyId(h.keys.limburg))]);
  });
});

describe('editing and deleting', () => {
  it('replaces an annotation: a later version one millisecond on at the same clock, shown to others once shared', async () => {
    const edited = { ...A, text: 'Formular überarbeitet (Schritt 2)', shared: true, updatedAt: NOW_PLUS(1) };
    const res = await send('PUT', `/v1/cities/giessen/annotations/${ids.A}`, h.keys.giessen, {
      day: '2025-03-03',
      service: S1,
      text: 'Formular überarbeitet (Schritt 2)',
      shared: true,
    });
    expect(json(res)).toEqual([200, note('A', edited, 'full')]);
    expect(
      (await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.wetzlar)).json().annotations,
    ).toEqual([note('A', edited, 'shared'), note('C', C, 'shared'), note('B', B, 'shared')]);
    // Edited again, to another day and the whole portal, not shared: out of March, and out of others' sight.
    const moved = {
      ...A,
      day: '2025-04-01',
      service: null,
      text: 'Formular überarbeitet',
      updatedAt: NOW_PLUS(2),
    };
    const again = await send('PUT', `/v1/cities/giessen/annotations/${ids.A.toUpperCase()}`, h.keys.giessen, {
      day: '2025-04-01',
      text: 'Formular überarbeitet',
    });
    expect(json(again)).toEqual([200, note('A', moved, 'full')]);
    expect(
      (await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.giessen)).json().annotations,
    ).toEqual([note('C', C, 'full'), note('B', B, 'full')]);
    expect(
      (await h.get('/v1/cities/giessen/annotations?from=2025-04-01&to=2025-04-30', h.keys.giessen)).json()
        .annotations,
    ).toEqual([note('A', moved, 'full')]);
    expect(
      (await h.get('/v1/cities/giessen/annotations?from=2025-04-01&to=2025-04-30', h.keys.wetzlar)).json()
        .annotations,
    ).toEqual([]);
  });

  it('deletes an annotation (204, no content); then it is gone for everyone, and a second delete or an edit is 404', async () => {
    const res = await send('DELETE', `/v1/cities/giessen/annotations/${ids.C}`, h.keys.giessen);
    expect([res.statusCode, res.body]).toEqual([204, '']);
    for (const holder of ['giessen', 'wetzlar', 'admin'] as const)
      expect(
        (await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys[holder]))
          .json()
          .annotations.map((a: Annotation) => a.id),
      ).toEqual([ids.B]);
    const gone = {
      error: 'API_UNKNOWN_ANNOTATION',
      message: ERRORS.API_UNKNOWN_ANNOTATION.message,
      details: { city: 'giessen', id: ids.C },
    };
    expect(json(await send('DELETE', `/v1/cities/giessen/annotations/${ids.C}`, h.keys.giessen))).toEqual([
      404,
      gone,
    ]);
    expect(
      json(
        await send('PUT', `/v1/cities/giessen/annotations/${ids.C}`, h.keys.giessen, {
          day: '2025-03-04',
          text: 'x',
        }),
      ),
    ).toEqual([404, gone]);
  });

  it('records every change in the audit log, with the key, day, service and sharing but never the text', async () => {
    const log = await h.get('/v1/audit-log?limit=1000', h.keys.admin);
    const entries = (
      log.json().entries as {
        action: string;
        target: string;
        keyId: string;
        actor: string;
        role: string;
        parameters: Record<string, string>;
      }[]
    )
      .filter((e) => e.action.startsWith('annotation_'))
      .map((e) => [e.action, e.target, e.keyId, e.actor, e.role, e.parameters])
      .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const by = (key: string, actor: string) => [key, actor, 'city'];
    const g = by(giessenKey, 'team giessen');
    const want = [
      [
        'annotation_created',
        ids.A,
        ...g,
        { city: 'giessen', day: '2025-03-03', service: S1, shared: 'false' },
      ],
      [
        'annotation_created',
        ids.B,
        ...g,
        { city: 'giessen', day: '2025-03-05', service: '', shared: 'true' },
      ],
      [
        'annotation_created',
        ids.C,
        ...g,
        { city: 'giessen', day: '2025-03-04', service: DOG_TAX, shared: 'true' },
      ],
      [
        'annotation_created',
        ids.L,
        ...by(keyId(h.keys.limburg) as string, 'team limburg'),
        { city: 'limburg', day: '2025-03-06', service: '', shared: 'true' },
      ],
      [
        'annotation_updated',
        ids.A,
        ...g,
        { city: 'giessen', day: '2025-03-03', service: S1, shared: 'true' },
      ],
      [
        'annotation_updated',
        ids.A,
        ...g,
        { city: 'giessen', day: '2025-04-01', service: '', shared: 'false' },
      ],
      [
        'annotation_deleted',
        ids.C,
        ...g,
        { city: 'giessen', day: '2025-03-04', service: DOG_TAX, shared: 'true' },
      ],
    ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(entries).toEqual(want);
    expect(log.body).not.toContain('Pressemitteilung');
    // The CSV answers above are exports, recorded as every other.
    const exports = (log.json().entries as { action: string; target: string }[]).filter(
      (e) => e.action === 'export' && e.target === '/v1/cities/:city/annotations',
    );
    expect(exports.length).toBe(2);
  });
});

describe('refusals', () => {
  const body = { day: '2025-03-07', text: 'Test' };
  const forbidden = (city: string) => ({
    error: 'API_FORBIDDEN',
    message: ERRORS.API_FORBIDDEN.message,
    details: { city },
  });

  it('lets no key but the city’s own write: admins, the consortium and other cities get 403', async () => {
    for (const holder of ['admin', 'consortium', 'wetzlar', 'limburg'] as const) {
      expect([
        holder,
        ...(json(await send('POST', '/v1/cities/giessen/annotations', h.keys[holder], body)) as []),
      ]).toEqual([holder, 403, forbidden('giessen')]);
      expect([
        holder,
        ...(json(await send('PUT', `/v1/cities/giessen/annotations/${ids.B}`, h.keys[holder], body)) as []),
      ]).toEqual([holder, 403, forbidden('giessen')]);
      expect([
        holder,
        ...(json(await send('DELETE', `/v1/cities/giessen/annotations/${ids.B}`, h.keys[holder])) as []),
      ]).toEqual([holder, 403, forbidden('giessen')]);
    }
    // Through its own city's path a key reaches none of another city's annotations.
    expect(json(await send('PUT', `/v1/cities/wetzlar/annotations/${ids.B}`, h.keys.wetzlar, body))).toEqual([
      404,
      {
        error: 'API_UNKNOWN_ANNOTATION',
        message: ERRORS.API_UNKNOWN_ANNOTATION.message,
        details: { city: 'wetzlar', id: ids.B },
      },
    ]);
    expect((await send('DELETE', `/v1/cities/wetzlar/annotations/${ids.B}`, h.keys.wetzlar)).statusCode).toBe(
      404,
    );
    // Nothing was changed by any of them.
    expect(
      (await h.get(`/v1/cities/giessen/annotations?${MARCH}`, h.keys.giessen)).json().annotations,
    ).toEqual([note('B', B, 'full')]);
  });

  it('answers 404 for an unknown city, service or annotation, and 401 without a key', async () => {
    const unknownCity = {
      error: 'API_UNKNOWN_CITY',
      message: ERRORS.API_UNKNOWN_CITY.message,
      details: { city: 'kassel' },
    };
    expect(json(await h.get('/v1/cities/kassel/annotations', h.keys.admin))).toEqual([404, unknownCity]);
    expect(json(await send('POST', '/v1/cities/kassel/annotations', h.keys.giessen, body))).toEqual([
      404,
      unknownCity,
    ]);
    expect(
      json(await h.get('/v1/cities/giessen/annotations?service=99999999999999', h.keys.giessen)),
    ).toEqual([
      404,
      {
        error: 'API_UNKNOWN_SERVICE',
        message: ERRORS.API_UNKNOWN_SERVICE.message,
        details: { service: '99999999999999' },
      },
    ]);
    const id = '00000000-0000-4000-8000-000000000000';
    expect(json(await send('DELETE', `/v1/cities/giessen/annotations/${id}`, h.keys.giessen))).toEqual([
      404,
      {
        error: 'API_UNKNOWN_ANNOTATION',
        message: ERRORS.API_UNKNOWN_ANNOTATION.message,
        details: { city: 'giessen', id },
      },
    ]);
    expect((await h.get('/v1/cities/giessen/annotations')).statusCode).toBe(401);
    expect((await send('POST', '/v1/cities/giessen/annotations', h.keys.revoked, body)).statusCode).toBe(401);
  });

  const DAY = ['invalid_format', 'must be a calendar day from 2000-01-01 to 2099-12-31 (YYYY-MM-DD)'];
  const TEXT = [
    'invalid_format',
    'must hold a character other than a space, and no control characters or line breaks',
  ];
  const CATALOG = [
    '99115001000000',
    '99036010000000',
    '99107003000000',
    '99123001000000',
    '99050012000000',
    '99124001000000',
  ];
  it.each([
    ['a day that does not exist', { day: '2025-02-30', text: 'x' }, 'day', DAY],
    ['a day in another form', { day: '03.03.2025', text: 'x' }, 'day', DAY],
    ['no day', { text: 'x' }, 'day', ['invalid_type', 'Invalid input: expected string, received undefined']],
    ['an empty text', { day: '2025-03-07', text: '' }, 'text', TEXT],
    ['a text of spaces only', { day: '2025-03-07', text: ' \u00a0 ' }, 'text', TEXT],
    ['a text with a line break', { day: '2025-03-07', text: 'Formular\nneu' }, 'text', TEXT],
    ['a text with a control character', { day: '2025-03-07', text: 'Formular\u0007' }, 'text', TEXT],
    ['a text with a bidirectional override', { day: '2025-03-07', text: 'abc\u202edef' }, 'text', TEXT],
    [
      'a text with a lone surrogate',
      { day: '2025-03-07', text: 'abc\ud800def' },
      'text',
      ['custom', 'must be Unicode text (a lone surrogate is not)'],
    ],
    [
      'a text of 201 characters',
      { day: '2025-03-07', text: 'x'.repeat(201) },
      'text',
      ['custom', 'must be at most 200 characters'],
    ],
    [
      'a service not in the catalog',
      { day: '2025-03-07', text: 'x', service: '99999999999999' },
      'service',
      ['invalid_value', `Invalid option: expected one of ${CATALOG.map((k) => `"${k}"`).join('|')}`],
    ],
    [
      'a field the api does not know',
      { day: '2025-03-07', text: 'x', author: 'M. Muster' },
      '',
      ['unrecognized_keys', 'Unrecognized key: "author"'],
    ],
    [
      'shared as text',
      { day: '2025-03-07', text: 'x', shared: 'yes' },
      'shared',
      ['invalid_type', 'Invalid input: expected boolean, received string'],
    ],
  ])('refuses %s (400, naming the field)', async (_what, payload, path, [code, message]) => {
    const res = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, payload);
    expect(json(res)).toEqual([
      400,
      {
        error: 'API_BAD_REQUEST',
        message: ERRORS.API_BAD_REQUEST.message,
        details: { issues: [{ in: 'body', path, code, message }] },
      },
    ]);
  });

  it('refuses an id that is no UUID (400) before looking for it', async () => {
    expect(json(await send('DELETE', '/v1/cities/giessen/annotations/xyz', h.keys.giessen))).toEqual([
      400,
      {
        error: 'API_BAD_REQUEST',
        message: ERRORS.API_BAD_REQUEST.message,
        details: { issues: [{ in: 'params', path: 'id', code: 'invalid_format', message: 'Invalid GUID' }] },
      },
    ]);
  });

  it('counts characters as people do: 200 emoji are a text, 201 are too long', async () => {
    const ok = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, {
      day: '2025-02-10',
      text: '📈'.repeat(200),
    });
    expect([ok.statusCode, ok.json().text]).toEqual([201, '📈'.repeat(200)]);
    const long = await send('POST', '/v1/cities/giessen/annotations', h.keys.giessen, {
      day: '2025-02-10',
      text: '📈'.repeat(201),
    });
    expect(long.json().details.issues).toEqual([
      { in: 'body', path: 'text', code: 'custom', message: 'must be at most 200 characters' },
    ]);
    await send('DELETE', `/v1/cities/giessen/annotations/${ok.json().id}`, h.keys.giessen);
  });

  it('refuses a period that is backwards or longer than 366 days', async () => {
    const back = await h.get('/v1/cities/giessen/annotations?from=2025-03-10&to=2025-03-01', h.keys.giessen);
    expect([back.statusCode, back.json().details.issues]).toEqual([
      400,
      [{ in: 'querystring', path: 'to', code: 'custom', message: '`to` must not be before `from`' }],
    ]);
    const long = await h.get('/v1/cities/giessen/annotations?from=2024-01-01&to=2025-01-01', h.keys.giessen);
    expect([long.statusCode, long.json().details.issues]).toEqual([
      400,
      [{ in: 'querystring', path: 'to', code: 'custom', message: 'a period spans at most 366 days' }],
    ]);
  });
});
