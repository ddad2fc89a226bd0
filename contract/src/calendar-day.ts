/*
 * The `day` of every row is a calendar day in the report time zone (REPORT_TIME_ZONE). Where a day begins, in UTC,
 * is computed here for every package that needs it (the api's buckets and caches, the demo generator).
 */

/** Offset of `timeZone` from UTC at an instant, in ms (Berlin: one or two hours). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - instant;
}

/**
 * The UTC instant of local midnight starting `day`. In Europe's zones clocks change at 02:00/03:00 local time, so
 * the offset at UTC midnight of that date (01:00 or 02:00 local in Berlin) is already the offset in force at local
 * midnight.
 */
export function localMidnightUtc(day: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  return utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
}
