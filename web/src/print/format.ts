import { formatDecimal } from '../format/money';

/**
 * Cells of a printed report, written as the report's .xlsx number formats show them
 * (src/common/spreadsheet/report-workbook.ts): amounts in 万元 grouped by thousands with every
 * decimal and no trailing point, counts as whole numbers, rates with two decimals and a % sign.
 * Strings from the API are moved digit by digit, never through a float; a blank is an empty cell.
 */

/** 万元 amount: "5919500" → "5,919,500", "591.9500" → "591.95". */
export const printAmount = (value: string | null | undefined): string => formatDecimal(value);

/** A count: 12 → "12", 12345 → "12,345". */
export function printCount(value: number | string | null | undefined): string {
  if (value == null || value === '') return '';
  return formatDecimal(String(value));
}

/** Exactly two decimals, from the API's rounded string or number: "83.3" → "83.30", -10 → "-10.00". */
function twoDecimals(value: number | string): string {
  const s = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const zero = /^0*$/.test(m[2]!) && /^0*$/.test(frac);
  return `${m[1] && !zero ? '-' : ''}${formatDecimal(m[2]!)}.${frac}`;
}

/** A percentage the API already rounded: "83.33" → "83.33%"; null → "" (no target, no plan). */
export function printPercent(value: number | string | null | undefined): string {
  if (value == null || value === '') return '';
  return `${twoDecimals(value)}%`;
}

/** Percentage points (超/欠进度, 同比 in points): "-10" → "-10.00", 5.5 → "5.50". */
export function printPoints(value: number | string | null | undefined): string {
  if (value == null || value === '') return '';
  return twoDecimals(value);
}

/** A date cell: "2022-04-27" → "2022-04-27" (as the .xlsx's yyyy-mm-dd), blank for none. */
export function printDay(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '';
}
