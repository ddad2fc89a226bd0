import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { RealtimePageRow, RealtimeTotalsRow } from '../queries/realtime.query.ts';
import { cityInfoOf } from './city-report.ts';
import { cellStatus, cityInfo } from './common.schema.ts';

const num = z.number().nullable();
/*
 * The last minutes of one city, for the city itself and admins only: a window that slides with every request would
 * let anyone else watch single page views arrive, and no noise survives being asked again every second.
 */
export const realtimeReport = z.object({
  city: cityInfo,
  access: z.literal('full'),
  k: z.number().int(),
  windowMinutes: z.number().int(),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  visitors: num,
  pageviews: num,
  status: cellStatus,
  pages: z.array(z.object({ path: z.string(), visitors: num, pageviews: num, status: cellStatus })),
});
export type RealtimeReport = z.infer<typeof realtimeReport>;

export function buildRealtime(input: {
  city: CityConfig;
  k: number;
  windowMinutes: number;
  now: Date;
  totals: RealtimeTotalsRow | undefined;
  pages: readonly RealtimePageRow[];
}): RealtimeReport {
  const t = input.totals ?? { visitors: 0, pageviews: 0, events: 0 };
  return {
    city: cityInfoOf(input.city),
    access: 'full',
    k: input.k,
    windowMinutes: input.windowMinutes,
    since: new Date(input.now.getTime() - input.windowMinutes * 60_000).toISOString(),
    until: input.now.toISOString(),
    visitors: t.visitors,
    pageviews: t.pageviews,
    status: 'ok',
    pages: input.pages.map((p) => ({
      path: p.path,
      visitors: p.visitors,
      pageviews: p.pageviews,
      status: 'ok',
    })),
  };
}
