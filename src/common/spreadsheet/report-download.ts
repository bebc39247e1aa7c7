import type { Response } from 'express';
import { clientKeepsUp, ReportColumn, ReportFrame, ReportValue, ReportWorkbook, RowKind, startXlsxDownload } from './report-workbook';

/** A list report streamed as it is read: its frame, columns and the file's names. */
export interface StreamedReport {
  asciiName: string;
  chineseName: string;
  frame: ReportFrame;
  columns: ReportColumn[];
  notes?: string[];
}

/** A row of a streamed report: its cells (a data row), or cells with their kind (a subtotal or total row as its group ends). */
export type StreamedRow = ReportValue[] | { values: ReportValue[]; kind: RowKind };

/**
 * Streams a one-sheet list report to `res` from `batches` (each a batch of rows read from the
 * database), so a long list never sits in memory. The first batch is read before any byte is
 * sent, so a failure there is an ordinary error response. `record(rows, complete)` — rows: the
 * data rows written, subtotals and totals not counted — audits the
 * export once: before the workbook's closing bytes (a file whose export could not be audited
 * never arrives whole), or with what was sent when the client goes away or a read fails.
 */
export async function streamReport(res: Response, report: StreamedReport, batches: AsyncIterator<StreamedRow[]>, record: (rows: number, complete: boolean) => Promise<void>): Promise<void> {
  let next = await batches.next();
  startXlsxDownload(res, report.asciiName, report.chineseName);
  const book = new ReportWorkbook(res);
  let rows = 0;
  let audited = false;
  try {
    const sheet = book.addSheet(report.frame, report.columns);
    while (!next.done) {
      for (const row of next.value) {
        if (Array.isArray(row)) {
          sheet.addRow(row);
          rows++;
        } else {
          sheet.addRow(row.values, row.kind);
          if (row.kind === 'data') rows++;
        }
      }
      if (!(await clientKeepsUp(res))) {
        audited = true;
        await record(rows, false);
        return;
      }
      next = await batches.next();
    }
    sheet.finish(report.notes);
    audited = true;
    await record(rows, true);
    await book.commit();
  } catch (err) {
    // Headers are out: a cut-off download is better than a file that looks complete.
    res.destroy(err as Error);
    if (!audited) await record(rows, false).catch(() => undefined);
    throw err;
  }
}
