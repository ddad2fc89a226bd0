import { reportEngagement, startEngagement } from './engagement.ts';
import { emit, pageService, pageUrl, setPageService } from './events.ts';
import { scanForms } from './forms.ts';
import { guard, listen } from './listen.ts';

/** URL of the current page view as reported; engagement and the next view's referrer refer to it. */
export let currentPage: string | undefined;

/**
 * Reports a page view unless the URL (as reported) did not change: a `pushState` to the same page or a
 * fragment change is no new view. Inside a single-page app the referrer is the previous view. A page that
 * belongs to a service also reports the service as viewed.
 */
export const pageview = (): void => {
  const url = pageUrl();
  if (url === currentPage) return;
  reportEngagement(currentPage);
  const ref = currentPage || (document.referrer && pageUrl(document.referrer));
  currentPage = url;
  setPageService();
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
  history.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
    push.apply(this, a);
    view();
  };
  listen(window, 'popstate', view);
};
