import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AccessRepository, managedUnitsSql } from '../access/access.repository';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { commonErrors, notFound } from '../common/errors/app-error';
import { fromNumeric } from '../common/money/wan-yuan';
import { decodeCursor, encodeCursor, fitsKey } from '../common/pagination/page';
import { streamReport, StreamedRow } from '../common/spreadsheet/report-download';
import { ReportValue } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { periodLabel } from '../common/time/period';
import { asOfOfQuery, frameView, periodOfQuery, reportFrame, ReportFrameView } from '../common/time/report-period.dto';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { ScheduleFigureKey, SCHEDULE_COLUMNS, scheduleHeaders } from './schedule-columns';
import { ScheduleFilterQuery, ScheduleFiguresView, ScheduleGroupView, ScheduleQuery, ScheduleRowView, ScheduleView } from './dto/schedule.dto';
import { PROBLEM_CATEGORY_LABELS, ProblemCategory, ProjectLifecycle } from './entities/project-enums';
import { addMonths } from './project-rules';
import { nodeViewsOf } from './projects.service';
import { ProjectsRepository, SqlCondition } from './projects.repository';
import { ScheduleGroupRecord, ScheduleReadModel, ScheduleRowRecord, ScheduleWindow } from './schedule.read-model';

/** Projects per database read of the .xlsx: it never holds more than one batch (and the writer's few hundred rows). */
export const SCHEDULE_EXPORT_BATCH = 500;
const DEFAULT_PAGE = 100;
/** The label of a county-level group or row for a project of the city itself. */
const CITY_LABEL = '市本级';
const NO_COUNTY = '未指定旗县区';
const NO_CHAIN = '未指定产业链';

/** What a schedule is read for: the caller's rows, the months counted and how the report names them. */
export interface ScheduleContext {
  where: SqlCondition;
  window: ScheduleWindow;
  frame: ReportFrameView;
  title: string;
  monthsLabel: string;
}

/** `2022-10-01` → `2022年10月`. */
export const monthName = (firstDay: string): string => `${Number(firstDay.slice(0, 4))}年${Number(firstDay.slice(5, 7))}月`;

/**
 * 「1–10月」: the months a window counts, as the 1–N月 columns name them; across years
 * 「2021年9月–2022年10月」; nothing counted yet: 「—」.
 */
export function monthsLabelOf(start: string, lastMonth: string | null): string {
  if (!lastMonth) return '—';
  const [y1, m1] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  const [y2, m2] = [Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7))];
  if (y1 !== y2) return `${y1}年${m1}月–${y2}年${m2}月`;
  return m1 === m2 ? `${m1}月` : `${m1}–${m2}月`;
}

/**
 * 项目调度表: the registry by project for a report period — plan, 1–N月 and 本月 完成投资 and
 * 到位资金, the current node, open problems — grouped by 旗县区 and 产业链 with subtotals and a
 * total computed in SQL. The JSON pages the rows; the .xlsx streams them all from the same read
 * (ScheduleReadModel) in keyset batches, so both carry the same figures to the digit.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly repo: ProjectsRepository,
    private readonly reads: ScheduleReadModel,
    private readonly scope: AccessRepository,
    private readonly audit: AuditService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /**
   * The projects the caller reads the schedule of: an admin all; a manager those sitting in the
   * region units they see whole (a unit asked for outside them is a 404); a member none (403).
   */
  async scopeOf(actor: AuthUser, f: Pick<ScheduleFilterQuery, 'regionUnitId' | 'industryChainId' | 'major'>): Promise<SqlCondition> {
    if (actor.role !== Role.Admin && actor.role !== Role.Manager) throw commonErrors('FORBIDDEN');
    if (f.regionUnitId) {
      if (!(await this.reads.regionExists(f.regionUnitId))) throw notFound('region-unit');
      const seen = await this.scope.unitsSeenWhole(actor, [f.regionUnitId]);
      if (seen && !seen.has(f.regionUnitId)) throw notFound('region-unit');
    }
    const conditions = this.repo.filterConditions({ regionUnitId: f.regionUnitId, industryChainId: f.industryChainId, major: f.major });
    if (actor.role === Role.Manager) conditions.push({ sql: `p.region_unit_id IN (${managedUnitsSql(':scopeUserId')})`, params: { scopeUserId: actor.id } });
    return this.repo.where(conditions);
  }

  async context(actor: AuthUser, query: ScheduleFilterQuery): Promise<ScheduleContext> {
    const where = await this.scopeOf(actor, query);
    const period = periodOfQuery(query);
    const full = reportFrame(period, asOfOfQuery(query), this.rules.pace.bulletin);
    const { start, end } = full.window;
    const month = end > start ? addMonths(end, -1) : null;
    return {
      where,
      window: { year: Number((month ?? start).slice(0, 4)), start, end, month },
      frame: frameView(full),
      title: `${periodLabel(period)}项目调度表`,
      monthsLabel: monthsLabelOf(start, month),
    };
  }

  async view(actor: AuthUser, query: ScheduleQuery): Promise<ScheduleView> {
    const after = query.cursor ? parseCursor(query.cursor) : null;
    const ctx = await this.context(actor, query);
    const limit = query.limit ?? DEFAULT_PAGE;
    const [records, groups] = await Promise.all([this.reads.rows(ctx.where, ctx.window, after?.id ?? null, limit + 1), this.reads.groups(ctx.where, ctx.window)]);
    const now = new Date();
    const seen = after?.seq ?? 0;
    const items = records.slice(0, limit).map((r, i) => toScheduleRow(r, seen + i + 1, now));
    const last = items[items.length - 1];
    const { subtotals, total } = splitGroups(groups);
    return {
      frame: ctx.frame,
      title: ctx.title,
      planYear: ctx.window.year,
      monthsLabel: ctx.monthsLabel,
      month: ctx.window.month ? ctx.window.month.slice(0, 7) : null,
      items,
      nextCursor: records.length > limit && last ? encodeCursor(last.seq, last.id) : null,
      projectCount: total.projectCount,
      groups: subtotals,
      total,
    };
  }

  /**
   * Streams the whole schedule as .xlsx (the shared streamReport): rows in batches, each chain's
   * and county's subtotal as its group ends, the total last; audited with its filters and count.
   */
  async writeXlsx(actor: AuthUser, query: ScheduleFilterQuery, res: Response): Promise<void> {
    const ctx = await this.context(actor, query);
    // Read before any byte is sent, so a failure here is an ordinary error response.
    const groups = splitGroups(await this.reads.groups(ctx.where, ctx.window));
    const headers = scheduleHeaders(ctx.monthsLabel);
    const monthText = ctx.window.month ? monthName(ctx.window.month) : '—';
    await streamReport(
      res,
      {
        asciiName: `project-schedule-${ctx.frame.dataAsOf}`,
        chineseName: `${ctx.title}-${ctx.frame.dataAsOf}`,
        frame: {
          sheetName: '项目调度表',
          title: ctx.title,
          facts: [`统计期间：${ctx.frame.period.label}`, `数据截至：${ctx.frame.dataAsOf}`, `本月：${monthText}`, `序时进度：${ctx.frame.timeElapsed}%`],
          units: '金额单位：万元',
          issuer: this.rules.issuer,
          issuedOn: businessDate(new Date()),
          frozenColumns: 4,
        },
        columns: SCHEDULE_COLUMNS.map((c, i) => ({ header: headers[i] as string, format: c.format, ...(c.width ? { width: c.width } : {}), ...(c.wrap ? { wrap: true } : {}) })),
        notes: [
          [
            `说明：1. ${ctx.monthsLabel}完成投资、到位资金计至数据截至所在月，本月为${monthText}；到位资金为各资金来源合计。`,
            '2. 当前节点为第一个未完成的节点（全部完成为投产运行）；存在问题列出未解决的卡点堵点及其责任部门。',
            '3. 回传时填写本月完成投资、本月到位资金（或1–N月累计），按「项目编号」匹配项目，请勿修改或删除该列；小计、合计行不导入。',
          ].join('\n'),
        ],
      },
      this.batches(ctx, groups.subtotals, groups.total),
      (projects, complete) => this.record(actor, query, projects, complete),
    );
  }

  /**
   * The table in order, a batch at a time: consecutive chain groups of up to a batch of projects
   * in all are read in one statement (the (region_unit_id, industry_chain_id) index finds them), a
   * larger group in keyset batches of its own; each subtotal follows its group's rows, the total
   * ends the table. Never more than a batch in memory, and never a re-sort of the whole registry.
   */
  private async *batches(ctx: ScheduleContext, subtotals: ScheduleGroupView[], total: ScheduleView['total']): AsyncGenerator<StreamedRow[]> {
    const now = new Date();
    let seq = 0;
    const data = (rows: ScheduleRowRecord[]): StreamedRow[] => rows.map((r) => rowCells(toScheduleRow(r, ++seq, now)));
    const subtotal = (g: ScheduleGroupView): StreamedRow => ({ values: groupCells(g), kind: 'subtotal' });
    for (let i = 0; i < subtotals.length; ) {
      const first = subtotals[i] as ScheduleGroupView;
      if (first.level === 'chain' && first.projectCount > SCHEDULE_EXPORT_BATCH) {
        const where = this.repo.where([ctx.where, groupsCondition([first])]);
        let after: string | null = null;
        for (;;) {
          const batch: ScheduleRowRecord[] = await this.reads.rows(where, ctx.window, after, SCHEDULE_EXPORT_BATCH);
          const last = batch.length < SCHEDULE_EXPORT_BATCH;
          yield last ? [...data(batch), subtotal(first)] : data(batch);
          if (last) break;
          after = (batch[batch.length - 1] as ScheduleRowRecord).id;
        }
        i++;
        continue;
      }
      const run: ScheduleGroupView[] = [];
      let size = 0;
      for (; i < subtotals.length; i++) {
        const g = subtotals[i] as ScheduleGroupView;
        if (g.level === 'chain' && (g.projectCount > SCHEDULE_EXPORT_BATCH || (size > 0 && size + g.projectCount > SCHEDULE_EXPORT_BATCH))) break;
        run.push(g);
        if (g.level === 'chain') size += g.projectCount;
      }
      const chains = run.filter((g) => g.level === 'chain');
      const rows = chains.length ? await this.reads.rows(this.repo.where([ctx.where, groupsCondition(chains)]), ctx.window, null, size + SCHEDULE_EXPORT_BATCH) : [];
      const out: StreamedRow[] = [];
      let at = 0;
      for (const g of run) {
        if (g.level === 'chain') {
          const start = at;
          while (at < rows.length && (rows[at]?.region_unit_id ?? null) === (g.regionUnit?.id ?? null) && (rows[at]?.industry_chain_id ?? null) === (g.industryChain?.id ?? null)) at++;
          out.push(...data(rows.slice(start, at)));
        }
        out.push(subtotal(g));
      }
      yield out;
    }
    yield [{ values: totalCells(total), kind: 'total' }];
  }

  /** One audit entry per export of the project list: who, which filters, how many projects, whether it went out whole. */
  private async record(actor: AuthUser, query: ScheduleFilterQuery, projects: number, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'project-schedule-export', { filters: query, projects, complete });
  }
}

/** A page cursor: the rows already listed (for 序号) and the last project's id. */
function parseCursor(cursor: string): { seq: number; id: string } {
  const [seq, id] = decodeCursor(cursor);
  if (!fitsKey(seq, 'integer') || !fitsKey(id, 'uuid')) throw commonErrors('INVALID_CURSOR', [{ field: 'cursor', message: 'cursor 无效，请从第一页重新开始' }]);
  return { seq: Number(seq), id };
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** The projects of these chain groups (county and chain, either possibly none), as the (region_unit_id, industry_chain_id) index finds them. */
function groupsCondition(groups: ScheduleGroupView[]): SqlCondition {
  const regions = groups.map((g) => g.regionUnit?.id ?? NO_ID);
  const chains = groups.map((g) => g.industryChain?.id ?? NO_ID);
  const withoutCounty = groups.some((g) => !g.regionUnit);
  return {
    sql: `(p.region_unit_id = ANY(CAST(:gRegionIds AS uuid[]))${withoutCounty ? ' OR p.region_unit_id IS NULL' : ''})
          AND (COALESCE(p.region_unit_id, '${NO_ID}'), COALESCE(p.industry_chain_id, '${NO_ID}')) IN (SELECT r, c FROM unnest(CAST(:gRegions AS uuid[]), CAST(:gChains AS uuid[])) AS g(r, c))`,
    params: { gRegionIds: [...new Set(regions)], gRegions: regions, gChains: chains },
  };
}

const regionLabelOf = (name: string | null, level: string | null): string => (name === null ? NO_COUNTY : level === 'city' ? CITY_LABEL : name);

function figuresOf(r: Pick<ScheduleRowRecord, 'total_investment' | 'completed_period' | 'completed_month' | 'funds_period' | 'funds_month'>, annualPlan: string | null): ScheduleFiguresView {
  return {
    totalInvestment: fromNumeric(r.total_investment),
    annualPlan,
    completedInPeriod: fromNumeric(r.completed_period),
    completedInMonth: fromNumeric(r.completed_month),
    fundsInPeriod: fromNumeric(r.funds_period),
    fundsInMonth: fromNumeric(r.funds_month),
  };
}

/** A project's row: its figures, its current node (the first not done) and its open problems. */
export function toScheduleRow(r: ScheduleRowRecord, seq: number, now: Date): ScheduleRowView {
  const nodes = nodeViewsOf(
    { lifecycle: r.lifecycle, registeredOn: r.registered_on, plannedStartOn: r.planned_start_on, startedOn: r.started_on, plannedCompletionOn: r.planned_completion_on, completedOn: r.completed_on },
    (r.nodes ?? []).map((n) => ({ node: n.node, planned_on: n.planned_on, done_on: n.done_on })),
    now,
  );
  const current = r.lifecycle === ProjectLifecycle.Stalled ? null : (nodes.find((n) => n.status !== 'done') ?? nodes[nodes.length - 1] ?? null);
  const when = current ? (current.status === 'done' ? current.doneOn : current.plannedOn) : null;
  return {
    seq,
    id: r.id,
    name: r.name,
    regionUnit: r.region_unit_id ? { id: r.region_unit_id, name: r.region_name ?? '' } : null,
    regionLabel: regionLabelOf(r.region_name, r.region_level),
    industryChain: r.industry_chain_id ? { id: r.industry_chain_id, name: r.chain_name ?? '' } : null,
    capacity: r.capacity,
    ...figuresOf(r, r.annual_plan === null ? null : fromNumeric(r.annual_plan)),
    currentNode: current,
    progressText: current ? `${current.nodeLabel}·${current.statusLabel}${when ? `（${current.status === 'done' ? '' : '计划 '}${when}）` : ''}` : '停缓建',
    problems: (r.problems ?? []).map((p) => ({
      category: p.category,
      categoryLabel: PROBLEM_CATEGORY_LABELS[p.category as ProblemCategory] ?? p.category,
      description: p.description,
      responsibleDepartment: p.department,
    })),
    owner: r.owner_name,
  };
}

/** The SQL's grouping rows as the view's subtotals (in table order) and total. */
function splitGroups(rows: ScheduleGroupRecord[]): { subtotals: ScheduleGroupView[]; total: ScheduleView['total'] } {
  const subtotals: ScheduleGroupView[] = [];
  let total: ScheduleView['total'] | null = null;
  for (const g of rows) {
    const figures = figuresOf(g, fromNumeric(g.annual_plan));
    if (g.g_county === 1) {
      total = { projectCount: g.projects, ...figures };
      continue;
    }
    subtotals.push({
      level: g.g_chain === 1 ? 'county' : 'chain',
      regionUnit: g.region_unit_id ? { id: g.region_unit_id, name: g.region_name ?? '' } : null,
      regionLabel: regionLabelOf(g.region_name, g.region_level),
      industryChain: g.g_chain === 0 && g.industry_chain_id ? { id: g.industry_chain_id, name: g.chain_name ?? '' } : null,
      projectCount: g.projects,
      ...figures,
    });
  }
  const zero = { totalInvestment: '0', annualPlan: '0', completedInPeriod: '0', completedInMonth: '0', fundsInPeriod: '0', fundsInMonth: '0' };
  return { subtotals, total: total ?? { projectCount: 0, ...zero } };
}

const FIGURE_KEYS: ScheduleFigureKey[] = ['totalInvestment', 'annualPlan', 'completedInPeriod', 'completedInMonth', 'fundsInPeriod', 'fundsInMonth'];

/** The cells of a project's row, in SCHEDULE_COLUMNS order. */
export function rowCells(r: ScheduleRowView): ReportValue[] {
  return [
    r.seq,
    r.regionLabel,
    r.industryChain?.name ?? NO_CHAIN,
    r.name,
    r.capacity,
    ...FIGURE_KEYS.map((k) => r[k]),
    r.progressText,
    r.problems.map((p) => `【${p.categoryLabel}】${p.description}`).join('\n') || null,
    r.problems.map((p) => p.responsibleDepartment).join('\n') || null,
    r.owner,
    r.id,
  ];
}

/** A subtotal row: 旗县区 (and 产业链) named, 「小计」 in the name column, the project count in 建设内容. */
function groupCells(g: ScheduleGroupView): ReportValue[] {
  return [null, g.regionLabel, g.level === 'chain' ? (g.industryChain?.name ?? NO_CHAIN) : null, '小计', `${g.projectCount}个项目`, ...FIGURE_KEYS.map((k) => g[k]), null, null, null, null, null];
}

function totalCells(t: ScheduleView['total']): ReportValue[] {
  return [null, '合计', null, '合计', `${t.projectCount}个项目`, ...FIGURE_KEYS.map((k) => t[k]), null, null, null, null, null];
}
