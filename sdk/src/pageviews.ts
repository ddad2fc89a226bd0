import { reportEngagement, startEngagement } from './engagement.ts';
import { emit, pageService, pageUrl, setPageService } from './events.ts';
import { scanForms } from './forms.ts';
import { guard, listen } from './listen.ts';
import { leika } from './sanitize.ts';
import { defaultService } from './settings.ts';

/** URL of the current page view as reported; engagement and the next view's referrer refer to it. */
export let currentPage: string | undefined;

/** The page's service: its `<meta name="godonu-service">`, else the script's `data-service`. */
export const readPageService = (): void =>
  setPageService(
    leika(document.querySelector<HTMLMetaElement>('meta[name=godonu-service]')?.content) || defaultService(),
  );

/**
 * Reports a page view unless the URL (as reported) did not change: a `pushState` to the same page or a
 * fragment change is no new view. Inside a single-page app the referrer is the previous view. A page that
 * belongs to a service also reports the service as viewed.
 */
export const pageview = (): void => {
  const url = pageUrl();
  if (url === currentPage) return;
  reportEngagement(currentPage, !document.hidden);
  const ref = currentPage || (document.referrer && pageUrl(document.referrer));
  currentPage = url;
  readPageService();
  emit({ type: 'pageview', ref }, url);
  if (pageService) emit({ type: 'service_view' }, url);
  startEngagement();
  scanForms();
};

/**
 * Single-page apps: `pushState` and back/forward (`popstate`) are page views. They are looked at after the
 * current task, when a router that pushes first and renders second has set the new page's service key.
 */
export const followHistory = (): void => {
  const push = history.pushState;
  const later = guard(pageview);
  const view = (): void => {
    setTimeout(later);
  };
  history.pushState = (...a: Parameters<History['pushState']>) => {
    push.apply(history, a);
    view();
  };
  listen(window, 'popstate', view);
};
