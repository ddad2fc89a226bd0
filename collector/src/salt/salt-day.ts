export const DAY_MS = 86_400_000;

let memo = { from: 0, to: 0, day: '1970-01-01' };

/** The UTC day of an instant, `YYYY-MM-DD`: the unit of salt rotation and of the contract's `saltDay`. */
export function utcDay(ms: number): string {
  // Called for every request: the last day's bounds answer without formatting a date.
  if (ms >= memo.from && ms < memo.to) return memo.day;
  const day = new Date(ms).toISOString().slice(0, 10);
  const from = Date.parse(`${day}T00:00:00.000Z`);
  memo = { from, to: from + DAY_MS, day };
  return day;
}

/** Epoch ms of a UTC day's first instant. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function nextDay(day: string): string {
  return utcDay(dayStart(day) + DAY_MS);
}
