import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { ImportReportBuilder, MAX_LISTED_ISSUES } from '../common/spreadsheet/import-report';
import { openSpreadsheet, TextEncoding } from '../common/spreadsheet/spreadsheet-reader';
import { spreadsheetErrors } from '../common/spreadsheet/spreadsheet.errors';
import { TableRow } from '../common/spreadsheet/table-import';
import { runTableImport } from '../common/spreadsheet/table-import.runner';
import { ProgressReturnChange, ProgressReturnReport } from './dto/progress-return.dto';
import { FundsSource } from './entities/project-monthly-funds.entity';
import { ProjectFundsService } from './project-funds.service';
import { ReportMonth } from './project-rules';
import { monthInTitle, periodStart, RETURN_FIGURES, returnDefinition, ReturnColumn } from './progress-return-sheet';
import { projectErrors } from './projects.errors';
import { ProjectsService, reportableMonth } from './projects.service';
import { FundsInput } from './projects-progress.repository';
import { SqlCondition } from './projects.repository';
import { ScheduleProjectRef, ScheduleReadModel } from './schedule.read-model';
import { ScheduleService } from './schedule.service';

/** A data row of the return: amounts in 万元 (canonical decimal strings; null: left empty). */
interface ReturnRow {
  row: number;
  id: string | null;
  name: string;
  region: string | null;
  completedMonth: string | null;
  completedPeriod: string | null;
  fundsMonth: string | null;
  fundsPeriod: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * 到位资金 the return gives as one month total goes to the month's one row (its source kept);
 * a month with no row yet gets one of this source, fixed-asset investment — what a county's
 * 调度表 usually reports. A month already split over several sources is changed on the project.
 */
const DEFAULT_FUNDS = { source: FundsSource.OutOfProvince, fixedAsset: true } as const;
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
    const month = this.monthOf(monthQuery, await monthInTitle((await openSpreadsheet(path)).rows()));
    const monthParam = month.firstDay.slice(0, 7);
    let out: ImportReportBuilder<ProgressReturnReport> | undefined;
    return runTableImport<ReturnColumn, ProgressReturnReport, Planned[]>(this.dataSource, {
      kind: 'project-progress',
      path,
      dryRun,
      definition: returnDefinition(month.month),
      report: (fileType, encoding) =>
        (out = new ImportReportBuilder<ProgressReturnReport>(dryRun, fileType, encoding as TextEncoding | undefined, { month: monthParam, progressWritten: 0, fundsWritten: 0, changes: [] })),
      steps: {
        plan: async (em, rows, layout, report) => {
          const figures = RETURN_FIGURES.filter((k) => layout.columns.has(k));
          if (!layout.columns.has('id') && !layout.columns.has('name')) throw spreadsheetErrors('IMPORT_MISSING_COLUMN', { columns: ['项目编号', '项目名称'] }, '表头缺少「项目编号」或「项目名称」列');
          if (figures.length === 0) {
            throw spreadsheetErrors('IMPORT_MISSING_COLUMN', { columns: ['本月完成投资', '本月到位资金'] }, `表头缺少要导入的列：本月完成投资、本月到位资金或 1–${month.month}月完成投资、1–${month.month}月到位资金`);
          }
          const planned = await this.plan(em, where, rows.map(toReturnRow), month, periodStart(layout) ?? month.month, report);
          summarise(report.report, planned);
          return planned;
        },
        write: async (em, planned) => {
          const written = await this.write(em, actor, planned, month, monthParam);
          if (out) Object.assign(out.report, written);
          await this.audit.record(em, actor, {
            action: 'import',
            entity: 'project-progress-import',
            entityId: randomUUID(),
            after: { month: monthParam, updated: planned.filter((p) => p.completed || p.funds).length, ...written },
          });
        },
      },
    });
  }

  /** Writes each change through the projects domain's writers, in the run's transaction. */
  private async write(em: EntityManager, actor: AuthUser, planned: Planned[], month: ReportMonth, monthParam: string): Promise<{ progressWritten: number; fundsWritten: number }> {
    const counts = { progressWritten: 0, fundsWritten: 0 };
    const changing = planned.filter((p) => p.completed).map((p) => p.project.id);
    const locked = new Map((await this.projects.lockProjects(em, changing)).map((p) => [p.id, p]));
    for (const p of planned) {
      const project = locked.get(p.project.id);
      if (p.completed && project) {
        await this.projects.writeProgress(em, actor, project, month, monthParam, { completedInvestment: p.completed.after }, true);
        counts.progressWritten++;
      }
      if (p.funds) {
        await this.funds.writeMonth(em, actor, p.project.id, month, monthParam, p.funds.after);
        counts.fundsWritten++;
      }
    }
    return counts;
  }

  /** Month N: the query's, else the file's 「本月：YYYY年M月」; both given must agree; not in the future. */
  private monthOf(monthQuery: string | undefined, inFile: string | null): ReportMonth {
    if (monthQuery && inFile && monthQuery !== inFile) {
      const message = `填报月份 ${monthQuery} 与文件表头的「本月」${inFile} 不一致，请核对`;
      throw projectErrors('PROGRESS_RETURN_MONTH_INVALID', [{ field: 'month', message }], message);
    }
    const chosen = monthQuery ?? inFile;
    if (!chosen) {
      const message = '无法确定填报月份：文件表头没有「本月：YYYY年M月」，请用 month=YYYY-MM 指明';
      throw projectErrors('PROGRESS_RETURN_MONTH_INVALID', [{ field: 'month', message }], message);
    }
    return reportableMonth(chosen, '完成投资');
  }

  /** Matches each row to a project and works out month N's values; problems go to `out` by row. */
  private async plan(em: EntityManager, where: SqlCondition, rows: ReturnRow[], month: ReportMonth, firstMonth: number, out: ImportReportBuilder<ProgressReturnReport>): Promise<Planned[]> {
    const byId = new Map((await this.reads.byIds(em, where, [...new Set(rows.flatMap((r) => (r.id && UUID.test(r.id) ? [r.id] : [])))])).map((p) => [p.id, p]));
    const byName = new Map<string, ScheduleProjectRef[]>();
    for (const p of await this.reads.byNames(em, where, [...new Set(rows.filter((r) => !r.id && r.name).map((r) => r.name))])) (byName.get(p.name) ?? byName.set(p.name, []).get(p.name))?.push(p);
    const seen = new Map<string, number>();
    const matched: Array<{ row: ReturnRow; project: ScheduleProjectRef }> = [];
    for (const r of rows) {
      if (r.id && !UUID.test(r.id)) {
        out.error({ row: r.row, column: '项目编号', message: `项目编号「${r.id}」格式不对：请保留导出文件中的项目编号` });
        continue;
      }
      if (!r.id && !r.name) {
        out.error({ row: r.row, column: '项目名称', message: '没有项目编号，也没有项目名称' });
        continue;
      }
      const project = r.id ? byId.get(r.id) : this.byNameAndRegion(r, byName.get(r.name) ?? [], out);
      if (!project) {
        if (r.id) out.error({ row: r.row, column: '项目编号', message: `项目编号 ${r.id} 不存在或不在您的管辖范围内` });
        continue;
      }
      const first = seen.get(project.id);
      if (first !== undefined) {
        out.error({ row: r.row, message: `与第 ${first} 行是同一个项目（${project.name}）` });
        continue;
      }
      seen.set(project.id, r.row);
      matched.push({ row: r, project });
    }
    const ids = matched.map((m) => m.project.id);
    // 1–N月 less the months before N in the database gives month N.
    const start = `${month.firstDay.slice(0, 4)}-${String(firstMonth).padStart(2, '0')}-01`;
    const earlier = await this.reads.earlierSums(em, ids, start, month.firstDay);
    const current = await this.reads.monthFigures(em, ids, month.firstDay);
    const label = firstMonth === month.month ? `${month.month}月` : `${firstMonth}–${month.month}月`;
    const planned: Planned[] = [];
    for (const { row: r, project } of matched) {
      const sums = earlier.get(project.id) ?? { completed: '0', funds: '0' };
      const now = current.get(project.id) ?? { completed: null, funds: [] };
      const completed = monthValue(r, 'completed', sums.completed, label, out);
      const funds = monthValue(r, 'funds', sums.funds, label, out);
      if (completed === undefined || funds === undefined) continue;
      const p: Planned = { row: r.row, project, completed: null, funds: null };
      if (completed !== null && toUnits(completed) !== toUnits(now.completed ?? '0')) p.completed = { before: now.completed, after: completed };
      if (funds !== null) {
        const total = now.funds.reduce((s, f) => s + toUnits(f.amount), 0n);
        if (toUnits(funds) !== total) {
          if (now.funds.length > 1) {
            out.error({ row: r.row, column: '本月到位资金', message: `该月到位资金已按来源分 ${now.funds.length} 行填报（合计 ${formatWanYuan(total)} 万元），请在项目页面修改各来源金额` });
            continue;
          }
          const kind = now.funds[0] ?? DEFAULT_FUNDS;
          p.funds = { before: now.funds, after: toUnits(funds) === 0n ? [] : [{ source: kind.source, fixedAsset: kind.fixedAsset, amount: funds }] };
        }
      }
      planned.push(p);
    }
    return planned;
  }

  /** A row without 项目编号: the project of that name in that 旗县区 (市本级 for the city's own), if exactly one. */
  private byNameAndRegion(r: ReturnRow, candidates: ScheduleProjectRef[], out: ImportReportBuilder<ProgressReturnReport>): ScheduleProjectRef | undefined {
    const label = (p: ScheduleProjectRef) => (p.region_level === 'city' ? CITY_LABEL : (p.region_name ?? ''));
    const inRegion = r.region ? candidates.filter((p) => label(p) === r.region || p.region_name === r.region) : candidates;
    if (inRegion.length === 1) return inRegion[0];
    out.error({
      row: r.row,
      column: '项目名称',
      message: inRegion.length === 0 ? `未找到项目「${r.name}」${r.region ? `（${r.region}）` : ''}，或不在您的管辖范围内` : `有 ${inRegion.length} 个名为「${r.name}」的项目，请填写项目编号或旗县区`,
    });
    return undefined;
  }
}

/**
 * Month N's value of one figure from a row: 本月 as given; or 1–N月 less the earlier months;
 * both given must agree. Null: the row leaves it; undefined: an error was recorded.
 */
function monthValue(r: ReturnRow, figure: 'completed' | 'funds', earlier: string, periodLabel: string, out: ImportReportBuilder<ProgressReturnReport>): string | null | undefined {
  const given = figure === 'completed' ? r.completedMonth : r.fundsMonth;
  const period = figure === 'completed' ? r.completedPeriod : r.fundsPeriod;
  const what = figure === 'completed' ? '完成投资' : '到位资金';
  if (period === null) return given;
  const derived = toUnits(period) - toUnits(fromNumeric(earlier));
  if (given === null) {
    if (derived < 0n) {
      out.error({ row: r.row, column: `${periodLabel}${what}`, message: `${periodLabel}${what} ${period} 小于之前各月已报的 ${fromNumeric(earlier)}：本月不能为负` });
      return undefined;
    }
    return formatWanYuan(derived);
  }
  if (derived !== toUnits(given)) {
    out.error({ row: r.row, column: `本月${what}`, message: `本月${what} ${given} 与${periodLabel}累计不一致：${period} − 之前各月 ${fromNumeric(earlier)} = ${formatWanYuan(derived)}` });
    return undefined;
  }
  return given;
}

/** The report's counts and the changes each row makes. */
function summarise(report: ProgressReturnReport, planned: Planned[]): void {
  for (const p of planned) {
    if (!p.completed && !p.funds) {
      report.unchanged++;
      continue;
    }
    report.updated++;
    if (report.changes.length >= MAX_LISTED_ISSUES) continue;
    const change: ProgressReturnChange = { row: p.row, projectId: p.project.id, name: p.project.name };
    if (p.completed) change.completedInvestment = { before: p.completed.before, after: p.completed.after };
    if (p.funds) change.fundsInPlace = { before: sumOf(p.funds.before), after: sumOf(p.funds.after) };
    report.changes.push(change);
  }
}

/** A parsed table row as the return reads it. */
function toReturnRow(r: TableRow<ReturnColumn>): ReturnRow {
  const text = (k: ReturnColumn) => (typeof r.values[k] === 'string' ? (r.values[k] as string).trim() : null);
  return {
    row: r.row,
    id: text('id')?.toLowerCase() || null,
    name: text('name') ?? '',
    region: text('region') || null,
    completedMonth: text('completedMonth'),
    completedPeriod: text('completedPeriod'),
    fundsMonth: text('fundsMonth'),
    fundsPeriod: text('fundsPeriod'),
  };
}

const sumOf = (rows: FundsInput[]): string | null => (rows.length ? formatWanYuan(rows.reduce((s, r) => s + toUnits(r.amount), 0n)) : null);
