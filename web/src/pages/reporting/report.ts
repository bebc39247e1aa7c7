import type { operations } from '../../api/schema';
import { beijingDate } from '../../format/date';

/**
 * The 通报 page's period: a year, a half-year, a quarter, 1–N月 (year to date through month N) or
 * a range of months (a campaign's totals since e.g. 2021-09), with its 数据截至 date.
 */
export type ReportPeriodType = 'year' | 'half' | 'quarter' | 'ytd' | 'range';

export interface ReportPeriod {
  periodType: ReportPeriodType;
  year: number;
  half: number;
  quarter: number;
  /** N of 1–N月. */
  month: number;
  /** YYYY-MM, for a range. */
  from: string;
  to: string;
}

/** The query GET /reporting/units takes. */
export type UnitReportQuery = operations['ReportingController_units']['parameters']['query'];

export type ReportView = NonNullable<UnitReportQuery['view']>;

export const PERIOD_TYPES: Array<{ value: ReportPeriodType; label: string }> = [
  { value: 'ytd', label: '1–N月' },
  { value: 'year', label: '年度' },
  { value: 'half', label: '半年' },
  { value: 'quarter', label: '季度' },
  { value: 'range', label: '自定义月份' },
];

export const VIEWS: Array<{ value: ReportView; label: string }> = [
  { value: 'configured', label: '按配置口径' },
  { value: 'landing', label: '按落地地' },
  { value: 'team', label: '按招商主体' },
];

/** 1–N月 of this year as of `today` (Beijing, YYYY-MM-DD): N is this month. */
export function defaultReportPeriod(today: string = beijingDate()): ReportPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return {
    periodType: 'ytd',
    year,
    half: month <= 6 ? 1 : 2,
    quarter: Math.ceil(month / 3),
    month,
    from: `${year}-01`,
    to: today.slice(0, 7),
  };
}

/** The query GET /reporting/units takes for a period, 数据截至 and view: only the fields the period type reads. */
export function reportQuery(p: ReportPeriod, asOf: string | undefined, view: ReportView): UnitReportQuery {
  const q: UnitReportQuery = { periodType: p.periodType, view };
  if (p.periodType === 'range') {
    q.from = p.from;
    q.to = p.to;
  } else {
    q.year = p.year;
    if (p.periodType === 'half') q.half = p.half;
    if (p.periodType === 'quarter') q.quarter = p.quarter;
    if (p.periodType === 'ytd') q.month = p.month;
  }
  if (asOf) q.asOf = asOf;
  return q;
}

export type Trend = 'up' | 'down' | 'flat' | 'none';

/**
 * 同比 as published: "+12.50%", "-3.10%", "0.00%"; "—" when there is nothing to compare with
 * (the previous year's figure was 0). The API's percentage is already exact and rounded once:
 * only its sign is read here, never its value as a float.
 */
export function yoyText(changePercent: string | null | undefined): { text: string; trend: Trend } {
  if (changePercent == null || changePercent === '') return { text: '—', trend: 'none' };
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(changePercent.trim());
  if (!m) return { text: changePercent, trend: 'none' };
  const frac = (m[3] ?? '').padEnd(2, '0');
  const digits = `${m[2]!.replace(/^0+(?=\d)/, '')}.${frac}`;
  const zero = /^[0.]*$/.test(digits);
  if (zero) return { text: `${digits}%`, trend: 'flat' };
  return m[1] === '-' ? { text: `-${digits}%`, trend: 'down' } : { text: `+${digits}%`, trend: 'up' };
}
