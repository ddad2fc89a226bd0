/*
 * Every request parameter of the api, as zod schemas: they validate requests (400 with the zod issues) and generate
 * the OpenAPI document. Days are ISO dates in UTC; a period is inclusive of both ends.
 */
import { leikaKey, siteKey } from '@godonu/contract';
import { z } from 'zod';
import { SERVICE_METRICS } from '../compare/service-metrics.ts';
import { CALENDAR_FORMS, parseCalendarPeriod } from '../disclosure/calendar-period.ts';
import { REPORT_TIME_ZONE } from '../queries/tables.ts';

export const MAX_PERIOD_DAYS = 366;
/** Hourly series are for looking closely at a short span; beyond it a chart has more bars than pixels. */
export const MAX_HOURLY_DAYS = 31;
export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_LIMIT = 100;
/** Rows read for a published list, so that it is suppressed as a whole before `limit` cuts it. */
export const PUBLISHED_LIST_ROWS = 100_000;
const DAY_MS = 86_400_000;

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** First and last day a period may name: both the period and the one before it stay inside a ClickHouse `Date`. */
export const MIN_DAY = '2000-01-01';
export const MAX_DAY = '2099-12-31';
/**
 * A calendar day of 2000–2099 as one pattern, so that the OpenAPI document states the range as well: any day of any
 * month but February 29, which only leap years have (every fourth year; 2000 is one).
 */
const DAY_PATTERN =
  /^(?:20\d\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|20(?:[02468][048]|[13579][26])-02-29)$/;
export const isoDay = z
  .string()
  .regex(DAY_PATTERN, `must be a calendar day from ${MIN_DAY} to ${MAX_DAY} (YYYY-MM-DD)`)
  .meta({ format: 'date' })
  .describe(`ISO day (YYYY-MM-DD) from ${MIN_DAY} to ${MAX_DAY}, a calendar day in Europe/Berlin`);

export const formatParam = z
  .enum(['json', 'csv'])
  .optional()
  .describe('Response format; `Accept: text/csv` works as well. Default JSON.');

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

/** The form of a `period`; whether it names a real calendar period (no week 53 in 2025) is checked after. */
const PERIOD_FORM = /^20\d\d(-W(0[1-9]|[1-4]\d|5[0-3])|-(0[1-9]|1[0-2])|-Q[1-4])?$/;

const periodShape = {
  period: z
    .string()
    .regex(PERIOD_FORM, `must be ${CALENDAR_FORMS}`)
    .optional()
    .describe(
      "A calendar period: ISO week `2026-W47`, month `2026-11`, quarter `2026-Q4` or year `2026`. The only form (besides an equal `from`/`to`) in which other cities' numbers are published, and then only once the period is closed; the own city and admins may use any `from`/`to` too. Default for published views: the last closed month.",
    ),
  from: isoDay.optional().describe(`First day; default: ${DEFAULT_PERIOD_DAYS} days up to \`to\``),
  to: isoDay.optional().describe('Last day (inclusive); default: today (Europe/Berlin)'),
};

function refinePeriod(
  p: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (p.period !== undefined) {
    const calendar = parseCalendarPeriod(p.period);
    if (!calendar) {
      // A text of another form already has its issue from the regex.
      if (PERIOD_FORM.test(p.period))
        ctx.addIssue({ code: 'custom', message: `must be ${CALENDAR_FORMS}`, path: ['period'] });
    } else if ((p.from ?? calendar.from) !== calendar.from || (p.to ?? calendar.to) !== calendar.to)
      ctx.addIssue({
        code: 'custom',
        message: `\`from\`/\`to\` must equal the period ${calendar.label} (${calendar.from} to ${calendar.to}) or be left out`,
        path: ['period'],
      });
  }
  if (p.from === undefined || p.to === undefined) return;
  const days = daysBetween(p.from, p.to);
  if (days < 1) ctx.addIssue({ code: 'custom', message: '`to` must not be before `from`', path: ['to'] });
  if (days > MAX_PERIOD_DAYS)
    ctx.addIssue({ code: 'custom', message: `a period spans at most ${MAX_PERIOD_DAYS} days`, path: ['to'] });
}

export const cityParams = z.object({
  city: siteKey.describe('City key from the sites configuration, e.g. giessen'),
});
export const cityServiceParams = z.object({
  city: siteKey.describe('City key, e.g. giessen'),
  service: leikaKey.describe('LeiKa key of the service (14 digits)'),
});
export const serviceParams = z.object({ service: leikaKey.describe('LeiKa key of the service (14 digits)') });

export const REPORT_TABLES = [
  'summary',
  'timeseries',
  'pages',
  'entryPages',
  'channels',
  'devices',
  'browsers',
  'digitalTakeUp',
] as const;
export const cityReportQuery = z
  .object({
    ...periodShape,
    interval: z
      .enum(INTERVALS)
      .optional()
      .describe(
        'Bucket of the time series; default `day`. Published views: `week` for a week, `month` (the default) otherwise',
      ),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10).describe('Rows of the top lists'),
    format: formatParam,
    table: z.enum(REPORT_TABLES).default('summary').describe('Which table a CSV answer holds'),
  })
  .strict()
  .superRefine((q, ctx) => {
    refinePeriod(q, ctx);
    const span = q.period !== undefined ? parseCalendarPeriod(q.period) : q;
    if (
      q.interval === 'hour' &&
      span?.from !== undefined &&
      span.to !== undefined &&
      daysBetween(span.from, span.to) > MAX_HOURLY_DAYS
    )
      ctx.addIssue({
        code: 'custom',
        message: `an hourly series spans at most ${MAX_HOURLY_DAYS} days`,
        path: ['interval'],
      });
  });

export const realtimeQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10).describe('Rows of the top pages'),
    format: formatParam,
  })
  .strict();

export const matrixQuery = z
  .object({
    ...periodShape,
    metric: z.enum(SERVICE_METRICS).describe('The metric shown in every cell'),
    format: formatParam,
  })
  .strict()
  .superRefine(refinePeriod);

export const periodQuery = z
  .object({ ...periodShape, format: formatParam })
  .strict()
  .superRefine(refinePeriod);

export const FUNNEL_TABLES = ['steps', 'errors', 'ratings', 'timeseries', 'digitalTakeUp'] as const;
export const funnelQuery = z
  .object({
    ...periodShape,
    interval: z
      .enum(['day', 'week', 'month'])
      .optional()
      .describe(
        'Bucket of the completion-rate series; default `week`. Published views: `week` for a week, `month` (the default) otherwise',
      ),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10).describe('Rows of the error hot spots'),
    format: formatParam,
    table: z.enum(FUNNEL_TABLES).default('steps').describe('Which table a CSV answer holds'),
  })
  .strict()
  .superRefine(refinePeriod);

export const COMPARISON_TABLES = ['cities', 'metrics', 'steps'] as const;
export const comparisonQuery = z
  .object({
    ...periodShape,
    format: formatParam,
    table: z.enum(COMPARISON_TABLES).default('cities').describe('Which table a CSV answer holds'),
  })
  .strict()
  .superRefine(refinePeriod);

/** The service a city answer is narrowed to: its pages' events only. */
const serviceFilterParam = leikaKey
  .optional()
  .describe("LeiKa key of a service (14 digits): only what happened on that service's pages");

export const LINK_TABLES = ['downloads', 'outbound'] as const;
export const linksQuery = z
  .object({
    ...periodShape,
    service: serviceFilterParam,
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10).describe('Rows of each list'),
    format: formatParam,
    table: z.enum(LINK_TABLES).default('downloads').describe('Which table a CSV answer holds'),
  })
  .strict()
  .superRefine(refinePeriod);

export const ENGAGEMENT_TABLES = ['pages', 'servicePages'] as const;
export const engagementQuery = z
  .object({
    ...periodShape,
    service: serviceFilterParam,
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10).describe('Rows of each list'),
    format: formatParam,
    table: z.enum(ENGAGEMENT_TABLES).default('pages').describe('Which table a CSV answer holds'),
  })
  .strict()
  .superRefine(refinePeriod);

export interface Period {
  from: string;
  to: string;
  days: number;
}

/** The calendar day of an instant in the report time zone (the warehouse's `day`). */
export function reportDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE }).format(now);
}

/** The requested period with defaults filled in, and the period of equal length right before it. */
export function resolvePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { current: Period; previous: Period } {
  const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_PERIOD_DAYS - 1) : reportDay(now));
  const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const days = daysBetween(from, to);
  return {
    current: { from, to, days },
    previous: { from: addDays(from, -days), to: addDays(from, -1), days },
  };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(day) + n * DAY_MS).toISOString().slice(0, 10);
}
