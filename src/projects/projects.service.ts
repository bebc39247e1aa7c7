import { CarriersService } from '../carriers/carriers.service';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { AppError, FieldIssue, notFound } from '../common/errors/app-error';
import { isForeignKeyViolation } from '../common/errors/pg-errors';
import { flattenValidationErrors } from '../common/errors/validation';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { mapPage, Page } from '../common/pagination/page';
import { businessDate } from '../common/time/business-time';
import { EnterpriseMergeRegistry } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { RegionLevel } from '../regions/entities/region-unit.entity';
import { RegionsService } from '../regions/regions.service';
import { AccessRepository } from '../access/access.repository';
import { UsersService } from '../users/users.service';
import {
  CreateProjectDto,
  NodeView,
  ProgressListView,
  ProgressReportView,
  ProjectDetailView,
  ProjectQuery,
  ProjectView,
  ReportProgressDto,
  RollupSigningPayload,
  SetNodeDto,
  SetYearPlanDto,
  SetYearPlanView,
  UpdateProjectDto,
  YearPlanView,
  locationColumns,
  locationOf,
} from './dto/project.dto';
import { LIFECYCLE_LABELS, PROJECT_NODES, ProjectLevel, ProjectLifecycle, ProjectNature } from './entities/project-enums';
import { Project } from './entities/project.entity';
import { addMonths, isFutureMonth, monthLabel, NODE_STATUS_COLOURS, NODE_STATUS_LABELS, nodeStatus, normaliseProjectName, parseMonth, projectDateIssues, ProjectDates, ReportMonth } from './project-rules';
import { projectErrors } from './projects.errors';
import { OverdueProblem, ProjectProblemsRepository } from './project-problems.repository';
import { NodeRow, ProjectsProgressRepository } from './projects-progress.repository';
import { ProjectsRepository, SqlCondition } from './projects.repository';
import { ProgressReadModel } from './progress.read-model';
import { RollupLedgerReadModel } from './rollup-ledger.read-model';

/** What `rollupSigning` did: created the project, applied the signing to an existing one, or nothing (seen before). */
export type RollupOutcome = 'created' | 'applied' | 'duplicate';

/** A project whose owner is due to file a month's completed investment. */
export interface DueProgressReport {
  id: string;
  name: string;
  ownerUserId: string;
  teamId: string | null;
  /** `YYYY-MM`. */
  month: string;
}

/** Project columns that hold a node's planned or actual date; the other node dates live only in project_nodes. */
const NODE_COLUMNS: Record<string, { planned?: 'plannedStartOn' | 'plannedCompletionOn'; done?: 'registeredOn' | 'startedOn' | 'completedOn' }> = {
  [ProjectLifecycle.Registered]: { done: 'registeredOn' },
  [ProjectLifecycle.Preparation]: {},
  [ProjectLifecycle.Construction]: { planned: 'plannedStartOn', done: 'startedOn' },
  [ProjectLifecycle.Operating]: { planned: 'plannedCompletionOn', done: 'completedOn' },
};

/** The project fields a form (or the list import) may write. */
export const UPDATABLE = [
  'name',
  'totalInvestment',
  'isContinuing',
  'nature',
  'level',
  'lifecycle',
  'enterpriseId',
  'teamId',
  'regionUnitId',
  'industryChainId',
  'ownerUserId',
  'registeredOn',
  'plannedStartOn',
  'startedOn',
  'plannedCompletionOn',
  'completedOn',
  'capacity',
  'expectedOutputValue',
  'expectedTax',
  'notes',
] as const;

/** Thrown inside a rollup transaction to undo it: the signing was already rolled up. */
class AlreadyRolledUp extends Error {
  constructor() {
    super('signing already rolled up');
  }
}

/**
 * The project registry (项目库): projects rolled up from signings exactly once, or entered
 * directly; their nodes, yearly plans and monthly progress. Admins write; everyone reads
 * within scope (see ProjectsRepository.visibility); a project's owner also files its progress.
 */
@Injectable()
export class ProjectsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ProjectsRepository,
    private readonly progress: ProjectsProgressRepository,
    private readonly problems: ProjectProblemsRepository,
    private readonly progressReads: ProgressReadModel,
    private readonly ledger: RollupLedgerReadModel,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly enterprises: EnterprisesService,
    private readonly carriers: CarriersService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('projects', async (em, fromId, intoId) => {
      await em.getRepository(Project).update({ enterpriseId: fromId }, { enterpriseId: intoId });
    });
  }

  async list(actor: AuthUser, query: ProjectQuery): Promise<Page<ProjectView>> {
    const page = await this.repo.page(actor, query);
    return mapPage(page, await this.repo.views(page.items));
  }

  /** Who sees which project, as a condition on `projects p` (null: everything): for read models of other domains that count projects in scope. */
  visibility(actor: AuthUser): SqlCondition | null {
    return this.repo.visibility(actor);
  }

  /** A project the caller may see, else 404 (never 403: ids must not reveal what exists). */
  async findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Project> {
    const project = await this.repo.findVisible(em, actor, id);
    if (!project) throw notFound('project');
    return project;
  }

  /** A project the caller may file monthly reports for (progress, 到位资金): an admin, or its owner; 404 outside scope, else 403. */
  async findReportable(em: EntityManager, actor: AuthUser, id: string): Promise<Project> {
    const project = await this.findVisible(em, actor, id);
    if (actor.role !== Role.Admin && project.ownerUserId !== actor.id) throw projectErrors('PROJECT_WRITE_FORBIDDEN');
    return project;
  }

  async get(actor: AuthUser, id: string): Promise<ProjectDetailView> {
    const project = await this.findVisible(this.dataSource.manager, actor, id);
    const [[view], nodes, plans, byYear, signings, openProblems] = await Promise.all([
      this.repo.views([project]),
      this.progress.nodes(id),
      this.progress.yearPlans(id),
      this.progress.completedByYear(this.dataSource.manager, id),
      this.repo.rolledUpSignings(id),
      this.problems.openCount(id),
    ]);
    const years = [...new Set([...plans.map((p) => p.year), ...byYear.keys()])].sort((a, b) => a - b);
    return {
      ...(view as ProjectView),
      nodes: this.nodeViews(project, nodes),
      yearPlans: years.map((year): YearPlanView => {
        const plan = plans.find((p) => p.year === year);
        return { year, plannedInvestment: plan ? fromNumeric(plan.planned_investment) : null, completedInvestment: byYear.get(year) ?? '0' };
      }),
      signings: signings.map((s) => ({ signingId: s.signing_id, kind: s.kind, amount: fromNumeric(s.amount), signedOn: s.signed_on, rolledUpAt: s.created_at })),
      openProblems,
    };
  }

  async create(actor: AuthUser, dto: CreateProjectDto): Promise<ProjectDetailView> {
    const id = await this.dataSource.transaction(async (em) => {
      const regionUnitId = await this.checkReferences(em, actor, dto);
      await this.refuseDuplicate(em, { name: dto.name, enterpriseId: dto.enterpriseId ?? null, regionUnitId: regionUnitId ?? null, totalInvestment: dto.totalInvestment });
      const repo = em.getRepository(Project);
      const project = repo.create({
        name: dto.name,
        totalInvestment: dto.totalInvestment,
        isContinuing: dto.isContinuing ?? false,
        nature: dto.nature ?? ProjectNature.New,
        level: dto.level ?? ProjectLevel.General,
        // 续建 projects are, by definition, already being built.
        lifecycle: dto.lifecycle ?? (dto.isContinuing ? ProjectLifecycle.Construction : ProjectLifecycle.Signed),
        enterpriseId: dto.enterpriseId ?? null,
        teamId: dto.teamId ?? null,
        regionUnitId: regionUnitId ?? null,
        industryChainId: dto.industryChainId ?? null,
        ownerUserId: dto.ownerUserId ?? null,
        registeredOn: dto.registeredOn ?? null,
        plannedStartOn: dto.plannedStartOn ?? null,
        startedOn: dto.startedOn ?? null,
        plannedCompletionOn: dto.plannedCompletionOn ?? null,
        completedOn: dto.completedOn ?? null,
        capacity: dto.capacity ?? null,
        expectedOutputValue: dto.expectedOutputValue ?? null,
        expectedTax: dto.expectedTax ?? null,
        notes: dto.notes ?? null,
        ...locationColumns(dto.location ?? null),
        createdById: actor.id,
      });
      checkDates(project);
      await repo.save(project);
      await this.progress.syncNodes(em, project);
      await this.audit.record(em, actor, { action: 'create', entity: 'project', entityId: project.id, after: auditSnapshot(project) });
      return project.id;
    });
    return this.get(actor, id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateProjectDto): Promise<ProjectDetailView> {
    await this.dataSource.transaction(async (em) => {
      const project = await this.findVisible(em, actor, id);
      const before = auditSnapshot(project);
      const changes: Partial<Project> = {};
      for (const key of UPDATABLE) {
        if (dto[key] !== undefined) (changes as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.location !== undefined) Object.assign(changes, locationColumns(dto.location));
      const regionUnitId = await this.checkReferences(em, actor, changes);
      if (regionUnitId !== undefined) changes.regionUnitId = regionUnitId;
      // A rename (or a move to another company or county) may make it read as another entry.
      if (changes.name !== undefined || changes.enterpriseId !== undefined || changes.regionUnitId !== undefined) {
        const next = { ...project, ...changes };
        await this.refuseDuplicate(em, { name: next.name, enterpriseId: next.enterpriseId, regionUnitId: next.regionUnitId, excludeId: project.id });
      }
      checkDates({ ...project, ...changes });
      await this.versionedUpdate(em, project, dto.version, changes);
      await this.progress.syncNodes(em, project);
      await this.audit.record(em, actor, { action: 'update', entity: 'project', entityId: id, before, after: auditSnapshot(project) });
    });
    return this.get(actor, id);
  }

  /**
   * Sets a node's planned and/or actual date. 注册/开工/投产 dates are also the project's own
   * columns (registeredOn, plannedStartOn …) and change with it, under its version.
   */
  async setNode(actor: AuthUser, id: string, node: string, dto: SetNodeDto): Promise<ProjectDetailView> {
    if (!PROJECT_NODES.includes(node as ProjectLifecycle)) throw projectErrors('PROJECT_NODE_INVALID', [{ field: 'node', message: `节点应为 ${PROJECT_NODES.join('、')} 之一` }]);
    await this.dataSource.transaction(async (em) => {
      const project = await this.findVisible(em, actor, id);
      const row = await this.progress.lockNode(em, id, node);
      const columns = NODE_COLUMNS[node] ?? {};
      const current = {
        plannedOn: columns.planned ? project[columns.planned] : (row?.planned_on ?? null),
        doneOn: columns.done ? project[columns.done] : (row?.done_on ?? null),
      };
      const next = { plannedOn: dto.plannedOn !== undefined ? dto.plannedOn : current.plannedOn, doneOn: dto.doneOn !== undefined ? dto.doneOn : current.doneOn };
      if (next.doneOn && next.doneOn > businessDate(new Date())) throw projectErrors('PROJECT_DATES_INVALID', [{ field: 'doneOn', message: '实际完成日期不能晚于今天' }]);
      const changes: Partial<Project> = {};
      if (columns.planned) changes[columns.planned] = next.plannedOn;
      if (columns.done) changes[columns.done] = next.doneOn;
      checkDates({ ...project, ...changes });
      if (Object.keys(changes).length > 0 || dto.version !== undefined) await this.versionedUpdate(em, project, dto.version, changes);
      await this.progress.saveNode(em, id, node, next.plannedOn, next.doneOn);
      await this.audit.record(em, actor, { action: 'set-node', entity: 'project', entityId: id, before: { node, ...current }, after: { node, ...next } });
    });
    return this.get(actor, id);
  }

  /** 年度计划投资 for one year: set or corrected (PUT). */
  async setYearPlan(actor: AuthUser, id: string, yearParam: string, dto: SetYearPlanDto): Promise<SetYearPlanView> {
    const year = parseYear(yearParam);
    return this.dataSource.transaction(async (em) => {
      await this.findVisible(em, actor, id);
      // Serialises writers of one project's year, so `created` and the audit's "before" are true.
      await this.progress.lockYearPlan(em, id, year);
      const before = await this.progress.yearPlan(em, id, year);
      await this.progress.saveYearPlan(em, id, year, dto.plannedInvestment);
      await this.audit.record(em, actor, {
        action: 'set-plan',
        entity: 'project',
        entityId: id,
        before: { year, plannedInvestment: before ? fromNumeric(before.planned_investment) : null },
        after: { year, plannedInvestment: dto.plannedInvestment },
      });
      const byYear = await this.progress.completedByYear(em, id);
      return { year, plannedInvestment: dto.plannedInvestment, completedInvestment: byYear.get(year) ?? '0', created: !before };
    });
  }

  /**
   * 当月完成投资 for `YYYY-MM` (PUT): a second report for the same month corrects the first,
   * never adds to it. Not for a future month. Going over the total investment is allowed
   * (real projects overrun) and flagged.
   */
  async reportProgress(actor: AuthUser, id: string, monthParam: string, dto: ReportProgressDto): Promise<ProgressReportView> {
    const month = reportableMonth(monthParam, '完成投资');
    return this.dataSource.transaction(async (em) => {
      const project = await this.findReportable(em, actor, id);
      return this.writeProgress(em, actor, project, month, monthParam, dto);
    });
  }

  /**
   * Writes a month's 完成投资 within `em` for a project the caller may report for (checked by
   * the caller: the PUT above, or the monthly 调度 return's scope) — the one place the rule is.
   * `keepNote`: a report without a note keeps the month's note (the return carries none).
   */
  async writeProgress(em: EntityManager, actor: AuthUser, project: Project, month: ReportMonth, monthParam: string, dto: ReportProgressDto, keepNote = false): Promise<ProgressReportView> {
    const id = project.id;
    // Serialises reports of one project's month, so `created` and the audit's "before" are true.
    await this.progress.lockMonth(em, id, month.firstDay);
    if (dto.startedOn !== undefined) await this.recordStart(em, actor, project, month.firstDay, dto.startedOn);
    const before = await this.progress.monthReport(em, id, month.firstDay);
    const note = dto.note ?? (keepNote ? (before?.note ?? null) : null);
    const savedAt = await this.progress.saveMonthReport(em, id, month.firstDay, dto.completedInvestment, note, actor.id);
    const sums = await this.progress.cumulativeAt(em, id, month.firstDay);
    await this.audit.record(em, actor, {
      action: 'report-progress',
      entity: 'project',
      entityId: id,
      before: before ? { month: monthParam, completedInvestment: fromNumeric(before.completed_investment), note: before.note } : null,
      after: { month: monthParam, completedInvestment: dto.completedInvestment, note },
    });
    const total = fromNumeric(sums?.total);
    return {
      month: monthParam,
      completedInvestment: dto.completedInvestment,
      cumulativeCompleted: fromNumeric(sums?.upto),
      note,
      reportedBy: { id: actor.id, name: actor.displayName },
      updatedAt: savedAt,
      created: !before,
      totalInvestment: fromNumeric(project.totalInvestment),
      projectCumulativeCompleted: total,
      overrun: toUnits(total) > toUnits(fromNumeric(project.totalInvestment)),
      warnings: progressWarnings(project, monthParam, month.firstDay, dto.completedInvestment),
      startedOn: project.startedOn,
      lifecycle: project.lifecycle,
    };
  }

  /** Projects by id as stored (for a writer that has checked the scope itself), locked against concurrent edits. */
  async lockProjects(em: EntityManager, ids: string[]): Promise<Project[]> {
    if (ids.length === 0) return [];
    return em.getRepository(Project).find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' }, order: { id: 'ASC' } });
  }

  /**
   * Records the 开工 node while reporting a month (admins only, like the node itself): the
   * actual start date, and the stage moves on to 开工建设 if it was before it. Same
   * transaction as the report, under the project's version, audited as `record-start`.
   * Repeating the recorded date is a no-op; a different one is 409 (correct it on the node).
   */
  private async recordStart(em: EntityManager, actor: AuthUser, project: Project, monthFirstDay: string, startedOn: string): Promise<void> {
    if (actor.role !== Role.Admin) throw projectErrors('PROJECT_WRITE_FORBIDDEN', [{ field: 'startedOn', message: '只有管理员可以记录开工节点' }], '只有管理员可以记录开工节点');
    if (project.startedOn === startedOn) return;
    if (project.startedOn) throw projectErrors('PROJECT_ALREADY_STARTED', { startedOn: project.startedOn }, `项目已记录开工日期 ${project.startedOn}，如需更正请修改开工节点`);
    if (startedOn >= addMonths(monthFirstDay, 1)) {
      throw projectErrors('PROJECT_DATES_INVALID', [{ field: 'startedOn', message: `开工日期不能晚于所报月份 ${monthLabel(monthFirstDay)} 的月末` }]);
    }
    const before = { startedOn: project.startedOn, lifecycle: project.lifecycle };
    const changes: Partial<Project> = { startedOn };
    if (hasNotStarted(project)) changes.lifecycle = ProjectLifecycle.Construction;
    checkDates({ ...project, ...changes });
    await this.versionedUpdate(em, project, undefined, changes);
    await this.progress.saveNode(em, project.id, ProjectLifecycle.Construction, project.plannedStartOn, startedOn);
    await this.audit.record(em, actor, {
      action: 'record-start',
      entity: 'project',
      entityId: project.id,
      before: { node: ProjectLifecycle.Construction, ...before },
      after: { node: ProjectLifecycle.Construction, startedOn: project.startedOn, lifecycle: project.lifecycle, reportedMonth: monthLabel(monthFirstDay) },
    });
  }

  /** Every month reported, oldest first, with the running cumulative (derived, never stored). */
  async listProgress(actor: AuthUser, id: string): Promise<ProgressListView> {
    const project = await this.findVisible(this.dataSource.manager, actor, id);
    const rows = await this.progressReads.months(id);
    const items = rows.map((r) => ({
      month: monthLabel(r.month),
      completedInvestment: fromNumeric(r.completed_investment),
      cumulativeCompleted: fromNumeric(r.cumulative),
      note: r.note,
      reportedBy: r.reported_by_id ? { id: r.reported_by_id, name: r.display_name ?? '' } : null,
      updatedAt: r.updated_at,
    }));
    const cumulative = items.length ? (items[items.length - 1] as { cumulativeCompleted: string }).cumulativeCompleted : '0';
    const total = fromNumeric(project.totalInvestment);
    return { items, totalInvestment: total, cumulativeCompleted: cumulative, overrun: toUnits(cumulative) > toUnits(total) };
  }

  /**
   * Rolls one signing up into the registry, exactly once (for the background job). In one
   * transaction: the lead's project is created or found (a unique index on lead_id makes a
   * racing duplicate impossible) and the signing's amount added to its signed amount and
   * total investment; then the signing enters the ledger, whose unique signing_id refuses a
   * second entry — and then the whole transaction is undone and 'duplicate' returned. The
   * order of an initial signing and its supplements does not matter: each only adds its own
   * amount, and whichever comes first creates the project.
   *
   * A malformed payload, or one naming a lead or signing that does not exist, throws
   * ROLLUP_PAYLOAD_INVALID (an AppError with status 422): a permanent failure, not worth retrying.
   */
  async rollupSigning(input: unknown): Promise<RollupOutcome> {
    const payload = await parseRollupPayload(input);
    if (await this.repo.isRolledUp(payload.signingId)) return 'duplicate';
    try {
      return await this.dataSource.transaction(async (em) => {
        const regionUnitId = payload.regionUnitId ? await this.countyOf(em, payload.regionUnitId) : null;
        // The lock direct entries of the company take: an entry racing this rollup sees its project.
        if (payload.enterpriseId) await this.repo.lockDuplicateKey(em, duplicateKey(payload.enterpriseId, null));
        const project = await this.repo.addSigning(em, payload, regionUnitId);
        const { id, inserted } = project as { id: string; inserted: boolean };
        if (!(await this.repo.enterLedger(em, id, payload))) throw new AlreadyRolledUp();
        // The lead's project has landed: so has the parcel or factory, and the promoted project, it names.
        if (inserted) await this.carriers.projectLanded(em, payload.leadId, id);
        const after = { signedAmount: fromNumeric(project?.signed_amount), totalInvestment: fromNumeric(project?.total_investment) };
        const minus = (v: string) => formatWanYuan(toUnits(v) - toUnits(payload.amount));
        await this.audit.record(em, null, {
          action: 'rollup',
          entity: 'project',
          entityId: id,
          before: inserted ? null : { signedAmount: minus(after.signedAmount), totalInvestment: minus(after.totalInvestment) },
          after: { ...after, signingId: payload.signingId, kind: payload.kind, amount: payload.amount, ...(inserted ? { leadId: payload.leadId, name: payload.title } : {}) },
        });
        return (inserted ? 'created' : 'applied') as RollupOutcome;
      });
    } catch (err) {
      if (err instanceof AlreadyRolledUp) return 'duplicate';
      if (isForeignKeyViolation(err)) {
        throw projectErrors('ROLLUP_PAYLOAD_INVALID', { signingId: payload.signingId, leadId: payload.leadId, reason: '签约、线索或其引用的数据不存在' });
      }
      throw err;
    }
  }

  /**
   * Signings not in the ledger: a signing is rolled up exactly when project_signings holds its
   * id (the row is written in the rollup's own transaction). For the queue reconciliation.
   */
  async signingsNotRolledUp(after: string, limit: number): Promise<string[]> {
    return this.ledger.signingsNotRolledUp(after, limit);
  }

  /**
   * Projects being built or running (开工建设 / 投产运行) with an active owner and no report
   * for `month` (`YYYY-MM`): whom the monthly reminder goes to.
   */
  async projectsDueForProgressReport(month: string): Promise<DueProgressReport[]> {
    const parsed = parseMonth(month);
    if (!parsed) throw projectErrors('PROJECT_MONTH_INVALID', [{ field: 'month', message: 'month 应为 YYYY-MM' }]);
    const rows = await this.progressReads.dueForReport(parsed.firstDay);
    return rows.map((r) => ({ id: r.id, name: r.name, ownerUserId: r.owner_user_id, teamId: r.team_id, month }));
  }

  /** Unresolved problems (卡点堵点) whose due date has passed by `now` (Beijing date), oldest due first. */
  async overdueProblems(now: Date = new Date()): Promise<OverdueProblem[]> {
    return this.problems.overdue(businessDate(now));
  }

  /**
   * 409 PROJECT_DUPLICATE when a directly entered project is already in the registry: a
   * project of the same company whose name reads the same (normaliseProjectName), or one
   * rolled up from the company's signings whose signed amount equals the entered total
   * investment (the same signing, entered again by hand). Without a company, projects
   * without one in the same county are compared by name. The company's (or county's) entries
   * are serialised by an advisory lock — the rollup of a signing takes the company's too — so
   * concurrent duplicates end in one project. A rename (`excludeId`: the project itself) is
   * compared by name only: its amounts were checked when it was entered.
   */
  private async refuseDuplicate(
    em: EntityManager,
    entry: { name: string; enterpriseId: string | null; regionUnitId: string | null; totalInvestment?: string; excludeId?: string },
  ): Promise<void> {
    const { enterpriseId, regionUnitId, totalInvestment } = entry;
    if (!enterpriseId && !regionUnitId) return;
    await this.repo.lockDuplicateKey(em, duplicateKey(enterpriseId, regionUnitId));
    const candidates = (await this.repo.duplicateCandidates(em, enterpriseId, regionUnitId)).filter((c) => c.id !== entry.excludeId);
    const name = normaliseProjectName(entry.name);
    const byName = candidates.find((c) => normaliseProjectName(c.name) === name);
    const bySigning =
      enterpriseId && totalInvestment !== undefined
        ? candidates.find((c) => c.lead_id !== null && toUnits(fromNumeric(c.signed_amount)) > 0n && toUnits(fromNumeric(c.signed_amount)) === toUnits(totalInvestment))
        : undefined;
    const existing = byName ?? bySigning;
    if (!existing) return;
    const matchedBy = byName ? 'name' : 'signing';
    const reason = byName ? `同一企业（或旗县区）已有同名项目「${existing.name}」` : `「${existing.name}」由该企业的签约入库，签约额与所填总投资相同`;
    throw projectErrors(
      'PROJECT_DUPLICATE',
      { existingProjectId: existing.id, existingProjectName: existing.name, matchedBy, normalisedName: name },
      `项目库中已有该项目：${reason}，请勿重复录入`,
    );
  }

  /** UPDATE … WHERE version = expected; zero rows means someone else wrote first (409). */
  private async versionedUpdate(em: EntityManager, project: Project, expectedVersion: number | undefined, changes: Partial<Project>): Promise<void> {
    const expected = expectedVersion ?? project.version;
    if (!(await this.repo.updateIfVersion(em, project.id, expected, changes))) {
      const current = await em.getRepository(Project).findOneBy({ id: project.id });
      throw projectErrors('PROJECT_VERSION_CONFLICT', {
        currentVersion: current?.version,
        currentLifecycle: current?.lifecycle,
        currentLifecycleLabel: current ? LIFECYCLE_LABELS[current.lifecycle] : undefined,
      });
    }
    Object.assign(project, changes, { version: expected + 1 });
  }

  private nodeViews(p: Project, rows: NodeRow[]): NodeView[] {
    return nodeViewsOf(p, rows);
  }

  /**
   * Checks the references a create or update names; returns the county to store for
   * regionUnitId (undefined when it is not being set).
   */
  private async checkReferences(em: EntityManager, actor: AuthUser, dto: Partial<Pick<Project, 'enterpriseId' | 'teamId' | 'regionUnitId' | 'industryChainId' | 'ownerUserId'>>): Promise<string | null | undefined> {
    const invalid = (field: string, message: string) => projectErrors('PROJECT_REFERENCE_INVALID', [{ field, message }], message);
    if (dto.enterpriseId) {
      try {
        await this.enterprises.findLive(dto.enterpriseId, em);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') throw invalid('enterpriseId', '企业不存在或已合并');
        throw err;
      }
    }
    if (dto.teamId && !(await this.scope.canSeeTeam(actor, dto.teamId))) throw invalid('teamId', '招商队不存在');
    if (dto.industryChainId) await this.chains.resolveActive([dto.industryChainId], 'industryChainId', em);
    if (dto.ownerUserId && (await this.users.findActive([dto.ownerUserId], em)).length === 0) throw invalid('ownerUserId', '项目负责人须为在职用户');
    if (dto.regionUnitId === undefined || dto.regionUnitId === null) return dto.regionUnitId;
    const county = await this.countyOf(em, dto.regionUnitId);
    if (!county) throw invalid('regionUnitId', '所在区域不存在');
    return county;
  }

  /** The county-level unit a unit lies in (itself for a county or a city); null if it does not exist. */
  private async countyOf(em: EntityManager, regionUnitId: string): Promise<string | null> {
    let unit = await this.regions.find(regionUnitId, em);
    for (let hops = 0; unit && (unit.level === RegionLevel.Township || unit.level === RegionLevel.Village) && unit.parentId && hops < 3; hops++) {
      unit = await this.regions.find(unit.parentId, em);
    }
    return unit?.id ?? null;
  }
}

/** The dates of a project a node reads from its own columns (注册/开工/投产); the node rows hold the rest. */
export type NodeDates = Pick<Project, 'lifecycle' | 'registeredOn' | 'plannedStartOn' | 'startedOn' | 'plannedCompletionOn' | 'completedOn'>;

/** Each node of a project with its dates, status and colour as of `now`. */
export function nodeViewsOf(p: NodeDates, rows: NodeRow[], now: Date = new Date()): NodeView[] {
  return PROJECT_NODES.map((node) => {
    const row = rows.find((r) => r.node === node);
    const columns = NODE_COLUMNS[node] ?? {};
    const plannedOn = columns.planned ? p[columns.planned] : (row?.planned_on ?? null);
    const doneOn = columns.done ? p[columns.done] : (row?.done_on ?? null);
    const status = nodeStatus({ node, plannedOn, doneOn }, p.lifecycle, now);
    return { node, nodeLabel: LIFECYCLE_LABELS[node], plannedOn, doneOn, status, statusLabel: NODE_STATUS_LABELS[status], colour: NODE_STATUS_COLOURS[status] };
  });
}

/** `:month` of a monthly report path (`YYYY-MM`), not in the future; `what` names what is reported in the message. */
export function reportableMonth(monthParam: string, what: string): ReportMonth {
  const month = parseMonth(monthParam);
  if (!month) throw projectErrors('PROJECT_MONTH_INVALID', [{ field: 'month', message: 'month 应为 YYYY-MM，如 2022-06' }]);
  if (isFutureMonth(month)) throw projectErrors('PROJECT_MONTH_IN_FUTURE', [{ field: 'month', message: `${monthParam} 尚未到来，不能填报${what}` }], `不能填报未来月份的${what}`);
  return month;
}

/** `:year` of a plan path: 2000–2100. */
export function parseYear(value: string): number {
  const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(year >= 2000 && year <= 2100)) throw projectErrors('PROJECT_YEAR_INVALID', [{ field: 'year', message: 'year 应为 2000–2100 之间的四位年份' }]);
  return year;
}

/** Validates a rollup job's payload; ROLLUP_PAYLOAD_INVALID (permanent) naming the fields otherwise. */
/** The advisory lock key of the entries that could duplicate each other: the company's, or (without one) the county's. */
function duplicateKey(enterpriseId: string | null, regionUnitId: string | null): string {
  return enterpriseId ? `enterprise:${enterpriseId}` : `county:${regionUnitId}`;
}

export async function parseRollupPayload(input: unknown): Promise<RollupSigningPayload> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw projectErrors('ROLLUP_PAYLOAD_INVALID', [{ field: '', message: 'payload must be an object' }]);
  const payload = plainToInstance(RollupSigningPayload, input);
  const errors = await validate(payload, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length) {
    const details: FieldIssue[] = flattenValidationErrors(errors);
    throw projectErrors('ROLLUP_PAYLOAD_INVALID', details, `签约入库任务的数据不合法：${details[0]?.message ?? ''}`);
  }
  return payload;
}

/** Not started: no 开工 date, and the stage still before 开工建设 (已签约 / 已注册 / 前期手续). */
export function hasNotStarted(p: Pick<Project, 'startedOn' | 'lifecycle'>): boolean {
  return !p.startedOn && [ProjectLifecycle.Signed, ProjectLifecycle.Registered, ProjectLifecycle.Preparation].includes(p.lifecycle);
}

/** The warnings a month's report carries (accepted all the same): investment before the project started. */
function progressWarnings(p: Pick<Project, 'startedOn' | 'lifecycle'>, monthParam: string, monthFirstDay: string, amount: string): string[] {
  if (toUnits(amount) === 0n) return [];
  if (hasNotStarted(p)) {
    return [`项目尚未开工（当前阶段：${LIFECYCLE_LABELS[p.lifecycle]}，未记录开工日期），却填报了 ${monthParam} 完成投资 ${amount} 万元；如已开工，请同时填写实际开工日期（startedOn）记录开工节点`];
  }
  if (p.startedOn && p.startedOn >= addMonths(monthFirstDay, 1)) {
    return [`项目开工日期为 ${p.startedOn}，晚于所报月份 ${monthParam}，请核实完成投资的月份`];
  }
  return [];
}

/** 400 when the dates contradict each other or an actual date lies in the future. */
function checkDates(p: ProjectDates): void {
  const issues: FieldIssue[] = projectDateIssues(p, businessDate(new Date()));
  if (issues.length) throw projectErrors('PROJECT_DATES_INVALID', issues, (issues[0] as FieldIssue).message);
}

/** What the audit log keeps of a project, before and after a write. */
export function auditSnapshot(p: Project) {
  return {
    name: p.name,
    totalInvestment: fromNumeric(p.totalInvestment),
    isContinuing: p.isContinuing,
    nature: p.nature,
    level: p.level,
    lifecycle: p.lifecycle,
    enterpriseId: p.enterpriseId,
    teamId: p.teamId,
    regionUnitId: p.regionUnitId,
    industryChainId: p.industryChainId,
    ownerUserId: p.ownerUserId,
    registeredOn: p.registeredOn,
    plannedStartOn: p.plannedStartOn,
    startedOn: p.startedOn,
    plannedCompletionOn: p.plannedCompletionOn,
    completedOn: p.completedOn,
    capacity: p.capacity,
    expectedOutputValue: p.expectedOutputValue === null ? null : fromNumeric(p.expectedOutputValue),
    expectedTax: p.expectedTax === null ? null : fromNumeric(p.expectedTax),
    notes: p.notes,
    location: locationOf(p),
  };
}
