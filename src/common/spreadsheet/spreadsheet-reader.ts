import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../errors/app-error';
import { IMPORT_LIMITS, limitErrors } from './import-limits';
import { spreadsheetErrors } from './spreadsheet.errors';
import type { SheetInfo, SheetRow } from './sheet';
import { MergedRange, xlsxMerges, xlsxRows } from './xlsx-reader';

export type { SheetInfo, SheetRow } from './sheet';
export type { MergedRange } from './xlsx-reader';

export type SpreadsheetKind = 'xlsx' | 'csv';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** An uploaded file known to be a spreadsheet, read row by row and anew by each `rows()` call. */
export interface Spreadsheet {
  kind: SpreadsheetKind;
  encoding?: TextEncoding;
  rows(info?: SheetInfo): AsyncGenerator<SheetRow>;
  /** The merged ranges of the sheet (a pass of its own); none in a CSV. */
  merges(): Promise<MergedRange[]>;
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
  if (head.length === 0) throw spreadsheetErrors('IMPORT_FILE_EMPTY');
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return { kind: 'xlsx', rows: (info) => xlsxRows(path, info), merges: () => xlsxMerges(path) };
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) throw spreadsheetErrors('IMPORT_LEGACY_XLS');
  const encoding = await detectTextEncoding(path, head);
  if (!encoding) throw spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(head));
  return { kind: 'csv', encoding, rows: () => csvRows(path, encoding, delimiter), merges: () => Promise.resolve([]) };
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

/** A CSV record within IMPORT_LIMITS (the record's bytes are bounded by csv-parse's max_record_size). */
function boundedRecord(record: string[], row: number): string[] {
  if (row > IMPORT_LIMITS.sheetRows) throw limitErrors.rows();
  if (record.length > IMPORT_LIMITS.cellsPerRow) throw limitErrors.cells(row);
  let last = -1;
  for (let i = 0; i < record.length; i++) {
    const cell = record[i] as string;
    if (cell.length > IMPORT_LIMITS.cellCharacters) throw limitErrors.cell({ row, column: i + 1 });
    if (cell !== '') last = i;
  }
  if (last >= IMPORT_LIMITS.columns) throw limitErrors.columns(row);
  return record.length > IMPORT_LIMITS.columns ? record.slice(0, IMPORT_LIMITS.columns) : record;
}

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
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: IMPORT_LIMITS.csvRecordKilobytes * 1024 });
  const input = createReadStream(path);
  pipeline(input, decode, parser, () => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: boundedRecord(record, row) };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof CsvError && err.code === 'CSV_MAX_RECORD_SIZE') throw limitErrors.csvRecord(row + 1);
    if (err instanceof CsvError) {
      throw spreadsheetErrors('IMPORT_CSV_MALFORMED', { code: err.code, row: row + 1 }, `CSV 文件第 ${row + 1} 行附近格式有误${err.code === 'CSV_QUOTE_NOT_CLOSED' ? '（引号没有闭合）' : ''}，请在 Excel 中打开后重新保存`);
    }
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
}
