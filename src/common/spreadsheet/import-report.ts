import type { SpreadsheetKind, TextEncoding } from './spreadsheet-reader';

/** One problem of an import, by the row and column the user sees in Excel. */
export interface ImportIssue {
  row?: number;
  column?: string;
  message: string;
}

/** The errors and warnings lists stop here; the counts go on. */
export const MAX_LISTED_ISSUES = 1000;

/** What every import (dry or real) answers; an import adds its own counts. */
export interface ImportReportBase {
  dryRun: boolean;
  fileType: SpreadsheetKind;
  /** CSV only: the encoding the file was read in. */
  encoding?: TextEncoding;
  /** xlsx only: the worksheet that was read (the first). */
  sheet?: string;
  /** Data rows, blank rows not counted. */
  totalRows: number;
  /** Rows that create a record. */
  created: number;
  /** Rows that change a record already in the database (or earlier in the file). */
  updated: number;
  /** Rows whose record already holds everything they say. */
  unchanged: number;
  /** Rows with at least one error. */
  errorRows: number;
  errorCount: number;
  /** The first MAX_LISTED_ISSUES errors, by row number as Excel shows it. */
  errors: ImportIssue[];
  warningCount: number;
  warnings: ImportIssue[];
  /** Header cells the import does not know; their columns were not read. */
  ignoredColumns: string[];
}

/** Accumulates the report of one pass; `extra` are the import's own counts, starting values. */
export class ImportReportBuilder<R extends ImportReportBase = ImportReportBase> {
  readonly report: R;
  private readonly errorRowSet = new Set<number>();
  private readonly fileWarnings: ImportIssue[] = [];
  private readonly rowWarnings: ImportIssue[] = [];

  constructor(dryRun: boolean, fileType: SpreadsheetKind, encoding: TextEncoding | undefined, extra: Omit<R, keyof ImportReportBase>) {
    const base: ImportReportBase = {
      dryRun,
      fileType,
      ...(encoding ? { encoding } : {}),
      totalRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      errorRows: 0,
      errorCount: 0,
      errors: [],
      warningCount: 0,
      warnings: [],
      ignoredColumns: [],
    };
    this.report = { ...base, ...extra } as R;
  }

  error(issue: ImportIssue): void {
    this.report.errorCount++;
    if (issue.row !== undefined && !this.errorRowSet.has(issue.row)) {
      this.errorRowSet.add(issue.row);
      this.report.errorRows++;
    }
    if (this.report.errors.length < MAX_LISTED_ISSUES) this.report.errors.push(issue);
  }

  /** A warning about a row. */
  warn(issue: ImportIssue): void {
    this.report.warningCount++;
    if (this.rowWarnings.length < MAX_LISTED_ISSUES) this.rowWarnings.push(issue);
  }

  /** A warning about the whole file (ignored columns, other worksheets): listed first. */
  warnFile(message: string): void {
    this.report.warningCount++;
    this.fileWarnings.push({ message });
  }

  finish(): R {
    this.report.warnings = [...this.fileWarnings, ...this.rowWarnings].slice(0, MAX_LISTED_ISSUES);
    return this.report;
  }
}
