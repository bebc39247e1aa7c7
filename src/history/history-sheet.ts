import { CellValue, cellText, isBlank } from '../enterprises/import/import-cells';
import { normalizeHeader } from '../enterprises/import/import-columns';
import { importErrors } from '../enterprises/import/import.errors';
import { SheetInfo, Spreadsheet } from '../enterprises/import/spreadsheet-reader';
import type { SheetColumn } from '../leads/lead-sheet';
import { AmountScale, scaleOfHeader } from './history-cells';

/*
 * Reading a history sheet: the header row found under title rows, columns by header and
 * synonym, units in headers, the report's foot (说明, 制表单位) and totals rows skipped.
 * Interim, until the generic table import (src/common/spreadsheet) is merged.
 */

/** Rows searched for the header: a report's title, facts and units lines come first. */
const HEADER_SEARCH_ROWS = 20;

export interface SheetLayout<K extends string> {
  /** Excel row number of the header. */
  headerRow: number;
  columns: Map<K, { index: number; header: string; scale: AmountScale }>;
  ignored: string[];
}

export interface KeyedRow<K extends string> {
  row: number;
  cells: Map<K, CellValue>;
}

/** A header cell without its unit: 「拟投资额（亿元）」 is the column 拟投资额. */
function bareHeader(text: string): string {
  return normalizeHeader(text).replace(/\((万元|亿元|元|万|亿)\)$/, '');
}

function byHeader<K extends string>(columns: ReadonlyArray<SheetColumn<K>>): Map<string, SheetColumn<K>> {
  const map = new Map<string, SheetColumn<K>>();
  for (const c of columns) for (const h of [c.header, ...c.synonyms]) map.set(bareHeader(h), c);
  return map;
}

/** The layout if `cells` is a header row (two known columns or more), else null; 400 for a column twice. */
function layoutOf<K extends string>(row: number, cells: CellValue[], known: Map<string, SheetColumn<K>>): SheetLayout<K> | null {
  const columns = new Map<K, { index: number; header: string; scale: AmountScale }>();
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const header = cellText(cell);
    if (!header) return;
    const def = known.get(bareHeader(header));
    if (!def) {
      ignored.push(header);
      return;
    }
    const existing = columns.get(def.key);
    if (existing) throw importErrors('IMPORT_DUPLICATE_COLUMN', { columns: [existing.header, header] }, `表头中「${existing.header}」和「${header}」是同一列，请只保留一列`);
    columns.set(def.key, { index, header, scale: def.kind === 'amount' ? scaleOfHeader(header) : 0 });
  });
  return columns.size >= 2 ? { headerRow: row, columns, ignored } : null;
}

/** A line of the report's foot or a 合计 row: not data. */
function footOrTotal(cells: CellValue[]): 'foot' | 'total' | null {
  const filled = cells.filter((c) => !isBlank(c));
  const first = cellText(filled[0] ?? null).replace(/[\s\u3000]+/g, '');
  if (/^(合计|总计|小计)/.test(first)) return 'total';
  if (filled.length <= 2 && /^(说明|注[:：]|制表单位|制表日期|数据截至)/.test(first)) return 'foot';
  return null;
}

/**
 * The data rows of the sheet's first worksheet by column key, with the layout found. The header
 * is the first row (of the first HEADER_SEARCH_ROWS) naming two known columns; every required
 * column must be there (400 naming the missing ones). Blank rows, the foot and 合计 rows are skipped.
 */
export async function* keyedRows<K extends string>(
  sheet: Spreadsheet,
  columns: ReadonlyArray<SheetColumn<K>>,
  info: SheetInfo,
  onLayout: (layout: SheetLayout<K>) => void,
  onTotalRow: (row: number) => void,
): AsyncGenerator<KeyedRow<K>> {
  const known = byHeader(columns);
  let layout: SheetLayout<K> | null = null;
  for await (const { row, cells } of sheet.rows(info)) {
    if (!layout) {
      if (cells.every(isBlank)) continue;
      layout = layoutOf(row, cells, known);
      if (!layout) {
        if (row > HEADER_SEARCH_ROWS) break;
        continue;
      }
      const missing = columns.filter((c) => c.required && !layout?.columns.has(c.key)).map((c) => c.header);
      if (missing.length) {
        throw importErrors('IMPORT_MISSING_COLUMN', { missing, headerRow: row }, `表头（第 ${row} 行）缺少必填列：${missing.map((m) => `「${m}」`).join('')}`);
      }
      onLayout(layout);
      continue;
    }
    if (cells.every(isBlank)) continue;
    const skip = footOrTotal(cells);
    if (skip === 'total') onTotalRow(row);
    if (skip) continue;
    const keyed = new Map<K, CellValue>();
    for (const [key, { index }] of layout.columns) keyed.set(key, cells[index] ?? null);
    yield { row, cells: keyed };
  }
  if (!layout) {
    const required = columns.filter((c) => c.required).map((c) => `「${c.header}」`).join('');
    throw importErrors('IMPORT_MISSING_COLUMN', { missing: columns.filter((c) => c.required).map((c) => c.header) }, `找不到表头：前 ${HEADER_SEARCH_ROWS} 行中没有包含 ${required} 等列的一行`);
  }
}
