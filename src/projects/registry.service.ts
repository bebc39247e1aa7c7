import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuthUser } from '../common/auth/auth-user';
import { scopedAnswerKey } from '../common/cache/scoped-answer-key';
import { VersionedCache } from '../common/cache/versioned-cache';
import { PreparedJson, prepareJson } from '../common/http/prepared-json';
import { formatWanYuan, fromNumeric } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { makePeriod, pace } from '../common/time/period';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { ConstructionSplit, LocationsQuery, LocationsView, PeriodFigures, ProjectPointView, SummaryGroupBy, SummaryQuery, SummaryRow, SummaryView, ThreeUnCountsQuery, ThreeUnCountsView, ThreeUnItem, ThreeUnQuery, ThreeUnView, UnfulfilledExportQuery, UnfulfilledItem, UnfulfilledList, UnfulfilledQuery, UnfulfilledView } from './dto/registry.dto';
import { CONSTRUCTION_TYPE_LABELS, CONSTRUCTION_TYPES, ConstructionType, LEVEL_LABELS, LIFECYCLE_LABELS } from './entities/project-enums';
import { addMonths, currentMonthStart, paceOf, percent, points } from './project-rules';
import { ProjectsRepository, SummaryFigures, SummaryPeriod } from './projects.repository';
import { ProjectPointRow, RegistryReadModel, ThreeUnRow, UNFULFILLED_KINDS, UnfulfilledKind, UnfulfilledRow } from './registry.read-model';

const DAY_MS = 86_400_000;
/** Rows per read when the .xlsx lists a 三未 list in full. */
export const UNFULFILLED_BATCH = 5000;

/** Each 三未 list's name and the headings of its two dates. */
export const UNFULFILLED_LABELS: Record<UnfulfilledKind, { label: string; sinceLabel: string; deadlineLabel: string }> = {
  unregistered: { label: '签约未注册', sinceLabel: '签约日期', deadlineLabel: '应注册日期' },
  notStarted: { label: '注册未开工', sinceLabel: '注册日期', deadlineLabel: '计划开工日期' },
  notProducing: { label: '开工未投产', sinceLabel: '开工日期', deadlineLabel: '计划投产日期' },
};
/** Summaries an API process keeps (the least recently used go first): a county summary is ~300 groups. */
const SUMMARIES_KEPT = 64;
/** A summary kept: the view (for the .xlsx), and its JSON body serialised and compressed once, when first sent. */
interface KeptSummary {
  view: SummaryView;
  body?: Promise<PreparedJson>;
}
/** groupBy=year shows the chosen year and the four before it. */
const YEARS_SHOWN = 5;

/** A period's figures summed over groups and 建设类型, amounts in units (toUnits). */
interface Totals {
  projects: number;
  started: number;
  totalInvestment: bigint;
  planned: bigint;
  completed: bigint;
}

/** `YYYY-MM-DD` one year earlier; 02-29 becomes 02-28. */
function yearBefore(date: string): string {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${y}-${md}`;
}

/**
 * Registry summaries (项目库调度): plan against completion and time (序时进度), the year-on-year
 * "三增长", and the 三未 lists — all over the projects the caller may see.
 */
@Injectable()
export class RegistryService {
  /**
   * Summaries this process computed, each under the stamp it was computed at (the access scope
   * version and the registry's count of writes, ProjectsRepository.summaryStamp): a summary is
   * answered again only while no write that could change it has committed, in any process.
   */
  private readonly summaries = new VersionedCache<KeptSummary>(SUMMARIES_KEPT);
  /** The reporting rules the summaries were computed under (fixed for a process's life; in the key all the same). */
  private readonly rulesKey: string;

  constructor(
    private readonly repo: ProjectsRepository,
    private readonly readModel: RegistryReadModel,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {
    this.rulesKey = createHash('sha1').update(JSON.stringify(rules)).digest('base64url');
  }

  /**
   * The summary (computeSummary), kept per caller's scope, query and 数据截至 date under the
   * stamp read before it is computed: exact, and as new as every write committed before the request.
   */
  async summary(actor: AuthUser, query: SummaryQuery): Promise<SummaryView> {
    return (await this.keptSummary(actor, query)).view;
  }

  /** The summary's JSON body, serialised and compressed once per kept summary (GET /registry/summary). */
  async summaryBody(actor: AuthUser, query: SummaryQuery): Promise<PreparedJson> {
    const kept = await this.keptSummary(actor, query);
    return (kept.body ??= prepareJson(kept.view));
  }

  private async keptSummary(actor: AuthUser, query: SummaryQuery): Promise<KeptSummary> {
    const asked = { ...query, asOf: query.asOf ?? businessDate(new Date()) };
    const compute = async () => ({ view: await this.computeSummary(actor, asked) });
    const stamp = await this.repo.summaryStamp();
    if (stamp === null) return compute();
    return this.summaries.get(`${this.rulesKey}|${scopedAnswerKey(actor, asked)}`, stamp, compute);
  }

  /** The summary as the projects stand now, never kept (the bench's bare-SQL twin captures its statement). */
  async computeSummary(actor: AuthUser, query: SummaryQuery): Promise<SummaryView> {
    const asOf = query.asOf ?? businessDate(new Date());
    const groupBy: SummaryGroupBy = query.groupBy ?? 'county';
    const year = query.year ?? Number(asOf.slice(0, 4));
    const years = groupBy === 'year' ? Array.from({ length: YEARS_SHOWN }, (_, i) => year - YEARS_SHOWN + 1 + i) : [year];

    // Each year is compared with the same point of the year before (上年同期): the same months
    // of plan and progress, and starts (开工) up to the same day.
    const periods = new Map<string, SummaryPeriod>();
    const periodOf = (planYear: number, months: number, toDay: string): string => {
      const key = `${planYear}:${months}:${toDay}`;
      const to = months === 0 ? `${planYear - 1}-12-01` : `${planYear}-${String(months).padStart(2, '0')}-01`;
      periods.set(key, { key, year: planYear, fromMonth: `${planYear}-01-01`, toMonth: to, fromDay: `${planYear}-01-01`, toDay });
      return key;
    };
    const asOfYear = Number(asOf.slice(0, 4));
    const wanted = years.map((y) => {
      const months = asOfYear > y ? 12 : asOfYear < y ? 0 : Number(asOf.slice(5, 7));
      const toDay = asOfYear > y ? `${y}-12-31` : asOfYear < y ? `${y - 1}-12-31` : asOf;
      return { year: y, cur: periodOf(y, months, toDay), prev: periodOf(y - 1, months, yearBefore(toDay)), elapsed: Number(pace(makePeriod({ type: 'year', year: y }), asOf, this.rules.pace.live)) };
    });

    const column = groupBy === 'county' ? 'region_unit_id' : groupBy === 'chain' ? 'industry_chain_id' : null;
    const figures = await this.repo.summaryFigures(actor, { regionUnitId: query.regionUnitId, industryChainId: query.industryChainId, major: query.major }, column, [...periods.values()]);
    // Indexed once: a county summary asks for 300 groups × 5 sums, each of which scanning every
    // figure row took 140 ms of CPU per request at 50,000 projects.
    // The amounts come as units, read once (the repository's unitsFromSql).
    const byKey = new Map<string, SummaryFigures[]>();
    const byGroup = new Map<string, SummaryFigures[]>();
    const add = (map: Map<string, SummaryFigures[]>, k: string, f: SummaryFigures) => (map.get(k) ?? map.set(k, []).get(k))?.push(f);
    for (const f of figures) {
      add(byKey, f.key, f);
      add(byGroup, `${f.key}|${f.groupId}`, f);
    }
    /** The figures of a period, of one group (or all: undefined), of one 建设类型 (or all). */
    const sum = (key: string, groupId?: string | null, type?: ConstructionType) => {
      const rows = (groupId === undefined ? byKey.get(key) : byGroup.get(`${key}|${groupId}`)) ?? [];
      return addUp(type === undefined ? rows : rows.filter((f) => f.constructionType === type));
    };
    const row = (group: { id: string | null; name: string } | null, year: number, cur: string, prev: string, elapsed: number, groupId?: string | null) =>
      toRow(group, year, sum(cur, groupId), sum(prev, groupId), elapsed, CONSTRUCTION_TYPES.map((type) => ({ constructionType: type, label: CONSTRUCTION_TYPE_LABELS[type], ...figuresOf(sum(cur, groupId, type)) })));

    if (!column) {
      const groups = wanted.map((w) => row(null, w.year, w.cur, w.prev, w.elapsed, null));
      return { groupBy, year, asOf, paceConvention: this.rules.pace.live, major: query.major ?? null, groups, total: null };
    }

    const w = wanted[0] as (typeof wanted)[number];
    const ids = [...new Set(figures.filter((f) => f.key === w.cur || f.key === w.prev).map((f) => f.groupId))];
    const names = await this.readModel.groupNames(column, ids.filter((id): id is string => id !== null));
    const sorted = ids.sort((a, b) => (a === null ? 1 : b === null ? -1 : (names.get(a)?.order ?? '').localeCompare(names.get(b)?.order ?? '')));
    const groups = sorted.map((id) => row({ id, name: id === null ? '未指定' : (names.get(id)?.name ?? '') }, w.year, w.cur, w.prev, w.elapsed, id));
    return { groupBy, year, asOf, paceConvention: this.rules.pace.live, major: query.major ?? null, groups, total: row(null, w.year, w.cur, w.prev, w.elapsed) };
  }

  /**
   * 三未清单 as of 数据截至: 签约未注册, 注册未开工, 开工未投产 with their counts (and how many are
   * overdue), each listed most overdue first up to `limit`.
   */
  async unfulfilled(actor: AuthUser, query: UnfulfilledQuery): Promise<UnfulfilledView> {
    const { filter, asOf, days } = this.unfulfilledFrame(query);
    const limit = query.limit ?? 500;
    const counts = await this.readModel.unfulfilledCounts(actor, filter, asOf, days);
    const lists = await Promise.all(UNFULFILLED_KINDS.map((kind) => this.readModel.unfulfilled(actor, filter, kind, asOf, days, limit)));
    const list = (kind: UnfulfilledKind, rows: UnfulfilledRow[]): UnfulfilledList => ({ ...UNFULFILLED_LABELS[kind], ...counts[kind], items: rows.map((r, i) => toUnfulfilledItem(r, i + 1)) });
    const [unregistered, notStarted, notProducing] = lists as [UnfulfilledRow[], UnfulfilledRow[], UnfulfilledRow[]];
    return { dataAsOf: asOf, registerWithinDays: days, major: query.major ?? null, unregistered: list('unregistered', unregistered), notStarted: list('notStarted', notStarted), notProducing: list('notProducing', notProducing) };
  }

  /**
   * The same lists in full for the .xlsx: the counts and frame first, then each list's rows in
   * keyset batches of UNFULFILLED_BATCH (the export never holds more than one batch).
   */
  async unfulfilledInFull(actor: AuthUser, query: UnfulfilledExportQuery): Promise<{ view: Omit<UnfulfilledView, UnfulfilledKind> & { counts: Record<UnfulfilledKind, { count: number; overdue: number }> }; rows: (kind: UnfulfilledKind) => AsyncGenerator<UnfulfilledItem[]> }> {
    const { filter, asOf, days } = this.unfulfilledFrame(query);
    const counts = await this.readModel.unfulfilledCounts(actor, filter, asOf, days);
    const readModel = this.readModel;
    async function* rows(kind: UnfulfilledKind): AsyncGenerator<UnfulfilledItem[]> {
      let after: UnfulfilledRow | null = null;
      let seq = 0;
      for (;;) {
        const batch = await readModel.unfulfilled(actor, filter, kind, asOf, days, UNFULFILLED_BATCH, after);
        if (batch.length === 0) return;
        yield batch.map((r) => toUnfulfilledItem(r, ++seq));
        if (batch.length < UNFULFILLED_BATCH) return;
        after = batch[batch.length - 1] as UnfulfilledRow;
      }
    }
    return { view: { dataAsOf: asOf, registerWithinDays: days, major: query.major ?? null, counts }, rows };
  }

  private unfulfilledFrame(query: UnfulfilledExportQuery) {
    return {
      filter: { regionUnitId: query.regionUnitId, industryChainId: query.industryChainId, major: query.major },
      asOf: query.asOf ?? businessDate(new Date()),
      days: this.rules.unfulfilled.registerWithinDays,
    };
  }

  async locations(actor: AuthUser, query: LocationsQuery): Promise<LocationsView> {
    const { count, rows } = await this.readModel.locations(actor, { regionUnitId: query.regionUnitId, industryChainId: query.industryChainId, major: query.major }, query.limit ?? 1000);
    return { count, items: rows.map(toProjectPoint) };
  }

  /** The 三未项目数 per county as of today (the 招商地图's fourth figure): each project once, however many lists name it. */
  async threeUnCounts(actor: AuthUser, query: ThreeUnCountsQuery): Promise<ThreeUnCountsView> {
    const { today, windowStart } = threeUnWindow(new Date());
    const rows = await this.readModel.threeUnByCounty(actor, { regionUnitId: query.regionUnitId, industryChainId: query.industryChainId, major: query.major, year: query.year }, today, windowStart);
    return { asOf: today, counties: rows.map((r) => ({ regionUnit: { id: r.region_unit_id, name: r.region_name }, count: r.count })) };
  }

  async threeUn(actor: AuthUser, query: ThreeUnQuery): Promise<ThreeUnView> {
    const { today, windowStart } = threeUnWindow(new Date());
    const lists = await this.readModel.threeUn(actor, { regionUnitId: query.regionUnitId, industryChainId: query.industryChainId, major: query.major, year: query.year }, today, windowStart, query.limit ?? 500);
    const item = (r: ThreeUnRow, deadline: string | null): ThreeUnItem => ({
      ...listedProject(r),
      lastProgressMonth: r.last_progress_month ? r.last_progress_month.slice(0, 7) : null,
      overdueDays: deadline ? Math.round((Date.parse(today) - Date.parse(deadline)) / DAY_MS) : null,
    });
    return {
      asOf: today,
      year: query.year ?? null,
      notStarted: { count: lists.notStarted.count, items: lists.notStarted.rows.map((r) => item(r, r.planned_start_on)) },
      startedNotBuilding: { count: lists.startedNotBuilding.count, items: lists.startedNotBuilding.rows.map((r) => item(r, null)) },
      notCompleted: { count: lists.notCompleted.count, items: lists.notCompleted.rows.map((r) => item(r, r.planned_completion_on)) },
    };
  }
}

/** What a row of either 三未 list shows of its project (both lists read the same columns for it). */
/** Today (Beijing) and the start of the 开工未建设 window: "no progress in the last two months" is nothing for the two months before this one, nor this one so far. */
function threeUnWindow(now: Date): { today: string; windowStart: string } {
  return { today: businessDate(now), windowStart: addMonths(currentMonthStart(now), -2) };
}

/** The projects drawn as points on the 招商地图: those in scope that carry a location. */
export function toProjectPoint(r: ProjectPointRow): ProjectPointView {
  return { ...listedProject(r), signedAmount: fromNumeric(r.signed_amount), location: { lng: Number(r.location_lng), lat: Number(r.location_lat) } };
}

function listedProject(r: Omit<ThreeUnRow, 'last_progress_month'>) {
  return {
    id: r.id,
    name: r.name,
    lifecycle: r.lifecycle,
    lifecycleLabel: LIFECYCLE_LABELS[r.lifecycle],
    level: r.level,
    levelLabel: LEVEL_LABELS[r.level],
    regionUnit: r.region_unit_id ? { id: r.region_unit_id, name: r.region_name ?? '' } : null,
    industryChain: r.industry_chain_id ? { id: r.industry_chain_id, name: r.chain_name ?? '' } : null,
    team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
    totalInvestment: fromNumeric(r.total_investment),
    plannedStartOn: r.planned_start_on,
    startedOn: r.started_on,
    plannedCompletionOn: r.planned_completion_on,
  };
}

/** A 三未 list's row as the API shows it, numbered from `seq`. */
export function toUnfulfilledItem(r: UnfulfilledRow, seq: number): UnfulfilledItem {
  return {
    seq,
    ...listedProject(r),
    enterprise: r.enterprise_id ? { id: r.enterprise_id, name: r.enterprise_name ?? '' } : null,
    signedOn: r.signed_on,
    registeredOn: r.registered_on,
    deadline: r.deadline,
    overdueDays: r.overdue_days,
  };
}

function addUp(rows: SummaryFigures[]): Totals {
  const out: Totals = { projects: 0, started: 0, totalInvestment: 0n, planned: 0n, completed: 0n };
  for (const f of rows) {
    out.projects += f.projects;
    out.started += f.started;
    out.totalInvestment += f.totalInvestment;
    out.planned += f.planned;
    out.completed += f.completed;
  }
  return out;
}

function figuresOf(f: Totals): PeriodFigures {
  return {
    projectCount: f.projects,
    startedCount: f.started,
    totalInvestment: formatWanYuan(f.totalInvestment),
    annualPlan: formatWanYuan(f.planned),
    completedInYear: formatWanYuan(f.completed),
    planDoneRate: percent(f.completed, f.planned),
  };
}

function toRow(group: { id: string | null; name: string } | null, year: number, cur: Totals, prev: Totals, elapsed: number, byConstruction: ConstructionSplit[]): SummaryRow {
  const now = figuresOf(cur);
  const before = figuresOf(prev);
  const countChange = now.projectCount - before.projectCount;
  const planChange = cur.planned - prev.planned;
  const pacePoints = now.planDoneRate !== null && before.planDoneRate !== null ? points(now.planDoneRate, before.planDoneRate) : null;
  return {
    group,
    year,
    ...now,
    timeElapsedRate: elapsed,
    ...paceOf(now.planDoneRate, elapsed),
    byConstruction,
    previous: before,
    yoy: {
      projectCount: countChange,
      projectCountRate: percent(BigInt(countChange), BigInt(before.projectCount)),
      startedCount: now.startedCount - before.startedCount,
      annualPlan: formatWanYuan(planChange),
      annualPlanRate: percent(planChange, prev.planned),
      completedInYear: formatWanYuan(cur.completed - prev.completed),
      pacePoints,
      threeGrowth: {
        projectCount: countChange > 0,
        annualPlan: planChange > 0n,
        pace: pacePoints !== null && pacePoints > 0,
        all: countChange > 0 && planChange > 0n && pacePoints !== null && pacePoints > 0,
      },
    },
  };
}
