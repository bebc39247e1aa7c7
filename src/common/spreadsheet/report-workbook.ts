import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';

/*
 * The frame every exported report shares, so that each report only says what its rows are:
 * title; a line with the period, 数据截至 and whatever else the report states; the units line;
 * a one- or two-row header; rows as numbers with number formats (never text that looks like a
 * number); subtotal and total rows; 说明 lines; 制表单位 and 制表日期 at the foot. Printed: A4
 * (landscape unless told), fitted to one page wide, header rows repeated on every page, page
 * numbers in the footer. On screen: the header frozen, column widths that fit Chinese text.
 *
 * Rows stream: the first FIT_ROWS rows are held to measure the columns, then everything is
 * written as it comes, so a 50,000-row report holds a few hundred rows at a time.
 */

/** How a column's values are written and shown. */
export type CellFormat =
  /** Text as given. */
  | 'text'
  /** 万元 from a decimal string (or a number): shown with thousands separators and only the decimals it has. */
  | 'amount'
  /** A whole count: 1,234. */
  | 'count'
  /** A percentage given as its percent figure ("83.33" → 83.33%): stored as a fraction (0.8333). */
  | 'percent'
  /** 百分点 or a score: two decimals, signed when negative. */
  | 'points'
  /** A calendar date given as yyyy-mm-dd: a real date cell. */
  | 'date'
  /** 序号: a whole number, centred. */
  | 'index';

export interface ReportColumn {
  /** The header over the column (the lower row when the column belongs to a group). */
  header: string;
  /** A group heading over consecutive columns (a two-row header): 「1–4月完成投资」 over 「本月」「累计」. */
  group?: string;
  format?: CellFormat;
  /** Width in characters; fitted to the header and the first rows when left out. */
  width?: number;
  /** Wrap long text within the column (建设内容, 存在问题) instead of widening it. */
  wrap?: boolean;
}

export interface ReportFrame {
  /** Worksheet name (≤ 31 characters; Excel's limit). */
  sheetName: string;
  /** The title: 「2022年1–4月全市重点项目调度表」. */
  title: string;
  /** What the report states under the title: 统计期间, 数据截至, 序时进度 …, joined on one line. */
  facts?: string[];
  /** The units line: 「金额单位：万元」. */
  units?: string;
  /** 制表单位. */
  issuer: string;
  /** 制表日期, yyyy-mm-dd. */
  issuedOn: string;
  /** Portrait for narrow lists; landscape otherwise. */
  orientation?: 'landscape' | 'portrait';
  /** Columns kept in view when scrolling sideways (序号 and the name). */
  frozenColumns?: number;
}

/** One cell: decimal strings for amounts, yyyy-mm-dd for dates, null for an empty cell; any text (「—」) in any column. */
export type ReportValue = string | number | Date | null;

export type RowKind = 'data' | 'subtotal' | 'total';

/** Rows held to fit the column widths before the first one is written. */
export const FIT_ROWS = 500;
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BORDER = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
const FILLS: Record<RowKind | 'header', ExcelJS.Fill | undefined> = {
  header: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  data: undefined,
  subtotal: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  total: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } },
};

/** Starts an .xlsx download: the type, an ASCII file name and the Chinese one (RFC 6266), never cached. */
export function startXlsxDownload(res: { setHeader(name: string, value: string): unknown; status(code: number): unknown }, asciiName: string, chineseName: string): void {
  res.status(200);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${chineseName}.xlsx`)}`);
  res.setHeader('Cache-Control', 'no-store');
}

/** Waits while the client reads slower than the report is made; false once the client has gone. */
export async function clientKeepsUp(out: Writable): Promise<boolean> {
  if (out.destroyed) return false;
  if (out.writableNeedDrain) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.once('drain', done);
      out.once('close', done);
    });
  }
  return !out.destroyed;
}

/** A workbook of reports written to `out` as it is made. */
export class ReportWorkbook {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(out: Writable) {
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  }

  addSheet(frame: ReportFrame, columns: ReportColumn[]): ReportSheet {
    return new ReportSheet(this.book, frame, columns);
  }

  /** Writes the workbook's closing parts; every sheet must be finished first. */
  async commit(): Promise<void> {
    await this.book.commit();
  }
}

export class ReportSheet {
  private readonly sheet: ExcelJS.Worksheet;
  private readonly twoRowHeader: boolean;
  /** Rows held until the widths are fitted; null once they are written. */
  private held: Array<{ values: ReportValue[]; kind: RowKind }> | null = [];
  private nextRow = 1;
  private readonly lastCol: number;

  constructor(
    book: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly frame: ReportFrame,
    private readonly columns: ReportColumn[],
  ) {
    this.lastCol = columns.length;
    this.twoRowHeader = columns.some((c) => c.group !== undefined);
    const headerEnd = this.headerStart + (this.twoRowHeader ? 1 : 0);
    this.sheet = book.addWorksheet(frame.sheetName.slice(0, 31), {
      pageSetup: {
        paperSize: 9,
        orientation: frame.orientation ?? 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        printTitlesRow: `${this.headerStart}:${headerEnd}`,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', evenFooter: '&C第 &P 页，共 &N 页' },
      views: [{ state: 'frozen', xSplit: frame.frozenColumns ?? 0, ySplit: headerEnd }],
    });
  }

  /** The first header row: after the title, the facts line (if any) and the units line (if any). */
  get headerStart(): number {
    return 2 + (this.frame.facts?.length ? 1 : 0) + (this.frame.units ? 1 : 0);
  }

  /** The first data row, as Excel numbers it. */
  get firstDataRow(): number {
    return this.headerStart + (this.twoRowHeader ? 2 : 1);
  }

  addRow(values: ReportValue[], kind: RowKind = 'data'): void {
    if (values.length !== this.columns.length) throw new Error(`report row has ${values.length} cells, the sheet ${this.columns.length} columns`);
    if (this.held) {
      this.held.push({ values, kind });
      if (this.held.length >= FIT_ROWS) this.release();
      return;
    }
    this.write(values, kind);
  }

  /** Ends the table: 说明 lines (a note may hold line breaks), then 制表单位 and 制表日期; the sheet is committed. */
  finish(notes: string[] = []): void {
    if (this.held) this.release();
    this.nextRow++;
    for (const note of notes) {
      const row = this.sheet.getRow(this.nextRow);
      row.getCell(1).value = note;
      row.getCell(1).alignment = { vertical: 'top', wrapText: true };
      // A long note wraps over the table's width: give it the lines it needs.
      const perLine = Math.max(40, this.totalWidth());
      row.height = Math.max(18, 15 * note.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / perLine)), 0));
      this.merge(this.nextRow, 1, this.nextRow, this.lastCol);
      row.commit();
      this.nextRow++;
    }
    const foot = this.sheet.getRow(this.nextRow);
    const split = Math.max(1, Math.ceil(this.lastCol / 2));
    foot.getCell(1).value = `制表单位：${this.frame.issuer}`;
    foot.getCell(split + 1 <= this.lastCol ? split + 1 : 1).value = this.lastCol > 1 ? `制表日期：${this.frame.issuedOn}` : `制表单位：${this.frame.issuer}  制表日期：${this.frame.issuedOn}`;
    if (this.lastCol > 1) {
      this.merge(this.nextRow, 1, this.nextRow, split);
      this.merge(this.nextRow, split + 1, this.nextRow, this.lastCol);
      foot.getCell(split + 1).alignment = { horizontal: 'right' };
    }
    foot.commit();
    this.sheet.commit();
  }

  /** Fits the widths to the header and the rows held, writes the frame, then the rows. */
  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    this.sheet.columns = this.columns.map((c, i) => ({ width: c.width ?? fittedWidth(c, held.map((r) => r.values[i] ?? null)) }));
    this.writeFrame();
    for (const r of held) this.write(r.values, r.kind);
  }

  private writeFrame(): void {
    const title = this.sheet.getRow(this.nextRow);
    title.getCell(1).value = this.frame.title;
    title.getCell(1).font = { bold: true, size: 16 };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    title.height = 30;
    this.merge(this.nextRow, 1, this.nextRow, this.lastCol);
    title.commit();
    this.nextRow++;
    if (this.frame.facts?.length) {
      const facts = this.sheet.getRow(this.nextRow);
      facts.getCell(1).value = this.frame.facts.join('    ');
      facts.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      this.merge(this.nextRow, 1, this.nextRow, this.lastCol);
      facts.commit();
      this.nextRow++;
    }
    if (this.frame.units) {
      const units = this.sheet.getRow(this.nextRow);
      units.getCell(1).value = this.frame.units;
      units.getCell(1).alignment = { horizontal: 'right' };
      this.merge(this.nextRow, 1, this.nextRow, this.lastCol);
      units.commit();
      this.nextRow++;
    }
    const top = this.sheet.getRow(this.nextRow);
    const bottom = this.twoRowHeader ? this.sheet.getRow(this.nextRow + 1) : null;
    for (let i = 0; i < this.columns.length; ) {
      const c = this.columns[i] as ReportColumn;
      const col = i + 1;
      if (!bottom || c.group === undefined) {
        top.getCell(col).value = c.header;
        if (bottom) this.merge(this.nextRow, col, this.nextRow + 1, col);
        i++;
        continue;
      }
      let end = i;
      while (end + 1 < this.columns.length && this.columns[end + 1]?.group === c.group) end++;
      top.getCell(col).value = c.group;
      if (end > i) this.merge(this.nextRow, col, this.nextRow, end + 1);
      for (let j = i; j <= end; j++) bottom.getCell(j + 1).value = this.columns[j]?.header ?? '';
      i = end + 1;
    }
    for (const row of bottom ? [top, bottom] : [top]) {
      row.height = 24;
      for (let col = 1; col <= this.lastCol; col++) {
        const cell = row.getCell(col);
        cell.font = { bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.border = BORDER;
        cell.fill = FILLS.header as ExcelJS.Fill;
      }
      row.commit();
    }
    this.nextRow += bottom ? 2 : 1;
  }

  private write(values: ReportValue[], kind: RowKind): void {
    const row = this.sheet.getRow(this.nextRow++);
    values.forEach((value, i) => {
      const column = this.columns[i] as ReportColumn;
      const cell = row.getCell(i + 1);
      const written = cellOf(value, column.format ?? 'text');
      cell.value = written.value;
      if (written.numFmt) cell.numFmt = written.numFmt;
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'middle',
        horizontal: written.numeric ? (column.format === 'index' ? 'center' : 'right') : kind === 'data' ? 'left' : 'center',
        ...(column.wrap ? { wrapText: true } : {}),
      };
      if (kind !== 'data') {
        cell.font = { bold: true };
        cell.fill = FILLS[kind] as ExcelJS.Fill;
      }
    });
    row.commit();
  }

  private merge(top: number, left: number, bottom: number, right: number): void {
    if (top === bottom && left === right) return;
    this.sheet.mergeCells(top, left, bottom, right);
  }

  private totalWidth(): number {
    return this.columns.reduce((n, _c, i) => n + (this.sheet.getColumn(i + 1).width ?? 10), 0);
  }
}

/** What goes into a cell for a value in a column of `format`. */
export function cellOf(value: ReportValue, format: CellFormat): { value: ExcelJS.CellValue; numFmt?: string; numeric: boolean } {
  if (value === null || value === '') return { value: null, numeric: false };
  if (value instanceof Date) return { value, numFmt: 'yyyy-mm-dd', numeric: false };
  const decimal = typeof value === 'number' ? numberText(value) : value.trim();
  const isDecimal = /^-?\d+(\.\d+)?$/.test(decimal);
  switch (format) {
    case 'amount':
      return isDecimal ? { value: Number(decimal), numFmt: amountFormat(decimal), numeric: true } : { value, numeric: false };
    case 'count':
    case 'index':
      return isDecimal ? { value: Number(decimal), numFmt: format === 'index' ? '0' : '#,##0', numeric: true } : { value, numeric: false };
    case 'percent':
      return isDecimal ? { value: Number(shiftPoint(decimal, -2)), numFmt: '0.00%', numeric: true } : { value, numeric: false };
    case 'points':
      return isDecimal ? { value: Number(decimal), numFmt: '0.00;-0.00;0.00', numeric: true } : { value, numeric: false };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(decimal) ? { value: new Date(`${decimal}T00:00:00Z`), numFmt: 'yyyy-mm-dd', numeric: false } : { value, numeric: false };
    default:
      return { value, numeric: false };
  }
}

/**
 * An amount's format shows exactly the decimals it has: 1400000 as 1,400,000 (not
 * "1,400,000." as `#,##0.####` would), 591.95 as 591.95, 0.0001 as 0.0001.
 */
export function amountFormat(decimal: string): string {
  const frac = (decimal.split('.')[1] ?? '').replace(/0+$/, '');
  return frac.length === 0 ? '#,##0' : `#,##0.${'0'.repeat(Math.min(frac.length, 4))}`;
}

/** The decimal string moved `places` places (−2: a percent figure to its fraction), without a float on the way. */
function shiftPoint(decimal: string, places: number): string {
  const negative = decimal.startsWith('-');
  const [whole, frac = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const digits = `${whole}${frac}`;
  const point = (whole as string).length + places;
  const padded = point <= 0 ? `${'0'.repeat(1 - point)}${digits}` : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  return `${negative ? '-' : ''}${padded.slice(0, at)}.${padded.slice(at) || '0'}`;
}

function numberText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** How wide a text shows, in Excel's character units: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    width += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000) ? 2 : 1;
  }
  return width;
}

/** The width that shows the header (on two lines if need be) and the widest of the rows held, within bounds. */
function fittedWidth(column: ReportColumn, values: ReportValue[]): number {
  const format = column.format ?? 'text';
  let widest = 0;
  for (const v of values) widest = Math.max(widest, shownWidth(v, format));
  // A header may wrap onto two lines; a value may not (unless the column wraps).
  const header = Math.ceil(displayWidth(column.header) / (displayWidth(column.header) > 12 ? 2 : 1));
  const cap = column.wrap ? 30 : MAX_WIDTH;
  return Math.min(cap, Math.max(MIN_WIDTH, header, widest) + 2);
}

function shownWidth(value: ReportValue, format: CellFormat): number {
  if (value === null) return 0;
  if (value instanceof Date) return 10;
  const text = typeof value === 'number' ? numberText(value) : value;
  if (format === 'amount' || format === 'count') {
    const [whole = '', frac] = text.split('.');
    return whole.length + Math.floor((whole.replace('-', '').length - 1) / 3) + (frac ? frac.length + 1 : 0);
  }
  if (format === 'percent') return text.length + 2;
  if (format === 'date') return 10;
  return displayWidth(text);
}
