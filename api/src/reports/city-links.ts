/*
 * The files a city's citizens download (host and path) and the other sites they follow links to (host), with clicks
 * and visitors, for the whole portal or one service's pages. With `published` access every count passes the
 * disclosure layer and each list is suppressed as a whole before `limit` cuts it, its small rows folded into one row
 * "(other)" without their names (a file name can name a person), as the city report's pages are.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { OTHER_LABEL, otherRow, partitionList } from '../disclosure/suppress-list.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import type { CityLinkRow, LinkKind } from '../queries/city-links.query.ts';
import type { Period } from '../routes/params.schema.ts';
import { cityInfoOf } from './city-report.ts';
import {
  access,
  type CellStatus,
  cellStatus,
  cityInfo,
  disclosureInfo,
  period,
  serviceInfo,
} from './common.schema.ts';

const num = z.number().nullable();

const downloadRow = z.object({
  host: z.string().describe('Host of the file; "(other)" for the folded row of a published list'),
  path: z.string().describe('Path template of the file (no query string); empty in the folded row'),
  downloads: num.describe('Clicks on links to the file'),
  visitors: num.describe('Distinct visitors who clicked; none for the folded row'),
  status: cellStatus,
});
const outboundRow = z.object({
  host: z
    .string()
    .describe('Host of the other site (outbound links count by host only); "(other)" when folded'),
  clicks: num,
  visitors: num,
  status: cellStatus,
});

export const cityLinks = z.object({
  city: cityInfo,
  access,
  k: z.number().int(),
  disclosure: disclosureInfo,
  period,
  service: serviceInfo
    .nullable()
    .describe('The service whose pages the clicks were on; null: the whole portal'),
  downloads: z.array(downloadRow).describe('By downloads, then host and path'),
  outbound: z.array(outboundRow).describe('By clicks, then host'),
});
export type CityLinks = z.infer<typeof cityLinks>;

export interface CityLinksInput {
  city: CityConfig;
  access: 'full' | 'published';
  view: DisclosedView;
  current: Period;
  service: z.infer<typeof serviceInfo> | null;
  /** Every row of both kinds (published answers), or the top `limit` of each. */
  rows: readonly CityLinkRow[];
  limit: number;
}

const LISTS = { download: 'downloads', outbound: 'outbound' } as const satisfies Record<LinkKind, string>;

/** Byte order, as ClickHouse sorts strings, so ties list the same way in both. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The scope of a list's cells: the service its clicks were on when that is one service (asked for by `service`, or
 * the only one of the row), else the whole portal. The same truth is then one cell whether it is asked for with or
 * without the service, so that two answers never carry two noises of it to average.
 */
export function linkScope(kind: LinkKind, service: string | null, row?: CityLinkRow): string {
  const only = service ?? (row && row.services === 1 && row.one_service !== '' ? row.one_service : null);
  return only === null ? LISTS[kind] : `${LISTS[kind]}:service:${only}`;
}

interface Disclosed {
  row: CityLinkRow;
  clicks: number;
  visitors: number;
}

/** One kind's rows as they may be shown: published lists suppressed as a whole, then `limit` of them. */
function list(
  input: CityLinksInput,
  kind: LinkKind,
  d: Disclosure,
): { shown: Disclosed[]; other: { clicks: number | null; status: CellStatus }[] } {
  const city = input.city.key;
  const service = input.service?.key ?? null;
  const clicksOf = kind === 'download' ? 'downloads' : 'clicks';
  const rows = input.rows
    .filter((r) => r.kind === kind)
    .map((row) => {
      const at = { city, scope: linkScope(kind, service, row), label: `${row.host}${row.path}` };
      return {
        row,
        clicks: d.count({ ...at, quantity: clicksOf }, row.clicks),
        visitors: d.count({ ...at, quantity: 'visitors' }, row.visitors),
      };
    })
    .sort((a, b) => b.clicks - a.clicks || cmp(a.row.host, b.row.host) || cmp(a.row.path, b.row.path));
  const parts = partitionList(rows, (r) => r.visitors, d);
  const folded = parts.folded.reduce((sum, r) => sum + r.row.clicks, 0);
  const other = d.count(
    { city, scope: linkScope(kind, service), quantity: clicksOf, label: OTHER_LABEL },
    folded,
  );
  return {
    shown: parts.shown.slice(0, input.limit),
    other: otherRow(parts.folded.length, other, d, (clicks, status) => ({ clicks, status })),
  };
}

export function buildCityLinks(input: CityLinksInput): CityLinks {
  const { d } = input.view;
  const downloads = list(input, 'download', d);
  const outbound = list(input, 'outbound', d);
  const ok: CellStatus = 'ok';
  return {
    city: cityInfoOf(input.city),
    access: input.access,
    k: d.k,
    disclosure: input.view.info,
    period: input.current,
    service: input.service,
    downloads: [
      ...downloads.shown.map((r) => ({
        host: r.row.host,
        path: r.row.path,
        downloads: r.clicks,
        visitors: r.visitors,
        status: ok,
      })),
      ...downloads.other.map((o) => ({
        host: OTHER_LABEL,
        path: '',
        downloads: o.clicks,
        visitors: null,
        status: o.status,
      })),
    ],
    outbound: [
      ...outbound.shown.map((r) => ({
        host: r.row.host,
        clicks: r.clicks,
        visitors: r.visitors,
        status: ok,
      })),
      ...outbound.other.map((o) => ({
        host: OTHER_LABEL,
        clicks: o.clicks,
        visitors: null,
        status: o.status,
      })),
    ],
  };
}
