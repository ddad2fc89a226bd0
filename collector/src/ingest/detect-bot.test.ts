import { describe, expect, it } from 'vitest';
import { UA } from '../test-support/fixtures.ts';
import { detectBot } from './detect-bot.ts';

describe('detectBot', () => {
  it.each([
    [undefined, 'missing_user_agent'],
    ['', 'missing_user_agent'],
    ['   ', 'missing_user_agent'],
    [UA.headless, 'headless_browser'],
    [
      'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
      'headless_browser',
    ],
    [
      'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
      'headless_browser',
    ],
    [UA.googlebot, 'bot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bot'],
    ['curl/8.5.0', 'bot'],
    ['python-requests/2.31.0', 'bot'],
    ['Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'bot'],
    [UA.firefoxLinux, undefined],
    [UA.safariIphone, undefined],
    [UA.chromeWindows, undefined],
  ])('%s → %s', (ua, reason) => {
    expect(detectBot(ua)).toBe(reason);
  });

  it('recognises headless Chrome by its client-hint brands when the user agent hides it', () => {
    expect(detectBot(UA.chromeWindows, '"HeadlessChrome";v="131", "Chromium";v="131"')).toBe(
      'headless_browser',
    );
    expect(detectBot(UA.chromeWindows, '"Google Chrome";v="131", "Chromium";v="131"')).toBeUndefined();
  });
});
