import { ONE, Rational, ratio, ZERO, percentOf } from '../math/rational';
import { businessDate } from './business-time';

/**
 * A reporting period, always whole calendar months (Beijing dates):
 * - `year` — the calendar year;
 * - `half` — 上半年 (1) or 下半年 (2);
 * - `quarter` — 1–4;
 * - `ytd` — 1–N月: January through month N of the year (通报 are read this way);
 * - `range` — a custom run of months, `from` .. `to` inclusive (`YYYY-MM`), e.g. a campaign
 *   since 2021-09; `year` is the year of `from`.
 * Targets are set per year or quarter only (see targetPeriodOf).
 */
export type PeriodType = 'year' | 'half' | 'quarter' | 'ytd' | 'range';
export const PERIOD_TYPES: readonly PeriodType[] = ['year', 'half', 'quarter', 'ytd', 'range'];

export interface Period {
  type: PeriodType;
  year: number;
  /** 1–4 for a quarter. */
  quarter?: number;
  /** 1–2 for a half-year. */
  half?: number;
  /** 1–12 for 1–N月: the last month counted. */
  month?: number;
  /** `YYYY-MM`, first month of a range. */
  from?: string;
  /** `YYYY-MM`, last month of a range (inclusive). */
  to?: string;
}

/**
 * The period named by a type and its parts, keeping only the parts that type has (a stored
 * ranking's zero quarter, a query's stray month); a range's year is the year of `from`.
 */
export function makePeriod(parts: { type: PeriodType; year: number; half?: number | null; quarter?: number | null; month?: number | null; from?: string | null; to?: string | null }): Period {
  switch (parts.type) {
    case 'half':
      return { type: 'half', year: parts.year, half: parts.half as number };
    case 'quarter':
      return { type: 'quarter', year: parts.year, quarter: parts.quarter as number };
    case 'ytd':
      return { type: 'ytd', year: parts.year, month: parts.month as number };
    case 'range':
      return { type: 'range', year: Number((parts.from as string).slice(0, 4)), from: parts.from as string, to: parts.to as string };
    default:
      return { type: 'year', year: parts.year };
  }
}

/** A period targets are set for: a year or a quarter. */
export type TargetPeriod = Period & { type: 'year' | 'quarter' };

/** 序时进度 convention: months gone ÷ months (1–N月 → N/12, as 通报 count), or days gone ÷ days. */
export type PaceConvention = 'months' | 'days';

/** A month as a count since year 0 (2022-01 → 2022 × 12), so month arithmetic is integer arithmetic. */
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
const monthOfIndex = (i: number) => ({ year: Math.floor(i / 12), month: (i % 12) + 1 });
const firstDay = (i: number) => {
  const { year, month } = monthOfIndex(i);
  return `${year}-${pad(month)}-01`;
};
const indexOfYm = (ym: string) => monthIndex(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)));

/** The period's months as indices [first, end). */
function monthSpan(p: Period): { first: number; end: number } {
  switch (p.type) {
    case 'year':
      return { first: monthIndex(p.year, 1), end: monthIndex(p.year + 1, 1) };
    case 'half': {
      const first = monthIndex(p.year, (p.half as number) === 1 ? 1 : 7);
      return { first, end: first + 6 };
    }
    case 'quarter': {
      const first = monthIndex(p.year, ((p.quarter as number) - 1) * 3 + 1);
      return { first, end: first + 3 };
    }
    case 'ytd':
      return { first: monthIndex(p.year, 1), end: monthIndex(p.year, p.month as number) + 1 };
    case 'range':
      return { first: indexOfYm(p.from as string), end: indexOfYm(p.to as string) + 1 };
  }
}

/** First day of the period and first day after it, as YYYY-MM-DD. */
export function periodBounds(p: Period): { start: string; end: string } {
  const { first, end } = monthSpan(p);
  return { start: firstDay(first), end: firstDay(end) };
}

/** How many months the period spans. */
export function periodMonthCount(p: Period): number {
  const { first, end } = monthSpan(p);
  return end - first;
}

const QUARTERS = ['一', '二', '三', '四'];

/** 2022年 / 2022年上半年 / 2022年第一季度 / 2022年1–10月 / 2022年1月 / 2021年9月–2022年10月 / 2022年3–5月. */
export function periodLabel(p: Period): string {
  switch (p.type) {
    case 'year':
      return `${p.year}年`;
    case 'half':
      return `${p.year}年${p.half === 1 ? '上' : '下'}半年`;
    case 'quarter':
      return `${p.year}年第${QUARTERS[(p.quarter as number) - 1]}季度`;
    case 'ytd':
      return p.month === 1 ? `${p.year}年1月` : `${p.year}年1–${p.month}月`;
    case 'range': {
      const [a, b] = [monthOfIndex(indexOfYm(p.from as string)), monthOfIndex(indexOfYm(p.to as string))];
      if (a.year !== b.year) return `${a.year}年${a.month}月–${b.year}年${b.month}月`;
      return a.month === b.month ? `${a.year}年${a.month}月` : `${a.year}年${a.month}–${b.month}月`;
    }
  }
}

/** A short stable key of the period (cache keys, the series a published 通报 belongs to). */
export function periodKey(p: Period): string {
  switch (p.type) {
    case 'year':
      return `year:${p.year}`;
    case 'half':
      return `half:${p.year}:${p.half}`;
    case 'quarter':
      return `quarter:${p.year}:${p.quarter}`;
    case 'ytd':
      return `ytd:${p.year}:${p.month}`;
    case 'range':
      return `range:${p.from}:${p.to}`;
  }
}

/**
 * The period targets are set for that a report over `p` is measured against: a quarter its
 * quarter; a year, 上半年, a 1–N月 and a range from January within one calendar year the year's
 * target (a 1–10月 通报 compares 1–10月 with the year's target and reads 10/12 of the year gone).
 * 下半年, a range starting later in the year, or one across years has no target period (null):
 * its 序时进度 is read over the period itself.
 */
export function targetPeriodOf(p: Period): TargetPeriod | null {
  if (p.type === 'quarter') return { type: 'quarter', year: p.year, quarter: p.quarter };
  const { first, end } = monthSpan(p);
  const start = monthOfIndex(first);
  // Only a period counted from January reads against the year's target: 下半年 or 3–5月 compared
  // with the whole year's target and 序时进度 would count half the months against all of them.
  return start.month === 1 && monthOfIndex(end - 1).year === start.year ? { type: 'year', year: start.year } : null;
}

/** The period previous-year figures (同比) are read over: the same months one year earlier. */
export function previousYearOf(p: Period): Period {
  const back = (ym: string) => `${Number(ym.slice(0, 4)) - 1}${ym.slice(4)}`;
  return p.type === 'range' ? { ...p, year: p.year - 1, from: back(p.from as string), to: back(p.to as string) } : { ...p, year: p.year - 1 };
}

/** The months whose figures a report counts: the period's, but none after the as-of date's month. */
export interface MonthWindow {
  /** First day of the first month counted. */
  start: string;
  /** First day after the last month counted (≤ start when nothing is counted yet). */
  end: string;
}

/**
 * The months of `p` counted as of `asOf` (YYYY-MM-DD, 数据截至): from the period's first month
 * through the as-of date's month, at most to the period's end. Before the period starts nothing
 * is counted (end = start).
 */
export function countedWindow(p: Period, asOf: string): MonthWindow {
  const { first, end } = monthSpan(p);
  const last = Math.min(end, Math.max(first, indexOfYm(asOf) + 1));
  return { start: firstDay(first), end: firstDay(last) };
}

/** The same months of the year before (同比). */
export function previousYearWindow(w: MonthWindow): MonthWindow {
  const back = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
  return { start: back(w.start), end: back(w.end) };
}

/**
 * 序时进度 of a report over `p` as of `asOf`, exact, as a fraction of the target period
 * (targetPeriodOf; a range across years is its own frame):
 * - months: the months counted (countedWindow: the report's months through the as-of month)
 *   ÷ the months of the target period — 1–10月 of a year → 10/12; a 1–6月 通报 issued on
 *   07-05 → 6/12, never 186/365;
 * - days: the days of the target period gone by the as-of date (counted as gone), but not past
 *   the report's last day, ÷ the days of the target period — 2024-12-31 → 366/366.
 * 0 before the frame starts, 1 from its end on.
 */
export function paceFraction(p: Period, asOf: string, convention: PaceConvention): Rational {
  const frame = targetPeriodOf(p) ?? p;
  const { first, end } = monthSpan(frame);
  if (convention === 'months') {
    const counted = countedWindow(p, asOf);
    const through = Math.min(end, indexOfYm(counted.end));
    const gone = Math.max(0, through - first);
    return gone >= end - first ? ONE : ratio(BigInt(gone), BigInt(end - first));
  }
  const [start, stop] = [firstDay(first), firstDay(end)];
  const lastDay = addDays(periodBounds(p).end, -1);
  const on = asOf < lastDay ? asOf : lastDay;
  if (on < start) return ZERO;
  if (on >= addDays(stop, -1)) return ONE;
  return ratio(BigInt(days(start, on) + 1), BigInt(days(start, stop)));
}

/** 序时进度 as a percentage string, rounded once half up to two decimals ("83.33"). */
export function pace(p: Period, asOf: string, convention: PaceConvention): string {
  return percentOf(paceFraction(p, asOf, convention));
}

/** Today's date in Beijing, the default 数据截至. */
export function today(now: Date = new Date()): string {
  return businessDate(now);
}

/** The last day of a month window (数据截至 cannot be later than the period's last day). */
export function lastDayBefore(end: string): string {
  return addDays(end, -1);
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** How each 序时进度 convention reads, for people. */
export const PACE_LABELS: Record<PaceConvention, string> = { months: '按月计（1–N月为 N/12）', days: '按日计（已过天数 ÷ 总天数）' };
