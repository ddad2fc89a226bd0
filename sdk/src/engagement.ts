import { emit } from './events.ts';
import { MAX_DURATION_MS } from './limits.ts';

/*
 * Engagement is visible time plus scroll depth. It is reported whenever the page is left or hidden (a hidden
 * tab may never come back), so one page view can yield several reports; downstream sums the times.
 */

/** When the page last became visible and the time since was not yet reported; 0 while hidden. */
let visibleSince = 0;
/** Deepest scroll position reached on the current page, percent of its height (at most 100). */
let depth = 0;

export const measureScroll = (): void => {
  const p = Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100);
  if (p > depth) depth = Math.min(p, 100);
};

/** Reports the engagement on `url` since the last report; `hidden` stops the clock until the page shows again. */
export const reportEngagement = (url: string | undefined, hidden?: boolean): void => {
  const now = Date.now();
  const ms = visibleSince && now - visibleSince;
  visibleSince = hidden ? 0 : visibleSince && now;
  // A day is the contract's bound; a longer visible time is a tab left open, capped rather than dropped.
  if (url && ms > 0)
    emit({ type: 'engagement', engagedMs: Math.min(ms, MAX_DURATION_MS), scrollPct: depth }, url);
};

/** A new page view: the clock and the depth start again. */
export const startEngagement = (): void => {
  depth = 0;
  visibleSince = document.hidden ? 0 : Date.now();
  measureScroll();
};

export const resumeEngagement = (): void => {
  visibleSince ||= Date.now();
};
