/*
 * Numbers, dates and suppressed cells as the dashboard shows them. Every number goes through Intl with the UI's
 * locale (de-DE in the German UI). A suppressed number is never shown as 0: its status says why it is missing.
 */
import type { CellStatus } from '../../src/reports/common.schema.ts';
import type { CalendarPeriod } from './calendar.ts';
import { type Language, LOCALES, type Texts } from './i18n.ts';

export type MetricKind = 'count' | 'rate' | 'seconds' | 'score';

const SECONDS_PER_MINUTE = 60;
const POINTS_UNIT: Record<Language, string> = { de: 'Pp.', en: 'pp' };

export interface Format {
  count(n: number): string;
  /** A ratio 0..1 as a percentage with one decimal. */
  rate(n: number): string;
  /** A change ratio with its sign, e.g. +12,3 %. */
  signedRate(n: number): string;
  signedCount(n: number): string;
  /** A difference of two rates in percentage points, e.g. +2,3 Pp. */
  signedPoints(n: number): string;
  /** Seconds as "45 s" or "3 min 20 s". */
  seconds(n: number): string;
  score(n: number): string;
  per1000(n: number): string;
  kind(kind: MetricKind, n: number): string;
  /** An ISO day (YYYY-MM-DD) as "1. März 2025". */
  day(iso: string): string;
  /** An ISO day as "01.03." for axes. */
  dayShort(iso: string): string;
  /** A time-series bucket: a day, a week's Monday, a month's first day, or an hour (ISO instant). */
  bucket(bucket: string, interval: string): string;
  bucketShort(bucket: string, interval: string): string;
  time(d: Date): string;
  /** An instant (ISO 8601) as its Berlin date and time, e.g. "10.04.2025, 10:00". */
  dateTime(iso: string): string;
}

export function createFormat(lang: Language): Format {
  const locale = LOCALES[lang];
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const signedInteger = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const signedPercent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const signedPointsNumber = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Days are calendar days: formatting them in UTC keeps "2025-03-01" on the 1st in every browser time zone.
  const longDay = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const shortDay = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const shortMonth = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  // Hours are instants; reports are in Berlin time.
  const hour = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
  });
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: 'Europe/Berlin',
  });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  });
  const utcDay = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

  const f: Format = {
    count: (n) => integer.format(n),
    rate: (n) => percent.format(n),
    signedRate: (n) => signedPercent.format(n),
    signedCount: (n) => signedInteger.format(n),
    signedPoints: (n) => `${signedPointsNumber.format(n * 100)} ${POINTS_UNIT[lang]}`,
    seconds: (n) => {
      const total = Math.round(n);
      if (total < SECONDS_PER_MINUTE) return `${integer.format(total)} s`;
      const minutes = Math.floor(total / SECONDS_PER_MINUTE);
      const rest = total % SECONDS_PER_MINUTE;
      return rest === 0
        ? `${integer.format(minutes)} min`
        : `${integer.format(minutes)} min ${integer.format(rest)} s`;
    },
    score: (n) => twoDecimals.format(n),
    per1000: (n) => twoDecimals.format(n),
    kind: (kind, n) =>
      kind === 'count'
        ? f.count(n)
        : kind === 'rate'
          ? f.rate(n)
          : kind === 'seconds'
            ? f.seconds(n)
            : f.score(n),
    day: (iso) => longDay.format(utcDay(iso)),
    dayShort: (iso) => shortDay.format(utcDay(iso)),
    bucket: (b, interval) => {
      if (interval === 'hour') return hour.format(new Date(b));
      if (interval === 'month') return monthYear.format(utcDay(b));
      return longDay.format(utcDay(b));
    },
    bucketShort: (b, interval) => {
      if (interval === 'hour') return hour.format(new Date(b));
      if (interval === 'month') return shortMonth.format(utcDay(b));
      return shortDay.format(utcDay(b));
    },
    time: (d) => clock.format(d),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
  return f;
}

/** How one cell reads: its text, an explanation for suppressed cells, and whether a number is shown. */
export interface CellView {
  text: string;
  explanation: string | null;
  shown: boolean;
  status: CellStatus;
  /** The shown number carries the disclosure layer's noise (another city's, or computed from such): "≈". */
  perturbed: boolean;
}

/** A calendar period by name: "KW 13/2025 (24.03.–30.03.)", "Februar 2025", "1. Quartal 2025", "2024". */
export function calendarPeriodName(t: Texts, f: Format, p: CalendarPeriod): string {
  const year = Number(p.label.slice(0, 4));
  if (p.level === 'week')
    return t.weekName(Number(p.label.slice(6)), year, f.dayShort(p.from), f.dayShort(p.to));
  if (p.level === 'month') return f.bucket(p.from, 'month');
  if (p.level === 'quarter') return t.quarterName(Number(p.label.slice(6)), year);
  return String(year);
}

/** A number that is shown as it is, marked "≈" when it carries noise (shares, drop-offs of a perturbed report). */
export function plainView(text: string, perturbed: boolean): CellView {
  return { text, explanation: null, shown: true, status: 'ok', perturbed };
}

/**
 * The text of a value with its publication status. A suppressed `below_k` value reads "weniger als k", never 0; a
 * value that is null although its status is `ok` (a rate over nothing) reads as no data. `perturbed`: a shown value
 * carries noise (another city's number in the published form).
 */
export function cellView(
  t: Texts,
  k: number,
  value: number | null,
  status: CellStatus,
  format: (n: number) => string,
  perturbed = false,
): CellView {
  const hidden = { shown: false, perturbed: false };
  if (status === 'ok' && value !== null)
    return { text: format(value), explanation: null, shown: true, status, perturbed };
  // Only the city itself (and admins) get a value with this status: shown to them, with what others see.
  if (status === 'below_k' && value !== null)
    return { text: format(value), explanation: t.visibleToYouOnly(k), shown: true, status, perturbed: false };
  if (status === 'below_k') return { text: t.fewerThan(k), explanation: null, status, ...hidden };
  if (status === 'complementary')
    return { text: t.hiddenComplementary, explanation: t.hiddenComplementaryExplained, status, ...hidden };
  if (status === 'withheld') return { text: t.withheld, explanation: t.withheldExplained, status, ...hidden };
  // Digital take-up without the city's offline numbers: unknown, which must never read as a share (or 100 %).
  if (status === 'no_offline_data')
    return { text: t.noOfflineData, explanation: t.noOfflineDataExplained, status, ...hidden };
  return { text: '–', explanation: t.noData, status: 'no_data', ...hidden };
}

/** A figure the api never gives other parties (the visit duration): "nicht veröffentlicht". */
export function notPublishedView(t: Texts): CellView {
  return {
    text: t.notPublished,
    explanation: t.notPublishedExplained,
    shown: false,
    status: 'withheld',
    perturbed: false,
  };
}

/** The visitors of a folded row "Sonstige": distinct visitors of several rows cannot be added up, so none. */
export function notCountedView(t: Texts): CellView {
  return { text: '–', explanation: t.notCounted, shown: false, status: 'no_data', perturbed: false };
}
