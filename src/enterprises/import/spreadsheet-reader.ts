import { createReadStream, ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../common/errors/app-error';
import { CellValue } from './import-cells';
import { importErrors } from './import.errors';

export type SpreadsheetKind = 'xlsx' | 'csv';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** One row of the first worksheet (or the CSV), numbered as Excel shows it. */
export interface SheetRow {
  row: number;
  /** Cells by column, 0-based; missing cells are null. */
  cells: CellValue[];
}

/** What a pass learns about the sheet while reading it. */
export interface SheetInfo {
  sheetName?: string;
  /** Names of the worksheets after the first, which the import does not read. */
  otherSheets: string[];
}

/** An uploaded file known to be a spreadsheet, read row by row and anew by each `rows()` call. */
export interface Spreadsheet {
  kind: SpreadsheetKind;
  encoding?: TextEncoding;
  rows(info?: SheetInfo): AsyncGenerator<SheetRow>;
}

const SNIFF_BYTES = 64 * 1024;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** OLE2 compound file: .xls, or an .xlsx saved with a password. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Decides what the file is by its content, never by its name: a zip (xlsx), an old binary
 * Excel file (refused with advice), or text in UTF-8, UTF-16 or GB18030/GBK (CSV); anything
 * else is refused as not a spreadsheet.
 */
export async function openSpreadsheet(path: string): Promise<Spreadsheet> {
  const head = await readHead(path);
  if (head.length === 0) throw importErrors('IMPORT_FILE_EMPTY');
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return { kind: 'xlsx', rows: (info) => xlsxRows(path, info) };
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) throw importErrors('IMPORT_LEGACY_XLS');
  const encoding = await detectTextEncoding(path, head);
  if (!encoding) throw importErrors('IMPORT_NOT_SPREADSHEET');
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(head));
  return { kind: 'csv', encoding, rows: () => csvRows(path, encoding, delimiter) };
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------
// CSV

/** C0 control characters other than tab, line feed and carriage return: never in a text file. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/**
 * The encoding of a text file, or null if it is not text. UTF-8 (with or without BOM) is
 * tried first; Excel in China saves "CSV" as GB18030/GBK, which is almost never valid UTF-8.
 * The whole file is scanned (streaming), so a late invalid byte is not missed.
 */
async function detectTextEncoding(path: string, head: Buffer): Promise<TextEncoding | null> {
  if (head[0] === 0xff && head[1] === 0xfe) return (await decodesCleanly(path, ['utf-16le'])) ? 'utf-16le' : null;
  if (head[0] === 0xfe && head[1] === 0xff) return (await decodesCleanly(path, ['utf-16be'])) ? 'utf-16be' : null;
  return decodesCleanly(path, ['utf-8', 'gb18030']);
}

/** The first of `candidates` that decodes the whole file without error or control characters. */
async function decodesCleanly<E extends TextEncoding>(path: string, candidates: E[]): Promise<E | null> {
  const live = candidates.map((encoding) => ({ encoding, decoder: new TextDecoder(encoding, { fatal: true }), ok: true }));
  const check = (d: (typeof live)[number], chunk?: Buffer) => {
    try {
      const text = chunk ? d.decoder.decode(chunk, { stream: true }) : d.decoder.decode();
      if (hasControlCharacters(text)) d.ok = false;
    } catch {
      d.ok = false;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    for (const d of live) if (d.ok) check(d, chunk as Buffer);
    if (!live.some((d) => d.ok)) return null;
  }
  for (const d of live) if (d.ok) check(d);
  return live.find((d) => d.ok)?.encoding ?? null;
}

/** Tab-separated when the header line has more tabs than commas (Excel's "Unicode text"). */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

async function* csvRows(path: string, encoding: TextEncoding, delimiter: string): AsyncGenerator<SheetRow> {
  // TextDecoder drops a leading BOM, so the first header is not "\uFEFF企业名称".
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 1024 * 1024 });
  const input = createReadStream(path);
  pipeline(input, decode, parser, () => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw importErrors('IMPORT_CSV_MALFORMED', { code: err.code, row: row + 1 }, `CSV 文件第 ${row + 1} 行附近格式有误${err.code === 'CSV_QUOTE_NOT_CLOSED' ? '（引号没有闭合）' : ''}，请在 Excel 中打开后重新保存`);
    }
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

// ---------------------------------------------------------------------------------------
// XLSX

interface ReaderEvent {
  eventType: string;
  value: unknown;
}

/** The parts of exceljs's streaming worksheet reader this module relies on. */
interface WorksheetStream extends AsyncIterable<ExcelJS.Row> {
  name?: string;
  /** The sheet's XML: a read stream of a temp file when exceljs had to set it aside. */
  iterator?: unknown;
}

/**
 * Rows of the first worksheet, streamed with exceljs's WorkbookReader. Other worksheets are
 * skipped unread. Dates come back as Date (styles are read to know which numbers are dates).
 */
async function* xlsxRows(path: string, info: SheetInfo = { otherSheets: [] }): AsyncGenerator<SheetRow> {
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeWholeCharacters(reader);
  const events = reader.parse() as AsyncGenerator<ReaderEvent>;
  let current: WorksheetStream | null = null;
  let sheets = 0;
  let rowsRead = 0;
  let finished = false;
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      if (next.value.eventType !== 'worksheet') continue;
      const sheet = next.value.value as WorksheetStream;
      sheets++;
      if (sheets > 1) {
        info.otherSheets.push(sheet.name ?? `第 ${sheets} 个工作表`);
        closeSetAside(sheet);
        continue;
      }
      info.sheetName = sheet.name;
      current = sheet;
      for await (const row of sheet) {
        rowsRead++;
        yield { row: row.number, cells: rowCells(row) };
      }
      current = null;
    }
    finished = true;
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Not a zip, a zip that is no workbook, or a workbook cut short.
    throw rowsRead === 0 ? importErrors('IMPORT_NOT_SPREADSHEET') : importErrors('IMPORT_FILE_CORRUPT');
  } finally {
    if (!finished) await abandon(events, current);
    input.destroy();
  }
  if (sheets === 0) throw importErrors('IMPORT_NOT_SPREADSHEET');
}

type ReaderMethod = (this: unknown, ...args: unknown[]) => unknown;

/**
 * exceljs 4 turns each chunk of a decompressed XML part into text on its own, so a Chinese
 * character cut by a chunk boundary (every 16 KB) becomes U+FFFD, silently (exceljs#2084).
 * Its parser passes text through untouched, so the parts are handed to it already decoded:
 * zip entries and set-aside sheets get a UTF-8 stream decoding, a sheet streamed from the
 * zip a decoding iterator. These are exceljs internals (4.4): a version without them fails
 * here, loudly, rather than importing damaged names.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const methods = reader as unknown as Record<string, ReaderMethod>;
  const override = (name: string, wrap: (original: ReaderMethod) => ReaderMethod) => {
    const original = methods[name];
    if (typeof original !== 'function') throw new Error(`exceljs WorkbookReader has no ${name}(): review decodeWholeCharacters`);
    methods[name] = wrap(original);
  };
  for (const name of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    override(name, (original) =>
      function (this: unknown, entry: unknown, ...rest: unknown[]) {
        (entry as NodeJS.ReadableStream).setEncoding('utf8');
        return original.call(this, entry, ...rest);
      },
    );
  }
  override('_parseWorksheet', (original) =>
    function (this: unknown, iterator: unknown, ...rest: unknown[]) {
      if (iterator instanceof ReadStream) {
        iterator.setEncoding('utf8');
        return original.call(this, iterator, ...rest);
      }
      return original.call(this, decodeChunks(iterator as AsyncIterable<Buffer | string>), ...rest);
    },
  );
}

async function* decodeChunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Stops reading early without leaving exceljs's temp files behind: a worksheet that came
 * before the shared strings in the zip sits in a temp file, removed only when the reader's
 * generator runs on past it. A sheet streamed straight from the zip cannot be skipped
 * without buffering the rest of it, so then the reader is simply dropped.
 */
async function abandon(events: AsyncGenerator<ReaderEvent>, current: WorksheetStream | null): Promise<void> {
  if (current && !closeSetAside(current)) return;
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) return;
      if (next.value.eventType === 'worksheet') closeSetAside(next.value.value as WorksheetStream);
    }
  } catch {
    // The request has failed already; nothing more to clean.
  }
}

/** Closes a worksheet's temp-file stream; false when the sheet streams from the zip itself. */
function closeSetAside(sheet: WorksheetStream): boolean {
  if (sheet.iterator instanceof ReadStream) {
    sheet.iterator.destroy();
    return true;
  }
  return false;
}

function rowCells(row: ExcelJS.Row): CellValue[] {
  const cells: CellValue[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    cells[col - 1] = fromExcel(cell.value);
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= null;
  return cells;
}

/** An exceljs cell value as the import reads it: formulas by their cached result, rich text joined. */
export function fromExcel(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { problem: '单元格的数值无效' };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { problem: '公式没有计算结果：请在 Excel 中打开并保存，或把公式粘贴为数值' };
    if (typeof result === 'number' && !Number.isFinite(result)) return { problem: '公式的结果是错误值' };
    if (typeof result === 'object' && 'error' in (result as object)) return { problem: `公式的结果是错误值 ${(result as { error: string }).error}` };
    return fromExcel(result as ExcelJS.CellValue);
  }
  if ('richText' in value) return value.richText.map((r) => r.text ?? '').join('');
  if ('error' in value) return { problem: `单元格是错误值 ${value.error}` };
  if ('text' in value && 'hyperlink' in value) return fromExcel(value.text as ExcelJS.CellValue);
  return { problem: '无法读取的单元格内容' };
}
