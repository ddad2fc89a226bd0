/*
 * Digital take-up of one service in one city, as the funnel and the city report show it: the period (when it is
 * whole months that all have offline numbers) and each whole month in it, with online completions, offline cases
 * and their channels. For a published answer the online completions are the disclosure layer's cells — the period's
 * the comparison's `completions`, a month's the funnel's monthly series bucket — and the share is computed from
 * them; offline cases are the city's own administrative figures and are shown as imported.
 */
import { z } from 'zod';
import {
  type ChannelCounts,
  offlineCoverage,
  type PeriodMonths,
  totalOf,
} from '../compare/digital-take-up.ts';
import { EMPTY_TOTALS, evaluate } from '../compare/service-metrics.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { serviceCell } from '../disclosure/service-cells.ts';
import { suppressList } from '../disclosure/suppress-list.ts';
import type { CsvValue } from '../http/csv.ts';
import { CHANNELS } from '../offline-cases/offline-cases.csv.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import { cellStatus } from './common.schema.ts';

const num = z.number().nullable();
const cases = z.number().int();

const takeUpFigure = z.object({
  value: num.describe('Online completions / (online completions + offline cases), 0 to 1'),
  status: cellStatus.describe(
    '`no_offline_data`: the city has not imported offline numbers for this month (for a period: for every month of it, or the period is not whole calendar months) — unknown, never 100 %',
  ),
  onlineCompletions: num.describe(
    'Distinct visitors a day who reached the confirmation (the comparison’s `completions`); null below k for others',
  ),
  offlineCases: num.describe('Offline cases of every channel, as the city imported them'),
  channels: z
    .object({ counter: cases, post: cases, phone: cases, email: cases, other: cases })
    .nullable()
    .describe('Offline cases by channel: counter (Schalter), post, phone, e-mail, other'),
});
export type TakeUpFigure = z.infer<typeof takeUpFigure>;

export const digitalTakeUp = takeUpFigure
  .extend({
    wholeMonths: z
      .boolean()
      .describe('The period is whole calendar months: only then has it a take-up of its own'),
    monthsCovered: z
      .number()
      .int()
      .describe('Months of `months` for which the city imported offline numbers'),
    months: z
      .array(takeUpFigure.extend({ month: z.string().describe('Calendar month, YYYY-MM') }))
      .describe('Every calendar month that lies wholly inside the period'),
  })
  .describe(
    'Digital take-up, defined per calendar month; for a longer period only when it is whole months that all have offline numbers',
  );
export type DigitalTakeUp = z.infer<typeof digitalTakeUp>;

export interface TakeUpInput {
  d: Disclosure;
  city: string;
  service: string;
  months: PeriodMonths;
  /** Exact online completions of the period. */
  periodConfirmers: number;
  /** Exact online completions of each whole month of the period (`YYYY-MM`); a month without any is absent. */
  monthConfirmers: ReadonlyMap<string, number>;
  /** The city's offline rows of this service (any months). */
  offline: readonly OfflineCaseRow[];
}

/** `online` is the count as this answer may show it (already through the disclosure). */
function figure(d: Disclosure, online: number, offline: ChannelCounts | null): TakeUpFigure {
  const offlineCases = offline === null ? null : totalOf(offline);
  const e = evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers: online, offlineCases }, (b) =>
    d.belowK(b),
  );
  return {
    value: e.status === 'ok' ? e.value : null,
    status: e.status,
    onlineCompletions: d.belowK(online) ? null : online,
    offlineCases,
    channels: offline,
  };
}

export function buildTakeUp(input: TakeUpInput): DigitalTakeUp {
  const { d, months } = input;
  const cell = serviceCell(input.city, input.service, 'confirmers');
  const coverage = offlineCoverage(input.offline, months);
  const period = figure(d, d.count(cell, input.periodConfirmers), coverage.period);
  const online = months.months.map((month) =>
    d.count(cell, input.monthConfirmers.get(month) ?? 0, { period: month }),
  );
  // The months split the period, whose completions are published: like the buckets of a series, a month below k
  // takes the smallest other month with it until the hidden months reach k, so that the period minus the shown
  // months does not single it out. The offline cases are not visitors and stay shown.
  const listed = d.perturbed ? suppressList(online, d) : online.map(() => 'ok');
  return {
    ...period,
    wholeMonths: months.whole,
    monthsCovered: coverage.byMonth.size,
    months: months.months.map((month, i) => {
      const f = figure(d, online[i] ?? 0, coverage.byMonth.get(month) ?? null);
      if (listed[i] !== 'complementary') return { month, ...f };
      return { month, ...f, value: null, status: 'complementary' as const, onlineCompletions: null };
    }),
  };
}

/** The CSV columns of a take-up: the period (empty `month`) and each month, one row each. */
export const TAKE_UP_COLUMNS = [
  'month',
  'onlineCompletions',
  'offlineCases',
  ...CHANNELS,
  'digitalTakeUp',
  'status',
] as const;

export function takeUpRows(t: DigitalTakeUp): CsvValue[][] {
  const row = (month: string | null, f: TakeUpFigure): CsvValue[] => [
    month,
    f.onlineCompletions,
    f.offlineCases,
    ...CHANNELS.map((c) => f.channels?.[c] ?? null),
    f.value,
    f.status,
  ];
  return [row(null, t), ...t.months.map((m) => row(m.month, m))];
}
