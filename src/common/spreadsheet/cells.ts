import { formatScaled } from '../math/rational';
import { plainNumberText } from '../money/wan-yuan';

/**
 * One cell as the spreadsheet readers hand it over: formulas replaced by their cached
 * result and rich text joined, or a problem the row must report.
 */
export type CellValue = string | number | boolean | Date | null | CellProblem;

export interface CellProblem {
  problem: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** A cell value quoted in a message: long enough to find it, short enough for a report of 1,000 rows. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

export function isProblem(cell: CellValue): cell is CellProblem {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

/** The digits of a whole number (13912345678, not 13912345678.0 or 1.39e10); other numbers as JavaScript writes them. */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/** A cell as text for a text column: trimmed; numbers as their digits, dates as yyyy-mm-dd. */
export function cellText(cell: CellValue): string {
  if (cell === null || isProblem(cell)) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return isoDate(cell);
}

export function isBlank(cell: CellValue): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * Text of one line: a line break typed into the cell (Alt+Enter, to wrap a long name) or a run
 * of spaces becomes one space, or nothing between two Chinese characters.
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(SPACE_BETWEEN_CJK, '');
}
const SPACE_BETWEEN_CJK = /(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])/g;

/** How names and labels are compared: width, spaces and Latin case do not count. */
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}

// ---------------------------------------------------------------------------------------
// Dates and months

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const DATE_HINT = '请写作 2022-04-27、2022/4/27、2022.4.27 或 2022年4月27日';

export interface DateBounds {
  /** Earliest date allowed, yyyy-mm-dd. */
  min?: string;
  /** Latest date allowed, yyyy-mm-dd. */
  max?: string;
  /** How the latest date is called in the message ("今天"). */
  maxName?: string;
}

/**
 * A date from whatever a spreadsheet holds: a date cell, an Excel serial number, or text
 * such as 2022-04-27, 2022/4/27, 2022.4.27, 2022年4月27日, 20220427. A bare year (2003)
 * is refused rather than read as serial 2003 (1905-06-25). `label` names the column in messages.
 */
export function parseDate(cell: CellValue, label: string, bounds: DateBounds = {}): Parsed<string> {
  const shown = cellText(cell);
  let date: Parsed<string>;
  if (cell instanceof Date) {
    date = Number.isNaN(cell.getTime()) ? fail(`${label}无法识别`) : ok(isoDate(cell));
  } else if (typeof cell === 'number') {
    date = dateFromNumber(cell, label);
  } else if (typeof cell === 'string') {
    const text = cell.normalize('NFKC').trim();
    if (/^\d{4}$/.test(text)) return fail(`${label}「${text}」只有年份：${DATE_HINT}`);
    if (/^\d{5}(\.\d+)?$/.test(text) || /^\d{8}$/.test(text)) {
      date = dateFromNumber(Number(text), label);
    } else {
      const m = DATE_TEXT.exec(text);
      date = m ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3]), label) : fail('');
    }
  } else {
    date = fail('');
  }
  if (!date.ok) return fail(date.message || `${label}「${clip(shown)}」无法识别：${DATE_HINT}`);
  if (bounds.min && date.value < bounds.min) return fail(`${label}「${date.value}」早于 ${bounds.min.slice(0, 4)} 年，请检查`);
  if (bounds.max && date.value > bounds.max) return fail(`${label}「${date.value}」晚于${bounds.maxName ?? ` ${bounds.max}`}，请检查`);
  return date;
}

function dateFromNumber(n: number, label: string): Parsed<string> {
  if (!Number.isFinite(n) || n < 1) return fail('');
  const whole = Math.floor(n);
  if (whole >= 1800 && whole <= 2100) return fail(`${label}「${whole}」只有年份：${DATE_HINT}`);
  if (whole >= 10_000_000 && whole <= 99_991_231) {
    return calendarDate(Math.floor(whole / 10_000), Math.floor(whole / 100) % 100, whole % 100, label);
  }
  return excelSerialDate(whole);
}

/**
 * The day of an Excel serial (1900 date system). Excel counts a 29 February 1900 that never
 * was, so serials from 61 on are one day ahead of a plain count from 1899-12-31.
 */
export function excelSerialDate(serial: number): Parsed<string> {
  if (serial === 60 || serial < 1 || serial > 2_958_465) return fail('');
  const epoch = serial > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return ok(isoDate(new Date(epoch + serial * 86_400_000)));
}

function calendarDate(year: number, month: number, day: number, label: string): Parsed<string> {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return fail(`${label} ${year}年${month}月${day}日 不存在`);
  }
  return ok(isoDate(d));
}

/** yyyy-mm-dd of a date cell: spreadsheet dates carry no zone, and the readers give them as UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const MONTH_TEXT = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$/;
const MONTH_HINT = '请写作 2022-04、2022年4月 或 2022.4';

/**
 * A month (yyyy-mm) from 2022-04, 2022/4, 2022年4月, 2022.4, 202204, or any date (a date
 * cell, a serial, a date text): its month. A number cell 2022.1 is refused — Excel has
 * already turned 2022.10 into it, so January and October cannot be told apart.
 */
export function parseMonth(cell: CellValue, label: string): Parsed<string> {
  const shown = clip(cellText(cell));
  const bad = () => fail<string>(`${label}「${shown}」无法识别为月份：${MONTH_HINT}`);
  let text: string;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? bad() : ok(isoDate(cell).slice(0, 7));
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) && cell >= 1800 && cell < 2101) {
      text = String(cell);
      if (/\.1$/.test(text)) return fail(`${label}「${text}」是 1 月还是 10 月无法确定（Excel 会把 2022.10 存成 2022.1）：请写作 2022-10 或 2022年10月`);
    } else {
      text = numberText(cell);
    }
  } else if (typeof cell === 'string') {
    text = cell.normalize('NFKC').trim();
  } else {
    return bad();
  }
  const m = MONTH_TEXT.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2] ?? m[3]);
    if (month < 1 || month > 12 || year < 1800 || year > 2100) return fail(`${label}「${shown}」的月份不存在`);
    return ok(`${m[1]}-${String(month).padStart(2, '0')}`);
  }
  const asDate = parseDate(typeof cell === 'string' ? text : cell, label);
  return asDate.ok ? ok(asDate.value.slice(0, 7)) : bad();
}

// ---------------------------------------------------------------------------------------
// Numbers

/** A decimal as digits and a scale: n / 10^scale. */
interface Decimal {
  n: bigint;
  scale: number;
}

/** Amount units a header or a cell may name, as powers of ten against 万元. */
export const AMOUNT_UNITS: Record<string, number> = { 万元: 0, 万: 0, 亿元: 4, 亿: 4, 元: -4 };
const CELL_UNIT = /(万元|万|亿元|亿|元)$/;

/** Text of a number cell as Excel shows it: 15 significant digits, so binary noise (0.30000000000000004) is not read as decimals. */
function numberCellText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const text = String(Number(n.toPrecision(15)));
  return /e/i.test(text) ? null : text;
}

function toDecimal(text: string): Decimal | null {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  const n = BigInt(`${m[2] || '0'}${frac}`);
  return { n: m[1] === '-' ? -n : n, scale: frac.length };
}

/** Moves the point: × 10^shift, exactly. */
function shift(d: Decimal, by: number): Decimal {
  return by >= 0 ? (d.scale >= by ? { n: d.n, scale: d.scale - by } : { n: d.n * 10n ** BigInt(by - d.scale), scale: 0 }) : { n: d.n, scale: d.scale - by };
}

/** Without trailing zeros after the point. */
function trimmed(d: Decimal): Decimal {
  let { n, scale } = d;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale--;
  }
  return { n, scale };
}

export interface NumberOptions {
  /** Header as written, for messages. */
  label: string;
  /** Decimal places allowed (after conversion); 0 for whole numbers. */
  maxDecimals: number;
  allowNegative?: boolean;
  /** Digits before the point allowed (numeric(18,4): 14). */
  maxIntegerDigits?: number;
  /**
   * For amounts in 万元: the power of ten of the column's unit against 万元 (亿元 4, 元 -4),
   * from its header. A unit written in the cell (5亿, 5000万元) overrides it. Absent for
   * quantities that take no unit.
   */
  unitShift?: number;
}

/**
 * A number from a number cell or text: full-width digits (１２３), thousands separators
 * (5,000 / 5，000), spaces and, for amounts, a trailing unit (5000万元, 5亿元, 5亿) are read;
 * the result is an exact decimal string, converted to 万元 for amounts. More decimals than
 * allowed after conversion are refused, not rounded.
 */
export function parseNumber(cell: CellValue, opts: NumberOptions): Parsed<string> {
  const { label } = opts;
  const shown = clip(cellText(cell));
  const notNumber = () => fail<string>(`「${label}」应填数字，「${shown}」不是数字`);
  let raw: string | null;
  let unit = opts.unitShift;
  if (typeof cell === 'number') {
    raw = numberCellText(cell);
    if (raw === null) return fail(`「${label}」的数值「${shown}」超出范围`);
  } else if (typeof cell === 'string') {
    let text = cell.normalize('NFKC').trim();
    const u = CELL_UNIT.exec(text);
    if (u) {
      if (opts.unitShift === undefined) return notNumber();
      unit = AMOUNT_UNITS[u[1] as string];
      text = text.slice(0, -(u[1] as string).length);
    }
    raw = plainNumberText(text);
    if (raw === null) return fail(`「${label}」的「${shown}」千位分隔符位置不对：应如 5,000 或 12,345.67`);
  } else {
    return notNumber();
  }
  const parsed = toDecimal(raw);
  if (!parsed) return notNumber();
  const value = trimmed(shift(parsed, unit ?? 0));
  if (value.n < 0n && !opts.allowNegative) return fail(`「${label}」不能为负数（「${shown}」）`);
  if (value.scale > opts.maxDecimals) {
    return fail(
      opts.maxDecimals === 0
        ? `「${label}」应为整数，「${shown}」不是`
        : `「${label}」最多 ${opts.maxDecimals} 位小数${unit ? '（换算为万元后）' : ''}，「${shown}」${unit ? `换算后为 ${formatScaled(value.n, value.scale)}，` : ''}位数过多：请勿填写比 1 元更小的金额`,
    );
  }
  const text = formatScaled(value.n, value.scale);
  const digits = text.replace(/^-/, '').split('.')[0] as string;
  if (digits.length > (opts.maxIntegerDigits ?? 14)) return fail(`「${label}」的「${shown}」过大`);
  return ok(text);
}

/** An amount in 万元 (numeric(18,4)): at most 4 decimals after conversion. */
export function parseAmount(cell: CellValue, label: string, unitShift = 0, allowNegative = false): Parsed<string> {
  return parseNumber(cell, { label, maxDecimals: 4, unitShift, allowNegative });
}

/** A whole number, as a JavaScript number (counts stay far below 2^53). */
export function parseInteger(cell: CellValue, label: string, allowNegative = false): Parsed<number> {
  const r = parseNumber(cell, { label, maxDecimals: 0, allowNegative, maxIntegerDigits: 15 });
  return r.ok ? ok(Number(r.value)) : r;
}

// ---------------------------------------------------------------------------------------
// Flags and enumerations

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是/否 (also Y/N, TRUE/FALSE, 1/0, an Excel checkbox); empty is 否. */
export function parseYesNo(cell: CellValue, column: string): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = cellText(cell).normalize('NFKC').toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`${column}「${clip(cellText(cell))}」应填「是」或「否」`);
}

/** One value of an enumeration column: its Chinese label, and other words people write for it. */
export interface EnumOption<T extends string> {
  value: T;
  label: string;
  synonyms?: string[];
}

/** The option a cell names, by label or synonym (width, spaces and case do not count). */
export function parseEnum<T extends string>(cell: CellValue, label: string, options: readonly EnumOption<T>[]): Parsed<T> {
  const key = normalizeLabel(cellText(cell));
  for (const o of options) {
    if ([o.label, o.value, ...(o.synonyms ?? [])].some((s) => normalizeLabel(s) === key)) return ok(o.value);
  }
  return fail(`「${label}」的「${clip(cellText(cell))}」不认识：可填 ${options.map((o) => o.label).join('、')}`);
}
