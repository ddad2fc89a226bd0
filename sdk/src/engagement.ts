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
  // `|| 0`: a document without height (in a hidden frame) has no depth rather than NaN.
  depth = Math.max(
    depth,
    Math.min(100, Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100) || 0),
  );
};

/**
 * Reports the engagement on `url` since the last report. `visible` says whether the clock runs on: false
 * when the page is hidden or left, true when another page view of a single-page app follows.
 */
export const reportEngagement = (url: string | undefined, visible: boolean): void => {
  const now = Date.now();
  const ms = visibleSince && now - visibleSince;
  visibleSince = visible ? now : 0;
  // A day is the contract's bound; a longer visible time is a tab left open, capped rather than dropped.
  if (url && ms)
    emit({ type: 'engagement', engagedMs: Math.min(ms, MAX_DURATION_MS), scrollPct: depth }, url);
};

/** A new page view: the depth starts again from the current position. */
export const startEngagement = (): void => {
  depth = 0;
  measureScroll();
};

export const resumeEngagement = (): void => {
  visibleSince ||= Date.now();
};
