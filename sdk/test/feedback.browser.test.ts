import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expectWellFormed } from './support/expect-events.ts';
import {
  cspViolations,
  exitThroughTop,
  focusedInWidget,
  PAGES,
  ratingsReceived,
  ratingTuple,
  recordCspViolations,
  serveFeedbackPages,
  waitForRatings,
} from './support/feedback-pages.ts';
import { type Harness, quiet, startHarness } from './support/harness.ts';

/*
 * The feedback widget (`dist/feedback.js`) on gateway pages served with a strict Content-Security-Policy:
 * what reaches the collector is asserted as the compact tuple the browser sent.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  serveFeedbackPages(harness);
});

afterAll(() => harness?.close());

beforeEach(() => harness.reset());

const open = async (path: string) => {
  const page = await harness.browser.context.newPage();
  await recordCspViolations(page);
  await page.goto(`${harness.portal.origin}${path}`);
  const widget = page.locator('[data-godonu-feedback]');
  return { page, widget, url: `${harness.portal.origin}${path}` };
};

it('sends one rating from an information page, with the found answer, the stars and context page', async () => {
  const { page, widget, url } = await open(PAGES.info);
  // Stars are required: without them nothing leaves and the widget says what is missing.
  await widget.getByRole('radio', { name: 'Teilweise' }).check();
  await widget.getByRole('button', { name: 'Absenden' }).click();
  await expect.poll(() => widget.locator('.e').textContent()).toBe('Bitte wählen Sie 1 bis 5 Sterne.');
  await expect.poll(() => page.evaluate(focusedInWidget)).toBe('score=1');
  await quiet();
  expect(ratingsReceived(harness.collector.received)).toEqual([]);

  await widget.getByRole('radio', { name: '4 Sterne – gut' }).check();
  await widget.getByRole('button', { name: 'Absenden' }).click();
  await expect.poll(() => widget.getByRole('status').textContent()).toBe('Vielen Dank für Ihre Rückmeldung!');
  // The answer is sent once: the form is gone, and nothing sends it again when the page goes.
  expect(await widget.locator('form').count()).toBe(0);
  await page.close({ runBeforeUnload: true });
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([
    ratingTuple(url, 4, 'partly', 'page'),
  ]);
  expectWellFormed(harness.collector.received);
});

it('renders under the strict Content-Security-Policy with its own rules, isolated from the page', async () => {
  const { page, widget } = await open(PAGES.info);
  await widget.getByRole('button', { name: 'Absenden' }).waitFor();
  const style = await widget
    .locator('label')
    .last()
    .evaluate((label) => {
      const s = getComputedStyle(label);
      return { display: s.display, fontWeight: s.fontWeight, fontFamily: s.fontFamily };
    });
  // portal.css says `form label { display: block; font-weight: 600 }`; the widget's own rules win, and it
  // inherits the page's font.
  expect(style).toEqual({
    display: 'flex',
    fontWeight: '400',
    fontFamily: expect.stringContaining('Source Sans Pro'),
  });
  expect(await cspViolations(page)).toEqual([]);
  // The policy is enforced and its violations are seen: a style attribute, as an inline-styled widget would set.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { id: 'x' })));
  await page.evaluate(() => document.getElementById('x')?.setAttribute('style', 'color: red'));
  await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^style-src-attr inline/)]);
});

it('sends context submitted from a confirmation page, which does not ask whether the citizen found it', async () => {
  const { page, widget, url } = await open(PAGES.confirmation);
  await widget.getByRole('radio', { name: '5 Sterne – sehr gut' }).check();
  expect(await widget.getByRole('radio', { name: 'Ja' }).count()).toBe(0);
  await widget.getByRole('button', { name: 'Absenden' }).click();
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([
    ratingTuple(url, 5, null, 'submitted'),
  ]);
  expect(await cspViolations(page)).toEqual([]);
});

it('offers the widget once when a started form is left through the top, and sends context abandoned', async () => {
  const { page, widget, url } = await open(PAGES.form);
  const panel = widget.locator('section');
  // Hidden, the button has no role yet: found by its text.
  const offer = widget.locator('button', { hasText: 'Feedback geben' });
  await offer.waitFor({ state: 'attached' });
  // Not started yet: no button, and leaving asks nothing.
  await exitThroughTop(page);
  await quiet(200);
  expect(await offer.isVisible()).toBe(false);
  expect(await panel.isVisible()).toBe(false);

  await page.fill('#vorname', 'Erika');
  await expect.poll(() => offer.isVisible()).toBe(true);
  await exitThroughTop(page);
  await expect.poll(() => panel.isVisible()).toBe(true);
  // It floats over the page, which stays usable: the city's own form can still be reached and typed in.
  expect(await panel.evaluate((p) => getComputedStyle(p).position)).toBe('fixed');
  await page.fill('#vorname', 'Erika M');

  await widget.getByRole('button', { name: 'Schließen' }).click();
  expect(await panel.isVisible()).toBe(false);
  // Offered once: leaving again asks nothing; the button stays for whoever wants to answer after all.
  await exitThroughTop(page);
  await quiet(200);
  expect(await panel.isVisible()).toBe(false);
  await offer.click();
  expect(await panel.isVisible()).toBe(true);
  expect(await panel.evaluate((p) => getComputedStyle(p).position)).toBe('static');

  await widget.getByRole('radio', { name: 'Nein' }).check();
  await widget.getByRole('radio', { name: '2 Sterne – schlecht' }).check();
  await widget.getByRole('button', { name: 'Absenden' }).click();
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([
    ratingTuple(url, 2, 'no', 'abandoned'),
  ]);
  expect(await offer.isVisible()).toBe(false);
  const kinds = harness.collector.events().map((e) => e.type);
  expect(kinds).toContain('form_start');
  expect(kinds).not.toContain('form_submit');
  expect(await cspViolations(page)).toEqual([]);
});

it('offers nothing once the form was submitted', async () => {
  const { page, widget } = await open(PAGES.form);
  const offer = widget.locator('button', { hasText: 'Feedback geben' });
  await page.fill('#vorname', 'Erika');
  await expect.poll(() => offer.isVisible()).toBe(true);
  // A single-page form that handles its submit itself: the page stays, the procedure is done.
  await page.evaluate(() =>
    document.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
  );
  await expect.poll(() => offer.isVisible()).toBe(false);
  await exitThroughTop(page);
  await quiet(200);
  expect(await widget.locator('section').isVisible()).toBe(false);
});

it('in consent mode keeps the answer on the page until consent, then sends it once', async () => {
  const { page, widget, url } = await open(PAGES.consentInfo);
  await widget.getByRole('radio', { name: 'Ja' }).check();
  await widget.getByRole('radio', { name: '3 Sterne – mittel' }).check();
  await widget.getByRole('button', { name: 'Absenden' }).click();
  await quiet();
  expect(harness.collector.received).toEqual([]);
  await page.evaluate(() => (window as unknown as { godonu: { consent(): void } }).godonu.consent());
  expect(await waitForRatings(harness.collector.received, 1)).toEqual([ratingTuple(url, 3, 'yes', 'page')]);
});

it('shows nothing under Global Privacy Control, whose pages send nothing', async () => {
  const page = await harness.browser.context.newPage();
  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  );
  await page.goto(`${harness.portal.origin}${PAGES.info}`);
  await page.waitForFunction(() => 'godonu' in window);
  await quiet();
  expect(await page.evaluate(() => !!document.querySelector('[data-godonu-feedback]')?.shadowRoot)).toBe(
    false,
  );
  expect(harness.collector.received).toEqual([]);
});
