import { describe, expect, it } from 'vitest';
import { UA } from '../test-support/fixtures.ts';
import { UserAgentCache } from './user-agent.cache.ts';

describe('UserAgentCache', () => {
  it('gives the same verdicts as classifying each time', () => {
    const cache = new UserAgentCache();
    for (let round = 0; round < 2; round++) {
      expect(cache.verdict(UA.firefoxLinux)).toEqual({
        bot: undefined,
        classes: { device: 'desktop', browser: 'firefox', os: 'linux' },
      });
      expect(cache.verdict(UA.googlebot)).toEqual({ bot: 'bot' });
      expect(cache.verdict(UA.headless)).toEqual({ bot: 'headless_browser' });
      expect(cache.verdict('')).toEqual({ bot: 'missing_user_agent' });
      expect(cache.verdict(undefined)).toEqual({ bot: 'missing_user_agent' });
    }
  });

  it('checks client-hint brands on every request, since they vary apart from the user agent', () => {
    const cache = new UserAgentCache();
    expect(cache.verdict(UA.chromeWindows, '"Google Chrome";v="131"').bot).toBeUndefined();
    expect(cache.verdict(UA.chromeWindows, '"HeadlessChrome";v="131"')).toEqual({ bot: 'headless_browser' });
    expect(cache.verdict(UA.chromeWindows).bot).toBeUndefined();
  });

  it('stays within its bound, dropping the oldest entries first', () => {
    const cache = new UserAgentCache(2);
    cache.verdict('Agent/1');
    cache.verdict('Agent/2');
    cache.verdict('Agent/3');
    const entries = (cache as unknown as { entries: Map<string, unknown> }).entries;
    expect([...entries.keys()]).toEqual(['Agent/2', 'Agent/3']);
  });
});
