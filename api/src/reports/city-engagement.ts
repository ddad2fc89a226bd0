/*
 * Visible time and scroll depth per page of a city, and per page of each service: how many visitors reported any,
 * the median and the distribution in fixed buckets (queries/city-engagement.query.ts). With `published` access every
 * count passes the disclosure layer: a page is listed only when its visitors reach k, and only then its medians
 * (rounded as the layer rounds one person's value: durations to 10 s, percentages to 10 points); the buckets of a
 * page are suppressed as a list, as they add up to its visitors. Pages below k are left out rather than folded:
 * medians and distributions of different pages do not add up into an "(other)" row.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { rate } from '../compare/service-metrics.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { suppressList } from '../disclosure/suppress-list.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import {
  type CityEngagementRow,
  SCROLL_BUCKETS_PCT,
  VISIBLE_BUCKETS_MS,
} from '../queries/city-engagement.query.ts';
import type { Period } from '../routes/params.schema.ts';
import { cityInfoOf } from './city-report.ts';
import {
  access,
  type CellStatus,
  cellStatus,
  cityInfo,
  disclosureInfo,
  period,
  ratio,
  serviceInfo,
} from './common.schema.ts';

const num = z.number().nullable();

const bucket = (unit: string) =>
  z.object({
    from: z.number().describe(`Lower bound in ${unit}, inclusive`),
    to: z.number().nullable().describe(`Upper bound in ${unit}, exclusive; null: no upper bound`),
    visitors: num,
    share: num.describe('Share of the page’s visitors'),
    status: cellStatus,
  });

const engagementFigures = {
  visitors: num.describe('Distinct visitors who reported visible time on the page'),
  visibleTime: z.object({
    medianSec: num.describe('Median of each visitor’s visible time on the page (summed over their reports)'),
    buckets: z.array(bucket('seconds')),
  }),
  scrollDepth: z.object({
    medianPct: num.describe('Median of each visitor’s deepest scroll position, percent of the page’s height'),
    buckets: z.array(bucket('percent')),
  }),
  status: cellStatus,
};
const pageRow = z.object({ path: z.string(), ...engagementFigures });
const servicePageRow = z.object({ service: serviceInfo, path: z.string(), ...engagementFigures });

export const cityEngagement = z.object({
  city: cityInfo,
  access,
  k: z.number().int(),
  disclosure: disclosureInfo,
  period,
  service: serviceInfo.nullable().describe('The service whose pages are shown; null: the whole portal'),
  pages: z
    .array(pageRow)
    .describe('Every page (of the service, if one is asked for), by visitors, then path'),
  servicePages: z
    .array(servicePageRow)
    .describe('The pages that belong to a service, per service, by visitors, then service and path'),
});
export type CityEngagement = z.infer<typeof cityEngagement>;

export interface CityEngagementInput {
  city: CityConfig;
  access: 'full' | 'published';
  view: DisclosedView;
  current: Period;
  service: z.infer<typeof serviceInfo> | null;
  /** The catalog, for the names of the service pages' services. */
  services: ReadonlyMap<string, z.infer<typeof serviceInfo>>;
  /** Every row of both parts (published answers), or the top `limit` of each. */
  rows: readonly CityEngagementRow[];
  limit: number;
}

/** Byte order, as ClickHouse sorts strings, so ties list the same way in both. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The scope of a row's cells: the service of its visitors' reports when that is one service (asked for, a service
 * page, or the only service of a page's events), else the whole portal; the same truth is one cell whichever way it
 * is asked for.
 */
export function engagementScope(service: string | null, row: CityEngagementRow): string {
  const only =
    service ?? (row.part === 'service' || (row.services === 1 && row.service !== '') ? row.service : null);
  return only === null ? 'engagement' : `engagement:service:${only}`;
}

/** A distribution's buckets as they may be shown: `bounds` in the unit shown, counts from the query. */
function buckets(
  d: Disclosure,
  at: { city: string; scope: string; label: string },
  name: 'visible' | 'scroll',
  bounds: readonly number[],
  counts: readonly number[],
  visitors: number,
) {
  const disclosed = bounds.map((from, i) => d.count({ ...at, quantity: `${name}:${from}` }, counts[i] ?? 0));
  const status: CellStatus[] = d.perturbed ? suppressList(disclosed, d) : disclosed.map(() => 'ok');
  return bounds.map((from, i) => {
    const shown = status[i] === 'ok';
    const n = disclosed[i] as number;
    return {
      from,
      to: bounds[i + 1] ?? null,
      visitors: shown ? n : null,
      share: shown ? (d.perturbed ? rate(n, visitors) : ratio(n, visitors)) : null,
      status: status[i] as CellStatus,
    };
  });
}

function figures(input: CityEngagementInput, row: CityEngagementRow, d: Disclosure) {
  const at = {
    city: input.city.key,
    scope: engagementScope(input.service?.key ?? null, row),
    label: row.path,
  };
  const visitors = d.count({ ...at, quantity: 'visitors' }, row.visitors);
  return {
    visitors,
    visibleTime: {
      medianSec: ratio(d.durationMs(row.visible_median_ms), 1000, 1),
      buckets: buckets(
        d,
        at,
        'visible',
        VISIBLE_BUCKETS_MS.map((ms) => ms / 1000),
        row.visible_buckets,
        visitors,
      ),
    },
    scrollDepth: {
      medianPct: d.percent(row.scroll_median_pct),
      buckets: buckets(d, at, 'scroll', SCROLL_BUCKETS_PCT, row.scroll_buckets, visitors),
    },
    status: 'ok' as CellStatus,
  };
}

/** One part's rows as they may be shown: pages below k left out, by visitors, then `limit` of them. */
function part(input: CityEngagementInput, which: CityEngagementRow['part'], d: Disclosure) {
  return input.rows
    .filter((r) => r.part === which)
    .map((row) => ({ row, figures: figures(input, row, d) }))
    .filter((r) => !d.belowK(r.figures.visitors))
    .sort(
      (a, b) =>
        b.figures.visitors - a.figures.visitors ||
        (which === 'service' ? cmp(a.row.service, b.row.service) : 0) ||
        cmp(a.row.path, b.row.path),
    )
    .slice(0, input.limit);
}

export function buildCityEngagement(input: CityEngagementInput): CityEngagement {
  const { d } = input.view;
  return {
    city: cityInfoOf(input.city),
    access: input.access,
    k: d.k,
    disclosure: input.view.info,
    period: input.current,
    service: input.service,
    pages: part(input, 'page', d).map((r) => ({ path: r.row.path, ...r.figures })),
    servicePages: part(input, 'service', d).map((r) => ({
      service: input.services.get(r.row.service) ?? { key: r.row.service, name: null },
      path: r.row.path,
      ...r.figures,
    })),
  };
}
