/**
 * Amounts arrive in 万元 as exact decimal strings ("5919500", "591.95", "-12.5"). They are shown
 * by moving digits, never through a binary float, so 591.95亿元 stays 591.95亿元 to the last digit.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function split(value: string): { sign: string; int: string; frac: string } | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(int) && frac === '';
  return { sign: m[1] && !zero ? '-' : '', int, frac };
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function join(sign: string, int: string, frac: string): string {
  return `${sign}${group(int)}${frac ? `.${frac}` : ''}`;
}

/**
 * "5919500" → "5,919,500", "708543.2100" → "708,543.21": the digits grouped by thousands, every
 * decimal the API sent (trailing zeros dropped), no trailing point — as the .xlsx number format
 * shows it; "" for no value.
 */
export function formatDecimal(value: string | null | undefined): string {
  if (value == null || value === '') return '';
  const p = split(value);
  return p ? join(p.sign, p.int, p.frac) : value;
}

/** "5919500" → "5,919,500万元"; keeps every decimal the API sent (trailing zeros dropped). */
export function formatWan(value: string | null | undefined): string {
  if (value == null || value === '') return '—';
  const p = split(value);
  if (!p) return value;
  return `${join(p.sign, p.int, p.frac)}万元`;
}

/** 万元 → 亿元 by moving the decimal point four places: "5919500" → "591.95亿元". */
export function formatYi(value: string | null | undefined): string {
  if (value == null || value === '') return '—';
  const p = split(value);
  if (!p) return value;
  const digits = p.int.padStart(5, '0');
  const int = digits.slice(0, -4).replace(/^0+(?=\d)/, '');
  const frac = (digits.slice(-4) + p.frac).replace(/0+$/, '');
  return `${join(p.sign, int, frac)}亿元`;
}

/** 亿元 from 1亿元 (10000万元) up, else 万元: how officials read an amount at a glance. */
export function formatAmount(value: string | null | undefined): string {
  if (value == null || value === '') return '—';
  const p = split(value);
  if (!p) return value;
  return p.int.length >= 5 ? formatYi(value) : formatWan(value);
}

/**
 * A decimal string as a number for chart geometry only (bar lengths), never for the labels:
 * labels use formatAmount on the original string.
 */
export function toChartNumber(value: string | null | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}
