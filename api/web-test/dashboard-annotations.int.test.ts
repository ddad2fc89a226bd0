/*
 * Annotations in real Chromium over the dashboard tests' generated traffic (dashboard.harness.ts, the clock at
 * 2025-03-31): Gießen's team writes, edits and deletes annotations of February by keyboard alone in the panel
 * "Anmerkungen" of the city view, and every change is what the API then holds and what the charts show: a numbered
 * marker at the annotation's bucket on the city's time series and on the service's completion rate, and the list
 * beneath each chart. The consortium, reading Gießen's published February, sees only the shared annotation; an
 * admin sees all of them, read-only. axe-core, the keyboard and 320 CSS px as for every view; screenshots go to
 * tests/artifacts/dashboard/annotations-*.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@godonu/infra';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { AnnotationList } from '../src/annotations/annotation.schema.ts';
import { type DashboardServer, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const WOHNSITZ = '99115001000000';
const FEBRUARY = 'from=2025-02-01&to=2025-02-28';

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
const requests: string[] = [];
/** The ids of the annotations as the team writes them: A (edited later), B (shared), C (deleted). */
const ids = { A: '', B: '', C: '' };

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

async function viewReady(view: 'city' | 'service'): Promise<void> {
  await page.waitForSelector(`nav a[data-view="${view}"][aria-current="page"]`);
  await page.waitForSelector('.results:not([aria-busy]) .panel');
}

/**
 * Gießen's city view of February: its own range typed for those who read it exactly, else the published month the
 * view offers by default. Done once the view of Gießen has loaded February, not an earlier render.
 */
async function showGiessenFebruary(exact: boolean): Promise<void> {
  // A click on the view already shown would render it again later, under the fields being filled in.
  if ((await page.locator('nav a[data-view="city"][aria-current="page"]').count()) === 0)
    await page.click('nav a[data-view="city"]');
  await viewReady('city');
  // A city's team has no choice of city.
  if ((await page.locator('select[name="city"]').count()) > 0)
    await page.selectOption('select[name="city"]', 'giessen');
  if (exact) {
    await page.fill('input[name="from"]', '01.02.2025');
    await page.fill('input[name="to"]', '28.02.2025');
  }
  await page.click('.filters button[type="submit"]');
  await page.locator('h1', { hasText: 'Nutzung des Portals Gießen' }).waitFor();
  await page
    .locator('.results:not([aria-busy]) [data-period]', { hasText: '1. Februar 2025 bis 28. Februar 2025' })
    .waitFor();
}

async function texts(selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

async function focused(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return `${el?.tagName.toLowerCase()}:${el?.getAttribute('name') ?? el?.getAttribute('aria-label') ?? el?.textContent}`;
  });
}

async function notes(key: string, query = FEBRUARY): Promise<AnnotationList['annotations']> {
  return (await server.api<AnnotationList>(`/v1/cities/giessen/annotations?${query}`, key)).annotations;
}

/** Each marker of a chart: its label and whether its line stands on the bucket's dot (the n-th of the series). */
async function markers(chart: string): Promise<{ label: string; x: number; title: string }[]> {
  return page.$$eval(`${chart} svg.line-chart g.marker`, (gs) =>
    gs.map((g) => ({
      label: g.getAttribute('data-marker') ?? '',
      x: Number(g.querySelector('line')?.getAttribute('x1')),
      title: g.querySelector('title')?.textContent ?? '',
    })),
  );
}

/**
 * Where the chart puts bucket `index` (line.chart.ts: 64 px left margin, 16 px right, the buckets spread evenly),
 * from the drawing's width and the number of buckets in the figure's table.
 */
async function bucketX(chart: string, index: number): Promise<number> {
  return page.$eval(
    `${chart} figure`,
    (figure, i) => {
      const width = Number(figure.querySelector('svg.line-chart')?.getAttribute('viewBox')?.split(' ')[2]);
      const n = figure.querySelectorAll('.chart-table tbody tr').length;
      const plot = width - 64 - 16;
      return 64 + (n <= 1 ? plot / 2 : (i * plot) / (n - 1));
    },
    index,
  );
}

/** The whole page, and the parts with annotations on their own (`selectors`: a file each, named by its class). */
async function shot(name: string, selectors: string[] = []): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `annotations-${name}.png`), fullPage: true });
  for (const selector of selectors) {
    const part = selector.replace(/^\./, '');
    await page.locator(selector).screenshot({ path: path.join(SHOTS, `annotations-${name}-${part}.png`) });
  }
}

/** Until the panel's status line says `text`. */
async function status(text: string): Promise<void> {
  await page.locator('.annotation-status', { hasText: text }).waitFor();
}

/** Types into the focused field what a person would: select all, then the new text. */
async function retype(text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

beforeAll(async () => {
  server = await startDashboardServer(inject('clickhouseUrl'));
  await mkdir(SHOTS, { recursive: true });
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/annotations') || u.pathname.includes('/annotations/'))
      requests.push(`${r.method()} ${u.pathname}${u.search}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Gießen’s team, by keyboard', () => {
  test('writes three annotations of February; each shows as a numbered marker at its day and in the lists', async () => {
    await signIn(server.keys.giessen);
    await showGiessenFebruary(true);
    expect(await texts('.annotations-panel .empty')).toEqual(['Keine Anmerkungen in diesem Zeitraum.']);
    expect(requests.at(-1)).toBe(`GET /v1/cities/giessen/annotations?${FEBRUARY}`);

    /** `service`: arrow keys on the list of services, which keeps the last one chosen. */
    const write = async (
      day: string,
      service: 'ArrowDown' | 'ArrowUp' | null,
      text: string,
      shared: boolean,
    ) => {
      await page.locator('.annotation-form input[name="day"]').focus();
      await retype(day);
      await page.keyboard.press('Tab');
      if (service) await page.keyboard.press(service);
      await page.keyboard.press('Tab');
      await page.keyboard.type(text);
      await page.keyboard.press('Tab');
      if (shared) await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('button:Anmerkung speichern');
      await page.keyboard.press('Enter');
      await status('Die Anmerkung ist gespeichert.');
      // The focus stays in the form, for the next one.
      expect(await focused()).toBe('button:Anmerkung speichern');
    };
    // The form offers today (the browser's clock: 31 March 2025) and the whole portal; Wohnsitz anmelden is next.
    expect(await page.inputValue('.annotation-form select[name="service"]')).toBe('');
    expect(await page.inputValue('.annotation-form input[name="day"]')).toBe('31.03.2025');
    await write('10.02.2025', 'ArrowDown', 'Formular überarbeitet', false);
    await write('14.02.2025', 'ArrowUp', 'Pressemitteilung zur Online-Anmeldung', true);
    await write('20.02.2025', null, 'Testeintrag', true);

    const saved = await notes(server.keys.giessen);
    ids.A = saved[0]?.id ?? '';
    ids.B = saved[1]?.id ?? '';
    ids.C = saved[2]?.id ?? '';
    const keyId = saved[0]?.createdBy;
    const at = DEMO_NOW.toISOString();
    const note = (id: string, day: string, service: string | null, text: string, shared: boolean) => ({
      id,
      city: 'giessen',
      day,
      service,
      text,
      shared,
      createdAt: at,
      updatedAt: at,
      createdBy: keyId,
      updatedBy: keyId,
    });
    expect(saved).toEqual([
      note(ids.A, '2025-02-10', WOHNSITZ, 'Formular überarbeitet', false),
      note(ids.B, '2025-02-14', null, 'Pressemitteilung zur Online-Anmeldung', true),
      note(ids.C, '2025-02-20', null, 'Testeintrag', true),
    ]);
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual(
      Array(3).fill('POST /v1/cities/giessen/annotations'),
    );

    // Markers on the daily series: the 10th, 14th and 20th day of February, on those days' dots.
    const shown = await markers('.timeseries');
    expect(shown.map((m) => [m.label, m.title])).toEqual([
      ['1', '10. Februar 2025 – Wohnsitz anmelden: Formular überarbeitet'],
      ['2', '14. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung'],
      ['3', '20. Februar 2025 – Ganzes Portal: Testeintrag'],
    ]);
    expect(shown.map((m) => m.x)).toEqual([
      await bucketX('.timeseries', 9),
      await bucketX('.timeseries', 13),
      await bucketX('.timeseries', 19),
    ]);
    expect(await texts('.timeseries .annotation-notes li')).toEqual([
      '1 10. Februar 2025 – Wohnsitz anmelden: Formular überarbeitet',
      '2 14. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung',
      '3 20. Februar 2025 – Ganzes Portal: Testeintrag',
    ]);
    expect(await texts('.annotations-panel .annotation-head')).toEqual([
      '1 10. Februar 2025 Wohnsitz anmelden nur für die eigene Stadt',
      '2 14. Februar 2025 Ganzes Portal für andere Städte sichtbar',
      '3 20. Februar 2025 Ganzes Portal für andere Städte sichtbar',
    ]);
    await expectAccessible(page);
    await shot('city-giessen', ['.timeseries', '.annotations-panel']);
  });

  test('refuses a date that is none and an empty text, naming the field, before anything is sent', async () => {
    const posts = requests.length;
    await page.locator('.annotation-form input[name="day"]').focus();
    await retype('30.02.2025');
    await page.locator('.annotation-form button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    expect(await texts('.annotation-form .field-error')).toEqual([
      'Bitte geben Sie das Datum als TT.MM.JJJJ ein, zwischen 2000 und 2099.',
    ]);
    expect(await focused()).toBe('input:day');
    expect(await page.getAttribute('.annotation-form input[name="day"]', 'aria-invalid')).toBe('true');
    await retype('21.02.2025');
    await page.locator('.annotation-form button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    expect(await texts('.annotation-form .field-error')).toEqual(['Bitte geben Sie einen Text ein.']);
    expect(await focused()).toBe('input:text');
    await expectAccessible(page);
    expect(requests.length).toBe(posts);
  });

  test('edits the first: the form takes it, the change is saved, the focus returns to its button, the marker moves', async () => {
    await page.locator(`[data-edit="${ids.A}"]`).focus();
    expect(await focused()).toBe('button:Bearbeiten: 10. Februar 2025, Formular überarbeitet');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('input:day');
    expect(await texts('.annotation-form h3')).toEqual(['Anmerkung bearbeiten']);
    expect(await page.locator('.annotation-form button', { hasText: 'Abbrechen' }).isVisible()).toBe(true);
    expect(await page.inputValue('.annotation-form input[name="text"]')).toBe('Formular überarbeitet');
    await retype('11.02.2025');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await retype('Formular überarbeitet: Schritt 2 neu');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Änderung speichern');
    await page.keyboard.press('Enter');
    await status('Die Änderung ist gespeichert.');
    expect(await focused()).toBe('button:Bearbeiten: 11. Februar 2025, Formular überarbeitet: Schritt 2 neu');
    expect(requests.at(-2)).toBe(`PUT /v1/cities/giessen/annotations/${ids.A}`);
    expect(await texts('.annotation-form h3')).toEqual(['Neue Anmerkung']);
    // "Abbrechen" only while editing.
    expect(await page.locator('.annotation-form button', { hasText: 'Abbrechen' }).isVisible()).toBe(false);

    const [a] = await notes(server.keys.giessen);
    expect([a?.id, a?.day, a?.service, a?.text, a?.shared, a?.updatedAt]).toEqual([
      ids.A,
      '2025-02-11',
      WOHNSITZ,
      'Formular überarbeitet: Schritt 2 neu',
      false,
      new Date(DEMO_NOW.getTime() + 1).toISOString(),
    ]);
    const shown = await markers('.timeseries');
    expect(shown.map((m) => [m.label, m.x])).toEqual([
      ['1', await bucketX('.timeseries', 10)],
      ['2', await bucketX('.timeseries', 13)],
      ['3', await bucketX('.timeseries', 19)],
    ]);
  });

  test('deletes the third after confirming; cancelling first keeps it', async () => {
    await page.locator(`[data-remove="${ids.C}"]`).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('p:Diese Anmerkung löschen? 20. Februar 2025, Testeintrag');
    expect(await texts('.annotation-confirm')).toEqual([
      'Diese Anmerkung löschen? 20. Februar 2025, Testeintrag',
    ]);
    await expectAccessible(page);
    await shot('city-giessen-confirm', ['.annotations-panel']);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Abbrechen');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('button:Löschen: 20. Februar 2025, Testeintrag');
    expect((await notes(server.keys.giessen)).length).toBe(3);

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Ja, löschen');
    await page.keyboard.press('Enter');
    await status('Die Anmerkung ist gelöscht.');
    expect(await focused()).toBe('p:Die Anmerkung ist gelöscht.');
    expect(requests.at(-2)).toBe(`DELETE /v1/cities/giessen/annotations/${ids.C}`);
    expect((await notes(server.keys.giessen)).map((n) => n.id)).toEqual([ids.A, ids.B]);
    expect((await markers('.timeseries')).map((m) => m.label)).toEqual(['1', '2']);
    expect(await texts('.annotations-panel .annotation-text')).toEqual([
      'Formular überarbeitet: Schritt 2 neu',
      'Pressemitteilung zur Online-Anmeldung',
    ]);
  });

  test('downloads the period’s annotations as the API’s CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.annotations-panel .csv-button'),
    ]);
    expect(download.suggestedFilename()).toBe('giessen-annotations-2025-02-01-2025-02-28.csv');
    const file = await download.path();
    const res = await fetch(`${server.baseUrl}/v1/cities/giessen/annotations?${FEBRUARY}&format=csv`, {
      headers: { authorization: `Bearer ${server.keys.giessen}` },
    });
    expect((await readFile(file)).equals(Buffer.from(await res.arrayBuffer()))).toBe(true);
  });

  test('the service view marks the service’s annotation and the whole portal’s on the completion rate, by week', async () => {
    await page.click('nav a[data-view="service"]');
    await viewReady('service');
    expect(await page.inputValue('select[name="service"]')).toBe(WOHNSITZ);
    expect(requests.at(-1)).toBe(`GET /v1/cities/giessen/annotations?${FEBRUARY}&service=${WOHNSITZ}`);
    // Both fall in the week of Monday 10 February, the third bucket of February's weeks (from Monday 27 January).
    const shown = await markers('.completion-panel');
    expect(shown.map((m) => [m.label, m.title])).toEqual([
      [
        '1, 2',
        '11. Februar 2025 – Wohnsitz anmelden: Formular überarbeitet: Schritt 2 neu\n14. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung',
      ],
    ]);
    expect(shown[0]?.x).toBe(await bucketX('.completion-panel', 2));
    expect(await texts('.completion-panel .annotation-notes li')).toEqual([
      '1 11. Februar 2025 – Wohnsitz anmelden: Formular überarbeitet: Schritt 2 neu',
      '2 14. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung',
    ]);
    await expectAccessible(page);
    await shot('service-giessen', ['.completion-panel']);
  });

  test('reflows to 320 CSS px, the form and the list included', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.click('nav a[data-view="city"]');
    await viewReady('city');
    await page.locator(`[data-edit="${ids.B}"]`).click();
    await expectFits320(page);
    await expectAccessible(page);
    await page.locator('.annotations-panel').scrollIntoViewIfNeeded();
    await page
      .locator('.annotations-panel')
      .screenshot({ path: path.join(SHOTS, 'annotations-city-giessen-320px.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('others read Gießen’s February', () => {
  test('the consortium sees the shared annotation only, without the form', async () => {
    await signIn(server.keys.consortium);
    await showGiessenFebruary(false);
    expect(requests.at(-1)).toBe(`GET /v1/cities/giessen/annotations?${FEBRUARY}`);
    expect((await notes(server.keys.consortium)).map((n) => [n.id, n.createdBy])).toEqual([[ids.B, null]]);
    expect(await texts('.annotations-panel .annotation-text')).toEqual([
      'Pressemitteilung zur Online-Anmeldung',
    ]);
    expect(await texts('.annotations-panel .panel-intro')).toEqual([
      'Anmerkungen des Teams der Stadt im Zeitraum, die es für andere Städte und die Programmleitung sichtbar gemacht hat. Schreiben kann sie nur das Team der Stadt selbst.',
    ]);
    expect(await page.locator('.annotation-form, [data-edit], [data-remove]').count()).toBe(0);
    // February as one published month: one bucket, its one marker.
    expect((await markers('.timeseries')).map((m) => [m.label, m.title])).toEqual([
      ['1', '14. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung'],
    ]);
    expect(await page.content()).not.toContain('Formular überarbeitet');
    await expectAccessible(page);
    await shot('city-consortium', ['.timeseries', '.annotations-panel']);
  });

  test('an admin sees both, read-only', async () => {
    await signIn(server.keys.admin);
    await showGiessenFebruary(true);
    expect(await texts('.annotations-panel .annotation-text')).toEqual([
      'Formular überarbeitet: Schritt 2 neu',
      'Pressemitteilung zur Online-Anmeldung',
    ]);
    expect(await page.locator('.annotation-form, [data-edit], [data-remove]').count()).toBe(0);
    expect((await markers('.timeseries')).map((m) => m.label)).toEqual(['1', '2']);
    // In English: the same list, its texts and dates in the other language.
    await page.click('#lang-switch');
    await page
      .locator('.results:not([aria-busy]) .annotations-panel h2', { hasText: 'Annotations' })
      .waitFor();
    expect(await texts('.timeseries .annotation-notes li')).toEqual([
      '1 11 February 2025 – Register a new address: Formular überarbeitet: Schritt 2 neu',
      '2 14 February 2025 – Whole portal: Pressemitteilung zur Online-Anmeldung',
    ]);
    expect(await texts('.annotations-panel .annotation-sharing')).toEqual([
      'own city only',
      'visible to other cities',
    ]);
    await expectAccessible(page);
  });
});
