/*
 * The monthly 调度 return as a table: the 项目调度表 as the export writes it, filled in by a
 * county, read through the shared table import (src/common/spreadsheet/table-import.ts: header
 * under the title rows, units in headers, merged cells, subtotal/total and 说明 rows). What the
 * rows mean — matching and writing — is progress-return.service.ts.
 */
import { cellText } from '../common/spreadsheet/cells';
import { SheetRow } from '../common/spreadsheet/sheet';
import { HEADER_SCAN_ROWS, TableColumn, TableDefinition, TableLayout } from '../common/spreadsheet/table-import';
import { SCHEDULE_COLUMNS } from './schedule-columns';

export type ReturnColumn = 'id' | 'name' | 'region' | 'completedMonth' | 'completedPeriod' | 'fundsMonth' | 'fundsPeriod';

/** The amounts a row may give: month N's own, or 1–N月 (the month then derived). */
export const RETURN_FIGURES = ['completedMonth', 'completedPeriod', 'fundsMonth', 'fundsPeriod'] as const;

/** A county's return is a few hundred projects; a whole city's a few thousand. */
const MAX_RETURN_ROWS = 20_000;
const MONTH_LINE = /本月\s*[:：]\s*(\d{4})\s*年\s*(\d{1,2})\s*月/;
const PERIOD_HEADER = /^(?:(\d{1,2})[-–—~至])?(\d{1,2})月/;

/** The 1–N月 headers for month `n`: every first month 1…n, with the dashes people type. */
function periodHeaders(n: number, what: string): string[] {
  const out: string[] = [];
  for (let first = 1; first <= n; first++) {
    if (first === n) out.push(`${n}月${what}`);
    else for (const dash of ['–', '-', '—', '~', '至']) out.push(`${first}${dash}${n}月${what}`);
  }
  return out;
}

/**
 * The columns of a return for month `n` (1–12): 项目编号, 项目名称, 旗县区, 本月 and 1–N月 完成投资 /
 * 到位资金 (whatever their first month); the export's other columns are known and not read.
 */
export function returnDefinition(n: number): TableDefinition<ReturnColumn> {
  const period = (what: string): Pick<TableColumn<ReturnColumn>, 'header' | 'synonyms'> => {
    const [header, ...synonyms] = periodHeaders(n, what);
    return { header: header as string, synonyms: [...synonyms, `1–${n}月累计${what}`, `累计${what}`] };
  };
  const read = new Set(['项目编号', '项目名称', '旗县区', '本月完成投资', '本月到位资金']);
  return {
    columns: [
      { key: 'id', header: '项目编号', synonyms: ['项目ID', '编号'], kind: { type: 'text', maxLength: 64, oneLine: true } },
      { key: 'name', header: '项目名称', kind: { type: 'text', maxLength: 200, oneLine: true } },
      { key: 'region', header: '旗县区', synonyms: ['旗县市区', '所在旗县区', '地区'], kind: { type: 'text', maxLength: 64, oneLine: true } },
      { key: 'completedMonth', header: '本月完成投资', synonyms: ['当月完成投资'], kind: { type: 'amount' } },
      { key: 'completedPeriod', ...period('完成投资'), kind: { type: 'amount' } },
      { key: 'fundsMonth', header: '本月到位资金', synonyms: ['当月到位资金', '本月实际到位资金', '当月实际到位资金'], kind: { type: 'amount' } },
      { key: 'fundsPeriod', ...period('到位资金'), kind: { type: 'amount' } },
    ],
    // The export's columns the return does not read (their headers as written, for any month).
    skipHeaders: SCHEDULE_COLUMNS.map((c) => c.header).filter((h) => !read.has(h) && !h.includes('{months}')),
    maxRows: MAX_RETURN_ROWS,
  };
}

/** 本月 as the title rows state it (「本月：2024年2月」 — the export's facts line), as `YYYY-MM`; null if they do not. */
export async function monthInTitle(rows: AsyncIterable<SheetRow>): Promise<string | null> {
  for await (const row of rows) {
    for (const cell of row.cells) {
      const m = MONTH_LINE.exec(cellText(cell));
      if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${String(Number(m[2])).padStart(2, '0')}`;
    }
    if (row.row >= HEADER_SCAN_ROWS) break;
  }
  return null;
}

/** The first month (1–12) of the file's 1–N月 columns, from their header; null when it has none. */
export function periodStart(layout: TableLayout<ReturnColumn>): number | null {
  for (const key of ['completedPeriod', 'fundsPeriod'] as const) {
    const header = layout.columns.get(key)?.header;
    if (!header) continue;
    const m = PERIOD_HEADER.exec(header.normalize('NFKC').replace(/\s+/g, '').split('/').pop() ?? '');
    return m ? Number(m[1] ?? m[2]) : 1;
  }
  return null;
}
