import type { CellValue } from './cells';

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
