import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { formatHundredths, percentHundredths } from '../common/math/percent';
import { businessDate } from '../common/time/business-time';
import { UsersService } from '../users/users.service';
import {
  CloseDto,
  DepartmentFiguresRow,
  FiguresQuery,
  ReopenDto,
  ReplyDto,
  ReplyView,
  SupervisionDetailView,
  SupervisionFiguresView,
  SupervisionItemView,
  SupervisionListView,
  SupervisionQuery,
} from './dto/supervision.dto';
import { PROBLEM_CATEGORY_LABELS, PROBLEM_STATUS_LABELS, ProblemStatus } from './entities/project-enums';
import { ProblemReply } from './entities/problem-reply.entity';
import { ProjectProblem } from './entities/project-problem.entity';
import { projectErrors } from './projects.errors';
import { ProjectsRepository } from './projects.repository';
import { FiguresRow, ScopeCondition, SupervisionReadModel, SupervisionRow } from './supervision.read-model';

export const FIGURES_RULES =
  '交办数：月末前已交办、且月初时尚未办结的交办单；办结数：其中本月办结的；办结率 = 办结数 ÷ 交办数 × 100%，保留两位小数，四舍五入（半数进位），交办数为 0 时不计；' +
  '超期数 = 月末仍未办结且限办日期不晚于月末的 + 本月办结但晚于限办日期的。日期均按北京时间；按交办单当前状态计（重新打开的不再算办结，改交的从改交之日起算）。';

/** Who the caller is for 督办: an admin (all), a department account (its own 交办单), or someone whose projects decide. */
type Viewer = { kind: 'admin' } | { kind: 'department'; departmentId: string | null } | { kind: 'projects' };

/**
 * 督办: 卡点堵点 assigned to a 责任部门 (交办单). The department lists its own, replies and closes them
 * (办结); the project's owner or an admin may reopen one; admins and managers see every 交办单 of the
 * projects in their scope, with per-department figures for the monthly 通报. A department account
 * asking about another department's 交办单 gets 404, as anyone does outside their scope.
 */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: SupervisionReadModel,
    private readonly projects: ProjectsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, query: SupervisionQuery): Promise<SupervisionListView> {
    const scope = await this.scope(actor);
    if (query.departmentId && actor.role !== Role.Department) scope.push({ sql: 'pp.department_id = :fDept', params: { fDept: query.departmentId } });
    if (query.status) scope.push({ sql: 'pp.status = :fStatus', params: { fStatus: query.status } });
    if (query.overdue !== undefined) {
      const overdue = `(pp.status <> 'resolved' AND pp.due_on < :fToday::date)`;
      scope.push({ sql: query.overdue ? overdue : `NOT ${overdue}`, params: { fToday: businessDate(new Date()) } });
    }
    const { rows, total } = await this.read.list(scope, query.limit ?? 100);
    return { items: rows.map(toItemView), total };
  }

  async get(actor: AuthUser, id: string): Promise<SupervisionDetailView> {
    const { row, viewer } = await this.visible(actor, id);
    const replies = await this.read.replies(id);
    return {
      ...toItemView(row),
      replies: replies.map((r): ReplyView => ({ id: r.id, authorName: r.author_name, body: r.body, createdAt: r.created_at })),
      canReply: true,
      canClose: row.status !== ProblemStatus.Resolved && this.mayClose(actor, viewer, row),
      canReopen: row.status === ProblemStatus.Resolved && this.mayReopen(actor, row),
    };
  }

  /** A reply (办理情况) by anyone who sees the 交办单; the department's first reply moves it to 办理中. */
  async reply(actor: AuthUser, id: string, dto: ReplyDto): Promise<SupervisionDetailView> {
    const { viewer } = await this.visible(actor, id);
    await this.dataSource.transaction(async (em) => {
      const problem = await this.lock(em, id);
      const reply = await em.getRepository(ProblemReply).save(em.getRepository(ProblemReply).create({ problemId: id, authorUserId: actor.id, body: dto.body }));
      await this.audit.record(em, actor, { action: 'create', entity: 'problem-reply', entityId: reply.id, after: { problemId: id, body: dto.body } });
      if (viewer.kind === 'department' && problem.status === ProblemStatus.Open) {
        await this.setStatus(em, actor, problem, { status: ProblemStatus.InProgress });
      }
    });
    return this.get(actor, id);
  }

  /** 办结: the department (or the project's owner, or an admin) closes it with what was done. */
  async close(actor: AuthUser, id: string, dto: CloseDto): Promise<SupervisionDetailView> {
    const { row, viewer } = await this.visible(actor, id);
    if (!this.mayClose(actor, viewer, row)) throw projectErrors('SUPERVISION_CLOSE_FORBIDDEN');
    await this.dataSource.transaction(async (em) => {
      const problem = await this.lock(em, id);
      if (problem.status === ProblemStatus.Resolved) throw projectErrors('SUPERVISION_ALREADY_CLOSED');
      await this.setStatus(em, actor, problem, { status: ProblemStatus.Resolved, resolution: dto.resolution, resolvedAt: new Date() });
    });
    return this.get(actor, id);
  }

  /** The project's owner or an admin reopens a closed one: a new overdue episode (escalated again when late). */
  async reopen(actor: AuthUser, id: string, dto: ReopenDto): Promise<SupervisionDetailView> {
    const { row } = await this.visible(actor, id);
    if (!this.mayReopen(actor, row)) throw projectErrors('SUPERVISION_REOPEN_FORBIDDEN');
    await this.dataSource.transaction(async (em) => {
      const problem = await this.lock(em, id);
      if (problem.status !== ProblemStatus.Resolved) throw projectErrors('SUPERVISION_NOT_CLOSED');
      await this.setStatus(em, actor, problem, { status: ProblemStatus.Open, resolvedAt: null, overdueEpisode: problem.overdueEpisode + 1 });
      const body = `重新打开${dto.reason ? `：${dto.reason}` : ''}`;
      const reply = await em.getRepository(ProblemReply).save(em.getRepository(ProblemReply).create({ problemId: id, authorUserId: actor.id, body }));
      await this.audit.record(em, actor, { action: 'create', entity: 'problem-reply', entityId: reply.id, after: { problemId: id, body } });
    });
    return this.get(actor, id);
  }

  async figures(actor: AuthUser, query: FiguresQuery): Promise<SupervisionFiguresView> {
    const [year, month] = query.month.split('-').map(Number) as [number, number];
    const from = `${query.month}-01`;
    const to = `${query.month}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
    const raw = await this.read.figures(await this.scope(actor), from, to);
    const sum = (k: 'assigned' | 'newly_assigned' | 'closed' | 'overdue_open' | 'closed_late') => raw.reduce((n, r) => n + r[k], 0);
    const rows = raw.map((r) => toFiguresRow(r.department_id, r.department_name, r));
    const total = toFiguresRow(null, '合计', {
      department_id: '',
      department_name: '合计',
      assigned: sum('assigned'),
      newly_assigned: sum('newly_assigned'),
      closed: sum('closed'),
      overdue_open: sum('overdue_open'),
      closed_late: sum('closed_late'),
    });
    return { month: query.month, from, to, rows, total, rules: FIGURES_RULES };
  }

  /** The conditions limiting 交办单 to the caller's: none for an admin, the own department's, or the visible projects'. */
  private async scope(actor: AuthUser): Promise<ScopeCondition[]> {
    const viewer = await this.viewer(actor);
    if (viewer.kind === 'admin') return [];
    if (viewer.kind === 'department') return viewer.departmentId ? [{ sql: 'pp.department_id = :myDept', params: { myDept: viewer.departmentId } }] : [{ sql: 'FALSE', params: {} }];
    const visible = this.projects.visibility(actor);
    return visible ? [visible] : [];
  }

  private async viewer(actor: AuthUser): Promise<Viewer> {
    if (actor.role === Role.Admin) return { kind: 'admin' };
    if (actor.role === Role.Department) return { kind: 'department', departmentId: await this.users.departmentIdOf(actor.id) };
    return { kind: 'projects' };
  }

  /** The 交办单 if the caller may see it, else 404 (another department's, a project out of scope, or no 交办单 at all). */
  private async visible(actor: AuthUser, id: string): Promise<{ row: SupervisionRow; viewer: Viewer }> {
    const viewer = await this.viewer(actor);
    const row = await this.read.item(id);
    if (!row) throw notFound('supervision-item');
    if (viewer.kind === 'department' && row.department_id !== viewer.departmentId) throw notFound('supervision-item');
    if (viewer.kind === 'projects' && !(await this.projects.findVisible(this.dataSource.manager, actor, row.project_id))) throw notFound('supervision-item');
    return { row, viewer };
  }

  private mayClose(actor: AuthUser, viewer: Viewer, row: SupervisionRow): boolean {
    return viewer.kind !== 'projects' || row.project_owner_user_id === actor.id;
  }

  private mayReopen(actor: AuthUser, row: SupervisionRow): boolean {
    return actor.role === Role.Admin || (actor.role !== Role.Department && row.project_owner_user_id === actor.id);
  }

  private async lock(em: EntityManager, id: string): Promise<ProjectProblem> {
    const problem = await em.getRepository(ProjectProblem).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!problem || !problem.departmentId) throw notFound('supervision-item');
    return problem;
  }

  private async setStatus(em: EntityManager, actor: AuthUser, problem: ProjectProblem, changes: Partial<ProjectProblem>): Promise<void> {
    const before = { status: problem.status, resolution: problem.resolution, resolvedAt: problem.resolvedAt, overdueEpisode: problem.overdueEpisode };
    Object.assign(problem, changes);
    await em.getRepository(ProjectProblem).save(problem);
    await this.audit.record(em, actor, {
      action: 'update',
      entity: 'project-problem',
      entityId: problem.id,
      before,
      after: { status: problem.status, resolution: problem.resolution, resolvedAt: problem.resolvedAt, overdueEpisode: problem.overdueEpisode },
    });
  }
}

function toFiguresRow(departmentId: string | null, departmentName: string, r: FiguresRow): DepartmentFiguresRow {
  const rate = percentHundredths(BigInt(r.closed), BigInt(r.assigned));
  return {
    departmentId,
    departmentName,
    assigned: r.assigned,
    newlyAssigned: r.newly_assigned,
    closed: r.closed,
    closedRate: rate === null ? null : formatHundredths(rate),
    overdue: r.overdue_open + r.closed_late,
    overdueOpen: r.overdue_open,
    closedLate: r.closed_late,
  };
}

function toItemView(r: SupervisionRow): SupervisionItemView {
  return {
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name,
    projectRegionName: r.region_name,
    projectOwnerName: r.owner_name,
    category: r.category,
    categoryLabel: PROBLEM_CATEGORY_LABELS[r.category],
    description: r.description,
    departmentId: r.department_id,
    departmentName: r.department_name,
    dueOn: r.due_on,
    status: r.status,
    statusLabel: PROBLEM_STATUS_LABELS[r.status],
    isOverdue: r.status !== ProblemStatus.Resolved && r.due_on !== null && r.due_on < businessDate(new Date()),
    assignedAt: r.assigned_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
    replyCount: r.replies,
  };
}
