import { DataSource, EntityManager } from 'typeorm';
import { ImportLockRepository } from './import-lock.repository';
import { ImportReportBase, ImportReportBuilder } from './import-report';
import { openSpreadsheet, SpreadsheetKind, TextEncoding } from './spreadsheet-reader';
import { spreadsheetErrors } from './spreadsheet.errors';
import { ShutdownSignal } from '../lifecycle/shutdown-signal';
import { readTable, shutdownError, TableDefinition, TableLayout, TableRow } from './table-import';

/** What an importing domain does with the rows that parsed. */
export interface TableImportSteps<K extends string, R extends ImportReportBase, Plan> {
  /**
   * Matches the rows against the database (through `em`: in the real run, the run's
   * transaction) and decides each row's outcome, counting created/updated/unchanged and
   * reporting row errors into `out`. Writes nothing.
   */
  plan(em: EntityManager, rows: TableRow<K>[], layout: TableLayout<K>, out: ImportReportBuilder<R>): Promise<Plan>;
  /** Writes the plan (with its audit entries) in the run's transaction. */
  write(em: EntityManager, plan: Plan): Promise<void>;
}

export interface TableImportRun<K extends string, R extends ImportReportBase, Plan> {
  /** Names the advisory lock: one real import of a kind at a time. */
  kind: string;
  path: string;
  dryRun: boolean;
  definition: TableDefinition<K>;
  /** A fresh report for the file's type (the domain's builder, with its own counts). */
  report: (fileType: SpreadsheetKind, encoding: TextEncoding | undefined) => ImportReportBuilder<R>;
  steps: TableImportSteps<K, R, Plan>;
  /** Once begun (SIGTERM, app.close()), the run stops at its next row or step and writes nothing (503). */
  shutdown?: ShutdownSignal;
}

/**
 * Runs a table import: the dry run reads, checks and plans, writing nothing; the real run does
 * the same inside one transaction behind the kind's advisory lock and writes only when no row
 * has an error — otherwise 422 IMPORT_ROWS_INVALID with the report, and nothing is written.
 */
export async function runTableImport<K extends string, R extends ImportReportBase, Plan>(dataSource: DataSource, run: TableImportRun<K, R, Plan>): Promise<R> {
  const stopping = () => run.shutdown?.begun ?? false;
  if (stopping()) throw shutdownError();
  const sheet = await openSpreadsheet(run.path);
  const out = run.report(sheet.kind, sheet.encoding);
  const { layout, rows } = await readTable(sheet, run.definition, out, stopping);
  if (run.dryRun) {
    await run.steps.plan(dataSource.manager, rows, layout, out);
    return out.finish();
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (!(await ImportLockRepository.tryLock(runner, run.kind))) throw spreadsheetErrors('IMPORT_IN_PROGRESS');
    try {
      await runner.startTransaction();
      try {
        const plan = await run.steps.plan(runner.manager, rows, layout, out);
        const report = out.finish();
        if (report.errorRows > 0) {
          throw spreadsheetErrors('IMPORT_ROWS_INVALID', { ...(report as unknown as Record<string, unknown>) }, `有 ${report.errorRows} 行数据有误，未导入任何数据：请按报告修改后重新上传`);
        }
        if (stopping()) throw shutdownError();
        await run.steps.write(runner.manager, plan);
        await runner.commitTransaction();
        return report;
      } catch (err) {
        await runner.rollbackTransaction();
        throw err;
      }
    } finally {
      await ImportLockRepository.unlock(runner, run.kind);
    }
  } finally {
    await runner.release();
  }
}
