import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { USCC_ALPHABET, usccCheckChar } from '../../src/enterprises/uscc';

/** Spreadsheets built in the test (no binary fixtures), and what the import/export answer. */

export type Cell = ExcelJS.CellValue;

/** An .xlsx with `rows` on its first sheet (rows[0] is the header); `edit` may touch the sheet or add others. */
export async function xlsx(rows: Cell[][], edit?: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('企业名单');
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet, book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The same zip with the entries named in `first` moved to the front. Excel writes the sheets
 * before the shared strings (exceljs's reader then sets them aside in temp files); other
 * tools write them after, and the reader streams the sheet straight from the zip.
 */
export function reorderZip(zip: Buffer, first: string[]): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: Array<{ name: string; central: Buffer; local: Buffer; data: Buffer }> = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const centralLength = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const central = Buffer.from(zip.subarray(at, at + centralLength));
    const name = central.subarray(46, 46 + nameLength).toString('utf8');
    const offset = central.readUInt32LE(42);
    const dataStart = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = zip.subarray(dataStart, dataStart + central.readUInt32LE(20));
    // A fresh local header with the sizes in it (no trailing data descriptor).
    const local = Buffer.alloc(30 + nameLength);
    local.writeUInt32LE(0x04034b50, 0);
    central.copy(local, 4, 6, 28); // version needed … uncompressed size
    local.writeUInt16LE(central.readUInt16LE(8) & ~0x08, 6);
    local.writeUInt16LE(nameLength, 26);
    local.writeUInt16LE(0, 28);
    local.write(name, 30, 'utf8');
    central.writeUInt16LE(central.readUInt16LE(8) & ~0x08, 8);
    entries.push({ name, central, local, data });
    at += centralLength;
  }
  const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
  entries.sort((a, b) => rank(a.name) - rank(b.name));
  const parts: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    e.central.writeUInt32LE(offset, 42);
    parts.push(e.local, e.data);
    offset += e.local.length + e.data.length;
  }
  const centralStart = offset;
  for (const e of entries) parts.push(e.central);
  const end = Buffer.from(zip.subarray(eocd, eocd + 22));
  end.writeUInt32LE(entries.reduce((n, e) => n + e.central.length, 0), 12);
  end.writeUInt32LE(centralStart, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** Reads an .xlsx answer back: the first sheet's rows as arrays of cell values (1-based like Excel). */
export async function readXlsx(buffer: Buffer): Promise<{ sheet: ExcelJS.Worksheet; rows: Cell[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = book.worksheets[0] as ExcelJS.Worksheet;
  const rows: Cell[][] = [];
  sheet.eachRow((row) => rows.push((row.values as Cell[]).slice(1)));
  return { sheet, rows };
}

/** CSV text from rows, quoting where needed. */
export function csv(rows: Array<Array<string | number | null>>): string {
  const quote = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

let gbkTable: Map<string, number[]> | undefined;

/** Encodes text as GBK, the way Excel in China saves "CSV": built from the platform's own GB18030 decoder. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const encoded = gbkTable.get(ch);
    if (!encoded) throw new Error(`no GBK encoding for ${ch}`);
    bytes.push(...encoded);
  }
  return Buffer.from(bytes);
}

/** A credit code that passes the checksum, different on every call. */
export function creditCode(): string {
  let body = '91';
  while (body.length < 17) body += USCC_ALPHABET[randomInt(USCC_ALPHABET.length)];
  return body + usccCheckChar(body);
}

/** supertest: collect a binary body as a Buffer. */
export function binary(res: unknown, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** What the import answers, as the tests read it. */
export interface Report {
  dryRun: boolean;
  fileType: string;
  encoding?: string;
  sheet?: string;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  contactsCreated: number;
  errorRows: number;
  errorCount: number;
  errors: Array<{ row?: number; column?: string; message: string }>;
  warningCount: number;
  warnings: Array<{ row?: number; column?: string; message: string }>;
  ignoredColumns: string[];
}

export const report = (res: Response): Report => res.body as Report;
