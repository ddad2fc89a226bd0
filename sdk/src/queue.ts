import {
  FLUSH_COUNT,
  MAX_ATTEMPTS,
  MAX_EVENTS_PER_BATCH,
  MAX_QUEUED_EVENTS,
  RETRY_BASE_MS,
} from './limits.ts';
import { nav } from './opt-out.ts';
import type { Options } from './types.ts';

/*
 * Batching and delivery. Events wait as JSON text, so that whatever a page passed as properties was turned
 * into text (or refused) while the page's own call was guarded, and cannot break a batch later.
 *
 * One function sends: `send`, called by the SDK's tick, at ten waiting events (also when ten gathered while a
 * batch was in flight and it settles), and once consent is given.
 * One request at a time, so that retries keep the order: `sending` holds the batch in flight and stays set
 * through its backoff. After a network error, 429 or 5xx the batch goes back to the head of the queue and
 * leaves again with the first call after `Retry-After` or the exponential backoff; it is dropped after
 * `MAX_ATTEMPTS`. At most `MAX_QUEUED_EVENTS` wait besides the batch in flight; beyond, the oldest go.
 */

const queue: string[] = [];
/** The batch in flight or backing off; 0 when none. */
let sending: string[] | 0 = 0;
/** Failed attempts of the batch in flight. */
let attempt = 0;
/** Where to send (`endpoint`, `site`); unset while consent mode waits for `consent()`. */
let options: Options | undefined;

/**
 * A batch as the contract has it, its events in the compact vocabulary. `site` goes in as the page wrote it:
 * a malformed one makes the collector refuse the batch, which it would anyway.
 */
const batch = (events: string[]): string =>
  `{"v":1,"site":"${(options as Options).site}","events":[${events}]}`;

/**
 * POSTs one batch. The body is a string, so the browser sends `text/plain`: a simple request without a CORS
 * preflight. A cross-origin collector gets no cookies (`fetch` sends none cross-origin by default).
 */
const post = (body: string): Promise<Response> =>
  fetch((options as Options).endpoint as string, { method: 'POST', body, keepalive: true });

/**
 * What to do after a POST: `true` when the batch is settled (accepted, or refused for good: the collector
 * drops invalid events itself, so a 4xx means the batch can never succeed), else the delay before a retry,
 * 0 or NaN meaning "back off on your own" (no usable `Retry-After`).
 */
export const outcome = (r: Response, s = r.status): true | number =>
  (s < 500 && s !== 429) || (r.headers.get('retry-after') as unknown as number) * 1000;

/** Sends the head of the queue, unless a batch is in flight or backing off, or nothing may be sent yet. */
export const send = (): void => {
  if (options && !sending && queue[0]) {
    sending = queue.splice(0, MAX_EVENTS_PER_BATCH);
    post(batch(sending))
      .then(outcome, () => 0)
      .then((delay) => {
        if (delay !== true && ++attempt < MAX_ATTEMPTS) {
          // `sending` is still this batch: nothing else is sent while it is set.
          queue.unshift(...(sending as string[]));
          setTimeout(
            () => {
              sending = 0;
            },
            delay || RETRY_BASE_MS << attempt,
          );
        } else {
          sending = attempt = 0;
          // Ten that gathered while this batch was in flight leave now, not with the next tick.
          if (queue[FLUSH_COUNT - 1]) send();
        }
      });
  }
};

/** Adds an event (JSON text); beyond the bound the oldest is dropped. Ten waiting events leave at once. */
export const enqueue = (event: string): void => {
  if (queue.push(event) > MAX_QUEUED_EVENTS) queue.shift();
  if (queue[FLUSH_COUNT - 1]) send();
};

/** The beacon, or `fetch` keepalive when the browser refuses the beacon (too large, or over its quota). */
const beacon = (body: string): unknown =>
  nav.sendBeacon((options as Options).endpoint as string, body) || post(body);

/**
 * The page is being hidden or unloaded: everything waiting leaves now by beacon, even during a backoff,
 * because there may be no later.
 */
export const flushBeacon = (): void => {
  if (options && queue[0]) {
    beacon(batch(queue.splice(0, MAX_EVENTS_PER_BATCH)));
    flushBeacon();
  }
};

/** Consent given (or not needed): sending starts, to the collector that `o` names, with what waited. */
export const openQueue = (o: Options): void => {
  options = o;
  send();
};
