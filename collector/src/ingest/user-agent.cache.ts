import { classifyUserAgent, type UserAgentClass } from './classify-user-agent.ts';
import { type DropReason, detectBot, headlessBrands } from './detect-bot.ts';

/** Enough for the user agents of a working day's traffic: a handful of browser builds dominate. */
export const USER_AGENT_CACHE_SIZE = 2_000;

export type UserAgentVerdict = { bot: DropReason } | { bot: undefined; classes: UserAgentClass };

/**
 * Parsing a user agent costs tens of microseconds, and the same few hundred strings arrive all day. This cache
 * maps a user-agent string to its coarse verdict (bot reason or device/browser/os class), in memory only and
 * bounded (oldest entries go first): it never holds an IP address and is never written anywhere.
 */
export class UserAgentCache {
  private readonly entries = new Map<string, UserAgentVerdict>();

  constructor(private readonly size = USER_AGENT_CACHE_SIZE) {}

  verdict(userAgent: string | undefined, clientHintBrands?: string): UserAgentVerdict {
    if (userAgent === undefined) return { bot: 'missing_user_agent' };
    let verdict = this.entries.get(userAgent);
    if (!verdict) {
      const bot = detectBot(userAgent);
      verdict = bot ? { bot } : { bot: undefined, classes: classifyUserAgent(userAgent) };
      if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(userAgent, verdict);
    }
    // The brands vary independently of the user agent, so they are checked on every request.
    if (verdict.bot === undefined && headlessBrands(clientHintBrands)) return { bot: 'headless_browser' };
    return verdict;
  }
}
