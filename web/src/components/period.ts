import { beijingDate } from '../format/date';

/** A target or ranking period: a year, or one of its quarters. */
export interface Period {
  periodType: 'year' | 'quarter';
  year: number;
  quarter?: number;
}

const QUARTER_LABEL = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

/** This year (in Beijing), whole. */
export function currentPeriod(): Period {
  return { periodType: 'year', year: Number(beijingDate().slice(0, 4)) };
}

/** The query parameters the API takes for a period. */
export function periodQuery(p: Period): { periodType: 'year' | 'quarter'; year: number; quarter?: number } {
  return p.periodType === 'quarter' ? { periodType: 'quarter', year: p.year, quarter: p.quarter ?? 1 } : { periodType: 'year', year: p.year };
}

export function periodKey(p: Period): string {
  return p.periodType === 'quarter' ? `${p.year}Q${p.quarter ?? 1}` : `${p.year}`;
}

export function periodLabel(p: Period): string {
  return p.periodType === 'quarter' ? `${p.year}年${QUARTER_LABEL[p.quarter ?? 1]}` : `${p.year}年`;
}

/** "2022" → whole year, "2022Q2" → second quarter; anything else: null. */
export function parsePeriodKey(key: string | null): Period | null {
  const m = key ? /^(\d{4})(?:Q([1-4]))?$/.exec(key) : null;
  if (!m) return null;
  return m[2] ? { periodType: 'quarter', year: Number(m[1]), quarter: Number(m[2]) } : { periodType: 'year', year: Number(m[1]) };
}

/** 1–N月's N from the address bar ("1".."12"); anything else: none (the whole period). */
export function parseUpToMonth(value: string | null): number | undefined {
  if (!value || !/^\d{1,2}$/.test(value)) return undefined;
  const m = Number(value);
  return m >= 1 && m <= 12 ? m : undefined;
}

export const PERIOD_PARTS = [
  { value: 0, label: '全年' },
  { value: 1, label: QUARTER_LABEL[1]! },
  { value: 2, label: QUARTER_LABEL[2]! },
  { value: 3, label: QUARTER_LABEL[3]! },
  { value: 4, label: QUARTER_LABEL[4]! },
];
