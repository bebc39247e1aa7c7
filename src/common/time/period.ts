import { businessDate } from './business-time';

/** A target or ranking period: a calendar year or a quarter of it (Beijing dates). */
export interface Period {
  type: 'year' | 'quarter';
  year: number;
  /** 1–4 for a quarter. */
  quarter?: number;
}

/** First day of the period and first day after it, as YYYY-MM-DD. */
export function periodBounds(p: Period): { start: string; end: string } {
  if (p.type === 'year') return { start: `${p.year}-01-01`, end: `${p.year + 1}-01-01` };
  const q = p.quarter as number;
  const startMonth = (q - 1) * 3 + 1;
  const endYear = q === 4 ? p.year + 1 : p.year;
  const endMonth = q === 4 ? 1 : startMonth + 3;
  return { start: `${p.year}-${pad(startMonth)}-01`, end: `${endYear}-${pad(endMonth)}-01` };
}

/** 2022年 / 2022年第一季度. */
export function periodLabel(p: Period): string {
  return p.type === 'year' ? `${p.year}年` : `${p.year}年第${['一', '二', '三', '四'][(p.quarter as number) - 1]}季度`;
}

/**
 * 序时进度: the share of the period's days that have passed by `on` (Beijing date),
 * counting `on` itself as passed — on the last day it is 100%, on the first 1/N.
 * Returned as a fraction in [0, 1].
 */
export function timeElapsed(p: Period, on: string): number {
  const { start, end } = periodBounds(p);
  const total = days(start, end);
  if (on < start) return 0;
  if (on >= end) return 1;
  return (days(start, on) + 1) / total;
}

/** Today's 序时进度 for the period. */
export function timeElapsedNow(p: Period, now: Date = new Date()): number {
  return timeElapsed(p, businessDate(now));
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const pad = (n: number) => String(n).padStart(2, '0');
