import { measureScroll, reportEngagement, resumeEngagement } from './engagement.ts';
import { emit, setPageService } from './events.ts';
import { onForm, reportStep } from './forms.ts';
import { onClick } from './links.ts';
import { guard, listen } from './listen.ts';
import { currentPage, followHistory, pageview, readPageService } from './pageviews.ts';
import { optedOut } from './privacy.ts';
import { flushBeacon, openQueue } from './queue.ts';
import { identifier, KEY, leika, props, steps } from './sanitize.ts';
import { configure, type Option } from './settings.ts';
import type { Godonu, Props } from './types.ts';

/** Hidden or unloading: report the engagement so far and send everything by beacon. */
const leave = (): void => {
  reportEngagement(currentPage, false);
  flushBeacon();
};

/** `track('pageview')` and `track('rating', { score, reason })` are reserved; any other name is custom. */
const track = (name: string, p: Props = {}): void => {
  const [score] = steps(p.score, 5);
  const reason = p.reason as string;
  const custom = identifier(name);
  if (name === 'pageview') pageview();
  else if (name === 'rating')
    score && emit({ type: 'rating', score, reason: KEY.test(reason) ? reason : '' });
  else if (custom) emit({ type: 'custom', name: custom, props: props(p) });
};

const service = (key: string): void => {
  if (leika(key)) {
    setPageService(leika(key));
    emit({ type: 'service_view' });
  }
};

/**
 * Starts the SDK once per page. Under Global Privacy Control or Do Not Track it installs nothing and nothing
 * ever leaves the page, not even after `consent()`.
 */
export const start = (option: Option): Godonu => {
  configure(option);
  readPageService();
  const out = optedOut();
  if (!out) {
    listen(document, 'click', onClick);
    for (const type of ['input', 'invalid', 'submit']) listen(document, type, onForm);
    listen(window, 'scroll', measureScroll);
    listen(document, 'visibilitychange', () => (document.hidden ? leave() : resumeEngagement()));
    listen(window, 'pagehide', leave);
    if (option('auto') !== 'false') {
      followHistory();
      pageview();
    }
    if (option('consent') !== 'required') openQueue();
  }
  return {
    track: guard(track),
    service: guard(service),
    step: guard(reportStep),
    consent: guard(() => out || openQueue()),
  };
};
