import { applyDecorators } from '@nestjs/common';
import { buildMessage, isISO8601, IsISO8601, Matches, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The service's users all work on China Standard Time (UTC+8, no daylight saving): a
 * date without a time means that day in Beijing.
 */
export const BUSINESS_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * `2022-04-27` → 2022-04-27T00:00+08:00; a date-time without an offset is Beijing time too
 * (never the server's zone); one with an offset is taken as it is. Any other form (week
 * dates, `2022-04`, …) is an invalid Date.
 */
export function parseBusinessInstant(value: string): Date {
  if (DATE_ONLY.test(value)) return new Date(`${value}T00:00:00${BUSINESS_UTC_OFFSET}`);
  const m = DATE_TIME.exec(value);
  if (!m) return new Date(Number.NaN);
  return new Date(`${m[1]}T${m[2]}${offsetOf(m[3])}`);
}

/** `Z`, `+08`, `+0800`, `+08:00` or none (Beijing) as the `±hh:mm` JavaScript parses everywhere. */
function offsetOf(raw: string | undefined): string {
  if (!raw) return BUSINESS_UTC_OFFSET;
  if (raw.toUpperCase() === 'Z') return 'Z';
  const digits = raw.slice(1).replace(':', '');
  return `${raw[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/** Whether `value` is a real date (`2022-04-27`) or date-time that parseBusinessInstant reads. */
export function isBusinessInstant(value: unknown): value is string {
  return typeof value === 'string' && isISO8601(value, { strict: true }) && !Number.isNaN(parseBusinessInstant(value).getTime());
}

/** A request field holding a business date or date-time (see parseBusinessInstant). */
export const IsBusinessInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      // Named like class-validator's own check so the API words the error the same way.
      name: 'isISO8601',
      validator: {
        validate: (value) => isBusinessInstant(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a date (2022-04-27) or a date-time (2022-04-27T09:30, Beijing time unless an offset is given)`, options),
      },
    },
    options,
  );

/** Midnight (Beijing) of the day `at` falls on. */
export function startOfBusinessDay(at: Date = new Date()): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (local % 86_400_000) - OFFSET_MS);
}

/** The Beijing calendar date of an instant, as `YYYY-MM-DD`. */
export function businessDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date `YYYY-MM-DD` (IsISO8601 alone also lets 2022-04 and week dates through, which a date column refuses). */
export const IsCalendarDate = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} 须为日期，如 2022-04-27` }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} 须为日期，如 2022-04-27` }),
  );
