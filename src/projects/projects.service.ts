import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { AppError, FieldIssue, notFound } from '../common/errors/app-error';
import { isForeignKeyViolation } from '../common/errors/pg-errors';
import { flattenValidationErrors } from '../common/errors/validation';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { Page, paginate } from '../common/pagination/page';
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
} from './dto/project.dto';
import { LIFECYCLE_LABELS, PROJECT_NODES, ProblemStatus, ProjectLevel, ProjectLifecycle, ProjectNature, RolledUpSigningKind } from './entities/project-enums';
import { Project } from './entities/project.entity';
import { isFutureMonth, monthLabel, NODE_STATUS_COLOURS, NODE_STATUS_LABELS, nodeStatus, parseMonth } from './project-rules';
import { projectErrors } from './projects.errors';
import { ProjectsRepository } from './projects.repository';

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

/** An unresolved problem past its due date, for escalation. */
export interface OverdueProblem {
  id: string;
  projectId: string;
  projectName: string;
  category: string;
  description: string;
  responsibleDepartment: string;
  dueOn: string;
  status: ProblemStatus;
  ownerUserId: string | null;
  teamId: string | null;
  regionUnitId: string | null;
  daysOverdue: number;
}

/** Project columns that hold a node's planned or actual date; the other node dates live only in project_nodes. */
const NODE_COLUMNS: Record<string, { planned?: 'plannedStartOn' | 'plannedCompletionOn'; done?: 'registeredOn' | 'startedOn' | 'completedOn' }> = {
  [ProjectLifecycle.Registered]: { done: 'registeredOn' },
  [ProjectLifecycle.Preparation]: {},
  [ProjectLifecycle.Construction]: { planned: 'plannedStartOn', done: 'startedOn' },
  [ProjectLifecycle.Operating]: { planned: 'plannedCompletionOn', done: 'completedOn' },
};

const UPDATABLE = [
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
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly enterprises: EnterprisesService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('projects', async (em, fromId, intoId) => {
      await em.getRepository(Project).update({ enterpriseId: fromId }, { enterpriseId: intoId });
    });
  }

  async list(actor: AuthUser, query: ProjectQuery): Promise<Page<ProjectView>> {
    const qb = this.repo.scoped(actor, query);
    const sort = query.sort ?? 'createdAt';
    const column = { createdAt: 'created_at', updatedAt: 'updated_at', totalInvestment: 'total_investment' }[sort];
    const page = await paginate(qb, query, { alias: 'p', property: sort, column, direction: query.order === 'asc' ? 'ASC' : 'DESC' });
    return { items: await this.repo.views(page.items), nextCursor: page.nextCursor };
  }

  /** A project the caller may see, else 404 (never 403: ids must not reveal what exists). */
  async findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Project> {
    const project = await this.repo.scoped(actor, {}, em).andWhere('p.id = :id', { id }).getOne();
    if (!project) throw notFound('project');
    return project;
  }

  async get(actor: AuthUser, id: string): Promise<ProjectDetailView> {
    const project = await this.findVisible(this.dataSource.manager, actor, id);
    const [[view], nodes, plans, byYear, signings, problems] = await Promise.all([
      this.repo.views([project]),
      this.dataSource.query('SELECT node, planned_on::text, done_on::text FROM project_nodes WHERE project_id = $1', [id]) as Promise<Array<{ node: ProjectLifecycle; planned_on: string | null; done_on: string | null }>>,
      this.dataSource.query('SELECT year, planned_investment FROM project_year_plans WHERE project_id = $1', [id]) as Promise<Array<{ year: number; planned_investment: string }>>,
      this.completedByYear(this.dataSource.manager, id),
      this.dataSource.query('SELECT signing_id, kind, amount, signed_on::text, created_at FROM project_signings WHERE project_id = $1 ORDER BY signed_on, created_at', [id]) as Promise<
        Array<{ signing_id: string; kind: RolledUpSigningKind; amount: string; signed_on: string; created_at: Date }>
      >,
      this.dataSource.query(`SELECT count(*)::int AS n FROM project_problems WHERE project_id = $1 AND status <> 'resolved'`, [id]) as Promise<Array<{ n: number }>>,
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
      openProblems: problems[0]?.n ?? 0,
    };
  }

  async create(actor: AuthUser, dto: CreateProjectDto): Promise<ProjectDetailView> {
    const id = await this.dataSource.transaction(async (em) => {
      const regionUnitId = await this.checkReferences(em, actor, dto);
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
        createdById: actor.id,
      });
      checkDates(project);
      await repo.save(project);
      await this.syncNodes(em, project);
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
      const regionUnitId = await this.checkReferences(em, actor, changes);
      if (regionUnitId !== undefined) changes.regionUnitId = regionUnitId;
      checkDates({ ...project, ...changes });
      await this.versionedUpdate(em, project, dto.version, changes);
      await this.syncNodes(em, project);
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
      const [row]: Array<{ planned_on: string | null; done_on: string | null }> = await em.query(
        'SELECT planned_on::text, done_on::text FROM project_nodes WHERE project_id = $1 AND node = $2 FOR UPDATE',
        [id, node],
      );
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
      await em.query(
        `INSERT INTO project_nodes (project_id, node, planned_on, done_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, node) DO UPDATE SET planned_on = EXCLUDED.planned_on, done_on = EXCLUDED.done_on, updated_at = now()`,
        [id, node, next.plannedOn, next.doneOn],
      );
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
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`project-plan:${id}:${year}`]);
      const [before]: Array<{ planned_investment: string }> = await em.query(
        'SELECT planned_investment FROM project_year_plans WHERE project_id = $1 AND year = $2',
        [id, year],
      );
      await em.query(
        `INSERT INTO project_year_plans (project_id, year, planned_investment) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, year) DO UPDATE SET planned_investment = EXCLUDED.planned_investment, updated_at = now()`,
        [id, year, dto.plannedInvestment],
      );
      await this.audit.record(em, actor, {
        action: 'set-plan',
        entity: 'project',
        entityId: id,
        before: { year, plannedInvestment: before ? fromNumeric(before.planned_investment) : null },
        after: { year, plannedInvestment: dto.plannedInvestment },
      });
      const byYear = await this.completedByYear(em, id);
      return { year, plannedInvestment: dto.plannedInvestment, completedInvestment: byYear.get(year) ?? '0', created: !before };
    });
  }

  /**
   * 当月完成投资 for `YYYY-MM` (PUT): a second report for the same month corrects the first,
   * never adds to it. Not for a future month. Going over the total investment is allowed
   * (real projects overrun) and flagged.
   */
  async reportProgress(actor: AuthUser, id: string, monthParam: string, dto: ReportProgressDto): Promise<ProgressReportView> {
    const month = parseMonth(monthParam);
    if (!month) throw projectErrors('PROJECT_MONTH_INVALID', [{ field: 'month', message: 'month 应为 YYYY-MM，如 2022-06' }]);
    if (isFutureMonth(month)) throw projectErrors('PROJECT_MONTH_IN_FUTURE', [{ field: 'month', message: `${monthParam} 尚未到来，不能填报完成投资` }]);
    return this.dataSource.transaction(async (em) => {
      const project = await this.findVisible(em, actor, id);
      if (actor.role !== Role.Admin && project.ownerUserId !== actor.id) throw projectErrors('PROJECT_WRITE_FORBIDDEN');
      // Serialises reports of one project's month, so `created` and the audit's "before" are true.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`project-progress:${id}:${month.firstDay}`]);
      const [before]: Array<{ completed_investment: string; note: string | null }> = await em.query(
        'SELECT completed_investment, note FROM project_monthly_progress WHERE project_id = $1 AND month = $2',
        [id, month.firstDay],
      );
      const [saved]: Array<{ updated_at: Date }> = await em.query(
        `INSERT INTO project_monthly_progress (project_id, month, completed_investment, note, reported_by_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id, month) DO UPDATE
           SET completed_investment = EXCLUDED.completed_investment, note = EXCLUDED.note, reported_by_id = EXCLUDED.reported_by_id, updated_at = now()
         RETURNING updated_at`,
        [id, month.firstDay, dto.completedInvestment, dto.note ?? null, actor.id],
      );
      const [sums]: Array<{ upto: string | null; total: string | null }> = await em.query(
        `SELECT sum(completed_investment) FILTER (WHERE month <= $2) AS upto, sum(completed_investment) AS total
           FROM project_monthly_progress WHERE project_id = $1`,
        [id, month.firstDay],
      );
      await this.audit.record(em, actor, {
        action: 'report-progress',
        entity: 'project',
        entityId: id,
        before: before ? { month: monthParam, completedInvestment: fromNumeric(before.completed_investment), note: before.note } : null,
        after: { month: monthParam, completedInvestment: dto.completedInvestment, note: dto.note ?? null },
      });
      const total = fromNumeric(sums?.total);
      return {
        month: monthParam,
        completedInvestment: dto.completedInvestment,
        cumulativeCompleted: fromNumeric(sums?.upto),
        note: dto.note ?? null,
        reportedBy: { id: actor.id, name: actor.displayName },
        updatedAt: (saved as { updated_at: Date }).updated_at,
        created: !before,
        totalInvestment: fromNumeric(project.totalInvestment),
        projectCumulativeCompleted: total,
        overrun: toUnits(total) > toUnits(fromNumeric(project.totalInvestment)),
      };
    });
  }

  /** Every month reported, oldest first, with the running cumulative (derived, never stored). */
  async listProgress(actor: AuthUser, id: string): Promise<ProgressListView> {
    const project = await this.findVisible(this.dataSource.manager, actor, id);
    const rows: Array<{ month: string; completed_investment: string; cumulative: string; note: string | null; reported_by_id: string | null; display_name: string | null; updated_at: Date }> =
      await this.dataSource.query(
        `SELECT mp.month::text, mp.completed_investment, sum(mp.completed_investment) OVER (ORDER BY mp.month) AS cumulative,
                mp.note, mp.reported_by_id, u.display_name, mp.updated_at
           FROM project_monthly_progress mp LEFT JOIN users u ON u.id = mp.reported_by_id
          WHERE mp.project_id = $1 ORDER BY mp.month`,
        [id],
      );
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
    const seen: unknown[] = await this.dataSource.query('SELECT 1 FROM project_signings WHERE signing_id = $1', [payload.signingId]);
    if (seen.length > 0) return 'duplicate';
    try {
      return await this.dataSource.transaction(async (em) => {
        const regionUnitId = payload.regionUnitId ? await this.countyOf(em, payload.regionUnitId) : null;
        const [project]: Array<{ id: string; inserted: boolean; signed_amount: string; total_investment: string }> = await em.query(
          `INSERT INTO projects (name, lead_id, enterprise_id, team_id, region_unit_id, industry_chain_id, owner_user_id, total_investment, signed_amount, signed_on, lifecycle)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, 'signed')
           ON CONFLICT (lead_id) DO UPDATE SET
             signed_amount = projects.signed_amount + EXCLUDED.signed_amount,
             total_investment = projects.total_investment + EXCLUDED.total_investment,
             signed_on = LEAST(projects.signed_on, EXCLUDED.signed_on),
             enterprise_id = COALESCE(projects.enterprise_id, EXCLUDED.enterprise_id),
             team_id = COALESCE(projects.team_id, EXCLUDED.team_id),
             region_unit_id = COALESCE(projects.region_unit_id, EXCLUDED.region_unit_id),
             industry_chain_id = COALESCE(projects.industry_chain_id, EXCLUDED.industry_chain_id),
             owner_user_id = COALESCE(projects.owner_user_id, EXCLUDED.owner_user_id),
             version = projects.version + 1,
             updated_at = now()
           RETURNING id, (xmax = 0) AS inserted, signed_amount, total_investment`,
          [
            payload.title,
            payload.leadId,
            payload.enterpriseId ?? null,
            payload.teamId ?? null,
            regionUnitId,
            payload.industryChainId ?? null,
            payload.ownerId ?? null,
            payload.amount,
            payload.signedOn,
          ],
        );
        const { id, inserted } = project as { id: string; inserted: boolean };
        const ledger: unknown[] = await em.query(
          `INSERT INTO project_signings (project_id, signing_id, kind, amount, signed_on) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (signing_id) DO NOTHING RETURNING id`,
          [id, payload.signingId, payload.kind, payload.amount, payload.signedOn],
        );
        if (ledger.length === 0) throw new AlreadyRolledUp();
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
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT s.id FROM signings s
        WHERE s.id > $1 AND NOT EXISTS (SELECT 1 FROM project_signings ps WHERE ps.signing_id = s.id)
        ORDER BY s.id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Projects being built or running (开工建设 / 投产运行) with an active owner and no report
   * for `month` (`YYYY-MM`): whom the monthly reminder goes to.
   */
  async projectsDueForProgressReport(month: string): Promise<DueProgressReport[]> {
    const parsed = parseMonth(month);
    if (!parsed) throw projectErrors('PROJECT_MONTH_INVALID', [{ field: 'month', message: 'month 应为 YYYY-MM' }]);
    const rows: Array<{ id: string; name: string; owner_user_id: string; team_id: string | null }> = await this.dataSource.query(
      `SELECT p.id, p.name, p.owner_user_id, p.team_id
         FROM projects p JOIN users u ON u.id = p.owner_user_id AND u.is_active
        WHERE p.lifecycle IN ('construction', 'operating')
          AND NOT EXISTS (SELECT 1 FROM project_monthly_progress mp WHERE mp.project_id = p.id AND mp.month = $1)
        ORDER BY p.owner_user_id, p.name, p.id`,
      [parsed.firstDay],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, ownerUserId: r.owner_user_id, teamId: r.team_id, month }));
  }

  /** Unresolved problems (卡点堵点) whose due date has passed by `now` (Beijing date), oldest due first. */
  async overdueProblems(now: Date = new Date()): Promise<OverdueProblem[]> {
    const today = businessDate(now);
    const rows: Array<{
      id: string;
      project_id: string;
      name: string;
      category: string;
      description: string;
      responsible_department: string;
      due_on: string;
      status: ProblemStatus;
      owner_user_id: string | null;
      team_id: string | null;
      region_unit_id: string | null;
      days: number;
    }> = await this.dataSource.query(
      `SELECT pp.id, pp.project_id, p.name, pp.category, pp.description, pp.responsible_department, pp.due_on::text, pp.status,
              p.owner_user_id, p.team_id, p.region_unit_id, ($1::date - pp.due_on) AS days
         FROM project_problems pp JOIN projects p ON p.id = pp.project_id
        WHERE pp.status <> 'resolved' AND pp.due_on < $1::date
        ORDER BY pp.due_on, pp.id`,
      [today],
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.name,
      category: r.category,
      description: r.description,
      responsibleDepartment: r.responsible_department,
      dueOn: r.due_on,
      status: r.status,
      ownerUserId: r.owner_user_id,
      teamId: r.team_id,
      regionUnitId: r.region_unit_id,
      daysOverdue: Number(r.days),
    }));
  }

  /** UPDATE … WHERE version = expected; zero rows means someone else wrote first (409). */
  private async versionedUpdate(em: EntityManager, project: Project, expectedVersion: number | undefined, changes: Partial<Project>): Promise<void> {
    const expected = expectedVersion ?? project.version;
    const result = await em
      .createQueryBuilder()
      .update(Project)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :expected', { id: project.id, expected })
      .execute();
    if (result.affected === 0) {
      const current = await em.getRepository(Project).findOneBy({ id: project.id });
      throw projectErrors('PROJECT_VERSION_CONFLICT', {
        currentVersion: current?.version,
        currentLifecycle: current?.lifecycle,
        currentLifecycleLabel: current ? LIFECYCLE_LABELS[current.lifecycle] : undefined,
      });
    }
    Object.assign(project, changes, { version: expected + 1 });
  }

  /** Mirrors the project's 注册/开工/投产 dates into its node rows, keeping the node-only dates. */
  private async syncNodes(em: EntityManager, p: Project): Promise<void> {
    await em.query(
      `INSERT INTO project_nodes (project_id, node, planned_on, done_on)
       VALUES ($1, 'registered', NULL, $2), ($1, 'preparation', NULL, NULL), ($1, 'construction', $3, $4), ($1, 'operating', $5, $6)
       ON CONFLICT (project_id, node) DO UPDATE SET
         planned_on = CASE WHEN EXCLUDED.node IN ('construction', 'operating') THEN EXCLUDED.planned_on ELSE project_nodes.planned_on END,
         done_on = CASE WHEN EXCLUDED.node <> 'preparation' THEN EXCLUDED.done_on ELSE project_nodes.done_on END,
         updated_at = now()`,
      [p.id, p.registeredOn, p.plannedStartOn, p.startedOn, p.plannedCompletionOn, p.completedOn],
    );
  }

  private nodeViews(p: Project, rows: Array<{ node: ProjectLifecycle; planned_on: string | null; done_on: string | null }>): NodeView[] {
    const now = new Date();
    return PROJECT_NODES.map((node) => {
      const row = rows.find((r) => r.node === node);
      const columns = NODE_COLUMNS[node] ?? {};
      const plannedOn = columns.planned ? p[columns.planned] : (row?.planned_on ?? null);
      const doneOn = columns.done ? p[columns.done] : (row?.done_on ?? null);
      const status = nodeStatus({ node, plannedOn, doneOn }, p.lifecycle, now);
      return { node, nodeLabel: LIFECYCLE_LABELS[node], plannedOn, doneOn, status, statusLabel: NODE_STATUS_LABELS[status], colour: NODE_STATUS_COLOURS[status] };
    });
  }

  private async completedByYear(em: EntityManager, projectId: string): Promise<Map<number, string>> {
    const rows: Array<{ year: number; total: string }> = await em.query(
      `SELECT extract(year FROM month)::int AS year, sum(completed_investment) AS total FROM project_monthly_progress WHERE project_id = $1 GROUP BY 1`,
      [projectId],
    );
    return new Map(rows.map((r) => [Number(r.year), fromNumeric(r.total)]));
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

/** `:year` of a plan path: 2000–2100. */
export function parseYear(value: string): number {
  const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(year >= 2000 && year <= 2100)) throw projectErrors('PROJECT_YEAR_INVALID', [{ field: 'year', message: 'year 应为 2000–2100 之间的四位年份' }]);
  return year;
}

/** Validates a rollup job's payload; ROLLUP_PAYLOAD_INVALID (permanent) naming the fields otherwise. */
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

/** 400 when the dates contradict each other or an actual date lies in the future. */
function checkDates(p: Pick<Project, 'registeredOn' | 'plannedStartOn' | 'startedOn' | 'plannedCompletionOn' | 'completedOn'>): void {
  const issues: FieldIssue[] = [];
  const today = businessDate(new Date());
  if (p.plannedStartOn && p.plannedCompletionOn && p.plannedCompletionOn < p.plannedStartOn) {
    issues.push({ field: 'plannedCompletionOn', message: '计划竣工日期不能早于计划开工日期' });
  }
  if (p.startedOn && p.completedOn && p.completedOn < p.startedOn) issues.push({ field: 'completedOn', message: '竣工日期不能早于开工日期' });
  for (const field of ['registeredOn', 'startedOn', 'completedOn'] as const) {
    const value = p[field];
    if (value && value > today) issues.push({ field, message: `${field} 是实际发生的日期，不能晚于今天` });
  }
  if (issues.length) throw projectErrors('PROJECT_DATES_INVALID', issues, (issues[0] as FieldIssue).message);
}

function auditSnapshot(p: Project) {
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
  };
}
