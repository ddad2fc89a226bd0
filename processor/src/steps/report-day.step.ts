import { deadLetter, type EventContext, OK, type Step, type StepResult } from './step.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The collector's clock is trusted, within the contract's range of event times. */
const MIN_TIME_MS = 1_500_000_000_000;
const MAX_TIME_MS = 4_102_444_800_000;
/** The salt day is the UTC day of receipt; a salt may serve a little past midnight while collectors rotate. */
const MAX_SALT_DAY_SKEW_MS = DAY_MS;

/** The report day of a receipt time, or undefined outside the range of event times the steps accept. */
export type ReportDayOf = (ms: number) => string | undefined;

/** Offsets of the zones we serve are whole hours, so the day is computed once per UTC hour. */
export function reportDayOf(timeZone: string): ReportDayOf {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const byHour = new Map<number, string>();
  return (ms) => {
    if (!(ms >= MIN_TIME_MS && ms < MAX_TIME_MS)) return undefined;
    const hour = Math.floor(ms / HOUR_MS);
    let day = byHour.get(hour);
    if (day === undefined) {
      day = format.format(new Date(hour * HOUR_MS));
      if (byHour.size > 10_000) byHour.clear();
      byHour.set(hour, day);
    }
    return day;
  };
}

/** The report day is the calendar day of the receipt time in the report time zone. */
export function reportDayStep(timeZone: string): Step {
  const dayOf = reportDayOf(timeZone);
  return {
    name: 'report-day',
    run(ctx: EventContext): StepResult {
      const { receivedAt, saltDay } = ctx.record;
      const day = dayOf(receivedAt);
      if (day === undefined) {
        return deadLetter('invalid_time', 'receivedAt outside the supported range');
      }
      const saltStart = Date.parse(`${saltDay}T00:00:00Z`);
      if (
        Number.isNaN(saltStart) ||
        receivedAt < saltStart - MAX_SALT_DAY_SKEW_MS ||
        receivedAt >= saltStart + DAY_MS + MAX_SALT_DAY_SKEW_MS
      ) {
        return deadLetter('salt_day_mismatch', 'saltDay is not the day of receipt');
      }
      ctx.derived.day = day;
      return OK;
    },
  };
}
