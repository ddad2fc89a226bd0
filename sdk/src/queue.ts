import type { Event } from '@godonu/contract';
import {
  FLUSH_COUNT,
  FLUSH_MS,
  MAX_ATTEMPTS,
  MAX_EVENTS_PER_BATCH,
  MAX_QUEUED_EVENTS,
  RETRY_BASE_MS,
} from './limits.ts';
import type { Options } from './types.ts';

/*
 * Batching and delivery. One request at a time, so that retries keep the order: `inFlight` holds the batch
 * being sent or waiting for its retry. A batch leaves at 10 waiting events or after the flush timer; on a
 * network error, 429 or 5xx it goes back to the head of the queue and is retried after `Retry-After` or an
 * exponential backoff, and dropped after `MAX_ATTEMPTS`.
 */

const queue: Event[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let inFlight: Event[] | 0 = 0;
/** Failed attempts of the batch in flight. */
let attempt = 0;
/** Where and how often to send (`endpoint`, `site`, `flush`); unset while consent mode waits for `consent()`. */
let options: Options | undefined;

/** A batch as the contract has it. Empty strings (an absent step name, referrer, …) are left out. */
const batch = (events: Event[]): string =>
  JSON.stringify({ v: 1, site: (options as Options).site, sentAt: Date.now(), events }, (_, v) =>
    v === '' ? undefined : v,
  );

/**
 * POSTs one batch. The body is a string, so the browser sends `text/plain`: a simple request without a CORS
 * preflight. A cross-origin collector gets no cookies (`fetch` sends none cross-origin by default).
 */
const post = (body: string): Promise<Response> =>
  fetch((options as Options).endpoint as string, { method: 'POST', body, keepalive: true });

/**
 * What to do after a POST: `true` when the batch is settled (accepted, or rejected for good), else the delay
 * before a retry, 0 or NaN meaning "back off on your own" (no usable `Retry-After`).
 */
export const outcome = (r: Response, s = r.status): true | number =>
  (s < 500 && s !== 429) || +(r.headers.get('retry-after') as string) * 1000;

/** Sends the next batch when `now` or when enough events wait; otherwise makes sure the timer runs. */
const send = (now?: unknown): void => {
  if (!options || inFlight || !queue[0]) return;
  if (now || queue[FLUSH_COUNT - 1]) {
    inFlight = queue.splice(0, MAX_EVENTS_PER_BATCH);
    post(batch(inFlight))
      .then(outcome, () => 0)
      .then((delay) => {
        if (delay !== true && ++attempt < MAX_ATTEMPTS) {
          queue.unshift(...(inFlight as Event[]));
          setTimeout(
            () => {
              inFlight = 0;
              send(1);
            },
            delay || RETRY_BASE_MS << attempt,
          );
        } else {
          inFlight = attempt = 0;
          send();
        }
      });
  } else if (!timer)
    timer = setTimeout(
      () => {
        timer = 0;
        send(1);
      },
      +((options as Options).flush as string) || FLUSH_MS,
    );
};

/** Adds an event; beyond the bound the oldest event is dropped. */
export const enqueue = (e: Event): void => {
  if (queue.push(e) > MAX_QUEUED_EVENTS) queue.shift();
  send();
};

/**
 * The page is being hidden or unloaded: everything waiting leaves now by beacon, even during a backoff,
 * because there may be no later; `fetch` keepalive if the beacon is refused.
 */
export const flushBeacon = (): void => {
  while (options && queue[0]) {
    const body = batch(queue.splice(0, MAX_EVENTS_PER_BATCH));
    navigator.sendBeacon(options.endpoint as string, body) || post(body);
  }
};

/** Consent given (or not needed): sending starts, to the collector that `o` names. */
export const openQueue = (o: Options): void => {
  options = o;
  send();
};
