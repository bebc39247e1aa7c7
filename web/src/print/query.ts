import type { operations, paths } from '../api/schema';
import { beijingDate } from '../format/date';

/**
 * The shared report query (src/common/time/report-period.dto.ts: 1–N月 / quarter / half / year /
 * range, and 数据截至) as a print view reads it from its address and passes it on, unchanged, to
 * the report's JSON and .xlsx endpoints: the printed sheet, the screen and the workbook show the
 * same period.
 */
export type ReportPeriodQuery = operations['TargetsController_progress']['parameters']['query'];

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const YM = /^\d{4}-(0[1-9]|1[0-2])$/;

function int(value: string | null, min: number, max: number): number | undefined {
  if (value == null || !/^\d{1,4}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** A valid calendar date YYYY-MM-DD (2022-02-30 is not). */
export function isDate(value: string | null | undefined): value is string {
  if (!value || !YMD.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The report period an address asks for; what is missing or unreadable falls back to 1–N月 of the
 * year as of today (Beijing), the 通报's default, so a bare /print/… link still prints something
 * sensible.
 */
export function periodFromSearch(params: URLSearchParams, today: string = beijingDate()): ReportPeriodQuery {
  const asOf = isDate(params.get('asOf')) ? params.get('asOf')! : undefined;
  const ref = asOf ?? today;
  const year = int(params.get('year'), 2000, 2100) ?? Number(ref.slice(0, 4));
  const withAsOf = (q: ReportPeriodQuery): ReportPeriodQuery => (asOf ? { ...q, asOf } : q);
  switch (params.get('periodType')) {
    case 'year':
      return withAsOf({ periodType: 'year', year });
    case 'half':
      return withAsOf({ periodType: 'half', year, half: int(params.get('half'), 1, 2) ?? 1 });
    case 'quarter':
      return withAsOf({ periodType: 'quarter', year, quarter: int(params.get('quarter'), 1, 4) ?? 1 });
    case 'range': {
      const from = params.get('from');
      const to = params.get('to');
      if (from && to && YM.test(from) && YM.test(to) && from <= to) return withAsOf({ periodType: 'range', from, to });
      break;
    }
    case 'ytd':
      return withAsOf({ periodType: 'ytd', year, month: int(params.get('month'), 1, 12) ?? Number(ref.slice(5, 7)) });
  }
  return withAsOf({ periodType: 'ytd', year: Number(ref.slice(0, 4)), month: Number(ref.slice(5, 7)) });
}

type QueryValue = string | number | boolean | null | undefined;

/** A query object as a search string, without the blank fields: "periodType=ytd&year=2022&month=10". */
export function toSearch(query: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/** `path` with a query: the .xlsx endpoint or print view of the same report. */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const s = toSearch(query);
  return s ? `${path}?${s}` : path;
}

/** Optional filters copied from an address when present: ids and the 重大项目 switch. */
export function filtersFromSearch<K extends string>(params: URLSearchParams, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The .xlsx endpoints the service's OpenAPI document lists: a report's Excel link cannot name one that does not exist. */
export type XlsxPath = Extract<keyof paths, `${string}.xlsx` | `${string}/xlsx`>;

/** An .xlsx endpoint's URL with its path parameters filled in and the report's query. */
export function xlsxUrl(path: XlsxPath, query: Record<string, QueryValue>, pathParams: Record<string, string> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(pathParams[k] ?? ''));
  return withQuery(filled, query);
}

/** The 重大项目 switch from an address: only "true" or "false" are passed on. */
export function majorFromSearch(params: URLSearchParams): { major?: 'true' | 'false' } {
  const major = params.get('major');
  return major === 'true' || major === 'false' ? { major } : {};
}
