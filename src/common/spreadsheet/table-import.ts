import {
  AMOUNT_UNITS,
  CellValue,
  cellText,
  clip,
  EnumOption,
  isBlank,
  isProblem,
  oneLine,
  parseAmount,
  parseDate,
  parseEnum,
  parseInteger,
  parseMonth,
  Parsed,
  parseYesNo,
} from './cells';
import { IMPORT_LIMITS } from './import-limits';
import { ImportIssue, ImportReportBase, ImportReportBuilder } from './import-report';
import type { MergedRange, SheetInfo, SheetRow, Spreadsheet } from './spreadsheet-reader';
import { spreadsheetErrors } from './spreadsheet.errors';

/*
 * A table import: a list with one record per row under a header, as officials keep it in
 * Excel — often under a title, a period/units line and a two-row header with merged group
 * cells (our own exports look like that, and must import back). Columns are found by header
 * (synonyms, a unit in brackets), cells parsed by kind, totals and note rows skipped, merged
 * cells filled over the rows they span. What a row means is the importing domain's business.
 */

export type ColumnKind =
  | { type: 'text'; maxLength: number; /** Names and the like: line breaks and runs of spaces become one space. */ oneLine?: boolean }
  /** Money in 万元; a header or a cell naming 亿元 or 元 is converted. */
  | { type: 'amount' }
  | { type: 'integer' }
  | { type: 'date' }
  | { type: 'month' }
  | { type: 'yesNo' }
  | { type: 'enum'; options: readonly EnumOption<string>[] };

export interface TableColumn<K extends string = string> {
  key: K;
  /** The header the export writes (with its unit: 总投资（万元）) and the import prefers. */
  header: string;
  /** Other headers people use for the same column. */
  synonyms?: readonly string[];
  /** The column must be in the header, and its cell filled in every row. */
  required?: boolean;
  kind: ColumnKind;
  allowNegative?: boolean;
}

export interface TableDefinition<K extends string = string> {
  columns: readonly TableColumn<K>[];
  /** Headers the import knows and does not read (序号): not reported as unknown. */
  skipHeaders?: readonly string[];
  /** Data rows one file may hold. */
  maxRows: number;
}

/** A parsed cell: text, decimal string (amounts), number (integers), yyyy-mm-dd, yyyy-mm, boolean, enum value. */
export type TableValue = string | number | boolean | null;

export interface TableRow<K extends string = string> {
  /** As Excel numbers it. */
  row: number;
  /** Every column the file has, null where the cell is blank. */
  values: Partial<Record<K, TableValue>>;
}

export interface LocatedColumn {
  index: number;
  /** As written in the file (both rows of a two-row header: 投资情况/总投资（亿元）). */
  header: string;
  /** Amount columns: the power of ten of its unit against 万元 (亿元 4, 元 -4). */
  unitShift: number;
}

export interface TableLayout<K extends string = string> {
  /** Excel row of the header's last row; data follows it. */
  headerRow: number;
  columns: Map<K, LocatedColumn>;
  ignored: string[];
}

/** The header must lie within this many rows from the top (title, period and units lines above it). */
export const HEADER_SCAN_ROWS = 10;

const UNIT_IN_HEADER = /[(（]\s*(?:单位\s*[:：]?\s*)?(亿元|万元|元)\s*(?:\/\s*年)?\s*[)）]/;
const UNITS_LINE = /单位\s*[:：]\s*(亿元|万元|元)/;
const TOTALS = /^(合计|小计|总计|其中)|(合计|小计|总计)$/;
/** Lines under (or above) the table: 制表单位, 说明 … */
const NOTE_LINE = /^(制表单位|制表日期|制表人|填表人|填报人|审核人|负责人|说明|注|备注|填表说明|数据截至)\s*[:：]/;

/** How a header is compared: width, spaces, a required mark, a trailing bracket (unit or hint) and case do not count. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/(\([^()]*\))+$/, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}

function unitOf(header: string): number | undefined {
  const m = UNIT_IN_HEADER.exec(header.normalize('NFKC').replace(/[\s\u3000]+/g, ''));
  return m ? AMOUNT_UNITS[m[1] as string] : undefined;
}

/** Fills every cell of a merged range with its top-left value, row by row as the rows stream. */
export class MergeFiller {
  private readonly pending: MergedRange[];
  private active: Array<MergedRange & { value: CellValue }> = [];

  constructor(ranges: MergedRange[]) {
    this.pending = ranges
      .filter((r) => r.bottom > r.top || r.right > r.left)
      .map((r) => ({ ...r, right: Math.min(r.right, IMPORT_LIMITS.columns - 1) }))
      .sort((a, b) => b.top - a.top); // popped from the end: earliest first
  }

  fill(row: SheetRow): void {
    while (this.pending.length && (this.pending[this.pending.length - 1] as MergedRange).top <= row.row) {
      const range = this.pending.pop() as MergedRange;
      // A range whose top row has no cells at all was never read: it fills nothing.
      this.active.push({ ...range, value: range.top === row.row ? (row.cells[range.left] ?? null) : null });
    }
    this.active = this.active.filter((r) => r.bottom >= row.row);
    for (const r of this.active) {
      if (r.value === null) continue;
      for (let c = r.left; c <= r.right; c++) if (isBlank(row.cells[c] ?? null)) row.cells[c] = r.value;
    }
    for (let i = 0; i < row.cells.length; i++) row.cells[i] ??= null;
  }
}

/** Known headers by key: the column they name. */
function headerIndex<K extends string>(def: TableDefinition<K>): Map<string, TableColumn<K> | 'skip'> {
  const index = new Map<string, TableColumn<K> | 'skip'>();
  for (const column of def.columns) for (const h of [column.header, ...(column.synonyms ?? [])]) index.set(headerKey(h), column);
  for (const h of def.skipHeaders ?? []) index.set(headerKey(h), 'skip');
  return index;
}

interface Candidate<K extends string> {
  lastRow: number;
  columns: Map<K, LocatedColumn>;
  ignored: string[];
  duplicate?: [string, string];
}

/** Reads one header candidate: `lower` is its last row, `upper` the group row above it, if any. */
function matchHeader<K extends string>(index: Map<string, TableColumn<K> | 'skip'>, lower: SheetRow, upper: SheetRow | null, defaultUnit: number): Candidate<K> {
  const columns = new Map<K, LocatedColumn>();
  const ignored: string[] = [];
  let duplicate: [string, string] | undefined;
  const width = Math.max(lower.cells.length, upper?.cells.length ?? 0);
  for (let i = 0; i < width; i++) {
    const low = cellText(lower.cells[i] ?? null);
    const up = upper ? cellText(upper.cells[i] ?? null) : '';
    // The sub-header names the column; the group above is only context (or the header itself, merged down).
    const joined = up && low && up !== low ? `${up}/${low}` : '';
    const tries: Array<[string, string]> = [
      [low, low],
      [joined.replace('/', ''), joined],
      [up, up],
    ];
    let found: { def: TableColumn<K> | 'skip'; text: string } | undefined;
    for (const [text, shown] of tries) {
      const def = text ? index.get(headerKey(text)) : undefined;
      if (def) {
        found = { def, text: shown };
        break;
      }
    }
    if (!found) {
      const shown = up && low && up !== low ? `${up}/${low}` : low || up;
      if (shown) ignored.push(shown);
      continue;
    }
    if (found.def === 'skip') continue;
    const existing = columns.get(found.def.key);
    if (existing) {
      duplicate ??= [existing.header, found.text];
      continue;
    }
    const unitShift = found.def.kind.type === 'amount' ? (unitOf(found.text) ?? defaultUnit) : 0;
    columns.set(found.def.key, { index: i, header: found.text, unitShift });
  }
  return { lastRow: lower.row, columns, ignored, ...(duplicate ? { duplicate } : {}) };
}

/**
 * Finds the header among the first rows: the row (or pair of rows, for a two-row header)
 * naming the most known columns. 400 naming the required columns it lacks, or a column twice.
 */
export function locateHeader<K extends string>(def: TableDefinition<K>, rows: SheetRow[]): TableLayout<K> {
  const index = headerIndex(def);
  let best: Candidate<K> | null = null;
  let defaultUnit = 0;
  const pairs: Candidate<K>[] = [];
  rows.forEach((row, i) => {
    if (row.row > HEADER_SCAN_ROWS) return;
    const single = matchHeader(index, row, null, defaultUnit);
    if (single.columns.size > (best?.columns.size ?? 0)) best = single;
    const next = rows[i + 1];
    if (next && next.row === row.row + 1) pairs.push(matchHeader(index, next, row, defaultUnit));
    // A units line (单位：亿元) above the header sets the unit of the amount columns that name none.
    const units = row.cells.map((c) => UNITS_LINE.exec(cellText(c).normalize('NFKC'))?.[1]).find(Boolean);
    if (units && single.columns.size === 0) defaultUnit = AMOUNT_UNITS[units] ?? 0;
  });
  // A two-row header only where its second row names more columns than any single row does.
  for (const pair of pairs) if (pair.columns.size > (best?.columns.size ?? 0)) best = pair;
  const found = best as Candidate<K> | null;
  const required = def.columns.filter((c) => c.required);
  const missing = required.filter((c) => !found?.columns.has(c.key)).map((c) => c.header);
  if (!found || missing.length) {
    const names = missing.map((h) => `「${h}」`).join('');
    throw spreadsheetErrors(
      'IMPORT_MISSING_COLUMN',
      { missing },
      found
        ? `表头（第 ${found.lastRow} 行）缺少必填列${names}`
        : `前 ${HEADER_SCAN_ROWS} 行中没有找到表头：表头应包含必填列${names}`,
    );
  }
  if (found.duplicate) {
    const [a, b] = found.duplicate;
    throw spreadsheetErrors('IMPORT_DUPLICATE_COLUMN', { columns: [a, b] }, `表头中「${a}」和「${b}」是同一列，请只保留一列`);
  }
  return { headerRow: found.lastRow, columns: found.columns, ignored: found.ignored };
}

export type RowVerdict<K extends string> =
  | { kind: 'blank' }
  | { kind: 'note' }
  | { kind: 'totals'; label: string }
  | { kind: 'data'; value: TableRow<K> | null; errors: ImportIssue[] };

/** What one row below the header is, and its values when it is data. */
export function parseTableRow<K extends string>(def: TableDefinition<K>, layout: TableLayout<K>, row: SheetRow): RowVerdict<K> {
  const filled = row.cells.filter((c) => !isBlank(c));
  if (filled.length === 0) return { kind: 'blank' };
  const lead = cellText(filled[0] ?? null).normalize('NFKC').replace(/[\s\u3000]+/g, '');
  if (NOTE_LINE.test(lead)) return { kind: 'note' };
  for (const cell of filled.slice(0, 3)) {
    const text = cellText(cell).normalize('NFKC').replace(/[\s\u3000]+/g, '');
    if (typeof cell === 'string' && TOTALS.test(text)) return { kind: 'totals', label: clip(text, 20) };
  }
  // A line merged across the table (a 说明 or 注 under it, written without a label): one text in every cell.
  if (filled.length >= 3 && filled.every((c) => typeof c === 'string' && c === filled[0])) return { kind: 'note' };
  let blank = true;
  for (const { index } of layout.columns.values()) if (!isBlank(row.cells[index] ?? null)) blank = false;
  if (blank) return { kind: 'blank' };

  const values: Partial<Record<K, TableValue>> = {};
  const errors: ImportIssue[] = [];
  for (const column of def.columns) {
    const at = layout.columns.get(column.key);
    if (!at) continue;
    const cell = row.cells[at.index] ?? null;
    const problem = (message: string) => errors.push({ row: row.row, column: at.header, message });
    if (isProblem(cell)) {
      problem(`「${at.header}」${cell.problem}`);
      continue;
    }
    if (isBlank(cell)) {
      if (column.required) problem(`「${at.header}」不能为空`);
      values[column.key] = null;
      continue;
    }
    const parsed = parseCell(column, at, cell);
    if (parsed.ok) values[column.key] = parsed.value;
    else problem(parsed.message);
  }
  return { kind: 'data', value: errors.length ? null : { row: row.row, values }, errors };
}

function parseCell(column: TableColumn, at: LocatedColumn, cell: CellValue): Parsed<TableValue> {
  const label = at.header;
  const kind = column.kind;
  switch (kind.type) {
    case 'text': {
      const text = kind.oneLine ? oneLine(cellText(cell)) : cellText(cell);
      const length = Array.from(text).length;
      return length > kind.maxLength ? { ok: false, message: `「${label}」过长：最多 ${kind.maxLength} 个字，实际 ${length} 个` } : { ok: true, value: text };
    }
    case 'amount':
      return parseAmount(cell, label, at.unitShift, column.allowNegative);
    case 'integer':
      return parseInteger(cell, label, column.allowNegative);
    case 'date':
      return parseDate(cell, `「${label}」`);
    case 'month':
      return parseMonth(cell, `「${label}」`);
    case 'yesNo':
      return parseYesNo(cell, `「${label}」`);
    case 'enum':
      return parseEnum(cell, label, kind.options);
  }
}

/**
 * Reads the whole table of `sheet` into memory (a county's list is small; maxRows bounds it):
 * the header located, merged cells filled, totals and note rows skipped (totals with a
 * warning), row errors and file warnings put in `out`. Rows that parsed are returned.
 */
export async function readTable<K extends string, R extends ImportReportBase>(
  sheet: Spreadsheet,
  def: TableDefinition<K>,
  out: ImportReportBuilder<R>,
  /** Asked between rows: true once the service has begun to stop (the read ends with IMPORT_SHUTDOWN). */
  stopping: () => boolean = () => false,
): Promise<{ layout: TableLayout<K>; rows: TableRow<K>[] }> {
  const filler = new MergeFiller(await sheet.merges());
  const info: SheetInfo = { otherSheets: [] };
  const head: SheetRow[] = [];
  let layout: TableLayout<K> | null = null;
  const rows: TableRow<K>[] = [];
  const take = (row: SheetRow, layoutNow: TableLayout<K>) => {
    if (row.row <= layoutNow.headerRow) return;
    const verdict = parseTableRow(def, layoutNow, row);
    if (verdict.kind === 'blank' || verdict.kind === 'note') return;
    if (verdict.kind === 'totals') {
      out.warn({ row: row.row, message: `第 ${row.row} 行是「${verdict.label}」行，未导入` });
      return;
    }
    if (++out.report.totalRows > def.maxRows) {
      throw spreadsheetErrors('IMPORT_TOO_MANY_ROWS', { maxRows: def.maxRows }, `一次最多导入 ${def.maxRows} 行，请把文件拆开分批导入`);
    }
    verdict.errors.forEach((e) => out.error(e));
    if (verdict.value) rows.push(verdict.value);
  };
  const settle = () => {
    const located = locateHeader(def, head);
    if (located.ignored.length) {
      out.report.ignoredColumns = located.ignored;
      out.warnFile(`以下列不认识，未导入：${located.ignored.map((h) => `「${h}」`).join('')}`);
    }
    for (const row of head) take(row, located);
    return located;
  };
  for await (const row of sheet.rows(info)) {
    if (stopping()) throw shutdownError(row.row);
    filler.fill(row);
    if (layout) {
      take(row, layout);
      continue;
    }
    head.push(row);
    // One row past the scan: the second row of a two-row header that starts on the last scanned row.
    if (row.row > HEADER_SCAN_ROWS) layout = settle();
  }
  layout ??= settle();
  if (out.report.totalRows === 0) throw spreadsheetErrors('IMPORT_NO_ROWS');
  if (info.sheetName !== undefined) out.report.sheet = info.sheetName;
  if (info.otherSheets.length) {
    out.warnFile(`只导入了第一个工作表「${info.sheetName ?? ''}」，${info.otherSheets.map((n) => `「${n}」`).join('')}没有读取`);
  }
  return { layout, rows };
}

/** The service began to stop during an import: nothing was written. */
export function shutdownError(row?: number) {
  return spreadsheetErrors('IMPORT_SHUTDOWN', row === undefined ? {} : { stoppedAtRow: row });
}
