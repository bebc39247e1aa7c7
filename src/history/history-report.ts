import type { SpreadsheetKind, TextEncoding } from '../enterprises/import/spreadsheet-reader';

/** The errors and warnings lists stop here; the counts go on. */
export const MAX_LISTED_ISSUES = 1000;

export interface HistoryIssue {
  /** Excel row number (the header's row is the one the report names). */
  row?: number;
  column?: string;
  message: string;
}

/** What a history import (dry or real) answers. */
export interface HistoryImportReport {
  dryRun: boolean;
  fileType: SpreadsheetKind;
  encoding?: TextEncoding;
  sheet?: string;
  /** Excel row number of the header found (under the title rows of an exported report). */
  headerRow?: number;
  /** Data rows, blank, foot and 合计 rows not counted. */
  totalRows: number;
  /** Rows that create a record. */
  created: number;
  /** Rows whose record is already there, as the row says (by 编号 or natural key). */
  unchanged: number;
  errorRows: number;
  errorCount: number;
  errors: HistoryIssue[];
  warningCount: number;
  warnings: HistoryIssue[];
  ignoredColumns: string[];
}

export class HistoryReportBuilder {
  readonly report: HistoryImportReport;
  private readonly errorRowSet = new Set<number>();
  private readonly fileWarnings: HistoryIssue[] = [];
  private readonly rowWarnings: HistoryIssue[] = [];

  constructor(dryRun: boolean, fileType: SpreadsheetKind, encoding?: TextEncoding) {
    this.report = { dryRun, fileType, ...(encoding ? { encoding } : {}), totalRows: 0, created: 0, unchanged: 0, errorRows: 0, errorCount: 0, errors: [], warningCount: 0, warnings: [], ignoredColumns: [] };
  }

  error(issue: HistoryIssue): void {
    this.report.errorCount++;
    if (issue.row !== undefined && !this.errorRowSet.has(issue.row)) {
      this.errorRowSet.add(issue.row);
      this.report.errorRows++;
    }
    if (this.report.errors.length < MAX_LISTED_ISSUES) this.report.errors.push(issue);
  }

  warn(issue: HistoryIssue): void {
    this.report.warningCount++;
    if (this.rowWarnings.length < MAX_LISTED_ISSUES) this.rowWarnings.push(issue);
  }

  warnFile(message: string): void {
    this.report.warningCount++;
    this.fileWarnings.push({ message });
  }

  finish(): HistoryImportReport {
    this.report.warnings = [...this.fileWarnings, ...this.rowWarnings].slice(0, MAX_LISTED_ISSUES);
    return this.report;
  }
}
