export const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`: the unit of salt rotation and of the contract's `saltDay`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of a UTC day's first instant. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function nextDay(day: string): string {
  return utcDay(dayStart(day) + DAY_MS);
}
