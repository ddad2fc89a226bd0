import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  exitThroughTop,
  focusedInWidget,
  PAGES,
  ratingTuple,
  serveFeedbackPages,
  waitForRatings,
} from './support/feedback-pages.ts';
import { type Harness, startHarness } from './support/harness.ts';

/*
 * The feedback widget for everyone: answered and sent with the keyboard alone, without axe-core violations,
 * and without horizontal scrolling at 320 CSS px (WCAG 2.1 reflow). Screenshots go to tests/artifacts/.
 */

const ARTIFACTS = fileURLToPath(new URL('../../tests/artifacts/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  serveFeedbackPages(harness);
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(() => harness?.close());

beforeEach(() => harness.reset());

const open = async (path: string, width = 1280) => {
  const page = await harness.browser.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${harness.portal.origin}${path}`);
  const widget = page.locator('[data-godonu-feedback]');
  await widget.locator('button[type=submit]').waitFor({ state: 'attached' });
  return { page, widget, url: `${harness.portal.origin}${path}` };
};

/** Presses Tab until the focus is on `target` inside the widget (at most 20 times). */
const tabTo = async (page: Page, target: string): Promise<void> => {
  for (let i = 0; i < 20 && (await page.evaluate(focusedInWidget)) !== target; i++)
    await page.keyboard.press('Tab');
  expect(await page.evaluate(focusedInWidget)).toBe(target);
};

interface AxeResult {
  violations: { id: string; nodes: { target: unknown[] }[] }[];
}

/** axe-core's WCAG 2.1 A/AA and best-practice rules over the whole page, the widget's shadow root included. */
const expectAccessible = async (page: Page): Promise<void> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  expect(violations).toEqual([]);
};

/** Everything that sticks out to the right of the viewport, in the page and in the widget's shadow root. */
const overflowing = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const host = document.querySelector('[data-godonu-feedback]');
    const all = [...document.querySelectorAll('body *'), ...(host?.shadowRoot?.querySelectorAll('*') ?? [])];
    return all
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`);
  });

it('is answered and sent with the keyboard alone: Tab, arrow keys, Space and Enter', async () => {
  const { page, widget, url } = await open(PAGES.info);
  // "Absenden" without stars: the widget says so and puts the focus on the first star.
  await tabTo(page, 'Absenden');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(focusedInWidget)).toBe('score=1');
  expect(await widget.locator('.e').textContent()).toBe('Bitte wählen Sie 1 bis 5 Sterne.');

  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(focusedInWidget)).toBe('found=yes');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(focusedInWidget)).toBe('found=partly');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(focusedInWidget)).toBe('score=4');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(focusedInWidget)).toBe('Absenden');
  await page.keyboard.press('Enter');
  // The focus moves to the thanks, which the live region also announces.
  expect(await page.evaluate(focusedInWidget)).toBe('Vielen Dank für Ihre Rückmeldung!');
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([
    ratingTuple(url, 4, 'partly', 'page'),
  ]);
});

it('offers "Feedback geben" to keyboard users of a started form, and sends context abandoned', async () => {
  const { page, widget, url } = await open(PAGES.form);
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'vorname')
    await page.keyboard.press('Tab');
  await page.keyboard.type('Erika');
  await tabTo(page, 'Feedback geben');
  const offer = widget.getByRole('button', { name: 'Feedback geben' });
  expect(await offer.getAttribute('aria-expanded')).toBe('false');
  await page.keyboard.press('Enter');
  expect(await offer.getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  expect(await page.evaluate(focusedInWidget)).toBe('found=yes');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(focusedInWidget)).toBe('score=2');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([
    ratingTuple(url, 2, 'yes', 'abandoned'),
  ]);
});

it('closes the floating offer with Escape', async () => {
  const { page, widget } = await open(PAGES.form);
  await page.fill('#vorname', 'Erika');
  await exitThroughTop(page);
  const panel = widget.locator('section');
  await expect.poll(() => panel.isVisible()).toBe(true);
  await widget.getByRole('radio', { name: 'Ja' }).focus();
  await page.keyboard.press('Escape');
  expect(await panel.isVisible()).toBe(false);
});

it('passes axe-core in every state: asked, missing stars, thanked, floating', async () => {
  for (const path of [PAGES.info, PAGES.confirmation]) {
    const { page, widget } = await open(path);
    await expectAccessible(page);
    await widget.getByRole('button', { name: 'Absenden' }).click();
    await expectAccessible(page);
    await widget.getByRole('radio', { name: '1 Stern – sehr schlecht' }).check();
    await widget.getByRole('button', { name: 'Absenden' }).click();
    await widget.getByText('Vielen Dank für Ihre Rückmeldung!').waitFor();
    await expectAccessible(page);
  }
  const { page, widget } = await open(PAGES.form);
  await page.fill('#vorname', 'Erika');
  await exitThroughTop(page);
  await widget.locator('section').waitFor();
  await expectAccessible(page);
  await widget.getByRole('button', { name: 'Schließen' }).click();
  await widget.getByRole('button', { name: 'Feedback geben' }).click();
  await expectAccessible(page);
});

it('reflows to 320 CSS px without horizontal scrolling; screenshots at 320 px and desktop width', async () => {
  for (const [path, name] of [
    [PAGES.info, 'page'],
    [PAGES.confirmation, 'submitted'],
  ] as const) {
    for (const width of [320, 1280]) {
      const { page, widget } = await open(path, width);
      expect(await overflowing(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await widget.screenshot({ path: `${ARTIFACTS}sdk-feedback-${name}-${width}.png` });
    }
  }
  for (const width of [320, 1280]) {
    const { page, widget } = await open(PAGES.form, width);
    await page.fill('#vorname', 'Erika');
    await exitThroughTop(page);
    await widget.locator('section').waitFor();
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}sdk-feedback-abandoned-${width}.png` });
  }
});
