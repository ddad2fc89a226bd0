/*
 * Test data as the processor stores it: the tests write collector records (`CollectedEvent`) and the processor's
 * own steps (`rowsThroughPipeline` of @godonu/processor) derive visits, entry pages, bounces, durations, channels,
 * paths, service keys and report days, with the repository's sites file and the report time zone the api counts in.
 */
import { readFileSync } from 'node:fs';
import { type CollectedEvent, DEFAULT_REPORT_TIME_ZONE, parseSitesConfig } from '@godonu/contract';
import { rowsThroughPipeline } from '@godonu/processor';
import type { EventRow } from '@godonu/warehouse';

const SITES = parseSitesConfig(
  readFileSync(new URL('../../infra/config/sites.json', import.meta.url), 'utf8'),
);

/** Rows of the records, taken in order of receipt (as one partition has them); ties keep the order given. */
export function processedRows(records: readonly CollectedEvent[]): EventRow[] {
  const arrived = [...records].sort((a, b) => a.receivedAt - b.receivedAt);
  return rowsThroughPipeline(arrived, SITES, DEFAULT_REPORT_TIME_ZONE);
}
