import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { importErrors } from '../enterprises/import/import.errors';
import { projectErrors } from './projects.errors';
import { openSpreadsheet, SheetInfo } from '../enterprises/import/spreadsheet-reader';
import { ProgressReturnChange, ProgressReturnReport } from './dto/progress-return.dto';
import { FundsSource } from './entities/project-monthly-funds.entity';
import { ProjectFundsService } from './project-funds.service';
import { ReportMonth } from './project-rules';
import { ParsedReturn, readReturn, RETURN_COLUMN_LABELS, ReturnIssue, ReturnRow } from './progress-return-sheet';
import { ProjectsService, reportableMonth } from './projects.service';
import { FundsInput } from './projects-progress.repository';
import { SqlCondition } from './projects.repository';
import { ScheduleProjectRef, ScheduleReadModel } from './schedule.read-model';
import { ScheduleService } from './schedule.service';

/**
 * 到位资金 the return gives as one month total goes to the month's one row (its source kept);
 * a month with no row yet gets one of this source, fixed-asset investment — what a county's
 * 调度表 usually reports. A month already split over several sources is changed on the project.
 */
const DEFAULT_FUNDS = { source: FundsSource.OutOfProvince, fixedAsset: true } as const;
const MAX_LISTED = 1000;
const CITY_LABEL = '市本级';

/** One matched row and what it would write. */
interface Planned {
  row: number;
  project: ScheduleProjectRef;
  completed: { before: string | null; after: string } | null;
  funds: { before: FundsInput[]; after: FundsInput[] } | null;
}

/**
 * The monthly 调度 return (POST /imports/project-progress): the 项目调度表 a county filled in for
 * month N, read back (progress-return-sheet.ts), matched by 项目编号 (else name + 旗县区) within the
 * caller's schedule scope, and written as month N's 完成投资 and 到位资金 through the projects
 * domain's own writers (ProjectsService.writeProgress, ProjectFundsService.writeMonth) — all rows
 * in one transaction or none; a cell equal to what is stored writes nothing.
 */
@Injectable()
export class ProgressReturnService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schedule: ScheduleService,
    private readonly reads: ScheduleReadModel,
    private readonly projects: ProjectsService,
    private readonly funds: ProjectFundsService,
    private readonly audit: AuditService,
  ) {}

  async import(actor: AuthUser, path: string, dryRun: boolean, monthQuery: string | undefined): Promise<ProgressReturnReport> {
    const where = await this.schedule.scopeOf(actor, {});
    const spreadsheet = await openSpreadsheet(path);
    const info: SheetInfo = { otherSheets: [] };
    const parsed = await readReturn(spreadsheet.rows(info));
    const month = this.monthOf(monthQuery, parsed);
    const monthParam = month.firstDay.slice(0, 7);
    const report: ProgressReturnReport = {
      dryRun,
      fileType: spreadsheet.kind,
      ...(spreadsheet.encoding ? { encoding: spreadsheet.encoding } : {}),
      ...(info.sheetName ? { sheet: info.sheetName } : {}),
      month: monthParam,
      totalRows: parsed.rows.length + new Set(parsed.errors.filter((e) => e.row !== undefined).map((e) => e.row)).size,
      skippedRows: parsed.skipped,
      updated: 0,
      unchanged: 0,
      progressWritten: 0,
      fundsWritten: 0,
      errorRows: 0,
      errorCount: 0,
      errors: [],
      warnings: parsed.warnings.slice(0, MAX_LISTED),
      changes: [],
    };
    if (info.otherSheets.length) report.warnings.unshift({ message: `只读取了第一个工作表，其余工作表（${info.otherSheets.join('、')}）未读取` });
    const run = async (em: EntityManager) => {
      const errors = [...parsed.errors];
      const planned = await this.plan(em, where, parsed, month, errors);
      finish(report, planned, errors);
      if (errors.length || dryRun) return;
      for (const p of planned) {
        if (p.completed) {
          const [project] = await this.projects.lockProjects(em, [p.project.id]);
          if (project) await this.projects.writeProgress(em, actor, project, month, monthParam, { completedInvestment: p.completed.after }, true);
          report.progressWritten++;
        }
        if (p.funds) {
          await this.funds.writeMonth(em, actor, p.project.id, month, monthParam, p.funds.after);
          report.fundsWritten++;
        }
      }
      await this.audit.record(em, actor, {
        action: 'import',
        entity: 'project-progress-import',
        entityId: randomUUID(),
        after: { month: monthParam, rows: parsed.rows.length, updated: report.updated, unchanged: report.unchanged },
      });
    };
    if (dryRun) {
      await run(this.dataSource.manager);
      return report;
    }
    await this.dataSource.transaction(run);
    if (report.errorCount) throw importErrors('IMPORT_ROWS_INVALID', report as unknown as Record<string, unknown>);
    return report;
  }

  /** Month N: the query's, else the file's 「本月：YYYY年M月」; both given must agree; not in the future. */
  private monthOf(monthQuery: string | undefined, parsed: ParsedReturn): ReportMonth {
    if (monthQuery && parsed.monthInFile && monthQuery !== parsed.monthInFile) {
      const message = `填报月份 ${monthQuery} 与文件表头的「本月」${parsed.monthInFile} 不一致，请核对`;
      throw projectErrors('PROGRESS_RETURN_MONTH_INVALID', [{ field: 'month', message }], message);
    }
    const chosen = monthQuery ?? parsed.monthInFile;
    if (!chosen) {
      const message = '无法确定填报月份：文件表头没有「本月：YYYY年M月」，请用 month=YYYY-MM 指明';
      throw projectErrors('PROGRESS_RETURN_MONTH_INVALID', [{ field: 'month', message }], message);
    }
    const month = reportableMonth(chosen, '完成投资');
    if (parsed.periodMonths && parsed.periodMonths.last !== month.month) {
      const message = `累计列为 ${parsed.periodMonths.first}–${parsed.periodMonths.last}月，与填报月份 ${chosen} 不符`;
      throw projectErrors('PROGRESS_RETURN_MONTH_INVALID', [{ field: 'month', message }], message);
    }
    return month;
  }

  /** Matches each row to a project and works out month N's values; problems go to `errors`. */
  private async plan(em: EntityManager, where: SqlCondition, parsed: ParsedReturn, month: ReportMonth, errors: ReturnIssue[]): Promise<Planned[]> {
    const byId = new Map((await this.reads.byIds(em, where, [...new Set(parsed.rows.flatMap((r) => (r.id ? [r.id] : [])))])).map((p) => [p.id, p]));
    const byName = new Map<string, ScheduleProjectRef[]>();
    for (const p of await this.reads.byNames(em, where, [...new Set(parsed.rows.filter((r) => !r.id).map((r) => r.name))])) (byName.get(p.name) ?? byName.set(p.name, []).get(p.name))?.push(p);
    const seen = new Map<string, number>();
    const matched: Array<{ row: ReturnRow; project: ScheduleProjectRef }> = [];
    for (const r of parsed.rows) {
      const project = r.id ? byId.get(r.id) : this.byNameAndRegion(r, byName.get(r.name) ?? [], errors);
      if (!project) {
        if (r.id) errors.push({ row: r.row, column: RETURN_COLUMN_LABELS.id, message: `项目编号 ${r.id} 不存在或不在您的管辖范围内` });
        continue;
      }
      const first = seen.get(project.id);
      if (first !== undefined) {
        errors.push({ row: r.row, message: `与第 ${first} 行是同一个项目（${project.name}）` });
        continue;
      }
      seen.set(project.id, r.row);
      matched.push({ row: r, project });
    }
    const ids = matched.map((m) => m.project.id);
    // 1–N月 less the months before N in the database gives month N.
    const start = `${month.firstDay.slice(0, 4)}-${String(parsed.periodMonths?.first ?? month.month).padStart(2, '0')}-01`;
    const earlier = await this.reads.earlierSums(em, ids, start, month.firstDay);
    const current = await this.reads.monthFigures(em, ids, month.firstDay);
    const label = parsed.periodMonths ? `${parsed.periodMonths.first}–${parsed.periodMonths.last}月` : '1–N月';
    const out: Planned[] = [];
    for (const { row: r, project } of matched) {
      const sums = earlier.get(project.id) ?? { completed: '0', funds: '0' };
      const now = current.get(project.id) ?? { completed: null, funds: [] };
      const completed = monthValue(r, 'completed', sums.completed, label, errors);
      const funds = monthValue(r, 'funds', sums.funds, label, errors);
      if (completed === undefined || funds === undefined) continue;
      const plannedRow: Planned = { row: r.row, project, completed: null, funds: null };
      if (completed !== null && toUnits(completed) !== toUnits(now.completed ?? '0')) plannedRow.completed = { before: now.completed, after: completed };
      if (funds !== null) {
        const total = now.funds.reduce((s, f) => s + toUnits(f.amount), 0n);
        if (toUnits(funds) !== total) {
          if (now.funds.length > 1) {
            errors.push({ row: r.row, column: RETURN_COLUMN_LABELS.fundsMonth, message: `该月到位资金已按来源分 ${now.funds.length} 行填报（合计 ${formatWanYuan(total)} 万元），请在项目页面修改各来源金额` });
            continue;
          }
          const kind = now.funds[0] ?? DEFAULT_FUNDS;
          plannedRow.funds = { before: now.funds, after: toUnits(funds) === 0n ? [] : [{ source: kind.source, fixedAsset: kind.fixedAsset, amount: funds }] };
        }
      }
      out.push(plannedRow);
    }
    return out;
  }

  /** A row without 项目编号: the project of that name in that 旗县区 (市本级 for the city's own), if exactly one. */
  private byNameAndRegion(r: ReturnRow, candidates: ScheduleProjectRef[], errors: ReturnIssue[]): ScheduleProjectRef | undefined {
    const label = (p: ScheduleProjectRef) => (p.region_level === 'city' ? CITY_LABEL : (p.region_name ?? ''));
    const inRegion = r.region ? candidates.filter((p) => label(p) === r.region || p.region_name === r.region) : candidates;
    if (inRegion.length === 1) return inRegion[0];
    errors.push({
      row: r.row,
      column: RETURN_COLUMN_LABELS.name,
      message: inRegion.length === 0 ? `未找到项目「${r.name}」${r.region ? `（${r.region}）` : ''}，或不在您的管辖范围内` : `有 ${inRegion.length} 个名为「${r.name}」的项目，请填写项目编号或旗县区`,
    });
    return undefined;
  }
}

/**
 * Month N's value of one figure from a row: 本月 as given; or 1–N月 less the earlier months;
 * both given must agree. Null: the row leaves it; undefined: an error was recorded.
 */
function monthValue(r: ReturnRow, figure: 'completed' | 'funds', earlier: string, periodLabel: string, errors: ReturnIssue[]): string | null | undefined {
  const given = figure === 'completed' ? r.completedMonth : r.fundsMonth;
  const period = figure === 'completed' ? r.completedPeriod : r.fundsPeriod;
  const what = figure === 'completed' ? '完成投资' : '到位资金';
  if (period === null) return given;
  const derived = toUnits(period) - toUnits(fromNumeric(earlier));
  if (given === null) {
    if (derived < 0n) {
      errors.push({ row: r.row, column: `${periodLabel}${what}`, message: `${periodLabel}${what} ${period} 小于之前各月已报的 ${fromNumeric(earlier)}：本月不能为负` });
      return undefined;
    }
    return formatWanYuan(derived);
  }
  if (derived !== toUnits(given)) {
    errors.push({ row: r.row, column: `本月${what}`, message: `本月${what} ${given} 与${periodLabel}累计不一致：${period} − 之前各月 ${fromNumeric(earlier)} = ${formatWanYuan(derived)}` });
    return undefined;
  }
  return given;
}

/** Fills the report's counts, errors and the changes each row makes. */
function finish(report: ProgressReturnReport, planned: Planned[], errors: ReturnIssue[]): void {
  const errorRows = new Set(errors.flatMap((e) => (e.row === undefined ? [] : [e.row])));
  report.errorRows = errorRows.size;
  report.errorCount = errors.length;
  report.errors = [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).slice(0, MAX_LISTED);
  for (const p of planned) {
    if (!p.completed && !p.funds) {
      report.unchanged++;
      continue;
    }
    report.updated++;
    if (report.changes.length >= MAX_LISTED) continue;
    const change: ProgressReturnChange = { row: p.row, projectId: p.project.id, name: p.project.name };
    if (p.completed) change.completedInvestment = { before: p.completed.before, after: p.completed.after };
    if (p.funds) change.fundsInPlace = { before: sumOf(p.funds.before), after: sumOf(p.funds.after) };
    report.changes.push(change);
  }
}

const sumOf = (rows: FundsInput[]): string | null => (rows.length ? formatWanYuan(rows.reduce((s, r) => s + toUnits(r.amount), 0n)) : null);
