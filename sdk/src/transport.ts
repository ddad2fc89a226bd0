import { endpoint } from './settings.ts';

/**
 * POSTs one batch. The body is a string, so the browser sends `text/plain`: a simple request without a CORS
 * preflight. A cross-origin collector gets no cookies (`fetch` sends none cross-origin by default).
 */
export const post = (body: string): Promise<Response> =>
  fetch(endpoint, { method: 'POST', body, keepalive: true });

/**
 * What to do after a POST: `true` when the batch is settled (accepted, or rejected for good), else the delay
 * before a retry, 0 meaning "back off on your own" (network error, no usable `Retry-After`).
 */
export const outcome = (r: Response): true | number =>
  (r.status !== 429 && r.status < 500) || +(r.headers.get('retry-after') as string) * 1000;

/** For a page that is going away: `sendBeacon` outlives it; `fetch` keepalive if the beacon is refused. */
export const beacon = (body: string): void => {
  navigator.sendBeacon(endpoint, body) || post(body);
};
