import type { Channel } from '@godonu/warehouse';
import type { SiteIndex } from './site.step.ts';
import { type EventContext, OK, type Step, type StepResult } from './step.ts';

/** Registrable domains (and their subdomains). Matching is by suffix on a label boundary. */
const SEARCH_DOMAINS = [
  'bing.com',
  'duckduckgo.com',
  'ecosia.org',
  'qwant.com',
  'startpage.com',
  'search.brave.com',
  'yahoo.com',
  'yandex.ru',
  'baidu.com',
  'metager.de',
];
/** google.de, www.google.co.uk, news.google.com … */
const GOOGLE = /(^|\.)google\.[a-z]{2,3}(\.[a-z]{2})?$/;
const SOCIAL_DOMAINS = [
  'facebook.com',
  'fb.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  't.co',
  'linkedin.com',
  'lnkd.in',
  'xing.com',
  'youtube.com',
  'reddit.com',
  'mastodon.social',
  'threads.net',
  'bsky.app',
  'tiktok.com',
  'pinterest.com',
  'whatsapp.com',
  'telegram.org',
  't.me',
  'nebenan.de',
];

const onDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

export function classifyReferrer(sites: SiteIndex, cityKey: string, referrerHost: string | null): Channel {
  if (!referrerHost) return 'direct';
  const host = referrerHost.toLowerCase();
  // A host this city shares with others (a form vendor's) is the city's own: the visitor came from its portal.
  const owners = sites.portalHostCities(host);
  if (owners.has(cityKey)) return 'internal';
  if (owners.size > 0) return 'other_city';
  if (GOOGLE.test(host) || SEARCH_DOMAINS.some((d) => onDomain(host, d))) return 'search';
  if (SOCIAL_DOMAINS.some((d) => onDomain(host, d))) return 'social';
  return 'referral';
}

/** This event's channel; the session step keeps the first event's channel for the whole visit. */
export function referrerChannelStep(sites: SiteIndex): Step {
  return {
    name: 'referrer-channel',
    run(ctx: EventContext): StepResult {
      ctx.eventChannel = classifyReferrer(sites, ctx.city.key, ctx.record.referrerHost);
      return OK;
    },
  };
}
