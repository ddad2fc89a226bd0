import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { isBelowK, suppressGroup } from '../privacy/k-anonymity.ts';
import type { RealtimePageRow, RealtimeTotalsRow } from '../queries/realtime.query.ts';
import { cityInfoOf } from './city-report.ts';
import { access, type CellStatus, cellStatus, cityInfo } from './common.schema.ts';

const num = z.number().nullable();
export const realtimeReport = z.object({
  city: cityInfo,
  access,
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
  access: 'full' | 'published';
  k: number;
  windowMinutes: number;
  now: Date;
  totals: RealtimeTotalsRow | undefined;
  pages: readonly RealtimePageRow[];
}): RealtimeReport {
  const publish = input.access === 'published';
  const t = input.totals ?? { visitors: 0, pageviews: 0, events: 0 };
  const group = publish
    ? suppressGroup(
        input.pages.map((p) => p.visitors),
        input.k,
        true,
      )
    : { status: input.pages.map((): CellStatus => 'ok'), totalSuppressed: false };
  const status: CellStatus =
    publish && isBelowK(t.visitors, input.k) ? 'below_k' : group.totalSuppressed ? 'complementary' : 'ok';
  return {
    city: cityInfoOf(input.city),
    access: input.access,
    k: input.k,
    windowMinutes: input.windowMinutes,
    since: new Date(input.now.getTime() - input.windowMinutes * 60_000).toISOString(),
    until: input.now.toISOString(),
    visitors: status === 'ok' ? t.visitors : null,
    pageviews: status === 'ok' ? t.pageviews : null,
    status,
    pages: input.pages.map((p, i) => {
      const s = group.status[i] ?? 'ok';
      return {
        path: p.path,
        visitors: s === 'ok' ? p.visitors : null,
        pageviews: s === 'ok' ? p.pageviews : null,
        status: s,
      };
    }),
  };
}
