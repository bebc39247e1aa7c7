import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Money in 万元 (10,000 yuan), exact: decimal strings in the API, numeric(18,4) in the
 * database, and scaled bigints when the code must add or compare — never binary floats.
 */
export const WAN_YUAN_SCALE = 4;
const SCALE = 10n ** BigInt(WAN_YUAN_SCALE);
const PATTERN = /^-?\d{1,14}(\.\d{1,4})?$/;

/** The largest amount a numeric(18,4) column holds, in units (99999999999999.9999 万元). */
export const MAX_WAN_YUAN_UNITS = 10n ** 18n - 1n;

/** A double carries 15 significant decimal digits exactly; beyond that a JSON number may not be what was sent. */
const EXACT_NUMBER_DIGITS = 15;

/**
 * Accepts a decimal string, or a JSON number whose shortest form is such a string (591.95
 * is fine; 0.30000000000000004, 1e21 or 12345678901234.5678 — parsed as …234.568 — is not).
 * Returns the canonical string, or null.
 */
export function parseWanYuan(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (!PATTERN.test(text)) return null;
  if (typeof value === 'number' && text.replace(/[-.]/g, '').replace(/^0+/, '').length > EXACT_NUMBER_DIGITS) return null;
  return formatWanYuan(toUnits(text));
}

/** 万元 as a count of 1/10,000 万元 (one yuan). */
export function toUnits(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const units = BigInt(whole as string) * SCALE + BigInt(frac.padEnd(WAN_YUAN_SCALE, '0'));
  return negative ? -units : units;
}

/** Canonical form: no trailing zeros after the point ("5919500", "591.95"). */
export function formatWanYuan(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(WAN_YUAN_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export function sumWanYuan(amounts: Iterable<string>): string {
  let total = 0n;
  for (const a of amounts) total += toUnits(a);
  return formatWanYuan(total);
}

/** PostgreSQL numeric text ("5919500.0000") to the API's canonical form. */
export function fromNumeric(value: string | null | undefined): string {
  return value === null || value === undefined ? '0' : formatWanYuan(toUnits(value));
}

/** 亿元 for people: 5919500 万元 → "591.95". */
export function wanYuanToYiYuan(amount: string): string {
  const units = toUnits(amount);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const scale = SCALE * 10_000n;
  const frac = (abs % scale).toString().padStart(8, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / scale}${frac ? `.${frac}` : ''}`;
}

/**
 * DTO field in 万元: a decimal string (or exact JSON number) with at most 4 decimals,
 * turned into the canonical string; `min` bounds it from below.
 */
export function IsWanYuan(opts: { min?: 'positive' | 'zero' } & ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    Transform(({ value }) => (value === null || value === undefined ? value : (parseWanYuan(value) ?? { invalid: value })))(target, propertyKey);
    registerDecorator({
      name: 'isWanYuan',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: {
        message: `${String(propertyKey)} 须为以万元计的金额（十进制字符串，至多 4 位小数，如 "5919.5"）${opts.min === 'positive' ? '，且大于 0' : opts.min === 'zero' ? '，且不能为负' : ''}`,
        ...opts,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const units = toUnits(value);
          if (opts.min === 'positive') return units > 0n;
          if (opts.min === 'zero') return units >= 0n;
          return true;
        },
      },
    });
  };
}
