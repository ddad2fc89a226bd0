import type { Event } from '@godonu/contract';
import { enqueue } from './queue.ts';
import { allowQuery, excluded } from './settings.ts';
import { cleanUrl } from './url.ts';

type Omitted<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/**
 * An event as the parts of the SDK describe it; `emit` adds the fields every event has. Optional strings
 * may be '' here: the batch leaves them out.
 */
export type Draft = Omitted<Event, 'id' | 'ts' | 'url' | 'service'>;

/** LeiKa key of the current page ('' for none); events about the page carry it. */
export let pageService = '';

export const setPageService = (key: string): void => {
  pageService = key;
};

export const pageUrl = (href = location.href): string => cleanUrl(href, allowQuery);

/** Completes and queues an event about `url` (the current page unless given). */
export const emit = (draft: Draft, url = pageUrl()): void => {
  if (excluded.test(new URL(url).pathname)) return;
  const ts = Date.now();
  enqueue({
    ...draft,
    // Unique enough to de-duplicate retries downstream; it identifies the event, never the visitor.
    id: ts.toString(36) + Math.random().toString(36).slice(2, 10),
    ts,
    url,
    service: pageService,
  } as Event);
};
