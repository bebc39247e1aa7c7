import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { fromNumeric } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { CreateProblemDto, UpdateProblemDto } from '../projects/dto/problem.dto';
import { CreateProjectDto, ReportProgressDto, SetNodeDto, SetYearPlanDto, UpdateProjectDto } from '../projects/dto/project.dto';
import { LIFECYCLE_LABELS, PROBLEM_STATUS_LABELS, ProblemStatus, ProjectLevel, ProjectLifecycle } from '../projects/entities/project-enums';
import { ProjectProblemsService } from '../projects/project-problems.service';
import { ProjectsService, RollupOutcome } from '../projects/projects.service';
import { RegistryService } from '../projects/registry.service';
import { ReferenceItem } from '../reference/entities/reference-item';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { SigningsService } from '../signings/signings.service';
import { SeedUserRef } from './crm';
import { DEMO_LEADS } from './demo-pipeline';
import { DEMO_PROJECTS, DemoNode, DemoProject, isDirect } from './demo-registry';
import { attempt, forEachConcurrently, validate } from './write-through';

export type RegistrySeedKind = 'registryRollups' | 'projects' | 'projectProfiles' | 'projectNodes' | 'yearPlans' | 'progressReports' | 'problems' | 'problemUpdates';

/** What the organisation and pipeline seeds hand over. */
export interface RegistrySeedContext {
  admin: AuthUser;
  users: ReadonlyMap<string, SeedUserRef>;
  /** Region units by GB/T 2260 code. */
  regions: ReadonlyMap<string, RegionUnit>;
  chains: ReadonlyMap<string, ReferenceItem>;
  /** Live demo enterprise ids by short name. */
  enterprises: ReadonlyMap<string, string>;
  /** Live demo lead ids by title. */
  leads: ReadonlyMap<string, string>;
  counts: Record<RegistrySeedKind, { created: number; existing: number }>;
  warn: (line: string) => void;
  log: (line: string) => void;
}

/** The registry as the API reports it after the run. */
export interface RegistrySummary {
  projects: number;
  /** Of them, rolled up from signings. */
  rolledUp: number;
  totalInvestment: string;
  /** The year of the demo's plans and progress, and its figures (列入年度计划的项目). */
  year: number;
  planned: { projects: number; totalInvestment: string; annualPlan: string; completed: string; planDoneRate: number | null };
  threeUn: { notStarted: number; startedNotBuilding: number; notCompleted: number };
}

/** The year the demo's plans, progress and the article are about. */
export const DEMO_REGISTRY_YEAR = 2022;

interface ProjectRow {
  id: string;
  name: string;
  lead_id: string | null;
  lifecycle: ProjectLifecycle;
  level: ProjectLevel;
  capacity: string | null;
  registered_on: string | null;
  owner_user_id: string | null;
  version: number;
}

interface ProblemRow {
  id: string;
  project_id: string;
  description: string;
  status: ProblemStatus;
  resolution: string | null;
  touched: boolean;
}

const CONCURRENCY = 4;
const DAY_MS = 86_400_000;

/**
 * The project registry of the demo, through the registry's own services:
 * 1. every demo signing rolled up by `ProjectsService.rollupSigning` — what the background job
 *    does with the outbox message the signing left; it is idempotent, so the job, when a worker
 *    gets to it, finds the signing rolled up and does nothing;
 * 2. the projects of demo-registry.ts: entered directly (looked up by name) or the rolled-up
 *    project of their lead completed with the registry's data (once: a project someone has
 *    edited since is left as it is), then their nodes, yearly plans, monthly progress (filed
 *    by the project's owner) and problems, each looked up by project + node / year / month /
 *    description first.
 */
export class RegistrySeed {
  private readonly ds: DataSource;
  private readonly today = businessDate(new Date());

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: RegistrySeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(): Promise<void> {
    for (const def of DEMO_PROJECTS) {
      if (!isDirect(def) && !DEMO_LEADS.some((l) => l.title === def.lead && l.signing)) throw new Error(`demo-registry: 「${def.lead}」不是已签约的演示线索`);
    }
    await this.rollups();
    const rows: ProjectRow[] = await this.ds.query(
      `SELECT id, name, lead_id, lifecycle, level, capacity, registered_on::text, owner_user_id, version FROM projects
        WHERE lead_id = ANY($1) OR (lead_id IS NULL AND name = ANY($2))`,
      [[...this.ctx.leads.values()], DEMO_PROJECTS.filter(isDirect).map((p) => p.name)],
    );
    const projects = new Map<DemoProject, ProjectRow>();
    await forEachConcurrently(
      DEMO_PROJECTS,
      CONCURRENCY,
      async (def, log) => {
        const row = await this.ensureProject(def, rows, log);
        if (row) projects.set(def, row);
      },
      this.ctx.log,
    );
    await this.ensureDetails(projects);
  }

  // -- 1. rollups ---------------------------------------------------------------------------

  private async rollups(): Promise<void> {
    const signings: Array<{ id: string }> = await this.ds.query(
      'SELECT s.id FROM signings s WHERE s.lead_id = ANY($1) ORDER BY s.signed_on, s.created_at',
      [[...this.ctx.leads.values()]],
    );
    // The very payloads the signings' outbox messages carry (and the queue reconciliation sends
    // again): whether the seed or a running service's worker rolls a signing up first, the
    // project comes out the same.
    const jobs = await this.app.get(SigningsService).rollupJobs(signings.map((s) => s.id));
    const order = new Map(signings.map((s, i) => [s.id, i]));
    jobs.sort((a, b) => (order.get(a.payload.signingId) ?? 0) - (order.get(b.payload.signingId) ?? 0));
    const registry = this.app.get(ProjectsService);
    await forEachConcurrently(
      jobs,
      CONCURRENCY,
      async ({ payload }, log) => {
        const outcome: RollupOutcome = await attempt(`签约「${payload.title}」入库`, () => registry.rollupSigning(payload));
        if (outcome === 'duplicate') {
          this.ctx.counts.registryRollups.existing++;
          return;
        }
        this.ctx.counts.registryRollups.created++;
        log(`+ 签约入库 ${payload.title}（${payload.amount} 万元，${outcome === 'created' ? '新建项目' : '计入已有项目'}）`);
      },
      this.ctx.log,
    );
  }

  // -- 2. the projects ----------------------------------------------------------------------

  private async ensureProject(def: DemoProject, rows: ProjectRow[], log: (line: string) => void): Promise<ProjectRow | undefined> {
    const projects = this.app.get(ProjectsService);
    // Asked only when writing, so a run that finds everything warns of nothing.
    const profile = () => ({
      level: def.level,
      nature: def.nature,
      lifecycle: def.lifecycle,
      ownerUserId: this.owner(def)?.id ?? null,
      registeredOn: def.nodes.registered?.done ?? null,
      plannedStartOn: def.nodes.construction?.planned ?? null,
      startedOn: def.nodes.construction?.done ?? null,
      plannedCompletionOn: def.nodes.operating?.planned ?? null,
      completedOn: def.nodes.operating?.done ?? null,
      capacity: def.capacity ?? null,
      expectedOutputValue: def.expectedOutputValue ?? null,
      expectedTax: def.expectedTax ?? null,
      notes: def.notes ?? null,
      location: def.location ?? null,
    });

    if (isDirect(def)) {
      const found = rows.find((r) => r.lead_id === null && r.name === def.name);
      if (found) {
        this.ctx.counts.projects.existing++;
        return found;
      }
      const enterpriseId = this.ctx.enterprises.get(def.enterprise);
      if (!enterpriseId) {
        this.ctx.warn(`项目「${def.name}」未录入：演示企业「${def.enterprise}」不存在或已归档`);
        return undefined;
      }
      const chain = this.ctx.chains.get(def.chain);
      const county = this.ctx.regions.get(def.county);
      if (!chain || !county) throw new Error(`demo-registry: 「${def.name}」引用的产业链「${def.chain}」或区域 ${def.county} 不在 config/tongliao 中`);
      const dto = {
        name: def.name,
        totalInvestment: def.totalInvestment,
        isContinuing: def.isContinuing,
        enterpriseId,
        regionUnitId: county.id,
        industryChainId: chain.isActive ? chain.id : null,
        ...profile(),
      };
      const view = await attempt(`录入项目「${def.name}」`, async () => projects.create(this.ctx.admin, await validate(CreateProjectDto, dto)));
      this.ctx.counts.projects.created++;
      log(`+ 项目 ${view.name}（${view.constructionLabel}，${view.levelLabel}，总投资 ${view.totalInvestment} 万元，${view.lifecycleLabel}）`);
      return { id: view.id, name: view.name, lead_id: null, lifecycle: view.lifecycle, level: view.level, capacity: view.capacity, registered_on: view.registeredOn, owner_user_id: view.owner?.id ?? null, version: view.version };
    }

    const leadId = this.ctx.leads.get(def.lead);
    if (!leadId) return undefined; // the lead was not seeded: already warned
    const found = rows.find((r) => r.lead_id === leadId);
    if (!found) {
      this.ctx.warn(`线索「${def.lead}」没有入库项目（未签约）：未补录项目资料`);
      return undefined;
    }
    // As the rollup left it — by the seed or by a running service's worker, which also makes the
    // lead's owner the project's — nobody has completed it yet. Otherwise it is left as it is.
    const untouched = found.lifecycle === ProjectLifecycle.Signed && found.level === ProjectLevel.General && found.capacity === null && found.registered_on === null;
    if (!untouched) {
      this.ctx.counts.projectProfiles.existing++;
      return found;
    }
    const dto = { ...profile(), version: found.version };
    const view = await attempt(`补录项目「${found.name}」`, async () => projects.update(this.ctx.admin, found.id, await validate(UpdateProjectDto, dto)));
    this.ctx.counts.projectProfiles.created++;
    log(`+ 项目资料 ${view.name}（${view.levelLabel}，${view.natureLabel}，${view.lifecycleLabel}${view.owner ? `，负责人 ${view.owner.name}` : ''}）`);
    return { ...found, lifecycle: view.lifecycle, owner_user_id: view.owner?.id ?? null, version: view.version };
  }

  /** Nodes, plans, monthly progress and problems of every project, looked up in four queries. */
  private async ensureDetails(projects: Map<DemoProject, ProjectRow>): Promise<void> {
    const ids = [...projects.values()].map((p) => p.id);
    const [nodes, plans, progress, problems] = (await Promise.all([
      this.ds.query('SELECT project_id, node, planned_on::text, done_on::text FROM project_nodes WHERE project_id = ANY($1)', [ids]),
      this.ds.query('SELECT project_id, year FROM project_year_plans WHERE project_id = ANY($1)', [ids]),
      this.ds.query(`SELECT project_id, to_char(month, 'YYYY-MM') AS month FROM project_monthly_progress WHERE project_id = ANY($1)`, [ids]),
      this.ds.query(
        `SELECT id, project_id, description, status, resolution, updated_at <> created_at AS touched FROM project_problems WHERE project_id = ANY($1)`,
        [ids],
      ),
    ])) as [
      Array<{ project_id: string; node: string; planned_on: string | null; done_on: string | null }>,
      Array<{ project_id: string; year: number }>,
      Array<{ project_id: string; month: string }>,
      ProblemRow[],
    ];
    const planned = new Set(plans.map((p) => `${p.project_id}/${p.year}`));
    const reported = new Set(progress.map((p) => `${p.project_id}/${p.month}`));
    await forEachConcurrently(
      [...projects],
      CONCURRENCY,
      async ([def, row], log) => {
        const name = isDirect(def) ? def.name : def.lead;
        await this.ensureNodes(def, row, nodes.filter((n) => n.project_id === row.id), name, log);
        await this.ensurePlans(def, row, planned, name, log);
        await this.ensureProgress(def, row, reported, name, log);
        await this.ensureProblems(def, row, problems.filter((p) => p.project_id === row.id), name, log);
      },
      this.ctx.log,
    );
  }

  /**
   * The node dates the project's own columns do not hold: 注册's planned date and both dates of
   * 前期手续 (the others came with the project's 注册/开工/投产 dates).
   */
  private async ensureNodes(def: DemoProject, row: ProjectRow, have: Array<{ node: string; planned_on: string | null; done_on: string | null }>, name: string, log: (line: string) => void): Promise<void> {
    const wanted: Array<[string, DemoNode]> = [];
    if (def.nodes.registered?.planned) wanted.push(['registered', { planned: def.nodes.registered.planned }]);
    if (def.nodes.preparation) wanted.push(['preparation', def.nodes.preparation]);
    for (const [node, dates] of wanted) {
      const stored = have.find((h) => h.node === node);
      if ((dates.planned && stored?.planned_on) || (dates.done && stored?.done_on)) {
        this.ctx.counts.projectNodes.existing++;
        continue;
      }
      const dto = { ...(dates.planned ? { plannedOn: dates.planned } : {}), ...(dates.done ? { doneOn: dates.done } : {}) };
      await attempt(`设置「${name}」的${LIFECYCLE_LABELS[node as ProjectLifecycle]}节点`, async () => this.app.get(ProjectsService).setNode(this.ctx.admin, row.id, node, await validate(SetNodeDto, dto)));
      this.ctx.counts.projectNodes.created++;
      log(`  节点 ${name}：${LIFECYCLE_LABELS[node as ProjectLifecycle]}${dates.planned ? ` 计划 ${dates.planned}` : ''}${dates.done ? ` 完成 ${dates.done}` : ''}`);
    }
  }

  private async ensurePlans(def: DemoProject, row: ProjectRow, planned: Set<string>, name: string, log: (line: string) => void): Promise<void> {
    for (const [year, amount] of Object.entries(def.plans ?? {})) {
      if (planned.has(`${row.id}/${year}`)) {
        this.ctx.counts.yearPlans.existing++;
        continue;
      }
      await attempt(`设置「${name}」${year}年计划投资`, async () =>
        this.app.get(ProjectsService).setYearPlan(this.ctx.admin, row.id, year, await validate(SetYearPlanDto, { plannedInvestment: amount })),
      );
      this.ctx.counts.yearPlans.created++;
      log(`  年度计划 ${name}：${year}年 ${amount} 万元`);
    }
  }

  /** Filed by the project's owner, as the monthly reminder asks them to; by the admin where it has none. */
  private async ensureProgress(def: DemoProject, row: ProjectRow, reported: Set<string>, name: string, log: (line: string) => void): Promise<void> {
    const owner = this.owner(def, false);
    const actor = owner && row.owner_user_id === owner.id ? owner : this.ctx.admin;
    const months: string[] = [];
    for (const [month, amount] of Object.entries(def.progress ?? {})) {
      if (reported.has(`${row.id}/${month}`)) {
        this.ctx.counts.progressReports.existing++;
        continue;
      }
      await attempt(`填报「${name}」${month}完成投资`, async () =>
        this.app.get(ProjectsService).reportProgress(actor, row.id, month, await validate(ReportProgressDto, { completedInvestment: amount })),
      );
      this.ctx.counts.progressReports.created++;
      months.push(month);
    }
    if (months.length) log(`  完成投资 ${name}：${months[0]}${months.length > 1 ? ` 至 ${months[months.length - 1]}` : ''} 共 ${months.length} 个月（${actor.displayName}填报）`);
  }

  /**
   * Raised by the admin (项目办) and moved on to 协调中 / 已解决 as the data says — for a problem
   * raised now, or one found still as raised (an interrupted run). One someone has worked on
   * since is left as it is.
   */
  private async ensureProblems(def: DemoProject, row: ProjectRow, have: ProblemRow[], name: string, log: (line: string) => void): Promise<void> {
    const service = this.app.get(ProjectProblemsService);
    for (const p of def.problems ?? []) {
      let problem = have.find((h) => h.description === p.description);
      if (problem) {
        this.ctx.counts.problems.existing++;
      } else {
        const dto = { category: p.category, description: p.description, responsibleDepartment: p.department, dueOn: typeof p.due === 'number' ? this.addDays(p.due) : p.due };
        const view = await attempt(`登记「${name}」的卡点问题`, async () => service.create(this.ctx.admin, row.id, await validate(CreateProblemDto, dto)));
        this.ctx.counts.problems.created++;
        log(`  卡点 ${name}：[${view.categoryLabel}] ${view.description}（${view.responsibleDepartment}，限 ${view.dueOn}）`);
        problem = { id: view.id, project_id: row.id, description: view.description, status: view.status, resolution: null, touched: false };
      }
      if (!p.status) continue;
      if (problem.touched || problem.status !== ProblemStatus.Open) {
        this.ctx.counts.problemUpdates.existing++;
        continue;
      }
      const dto = { status: p.status, ...(p.resolution ? { resolution: p.resolution } : {}) };
      await attempt(`更新「${name}」的卡点问题`, async () => service.update(this.ctx.admin, row.id, (problem as ProblemRow).id, await validate(UpdateProblemDto, dto)));
      this.ctx.counts.problemUpdates.created++;
      log(`  卡点 ${name}：→ ${PROBLEM_STATUS_LABELS[p.status]}`);
    }
  }

  /** The demo owner as an actor, if still active (else a warning when `warn`, and none). */
  private owner(def: DemoProject, warn = true): AuthUser | undefined {
    if (!def.owner) return undefined;
    const user = this.ctx.users.get(def.owner);
    if (!user) throw new Error(`demo-registry: 项目负责人 ${def.owner} 不是演示用户`);
    if (!user.isActive) {
      if (warn) this.ctx.warn(`用户 ${user.username} 已停用：未设为「${isDirect(def) ? def.name : def.lead}」的项目负责人`);
      return undefined;
    }
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  }

  private addDays(days: number): string {
    return new Date(Date.parse(`${this.today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  }
}

/** The registry's totals as an admin sees them: all projects, the demo year's plan and progress, the 三未 lists today. */
export async function registrySummary(app: INestApplicationContext, admin: AuthUser): Promise<RegistrySummary> {
  const ds = app.get(DataSource);
  const registry = app.get(RegistryService);
  const [[all], summary, threeUn] = await Promise.all([
    ds.query('SELECT count(*)::int AS n, count(lead_id)::int AS rolled_up, COALESCE(sum(total_investment), 0)::text AS total FROM projects') as Promise<Array<{ n: number; rolled_up: number; total: string }>>,
    registry.summary(admin, { year: DEMO_REGISTRY_YEAR, groupBy: 'county' }),
    registry.threeUn(admin, { limit: 1 }),
  ]);
  const total = summary.total;
  return {
    projects: all?.n ?? 0,
    rolledUp: all?.rolled_up ?? 0,
    totalInvestment: fromNumeric(all?.total),
    year: DEMO_REGISTRY_YEAR,
    planned: {
      projects: total?.projectCount ?? 0,
      totalInvestment: total?.totalInvestment ?? '0',
      annualPlan: total?.annualPlan ?? '0',
      completed: total?.completedInYear ?? '0',
      planDoneRate: total?.planDoneRate ?? null,
    },
    threeUn: { notStarted: threeUn.notStarted.count, startedNotBuilding: threeUn.startedNotBuilding.count, notCompleted: threeUn.notCompleted.count },
  };
}
