import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditService, AuditWrite } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { reclaimHeap } from '../../common/lifecycle/reclaim-heap';
import { ShutdownSignal } from '../../common/lifecycle/shutdown-signal';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { businessDate } from '../../common/time/business-time';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../../reference/reference.module';
import { ReferenceService } from '../../reference/reference.service';
import { EnterpriseImportRepository } from './enterprise-import.repository';
import { isBlank } from './import-cells';
import { BatchChanges, ImportPlan, RowOutcome, snapshotOf } from './import-plan';
import { ImportReport, ImportReportBuilder } from './import-report';
import { chainKey, HeaderLayout, ImportIssue, ImportRow, parseRow, readHeader, RowContext } from './import-rows';
import { importErrors } from './import.errors';
import { prepareSearch } from './import-search';
import { openSpreadsheet, SheetInfo, Spreadsheet } from '../../common/spreadsheet/spreadsheet-reader';

/** Rows per look-up and per transaction of the real run. */
export const IMPORT_BATCH_SIZE = 500;
/** Rows between full garbage collections during a pass (see reclaimHeap). */
const RECLAIM_EVERY = 5_000;
/** A province's whole list fits; a larger file is more likely a mistake than a list. */
export const MAX_IMPORT_ROWS = 200_000;

/**
 * A bulk load outruns autovacuum (a minute between looks): the planner would go on treating a
 * table that has just grown by thousands of rows as small, and scan it for every batch. So the
 * run analyses the look-up columns once it has added ANALYZE_EVERY rows or ANALYZE_FRACTION of
 * the rows the planner last knew, whichever is more: a table believed to hold N rows that holds
 * 1.2 N plans its look-ups the same (index scans), and each ANALYZE of a province's list costs
 * 0.3–0.5 s of a backend's CPU (it samples 30,000 rows). At 200,000 companies a 50,000-row file
 * analysed 5 times in its transaction; now once.
 */
const ANALYZE_EVERY = 10_000;
const ANALYZE_FRACTION = 0.2;

interface WriteMode {
  runner: QueryRunner;
  actor: AuthUser;
  createdSinceAnalyze: number;
  /** Enterprises the planner counted at the last ANALYZE (pg_class.reltuples), plus those analysed since. */
  knownRows: number;
  /** A bad row was found: nothing more is written, the pass only checks, and the run rolls back. */
  failed: boolean;
}

/**
 * Imports the company list a city keeps in Excel (.xlsx or .csv), streamed once from disk.
 * The dry run checks every row; the real run checks and writes in the same pass, batch by
 * batch in one transaction, and commits only if no row was bad, so a bad row or a failure
 * while writing leaves nothing behind. Both match rows the same way (ImportPlan), so a clean
 * dry run predicts the real one.
 */
@Injectable()
export class EnterpriseImportService implements OnModuleDestroy {
  private readonly logger = new Logger('EnterpriseImport');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: EnterpriseImportRepository,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
    /** Once begun, a running import ends at its next row, writing nothing. */
    private readonly shutdown: ShutdownSignal,
  ) {}

  /**
   * Once the service begins to stop (main.ts on SIGTERM, before it waits for requests in flight;
   * app.close() through this hook), running imports stop at their next row and roll back, their
   * uploaders get a 503 saying nothing was imported, and each interruption is in the audit log.
   * Here the service also waits for them to settle before the database closes.
   */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.begin();
    await Promise.allSettled([...this.running]);
  }

  /** Checks (dryRun) or imports the spreadsheet at `path`; the caller owns and removes the file. */
  async import(actor: AuthUser, path: string, dryRun: boolean): Promise<ImportReport> {
    if (this.shutdown.begun) throw importErrors('IMPORT_SHUTDOWN', { rowsChecked: 0 });
    const run = this.run(actor, path, dryRun);
    this.running.add(run);
    try {
      return await run;
    } catch (err) {
      if (err instanceof AppError && err.code === 'IMPORT_SHUTDOWN' && !dryRun) await this.recordShutdown(actor, err);
      throw err;
    } finally {
      this.running.delete(run);
    }
  }

  private async run(actor: AuthUser, path: string, dryRun: boolean): Promise<ImportReport> {
    const sheet = await openSpreadsheet(path);
    const ctx: RowContext = { actor, chains: await this.chainsByName(), today: businessDate(new Date()) };
    if (dryRun) return this.pass(sheet, ctx, true);
    return this.exclusively(async (runner) => {
      const write: WriteMode = { runner, actor, createdSinceAnalyze: 0, knownRows: await this.repo.plannedRows(runner), failed: false };
      // One pass that checks and writes at once, in one transaction: the file is read, parsed and
      // matched once (a second pass cost half the import's CPU). All or nothing: at the first bad
      // row writing stops, the check goes on to the end for the full report, and the transaction
      // rolls back; a batch that fails in the database (a company added by hand meanwhile) takes
      // the earlier ones back with it.
      await runner.startTransaction();
      let report: ImportReport;
      try {
        report = await this.pass(sheet, ctx, false, write);
        if (report.errorRows > 0) {
          throw importErrors('IMPORT_ROWS_INVALID', { ...report }, `有 ${report.errorRows} 行数据有误，未导入任何数据：请按报告修改后重新上传`);
        }
        await runner.commitTransaction();
      } catch (err) {
        await runner.rollbackTransaction();
        throw err;
      }
      if (write.createdSinceAnalyze >= ANALYZE_EVERY / 10) this.analyzeLater();
      return report;
    });
  }

  /**
   * The statistics of the committed import, refreshed after the answer has gone (autovacuum
   * would, within a minute or so): the uploader does not wait for it, and shutdown does.
   */
  private analyzeLater(): void {
    const done = this.repo.analyze(this.dataSource.manager).catch((err: unknown) => this.logger.warn({ err }, 'ANALYZE after the enterprise import failed'));
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** One streaming pass over the file; writes only with `write`. */
  private async pass(sheet: Spreadsheet, ctx: RowContext, dryRun: boolean, write?: WriteMode): Promise<ImportReport> {
    const out = new ImportReportBuilder(dryRun, sheet.kind, sheet.encoding);
    const plan = new ImportPlan(write !== undefined);
    const info: SheetInfo = { otherSheets: [] };
    let layout: HeaderLayout | null = null;
    let batch: ImportRow[] = [];
    // The next batch is read and checked while the previous one is in the database; batches
    // still reach the plan (and the database) one at a time, in file order.
    let inFlight: Promise<void> | null = null;
    const dispatch = async (rows: ImportRow[]) => {
      // The search columns (pinyin is the import's costliest CPU) are worked out while the
      // previous batch is in the database, not after it.
      if (write) for (const r of rows) r.search = prepareSearch(r.name, r.shortName);
      if (inFlight) await inFlight;
      inFlight = this.flush(plan, rows, out, write);
      inFlight.catch(() => undefined); // awaited below: not an unhandled rejection meanwhile
    };
    try {
      for await (const { row, cells } of sheet.rows(info)) {
        if (!layout) {
          if (cells.every(isBlank)) continue;
          layout = readHeader(cells);
          if (layout.ignored.length) {
            out.report.ignoredColumns = layout.ignored;
            out.warnFile(`以下列不认识，未导入：${layout.ignored.map((h) => `「${h}」`).join('')}`);
          }
          continue;
        }
        if (this.shutdown.begun) {
          throw importErrors('IMPORT_SHUTDOWN', { stoppedAtRow: row, rowsChecked: out.report.totalRows, written: 0 });
        }
        const parsed = parseRow(row, cells, layout, ctx);
        if (parsed.blank) continue;
        if (++out.report.totalRows > MAX_IMPORT_ROWS) {
          throw importErrors('IMPORT_TOO_MANY_ROWS', { maxRows: MAX_IMPORT_ROWS }, `一次最多导入 ${MAX_IMPORT_ROWS} 行，请把文件拆开分批导入`);
        }
        if (out.report.totalRows % RECLAIM_EVERY === 0) reclaimHeap();
        parsed.warnings.forEach((w) => out.warn(w));
        if (!parsed.value) {
          parsed.errors.forEach((e) => out.error(e));
          if (write) write.failed = true;
          continue;
        }
        batch.push(parsed.value);
        if (batch.length >= IMPORT_BATCH_SIZE) {
          await dispatch(batch);
          batch = [];
        }
      }
      if (batch.length) await dispatch(batch);
      if (inFlight) await inFlight;
    } finally {
      // A pass that fails early still lets its running batch finish before the connection is reused.
      if (inFlight) await (inFlight as Promise<void>).catch(() => undefined);
    }
    if (!layout) throw importErrors('IMPORT_MISSING_COLUMN', { missing: ['企业名称'] }, '文件是空的：第一行应为表头，至少包含「企业名称」');
    if (out.report.totalRows === 0) throw importErrors('IMPORT_NO_ROWS');
    if (info.sheetName !== undefined) out.report.sheet = info.sheetName;
    if (info.otherSheets.length) {
      out.warnFile(`只导入了第一个工作表「${info.sheetName ?? ''}」，${info.otherSheets.map((n) => `「${n}」`).join('')}没有读取`);
    }
    return out.finish();
  }

  /** Matches a batch against the database and the file so far; in the real run, writes it (in the run's transaction). */
  private async flush(plan: ImportPlan, rows: ImportRow[], out: ImportReportBuilder, write?: WriteMode): Promise<void> {
    if (!write) {
      await this.load(this.dataSource.manager, plan, rows);
      for (const row of rows) count(out, plan.apply(row));
      return;
    }
    const { runner, actor } = write;
    try {
      const em = runner.manager;
      await this.load(em, plan, rows);
      for (const row of rows) {
        const outcome = plan.apply(row);
        if (outcome.kind === 'error') write.failed = true;
        count(out, outcome);
      }
      const changes = plan.takeChanges();
      // After a bad row the pass only checks: the transaction will roll back.
      if (write.failed) return;
      await this.repo.insertEnterprises(em, changes.created, actor.id);
      // What the database kept, should someone have filled a field since it was read.
      plan.refresh(await this.repo.fillEnterprises(em, [...changes.updated.keys()]));
      await this.repo.insertContacts(em, changes.contacts);
      await this.audit.recordMany(em, actor, auditWrites(changes));
      plan.markPersisted(changes.created);
      write.createdSinceAnalyze += changes.created.length;
      // ANALYZE in the transaction sees its own rows: the next batches' look-ups plan with them.
      if (write.createdSinceAnalyze >= Math.max(ANALYZE_EVERY, write.knownRows * ANALYZE_FRACTION)) await this.analyze(write);
    } catch (err) {
      // Someone added the same enterprise by hand while the batch was being written.
      if (isUniqueViolation(err)) throw interrupted({ row: rows[0]?.row, message: '有企业在导入期间被他人同时新增（信用代码或名称相同）' });
      throw err;
    }
  }

  /** A real import cut short by shutdown, in the audit log: where it stopped, and that it wrote nothing. */
  private async recordShutdown(actor: AuthUser, err: AppError): Promise<void> {
    this.logger.warn({ details: err.details }, 'enterprise import interrupted by shutdown, rolled back');
    await this.dataSource
      .transaction((em) => this.audit.record(em, actor, { action: 'interrupt', entity: 'enterprise-import', entityId: randomUUID(), after: { reason: 'shutdown', ...(err.details as Record<string, unknown>) } }))
      .catch((auditErr: unknown) => this.logger.error({ err: auditErr }, 'could not audit the interrupted import'));
  }

  /**
   * Refreshes the planner's statistics of the tables the import fills, as autovacuum would
   * later, inside the run's transaction (see ANALYZE_FRACTION for how often).
   */
  private async analyze(write: WriteMode): Promise<void> {
    await this.repo.analyze(write.runner.manager);
    write.knownRows += write.createdSinceAnalyze;
    write.createdSinceAnalyze = 0;
  }

  /** Brings the enterprises (and their contacts) that the batch may match into the plan: two queries per batch. */
  private async load(em: EntityManager, plan: ImportPlan, rows: ImportRow[]): Promise<void> {
    const { codes, names } = plan.unknownKeys(rows);
    const found = await this.repo.findByKeys(em, codes, names);
    const added = plan.addExisting(found);
    plan.addContacts(await this.repo.contactsOf(em, added));
  }

  /** Industry chains by normalised name, inactive ones included (to say so rather than "unknown"). */
  private async chainsByName(): Promise<RowContext['chains']> {
    const chains: RowContext['chains'] = new Map();
    let cursor: string | undefined;
    do {
      const page = await this.chains.list({ includeInactive: true, limit: 200, cursor });
      for (const c of page.items) chains.set(chainKey(c.name), { id: c.id, name: c.name, isActive: c.isActive });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return chains;
  }

  /**
   * Runs the real import on one connection holding a session advisory lock: two imports at
   * once would each pass their check and then collide on the same new enterprises.
   */
  private async exclusively<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (!(await this.repo.tryLockImports(runner))) throw importErrors('IMPORT_IN_PROGRESS');
      try {
        return await work(runner);
      } finally {
        await this.repo.unlockImports(runner);
      }
    } finally {
      await runner.release();
    }
  }
}

function count(out: ImportReportBuilder, outcome: RowOutcome): void {
  if (outcome.kind === 'error') {
    out.error(outcome.error);
    return;
  }
  out.report[outcome.kind]++;
  if (outcome.contactCreated) out.report.contactsCreated++;
  outcome.warnings.forEach((w) => out.warn(w));
}

/** One audit entry per created or filled enterprise and per new contact, action 'import'. */
function auditWrites(changes: BatchChanges): AuditWrite[] {
  const writes: AuditWrite[] = [];
  for (const e of changes.created) writes.push({ action: 'import', entity: 'enterprise', entityId: e.id, after: snapshotOf(e) });
  for (const [e, before] of changes.updated) writes.push({ action: 'import', entity: 'enterprise', entityId: e.id, before, after: snapshotOf(e) });
  for (const c of changes.contacts) {
    writes.push({ action: 'import', entity: 'enterprise-contact', entityId: c.id, after: { enterpriseId: c.enterpriseId, ...c.contact } });
  }
  return writes;
}

function interrupted(issue: ImportIssue) {
  return importErrors(
    'IMPORT_INTERRUPTED',
    { row: issue.row, column: issue.column, reason: issue.message },
    `导入在第 ${issue.row ?? '?'} 行中断：${issue.message}。未导入任何数据，请处理后重新导入`,
  );
}
