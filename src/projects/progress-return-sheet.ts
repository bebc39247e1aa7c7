/*
 * Reading the monthly 调度 return: the 项目调度表 as the export writes it, filled in by a county.
 * Everything that knows about cells and headers is in this file, so that it can move onto the
 * shared table import (src/common/spreadsheet/) without touching how the return is matched or
 * written (progress-return.service.ts).
 */
import { formatWanYuan, MAX_WAN_YUAN_UNITS } from '../common/money/wan-yuan';
import { CellValue, cellText, clip, isBlank, isProblem } from '../enterprises/import/import-cells';
import { SheetRow } from '../enterprises/import/sheet';

/** The columns the return reads; the others (节点, 问题, 负责人 …) are the export's and are ignored. */
export type ReturnColumn = 'id' | 'name' | 'region' | 'completedMonth' | 'completedPeriod' | 'fundsMonth' | 'fundsPeriod';

export const RETURN_COLUMN_LABELS: Record<ReturnColumn, string> = {
  id: '项目编号',
  name: '项目名称',
  region: '旗县区',
  completedMonth: '本月完成投资',
  completedPeriod: '1–N月完成投资',
  fundsMonth: '本月到位资金',
  fundsPeriod: '1–N月到位资金',
};

/** One problem, by the row (and column) the user sees in Excel. */
export interface ReturnIssue {
  row?: number;
  column?: string;
  message: string;
}

/** A data row of the return, its cells parsed (amounts in 万元, canonical decimal strings; null: left empty). */
export interface ReturnRow {
  row: number;
  id: string | null;
  name: string;
  /** 旗县区 as written, or carried down from the row above when blank (a merged cell). */
  region: string | null;
  completedMonth: string | null;
  completedPeriod: string | null;
  fundsMonth: string | null;
  fundsPeriod: string | null;
}

/** What the header says: which column is where, the unit of each amount column, and the months a 1–N月 column covers. */
interface Layout {
  headerRow: number;
  columns: Partial<Record<ReturnColumn, { index: number; header: string; yi: boolean }>>;
  /** 1–N月 columns: their first and last month (1–12). */
  periodMonths: { first: number; last: number } | null;
}

export interface ParsedReturn {
  /** 本月 as the title rows state it (「本月：2024年2月」), `YYYY-MM`; null if they do not. */
  monthInFile: string | null;
  /** First and last month (1–12) of the 1–N月 columns, if the file has any. */
  periodMonths: { first: number; last: number } | null;
  rows: ReturnRow[];
  /** Subtotal, total and blank rows passed over. */
  skipped: number;
  errors: ReturnIssue[];
  warnings: ReturnIssue[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH_LINE = /本月\s*[:：]\s*(\d{4})\s*年\s*(\d{1,2})\s*月/;
const TOTAL_NAME = /^(小计|合计|总计|共计)/;
/** Lines under the table: 说明, 制表单位, 制表日期. */
const FOOT_LINE = /^(说明|填表说明|制表单位|制表日期|制表人|审核人)[:：]/;
/** Title rows read before giving up on finding the header. */
const MAX_TITLE_ROWS = 20;

/** A header as compared: half-width (NFKC), no spaces or line breaks. */
const normalHeader = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/** The header's unit: （亿元） converts, （万元） or none is as is; anything else (元) is refused. */
function unitOf(header: string): { base: string; yi: boolean } | { base: string; bad: string } {
  const m = /^(.*?)\((亿元|万元|元)\)$/.exec(header);
  if (!m) return { base: header, yi: false };
  if (m[2] === '元') return { base: m[1] as string, bad: '元' };
  return { base: m[1] as string, yi: m[2] === '亿元' };
}

/** Which column a (normalised, unit-less) header is; for a 1–N月 column also its months. */
function columnOf(base: string): { column: ReturnColumn; months?: { first: number; last: number } } | null {
  if (base === '项目编号' || base === '项目ID') return { column: 'id' };
  if (base === '项目名称') return { column: 'name' };
  if (base === '旗县区' || base === '旗县市区' || base === '所在旗县区') return { column: 'region' };
  if (base === '本月完成投资' || base === '当月完成投资') return { column: 'completedMonth' };
  if (base === '本月到位资金' || base === '当月到位资金' || base === '本月实际到位资金') return { column: 'fundsMonth' };
  const period = /^(?:(\d{1,2})[-–—~至])?(\d{1,2})月(?:累计)?(完成投资|到位资金|实际到位资金)$/.exec(base);
  if (period) {
    const last = Number(period[2]);
    const first = period[1] ? Number(period[1]) : last;
    if (first >= 1 && last <= 12 && first <= last) return { column: period[3] === '完成投资' ? 'completedPeriod' : 'fundsPeriod', months: { first, last } };
  }
  return null;
}

/**
 * An amount cell in 万元 (or 亿元, converted exactly): a number, or text with full-width digits,
 * thousands separators (5,000) or a trailing 万元; at most 4 decimals in 万元; not negative.
 */
export function parseAmount(cell: CellValue, yi: boolean): { ok: true; value: string | null } | { ok: false; message: string } {
  if (isProblem(cell)) return { ok: false, message: cell.problem };
  if (isBlank(cell)) return { ok: true, value: null };
  if (typeof cell === 'boolean' || cell instanceof Date) return { ok: false, message: `「${cellText(cell)}」不是金额` };
  let text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : (cell ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (/e/i.test(text)) text = '';
  if (/^\d{1,3}(,\d{3})+(\.\d+)?/.test(text)) text = text.replace(/,/g, '');
  text = text.replace(yi ? /亿元?$/ : /万元?$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, message: `「${clip(cellText(cell))}」不是金额：请填写数字，如 1500 或 1,500.25${yi ? '（亿元）' : '（万元）'}` };
  const places = yi ? 8 : 4;
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > places) return { ok: false, message: `「${clip(cellText(cell))}」小数位过多：${yi ? '亿元最多8位小数' : '万元最多4位小数'}` };
  // Units of 1/10,000 万元: 亿元 × 10^8, 万元 × 10^4 — exact, never through a float.
  const units = BigInt(m[1] as string) * 10n ** BigInt(places) + BigInt(frac.padEnd(places, '0').slice(0, places) || '0');
  if (units > MAX_WAN_YUAN_UNITS) return { ok: false, message: `「${clip(cellText(cell))}」超出可记录的金额` };
  return { ok: true, value: formatWanYuan(units) };
}

/** Reads the return's rows: title rows, then the header, then data, subtotal and total rows. */
export async function readReturn(rows: AsyncIterable<SheetRow>): Promise<ParsedReturn> {
  const out: ParsedReturn = { monthInFile: null, periodMonths: null, rows: [], skipped: 0, errors: [], warnings: [] };
  let layout: Layout | null = null;
  let carriedRegion: string | null = null;
  for await (const sheetRow of rows) {
    if (!layout) {
      const texts = sheetRow.cells.map((c) => cellText(c));
      const month = texts.map((t) => MONTH_LINE.exec(t)).find((m) => m);
      if (month) out.monthInFile = `${month[1]}-${String(Number(month[2])).padStart(2, '0')}`;
      if (texts.some((t) => normalHeader(t) === '项目名称')) {
        layout = readHeader(sheetRow, out);
        if (!layout) return out;
        out.periodMonths = layout.periodMonths;
      } else if (sheetRow.row >= MAX_TITLE_ROWS) {
        break;
      }
      continue;
    }
    const cell = (c: ReturnColumn): CellValue => (layout?.columns[c] ? (sheetRow.cells[layout.columns[c].index] ?? null) : null);
    if (sheetRow.cells.every((c) => isBlank(c))) {
      out.skipped++;
      continue;
    }
    const name = cellText(cell('name'));
    const regionText = cellText(cell('region'));
    if (TOTAL_NAME.test(name) || /^(合计|总计|共计)$/.test(regionText) || (!name && /小计|合计|总计/.test(regionText))) {
      out.skipped++;
      continue;
    }
    if (sheetRow.cells.some((c) => FOOT_LINE.test(cellText(c)))) {
      out.skipped++;
      continue;
    }
    const figures = (['completedMonth', 'completedPeriod', 'fundsMonth', 'fundsPeriod'] as const).filter((k) => !isBlank(cell(k)));
    if (!name && isBlank(cell('id')) && figures.length === 0) {
      // 说明, 制表单位 and other lines under the table: no project, nothing to write.
      out.skipped++;
      continue;
    }
    // A blank 旗县区 under one filled in is a merged cell (Excel keeps the value in its first row only).
    const region: string | null = regionText || carriedRegion;
    carriedRegion = region;
    const idText = cellText(cell('id'));
    const issues: ReturnIssue[] = [];
    if (idText && !UUID.test(idText)) issues.push({ row: sheetRow.row, column: RETURN_COLUMN_LABELS.id, message: `项目编号「${clip(idText)}」格式不对：请保留导出文件中的项目编号` });
    if (!idText && !name) issues.push({ row: sheetRow.row, column: RETURN_COLUMN_LABELS.name, message: '没有项目编号，也没有项目名称' });
    const amounts: Pick<ReturnRow, 'completedMonth' | 'completedPeriod' | 'fundsMonth' | 'fundsPeriod'> = { completedMonth: null, completedPeriod: null, fundsMonth: null, fundsPeriod: null };
    for (const key of ['completedMonth', 'completedPeriod', 'fundsMonth', 'fundsPeriod'] as const) {
      const column = layout.columns[key];
      if (!column) continue;
      const parsed = parseAmount(cell(key), column.yi);
      if (parsed.ok) amounts[key] = parsed.value;
      else issues.push({ row: sheetRow.row, column: column.header, message: parsed.message });
    }
    if (issues.length) {
      out.errors.push(...issues);
      continue;
    }
    out.rows.push({ row: sheetRow.row, id: idText ? idText.toLowerCase() : null, name, region, ...amounts });
  }
  if (!layout) out.errors.push({ message: '没有找到表头：应有一行包含「项目名称」「本月完成投资」等列（如导出的项目调度表）' });
  else if (out.rows.length === 0 && out.errors.length === 0) out.errors.push({ message: '表中没有项目行' });
  return out;
}

/** The header row: each known column once; at least one figure to import; 元 refused. */
function readHeader(sheetRow: SheetRow, out: ParsedReturn): Layout | null {
  const layout: Layout = { headerRow: sheetRow.row, columns: {}, periodMonths: null };
  sheetRow.cells.forEach((c, index) => {
    const header = normalHeader(cellText(c));
    if (!header) return;
    const unit = unitOf(header);
    const known = columnOf(unit.base);
    if (!known) return;
    const written = cellText(c);
    if ('bad' in unit) {
      out.errors.push({ row: sheetRow.row, column: written, message: `「${written}」的单位是元：请换算为万元（或亿元）后再导入` });
      return;
    }
    if (layout.columns[known.column]) {
      out.errors.push({ row: sheetRow.row, column: written, message: `「${RETURN_COLUMN_LABELS[known.column]}」列出现了不止一次` });
      return;
    }
    layout.columns[known.column] = { index, header: written, yi: unit.yi };
    if (known.months) {
      if (layout.periodMonths && (layout.periodMonths.first !== known.months.first || layout.periodMonths.last !== known.months.last)) {
        out.errors.push({ row: sheetRow.row, column: written, message: '完成投资与到位资金的累计月份不一致' });
      }
      layout.periodMonths = known.months;
    }
    if (unit.yi) out.warnings.push({ row: sheetRow.row, column: written, message: `「${written}」以亿元填报，已换算为万元（×10000）` });
  });
  const figures = (['completedMonth', 'completedPeriod', 'fundsMonth', 'fundsPeriod'] as const).filter((k) => layout.columns[k]);
  if (!layout.columns.id && !layout.columns.name) out.errors.push({ row: sheetRow.row, message: '表头缺少「项目编号」或「项目名称」列' });
  if (figures.length === 0) out.errors.push({ row: sheetRow.row, message: '表头缺少要导入的列：本月完成投资、本月到位资金或 1–N月完成投资、1–N月到位资金' });
  return out.errors.length ? null : layout;
}
