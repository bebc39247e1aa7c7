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

/**
 * The most one amount typed into the API may be: 10万亿元 (1,000,000,000万元), more than any single
 * project or a province's yearly target. A numeric(18,4) column would hold 100,000 times as much;
 * the gap keeps totals of such amounts (a lead's signings, an event, a registry sum) storable and
 * catches a figure typed in 元 where 万元 was meant.
 */
export const MAX_INPUT_WAN_YUAN = '1000000000';

/**
 * What people paste, made plain: full-width digits and points (５００００), thousands separators
 * (5,000 and 5，000), spaces (also full-width) and a leading ¥; null when the separators are
 * misplaced (50,00), which is more likely a typo than a number.
 */
export function plainNumberText(raw: string): string | null {
  let text = raw.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/^[¥$]/, '');
  if (text.includes(',')) {
    if (!/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return null;
    text = text.replace(/,/g, '');
  }
  return text;
}

/** A double carries 15 significant decimal digits exactly; beyond that a JSON number may not be what was sent. */
const EXACT_NUMBER_DIGITS = 15;

/**
 * Accepts a decimal string (as pasted: see plainNumberText), or a JSON number whose shortest form is such a string (591.95
 * is fine; 0.30000000000000004, 1e21 or 12345678901234.5678 — parsed as …234.568 — is not).
 * Returns the canonical string, or null.
 */
export function parseWanYuan(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? (plainNumberText(value) ?? '') : '';
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

/**
 * Canonical form: no trailing zeros after the point ("5919500", "591.95"). Cut from the units'
 * digits (one toString, no BigInt division): a county summary formats some 500 amounts a request.
 */
export function formatWanYuan(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(WAN_YUAN_SCALE + 1, '0');
  const point = digits.length - WAN_YUAN_SCALE;
  let end = digits.length;
  while (end > point && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
  const body = end === point ? digits.slice(0, point) : `${digits.slice(0, point)}.${digits.slice(point, end)}`;
  return negative ? `-${body}` : body;
}

/**
 * SQL: a numeric amount in 万元 as its count of units (toUnits), a scale-0 numeric that pg hands
 * over as plain digits for unitsFromSql — one BigInt() where toUnits splits and parses twice (the
 * registry summary reads hundreds of sums a request). Rounded to WAN_YUAN_SCALE places first,
 * half away from zero as numeric rounds; numeric(18,4) amounts and their sums never carry more.
 */
export function wanYuanUnitsSql(expr: string): string {
  return `trunc(round(${expr}, ${WAN_YUAN_SCALE}) * ${SCALE})`;
}

/** A value wanYuanUnitsSql produced, as units; NULL (no rows summed) is 0. */
export function unitsFromSql(value: string | null | undefined): bigint {
  return value === null || value === undefined ? 0n : BigInt(value);
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
 * DTO field in 万元: a decimal string (or exact JSON number, or pasted text such as "5,000") with
 * at most 4 decimals, turned into the canonical string; `min` bounds it from below, and
 * MAX_INPUT_WAN_YUAN from above unless `uncapped` (internal payloads carrying stored amounts).
 */
export function IsWanYuan({ uncapped, ...opts }: { min?: 'positive' | 'zero'; uncapped?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const ceiling = uncapped ? MAX_WAN_YUAN_UNITS : toUnits(MAX_INPUT_WAN_YUAN);
  return (target: object, propertyKey: string | symbol) => {
    Transform(({ value }) => (value === null || value === undefined ? value : (parseWanYuan(value) ?? { invalid: value })))(target, propertyKey);
    const field = String(propertyKey);
    const shape = `${field} 须为以万元计的金额（十进制字符串，至多 4 位小数，如 "5919.5"）${opts.min === 'positive' ? '，且大于 0' : opts.min === 'zero' ? '，且不能为负' : ''}`;
    const tooLarge = `${field} 超出上限：单笔金额不能超过 1,000,000,000万元（10万亿元），请核对单位是否为万元`;
    const beyond = (value: unknown) => typeof value === 'string' && (toUnits(value) > ceiling || -toUnits(value) > ceiling);
    registerDecorator({
      name: 'isWanYuan',
      target: target.constructor,
      propertyName: field,
      options: { message: (args) => (beyond(args.value) ? tooLarge : shape), ...opts },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || beyond(value)) return false;
          const units = toUnits(value);
          if (opts.min === 'positive') return units > 0n;
          if (opts.min === 'zero') return units >= 0n;
          return true;
        },
      },
    });
  };
}
