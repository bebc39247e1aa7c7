import { spreadsheetErrors } from './spreadsheet.errors';

/**
 * What reading one uploaded spreadsheet may cost, whatever the file claims about itself.
 * A legitimate list of MAX_IMPORT_ROWS (200,000) companies stays well inside every figure
 * (a 200,000-row sheet is about 110 MB of XML, its shared strings about 35 MB); Excel's own
 * limits where it has one (32,767 characters in a cell, 16,384 cells in a row).
 */
export const IMPORT_LIMITS = {
  /** The parts of an .xlsx the import reads, uncompressed: declared in the zip, and counted while inflating. */
  unpackedMegabytes: 256,
  /** Entries in the zip's directory. */
  zipEntries: 10_000,
  /** Text of the shared-strings table kept for the sheet (UTF-8). */
  sharedStringsMegabytes: 64,
  sharedStrings: 3_000_000,
  cellCharacters: 32_767,
  /** Columns that may hold a value; empty cells beyond are skipped. */
  columns: 256,
  /** Cell elements in one row, empty ones included. */
  cellsPerRow: 16_384,
  /** Rows of the sheet or the CSV, blank ones included. */
  sheetRows: 250_000,
  /** Nesting of XML elements. */
  xmlDepth: 64,
  /** Bytes of one XML tag or one text between tags (a longer text is a cell over cellCharacters). */
  xmlRunKilobytes: 512,
  /** Merged ranges of the sheet (a county's list has one per county or group, a few hundred). */
  mergedRanges: 100_000,
  /** One CSV record. */
  csvRecordKilobytes: 1024,
} as const;

const MB = 1024 * 1024;

export const limitErrors = {
  unpacked: (part?: string) =>
    spreadsheetErrors(
      'IMPORT_UNPACKED_TOO_LARGE',
      { limitMegabytes: IMPORT_LIMITS.unpackedMegabytes, ...(part ? { part } : {}) },
      `工作簿解压后超过 ${IMPORT_LIMITS.unpackedMegabytes} MB，无法导入：请删去无关的工作表和内容，或拆分后分批导入`,
    ),
  lyingSize: (part: string) =>
    spreadsheetErrors(
      'IMPORT_UNPACKED_TOO_LARGE',
      { part, reason: 'inflated size differs from the declared size' },
      `工作簿中的 ${part} 解压后的大小与文件声明的不符（已损坏或是压缩炸弹），无法导入`,
    ),
  zipEntries: () =>
    spreadsheetErrors('IMPORT_UNPACKED_TOO_LARGE', { limitEntries: IMPORT_LIMITS.zipEntries }, `工作簿包含超过 ${IMPORT_LIMITS.zipEntries} 个部件，无法导入`),
  sharedStrings: (count: boolean) =>
    spreadsheetErrors(
      'IMPORT_SHARED_STRINGS_TOO_LARGE',
      count ? { limitCount: IMPORT_LIMITS.sharedStrings } : { limitMegabytes: IMPORT_LIMITS.sharedStringsMegabytes },
      count
        ? `工作簿的共享字符串超过 ${IMPORT_LIMITS.sharedStrings} 个，无法导入：请拆分后分批导入`
        : `工作簿的共享字符串超过 ${IMPORT_LIMITS.sharedStringsMegabytes} MB，无法导入：请拆分后分批导入`,
    ),
  cell: (where?: { row?: number; column?: number }) =>
    spreadsheetErrors(
      'IMPORT_CELL_TOO_LONG',
      { limitCharacters: IMPORT_LIMITS.cellCharacters, ...where },
      `${where?.row ? `第 ${where.row} 行` : ''}有单元格超过 ${IMPORT_LIMITS.cellCharacters} 个字符（Excel 单元格的上限），无法导入`,
    ),
  columns: (row: number) =>
    spreadsheetErrors('IMPORT_TOO_MANY_COLUMNS', { limitColumns: IMPORT_LIMITS.columns, row }, `第 ${row} 行超过 ${IMPORT_LIMITS.columns} 列，无法导入：请删去多余的列`),
  cells: (row: number) =>
    spreadsheetErrors(
      'IMPORT_TOO_MANY_COLUMNS',
      { limitCells: IMPORT_LIMITS.cellsPerRow, row },
      `第 ${row} 行超过 ${IMPORT_LIMITS.cellsPerRow} 个单元格（Excel 一行的上限），无法导入`,
    ),
  rows: () =>
    spreadsheetErrors(
      'IMPORT_TOO_MANY_ROWS',
      { limitRows: IMPORT_LIMITS.sheetRows },
      `表格超过 ${IMPORT_LIMITS.sheetRows} 行（含空行），无法导入：请删去空行，或拆分后分批导入`,
    ),
  xmlDepth: (part: string) =>
    spreadsheetErrors('IMPORT_XML_LIMIT', { limitDepth: IMPORT_LIMITS.xmlDepth, part }, `工作簿中的 ${part} 的 XML 嵌套超过 ${IMPORT_LIMITS.xmlDepth} 层，无法导入`),
  xmlTag: (part: string) =>
    spreadsheetErrors(
      'IMPORT_XML_LIMIT',
      { limitKilobytes: IMPORT_LIMITS.xmlRunKilobytes, part },
      `工作簿中的 ${part} 有超过 ${IMPORT_LIMITS.xmlRunKilobytes} KB 的 XML 标签，无法导入`,
    ),
  xmlMarkup: (part: string) =>
    spreadsheetErrors('IMPORT_XML_LIMIT', { part }, `工作簿中的 ${part} 含有 DTD、注释或 CDATA 段，Excel 不会写出这些，无法导入`),
  mergedRanges: () =>
    spreadsheetErrors('IMPORT_XML_LIMIT', { limitMergedRanges: IMPORT_LIMITS.mergedRanges }, `工作表的合并单元格超过 ${IMPORT_LIMITS.mergedRanges} 处，无法导入：请取消合并后重新保存`),
  csvRecord: (row: number) =>
    spreadsheetErrors(
      'IMPORT_ROW_TOO_LARGE',
      { limitKilobytes: IMPORT_LIMITS.csvRecordKilobytes, row },
      `CSV 第 ${row} 行超过 ${IMPORT_LIMITS.csvRecordKilobytes} KB，无法导入：请检查引号是否成对`,
    ),
};

export const UNPACKED_BYTES = IMPORT_LIMITS.unpackedMegabytes * MB;
export const SHARED_STRINGS_BYTES = IMPORT_LIMITS.sharedStringsMegabytes * MB;
