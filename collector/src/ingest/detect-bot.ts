import { isbot } from 'isbot';

/** Why an event was not stored; a metric label, so the set is closed. */
export type DropReason =
  | 'missing_user_agent'
  | 'headless_browser'
  | 'bot'
  | 'global_privacy_control'
  | 'do_not_track'
  // A browser event that could not be made valid; the rest of its batch is stored.
  | 'invalid_event';
export const DROP_REASONS: readonly DropReason[] = [
  'missing_user_agent',
  'headless_browser',
  'bot',
  'global_privacy_control',
  'do_not_track',
  'invalid_event',
];

/** Automation that announces itself; isbot lists it too, but we count it apart from crawlers. */
const HEADLESS = /HeadlessChrome|PhantomJS|SlimerJS|Puppeteer|Playwright|Selenium|WebDriver|Lighthouse/i;

/**
 * Classifies a user agent (and, for browsers, the client-hint brand list) as automated.
 * isbot's list is maintained upstream (crawlers, HTTP libraries, monitoring, previews).
 */
export function detectBot(userAgent: string | undefined, clientHintBrands?: string): DropReason | undefined {
  if (userAgent === undefined || userAgent.trim() === '') return 'missing_user_agent';
  if (HEADLESS.test(userAgent) || headlessBrands(clientHintBrands)) return 'headless_browser';
  if (isbot(userAgent)) return 'bot';
  return undefined;
}

/** `Sec-CH-UA` of headless Chrome names it even when the user agent was overridden. */
export function headlessBrands(clientHintBrands: string | undefined): boolean {
  return clientHintBrands !== undefined && HEADLESS.test(clientHintBrands);
}
