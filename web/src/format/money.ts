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

/** The two units amounts are read in; 1亿元 = 10,000万元. */
export type AmountUnit = '万元' | '亿元';

/** Decimals shown in 亿元: official tables read 591.95亿元, never 164.6657589亿元. */
const YI_DIGITS = 2;

/**
 * "digits" (no sign, no point) with `scale` decimals, rounded half-up (四舍五入, away from zero for
 * the magnitude) to `keep` decimals: string arithmetic, so 0.005 → 0.01 and 1e15 stay exact.
 */
function roundHalfUp(int: string, frac: string, keep: number): { int: string; frac: string } {
  if (frac.length <= keep) return { int, frac };
  const kept = int + frac.slice(0, keep);
  let digits = kept;
  if (frac.charCodeAt(keep) >= 53 /* '5' */) {
    // Add one at the last kept place, carrying through nines.
    const out = digits.split('');
    let i = out.length - 1;
    while (i >= 0 && out[i] === '9') out[i--] = '0';
    if (i >= 0) out[i] = String(Number(out[i]) + 1);
    else out.unshift('1');
    digits = out.join('');
  }
  const cut = digits.length - keep;
  return { int: digits.slice(0, cut).replace(/^0+(?=\d)/, '') || '0', frac: digits.slice(cut).replace(/0+$/, '') };
}

/** 万元 digits → 亿元 digits by moving the point four places (exact). */
function toYiParts(int: string, frac: string): { int: string; frac: string } {
  const digits = int.padStart(5, '0');
  return { int: digits.slice(0, -4).replace(/^0+(?=\d)/, ''), frac: (digits.slice(-4) + frac).replace(/0+$/, '') };
}

/**
 * A 万元 decimal string in `unit`, without the unit: 万元 grouped with every decimal the API sent,
 * 亿元 rounded half-up to at most two decimals ("1646657.589" → "164.67"); "—" for no value.
 */
export function formatAmountIn(value: string | null | undefined, unit: AmountUnit): string {
  if (value == null || value === '') return '—';
  const p = split(value);
  if (!p) return value;
  if (unit === '万元') return join(p.sign, p.int, p.frac);
  const yi = toYiParts(p.int, p.frac);
  const r = roundHalfUp(yi.int, yi.frac, YI_DIGITS);
  // An amount that rounds to nothing shows 0, not -0.
  const zero = /^0*$/.test(r.int) && r.frac === '';
  return join(zero ? '' : p.sign, r.int, r.frac);
}

/** 万元 → 亿元, at most two decimals, half-up: "5919500" → "591.95亿元", "1646657.589" → "164.67亿元". */
export function formatYi(value: string | null | undefined): string {
  return formatAmount(value, '亿元');
}

/** 1亿元 (10,000万元) or more in magnitude. */
function reachesYi(value: string | null | undefined): boolean {
  const p = value == null ? null : split(value);
  return p !== null && p.int.length >= 5;
}

/**
 * The unit a set of amounts is read in, chosen once for a whole column or chart: 亿元 when any of
 * them reaches 1亿元, else 万元 — so one column never mixes 万元 and 亿元.
 */
export function amountUnit(values: Iterable<string | null | undefined>): AmountUnit {
  for (const v of values) if (reachesYi(v)) return '亿元';
  return '万元';
}

/**
 * One amount with its unit: in `unit` when a column or sentence has chosen one, else 亿元 from
 * 1亿元 up and 万元 below — how officials read an amount at a glance.
 */
export function formatAmount(value: string | null | undefined, unit?: AmountUnit): string {
  if (value == null || value === '') return '—';
  if (split(value) === null) return value;
  const u = unit ?? amountUnit([value]);
  return `${formatAmountIn(value, u)}${u}`;
}

/** "金额（亿元）": a column header that carries its unit, the cells then show bare numbers. */
export function amountTitle(label: string, unit: AmountUnit): string {
  return `${label}（${unit}）`;
}

/** The exact amount, as a hover title or an export shows it: "1,646,657.589万元". */
export function exactAmount(value: string | null | undefined): string | undefined {
  if (value == null || value === '' || split(value) === null) return undefined;
  return formatWan(value);
}

/**
 * A decimal string as a number for chart geometry only (bar lengths), never for the labels:
 * labels use formatAmount on the original string.
 */
export function toChartNumber(value: string | null | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}
