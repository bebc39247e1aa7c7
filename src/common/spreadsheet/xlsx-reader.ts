import { Readable } from 'node:stream';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { AppError } from '../errors/app-error';
import { CellValue } from './cells';
import { IMPORT_LIMITS, limitErrors, SHARED_STRINGS_BYTES, UNPACKED_BYTES } from './import-limits';
import { spreadsheetErrors } from './spreadsheet.errors';
import type { SheetInfo, SheetRow } from './sheet';

/*
 * The first worksheet of an .xlsx, read row by row with every cost bounded (IMPORT_LIMITS):
 * the zip through yauzl (its central directory, so parts are read in the order we need —
 * shared strings before the sheet, no temp files — and every entry's inflated size checked
 * against what it declares), each XML part through saxes behind a byte guard (no tag or text
 * longer than xmlRunKilobytes, no DTD/comment/CDATA, depth ≤ xmlDepth), the shared strings in
 * one bounded UTF-8 buffer, and rows, cells and characters counted as they stream.
 * Values are what exceljs's reader made of them, which the import was built on: formulas by
 * their cached result, rich text joined, numbers in a date format as dates.
 */

/** Reads the parts of one workbook; every inflated byte is charged to one budget. */
class Workbook {
  private remaining = UNPACKED_BYTES;
  private readonly byName = new Map<string, Entry>();

  private constructor(private readonly zip: ZipFile) {}

  static async open(path: string): Promise<Workbook> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
    } catch {
      throw spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
    }
    const book = new Workbook(zip);
    try {
      let n = 0;
      for await (const entry of zip.eachEntry()) {
        if (++n > IMPORT_LIMITS.zipEntries) throw limitErrors.zipEntries();
        book.byName.set(entry.fileName.replace(/\\/g, '/').toLowerCase(), entry);
      }
    } catch (err) {
      zip.close();
      throw err instanceof AppError ? err : spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
    }
    return book;
  }

  close(): void {
    this.zip.close();
  }

  entry(name: string): Entry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Refuses at once when what the parts declare is over the budget. */
  checkDeclared(entries: Entry[]): void {
    if (entries.reduce((n, e) => n + e.uncompressedSize, 0) > UNPACKED_BYTES) throw limitErrors.unpacked();
  }

  /** The part's inflated bytes, charged to the budget as they come (a lying header gains nothing). */
  async *bytes(entry: Entry): AsyncGenerator<Buffer> {
    let stream: Readable;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch {
      throw spreadsheetErrors('IMPORT_FILE_CORRUPT');
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.remaining -= chunk.length;
        if (this.remaining < 0) throw limitErrors.unpacked(entry.fileName);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      // yauzl's validateEntrySizes: more (or fewer) bytes than the directory says.
      if (/too many bytes|not enough bytes/i.test((err as Error).message)) throw limitErrors.lyingSize(entry.fileName);
      throw spreadsheetErrors('IMPORT_FILE_CORRUPT');
    } finally {
      stream.destroy();
    }
  }
}

interface XmlHandler {
  open(tag: SaxesTagPlain): void;
  text(text: string): void;
  close(name: string): void;
}

/**
 * Watches the raw bytes before saxes sees them: saxes keeps a whole tag or text in memory
 * until it ends, and a comment or CDATA section until it closes.
 */
class ByteGuard {
  private run = 0;
  private afterLt = false;
  private inTag = false;
  private readonly maxRun = IMPORT_LIMITS.xmlRunKilobytes * 1024;

  constructor(private readonly part: string) {}

  check(chunk: Buffer): void {
    let at = 0;
    for (;;) {
      const lt = chunk.indexOf(0x3c, at);
      const gt = chunk.indexOf(0x3e, at);
      if (this.afterLt && at < chunk.length) {
        if (chunk[at] === 0x21) throw limitErrors.xmlMarkup(this.part); // "<!"
        this.afterLt = false;
      }
      const next = lt < 0 ? gt : gt < 0 ? lt : Math.min(lt, gt);
      if (next < 0) {
        this.run += chunk.length - at;
        if (this.run > this.maxRun) throw this.tooLong();
        return;
      }
      this.run += next - at;
      if (this.run > this.maxRun) throw this.tooLong();
      this.inTag = chunk[next] === 0x3c;
      this.afterLt = this.inTag;
      this.run = 0;
      at = next + 1;
    }
  }

  private tooLong(): AppError {
    // Between tags it is text: over xmlRunKilobytes bytes is over cellCharacters characters
    // (at most 8 bytes a character, as &#x4E2D;).
    return this.inTag ? limitErrors.xmlTag(this.part) : limitErrors.cell();
  }
}

/** Streams one XML part through saxes; after each chunk, yields what `take` has ready. */
async function* parsePart<T>(book: Workbook, entry: Entry, handler: XmlHandler, take?: () => T[]): AsyncGenerator<T> {
  const part = entry.fileName;
  const guard = new ByteGuard(part);
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  const decoder = new TextDecoder('utf-8');
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (++depth > IMPORT_LIMITS.xmlDepth) throw limitErrors.xmlDepth(part);
    handler.open(tag);
  });
  parser.on('closetag', (tag) => {
    depth--;
    handler.close(tag.name);
  });
  parser.on('text', (text) => handler.text(text));
  parser.on('doctype', () => {
    throw limitErrors.xmlMarkup(part);
  });
  const write = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (err) {
      throw err instanceof AppError ? err : spreadsheetErrors('IMPORT_FILE_CORRUPT', { part });
    }
  };
  for await (const chunk of book.bytes(entry)) {
    guard.check(chunk);
    write(decoder.decode(chunk, { stream: true }));
    if (take) yield* take();
  }
  write(decoder.decode());
  write(null);
  if (take) yield* take();
}

async function readWhole(book: Workbook, entry: Entry | undefined, handler: XmlHandler): Promise<void> {
  if (!entry) return;
  for await (const _ of parsePart(book, entry, handler)) void _;
}

/** `xl/worksheets/sheet1.xml` for Target `worksheets/sheet1.xml` of a part in `xl/`. */
function resolveTarget(fromDir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : fromDir.split('/').filter(Boolean);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

interface Relationship {
  type: string;
  target: string;
}

async function relationships(book: Workbook, partPath: string): Promise<Map<string, Relationship>> {
  const relsPath = `${dirOf(partPath) ? `${dirOf(partPath)}/` : ''}_rels/${partPath.slice(partPath.lastIndexOf('/') + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  await readWhole(book, book.entry(relsPath), {
    open(tag) {
      if (localName(tag.name) !== 'Relationship') return;
      const { Id, Type, Target, TargetMode } = tag.attributes as Record<string, string | undefined>;
      if (Id && Target && TargetMode !== 'External') rels.set(Id, { type: Type ?? '', target: resolveTarget(dirOf(partPath), Target) });
    },
    text: () => undefined,
    close: () => undefined,
  });
  return rels;
}

/** Built-in number formats that are dates (14–22, 45–47, and the CJK ones 27–36, 50–58). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** exceljs's test: date letters outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (xf) index, whether its number format is a date. */
async function dateStyles(book: Workbook, entry: Entry | undefined): Promise<boolean[]> {
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await readWhole(book, entry, {
    open(tag) {
      const name = localName(tag.name);
      const a = tag.attributes as Record<string, string | undefined>;
      if (name === 'numFmt') custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        styles.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
      }
    },
    text: () => undefined,
    close(name) {
      if (localName(name) === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** The shared strings, as one UTF-8 buffer and where each ends: about the size of their text. */
class SharedStrings {
  private buffer = Buffer.alloc(64 * 1024);
  private used = 0;
  private ends = new Uint32Array(1024);
  count = 0;

  add(text: string): void {
    if (this.count >= IMPORT_LIMITS.sharedStrings) throw limitErrors.sharedStrings(true);
    const bytes = Buffer.byteLength(text);
    if (this.used + bytes > SHARED_STRINGS_BYTES) throw limitErrors.sharedStrings(false);
    if (this.used + bytes > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(SHARED_STRINGS_BYTES, Math.max(this.buffer.length * 2, this.used + bytes)));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.used += this.buffer.write(text, this.used);
    this.ends[this.count++] = this.used;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    return this.buffer.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}

/** Text of `<t>` elements, phonetic runs (`<rPh>`) left out, bounded by cellCharacters. */
class TextCollector {
  private parts: string[] = [];
  private length = 0;
  private inT = false;
  private inPhonetic = false;

  open(name: string): void {
    if (name === 't' && !this.inPhonetic) this.inT = true;
    else if (name === 'rPh') this.inPhonetic = true;
  }

  close(name: string): void {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.inPhonetic = false;
  }

  text(text: string, where?: () => { row?: number; column?: number }): void {
    if (!this.inT) return;
    this.length += text.length;
    if (this.length > IMPORT_LIMITS.cellCharacters) throw limitErrors.cell(where?.());
    this.parts.push(text);
  }

  take(): string {
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.inT = false;
    this.inPhonetic = false;
    return text;
  }
}

async function sharedStrings(book: Workbook, entry: Entry | undefined): Promise<SharedStrings> {
  const table = new SharedStrings();
  const text = new TextCollector();
  await readWhole(book, entry, {
    open: (tag) => text.open(localName(tag.name)),
    text: (t) => text.text(t),
    close(name) {
      const local = localName(name);
      if (local === 'si') table.add(text.take());
      else text.close(local);
    },
  });
  return table;
}

/** Excel's serial day number as a Date, as exceljs computes it. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** 0-based column of a cell reference (`AB12` → 27); -1 when it has none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return -1;
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
    if (col > IMPORT_LIMITS.cellsPerRow) return Number.MAX_SAFE_INTEGER;
  }
  return i === 0 ? -1 : col - 1;
}

interface CellState {
  col: number;
  type: string;
  dateStyle: boolean;
  formula: boolean;
  value: string | null;
  inValue: boolean;
  inline: boolean;
}

/** The parts of the workbook a read needs: its first worksheet, and the styles and shared strings. */
interface SheetParts {
  name: string;
  others: string[];
  sheet: Entry;
  strings?: Entry;
  styles?: Entry;
  date1904: boolean;
}

async function firstSheet(book: Workbook): Promise<SheetParts> {
  const root = await relationships(book, '');
  const workbookPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookEntry = book.entry(workbookPath);
  if (!workbookEntry) throw spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
  const rels = await relationships(book, workbookPath);
  const sheets: Array<{ name: string; rel?: string }> = [];
  let date1904 = false;
  await readWhole(book, workbookEntry, {
    open(tag) {
      const name = localName(tag.name);
      const a = tag.attributes as Record<string, string | undefined>;
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') sheets.push({ name: a.name ?? `第 ${sheets.length + 1} 个工作表`, rel: a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] });
    },
    text: () => undefined,
    close: () => undefined,
  });
  const first = sheets[0];
  const sheetPath = first?.rel ? rels.get(first.rel)?.target : undefined;
  const sheetEntry = sheetPath ? book.entry(sheetPath) : undefined;
  if (!first || !sheetEntry) throw spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
  const byType = (suffix: string) => {
    const rel = [...rels.values()].find((r) => r.type.endsWith(suffix));
    return rel ? book.entry(rel.target) : undefined;
  };
  const strings = byType('/sharedStrings') ?? book.entry('xl/sharedStrings.xml');
  const styles = byType('/styles') ?? book.entry('xl/styles.xml');
  book.checkDeclared([workbookEntry, sheetEntry, ...(strings ? [strings] : []), ...(styles ? [styles] : [])]);
  return { name: first.name, others: sheets.slice(1).map((s) => s.name), sheet: sheetEntry, strings, styles, date1904 };
}

/** A merged range of the first worksheet: rows as Excel numbers them, columns 0-based (as SheetRow's cells). */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** `B3` → row 3, column 1. */
function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  return m ? { row: Number(m[2]), col: columnOf(m[1]) } : null;
}

/**
 * The merged ranges of the first worksheet. Excel writes <mergeCells> after <sheetData>, so
 * a streaming read of the rows learns them too late: this is a pass of its own over the sheet.
 */
export async function xlsxMerges(path: string): Promise<MergedRange[]> {
  const book = await Workbook.open(path);
  try {
    const parts = await firstSheet(book);
    const merges: MergedRange[] = [];
    await readWhole(book, parts.sheet, {
      open(tag) {
        if (localName(tag.name) !== 'mergeCell') return;
        if (merges.length >= IMPORT_LIMITS.mergedRanges) throw limitErrors.mergedRanges();
        const [from, to] = String((tag.attributes as Record<string, string | undefined>).ref ?? '').split(':');
        const a = from ? cellRef(from) : null;
        const b = to ? cellRef(to) : a;
        if (a && b) merges.push({ top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) });
      },
      text: () => undefined,
      close: () => undefined,
    });
    return merges;
  } catch (err) {
    throw err instanceof AppError && err.code !== 'IMPORT_FILE_CORRUPT' ? err : spreadsheetErrors('IMPORT_NOT_SPREADSHEET');
  } finally {
    book.close();
  }
}

/** Rows of the first worksheet, bounded as the module comment says. */
export async function* xlsxRows(path: string, info: SheetInfo = { otherSheets: [] }): AsyncGenerator<SheetRow> {
  const book = await Workbook.open(path);
  let rowsRead = 0;
  try {
    const { name, others, sheet: sheetEntry, strings: stringsEntry, styles: stylesEntry, date1904 } = await firstSheet(book);
    const dates = await dateStyles(book, stylesEntry);
    const strings = await sharedStrings(book, stringsEntry);
    info.sheetName = name;
    info.otherSheets.push(...others);

    const ready: SheetRow[] = [];
    let rowNumber = 0;
    let cells: CellValue[] | null = null;
    let cellCount = 0;
    let lastCol = -1;
    let cell: CellState | null = null;
    const inline = new TextCollector();
    const where = () => ({ row: rowNumber, column: (cell?.col ?? 0) + 1 });

    const valueOf = (c: CellState): CellValue => {
      const v = c.value;
      if (c.type === 'inlineStr') return inline.take();
      if (c.formula && v === null) return { problem: '公式没有计算结果：请在 Excel 中重新计算并保存，或把公式粘贴为数值' };
      if (v === null) return null;
      switch (c.type) {
        case 's':
          return v.trim() === '' ? null : (strings.get(Number(v)) ?? null);
        case 'str':
          return v;
        case 'b':
          return v === '1' || v === 'true';
        case 'e':
          return { problem: c.formula ? `公式的结果是错误值 ${v}` : `单元格是错误值 ${v}` };
        case 'd': {
          const d = new Date(v);
          return Number.isNaN(d.getTime()) ? { problem: '单元格的日期无效' } : d;
        }
        default: {
          if (v.trim() === '') return null;
          const n = Number(v);
          if (!Number.isFinite(n)) return { problem: c.formula ? '公式的结果是错误值' : '单元格的数值无效' };
          return c.dateStyle && !c.formula ? excelDate(n, date1904) : n;
        }
      }
    };

    const handler: XmlHandler = {
      open(tag) {
        const name = localName(tag.name);
        const a = tag.attributes as Record<string, string | undefined>;
        if (name === 'row') {
          if (++rowsRead > IMPORT_LIMITS.sheetRows) throw limitErrors.rows();
          const r = Number(a.r);
          rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
          cells = [];
          cellCount = 0;
          lastCol = -1;
        } else if (name === 'c' && cells) {
          if (++cellCount > IMPORT_LIMITS.cellsPerRow) throw limitErrors.cells(rowNumber);
          const ref = columnOf(a.r);
          lastCol = ref >= 0 ? ref : lastCol + 1;
          cell = { col: lastCol, type: a.t ?? 'n', dateStyle: dates[Number(a.s ?? 0)] ?? false, formula: false, value: null, inValue: false, inline: false };
        } else if (cell) {
          if (name === 'f') cell.formula = true;
          else if (name === 'v') {
            cell.inValue = true;
            cell.value ??= '';
          } else if (name === 'is') cell.inline = true;
          else if (cell.inline) inline.open(name);
        }
      },
      text(text) {
        if (!cell) return;
        if (cell.inValue) {
          if ((cell.value as string).length + text.length > IMPORT_LIMITS.cellCharacters) throw limitErrors.cell(where());
          cell.value += text;
        } else if (cell.inline) inline.text(text, where);
      },
      close(name) {
        const local = localName(name);
        if (local === 'c' && cell && cells) {
          const value = valueOf(cell);
          if (value !== null && !(typeof value === 'string' && value === '')) {
            if (cell.col >= IMPORT_LIMITS.columns) throw limitErrors.columns(rowNumber);
            cells[cell.col] = value;
          } else if (value === '' && cell.col < IMPORT_LIMITS.columns) cells[cell.col] = value;
          cell = null;
        } else if (local === 'row' && cells) {
          for (let i = 0; i < cells.length; i++) cells[i] ??= null;
          ready.push({ row: rowNumber, cells });
          cells = null;
        } else if (cell) {
          if (local === 'v') cell.inValue = false;
          else if (local === 'is') cell.inline = false;
          else if (cell.inline) inline.close(local);
        }
      },
    };
    const take = () => ready.splice(0, ready.length);
    for await (const row of parsePart(book, sheetEntry, handler, take)) yield row;
  } catch (err) {
    if (err instanceof AppError && err.code !== 'IMPORT_FILE_CORRUPT') throw err;
    // Not a workbook at all, or one cut short after some rows.
    throw rowsRead === 0 ? spreadsheetErrors('IMPORT_NOT_SPREADSHEET') : spreadsheetErrors('IMPORT_FILE_CORRUPT');
  } finally {
    book.close();
  }
}
