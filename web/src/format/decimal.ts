/**
 * Exact arithmetic on the API's decimal strings (万元 with up to four decimals, or whole counts),
 * for figures the page works out itself, such as what a split leaves unassigned while the user
 * types. Scaled bigints, never binary floats, as the service does (src/common/money/wan-yuan.ts).
 */
const SCALE_DIGITS = 4;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** True for "12", "591.95", "0.0001"; false for "", "1.23456", "-1", "1e5". */
export function isWanYuan(value: string): boolean {
  return /^\d{1,14}(\.\d{1,4})?$/.test(value.trim());
}

function toUnits(value: string): bigint {
  const v = value.trim();
  if (!DECIMAL.test(v)) throw new Error(`not a decimal: ${value}`);
  const negative = v.startsWith('-');
  const [whole, frac = ''] = (negative ? v.slice(1) : v).split('.');
  const units = BigInt(whole!) * SCALE + BigInt(frac.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0'));
  return negative ? -units : units;
}

function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const frac = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / SCALE}${frac ? `.${frac}` : ''}`;
}

/** a − Σ rest, exactly: "800000" − "250000.5" − "0.5" = "549999". Blank or unreadable terms count as 0. */
export function subtract(a: string, ...rest: Array<string | null | undefined>): string {
  let units = toUnits(a);
  for (const r of rest) if (r != null && DECIMAL.test(String(r).trim())) units -= toUnits(String(r));
  return fromUnits(units);
}

/** Σ terms, exactly; blank or unreadable terms count as 0. */
export function sum(terms: Array<string | null | undefined>): string {
  let units = 0n;
  for (const t of terms) if (t != null && DECIMAL.test(String(t).trim())) units += toUnits(String(t));
  return fromUnits(units);
}

export function isNegative(value: string): boolean {
  return value.trim().startsWith('-') && toUnits(value) !== 0n;
}

/**
 * An amount as pasted, made plain (the service reads it the same way, src/common/money/wan-yuan.ts
 * plainNumberText): full-width digits and points (５００００), thousands separators (5,000 and
 * 5，000), spaces and a leading ¥. Misplaced separators (50,00) are left for the form to refuse.
 */
export function normalizeAmount(text: string): string {
  const plain = text.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/^[¥$]/, '');
  if (!plain.includes(',')) return plain;
  return /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain) ? plain.replace(/,/g, '') : plain;
}

/** The most one amount may be (the service's ceiling): 10万亿元. */
export const MAX_AMOUNT_WAN = '1000000000';

/** From 1,000亿元 up an amount is likelier a slip (元 typed for 万元, a zero too many) than a project. */
export const IMPLAUSIBLE_AMOUNT_WAN = '10000000';

/** Orders two decimal strings exactly (a table's sorter): negative when a < b, 0 when equal, positive when a > b. */
export function compareDecimal(a: string, b: string): number {
  const d = toUnits(a) - toUnits(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
