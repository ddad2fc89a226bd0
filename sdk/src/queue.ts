import type { Event } from '@godonu/contract';
import {
  FLUSH_COUNT,
  MAX_ATTEMPTS,
  MAX_EVENTS_PER_BATCH,
  MAX_QUEUED_EVENTS,
  RETRY_BASE_MS,
} from './limits.ts';
import { flushMs, option } from './settings.ts';
import { beacon, outcome, post } from './transport.ts';

const queue: Event[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
/** A request is in flight or waiting for its retry: one at a time, so that retries keep the order. */
let busy = false;
/** Failed attempts of the batch in flight. */
let attempt = 0;
/** False while consent mode waits for `consent()`. */
let open = false;

/** A batch as the contract has it. Empty strings (an absent step name, referrer, …) are left out. */
const batch = (events: Event[]): string =>
  JSON.stringify({ v: 1, site: option('site'), sentAt: Date.now(), events }, (_, v) =>
    v === '' ? undefined : v,
  );

const schedule = (): void => {
  if (!open || busy) return;
  if (queue.length >= FLUSH_COUNT) flush();
  else timer ||= setTimeout(flush, flushMs);
};

/** Adds an event; beyond the bound the oldest events are dropped. */
export const enqueue = (e: Event): void => {
  queue.push(e);
  queue.splice(0, queue.length - MAX_QUEUED_EVENTS);
  schedule();
};

/**
 * Sends the next batch. On a network error, 429 or 5xx the batch goes back to the head of the queue and is
 * retried after `Retry-After` or an exponential backoff; after `MAX_ATTEMPTS` it is dropped.
 */
const flush = (): void => {
  clearTimeout(timer);
  timer = 0;
  if (!open || busy || !queue.length) return;
  busy = true;
  const events = queue.splice(0, MAX_EVENTS_PER_BATCH);
  post(batch(events))
    .then(outcome, () => 0)
    .then((delay) => {
      busy = delay !== true && ++attempt < MAX_ATTEMPTS;
      if (busy) {
        queue.unshift(...events);
        setTimeout(
          () => {
            busy = false;
            flush();
          },
          (delay as number) || RETRY_BASE_MS << attempt,
        );
      } else attempt = 0;
      schedule();
    });
};

/**
 * The page is being hidden or unloaded: everything waiting leaves now by beacon, even during a backoff,
 * because there may be no later.
 */
export const flushBeacon = (): void => {
  while (open && queue.length) beacon(batch(queue.splice(0, MAX_EVENTS_PER_BATCH)));
};

/** Consent given (or not needed): sending starts. */
export const openQueue = (): void => {
  open = true;
  schedule();
};
