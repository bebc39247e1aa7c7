/**
 * The service's users all work on China Standard Time (UTC+8, no daylight saving): a
 * date without a time means that day in Beijing.
 */
export const BUSINESS_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `2022-04-27` → 2022-04-27T00:00+08:00; a full ISO date-time is taken as it is. */
export function parseBusinessInstant(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00${BUSINESS_UTC_OFFSET}` : value);
}

/** Midnight (Beijing) of the day `at` falls on. */
export function startOfBusinessDay(at: Date = new Date()): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (local % 86_400_000) - OFFSET_MS);
}

/** The Beijing calendar date of an instant, as `YYYY-MM-DD`. */
export function businessDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
