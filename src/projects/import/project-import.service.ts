import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessRepository } from '../../access/access.repository';
import { AuditService, AuditWrite } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { ShutdownSignal } from '../../common/lifecycle/shutdown-signal';
import { fromNumeric, toUnits } from '../../common/money/wan-yuan';
import { clip, fail, normalizeLabel, ok, oneLine, Parsed } from '../../common/spreadsheet/cells';
import { ImportIssue, ImportReportBase, ImportReportBuilder } from '../../common/spreadsheet/import-report';
import { spreadsheetErrors } from '../../common/spreadsheet/spreadsheet.errors';
import { TableLayout, TableRow } from '../../common/spreadsheet/table-import';
import { runTableImport } from '../../common/spreadsheet/table-import.runner';
import { businessDate } from '../../common/time/business-time';
import { normalizeEnterpriseName } from '../../enterprises/enterprise-name';
import { ProjectLevel, ProjectLifecycle, ProjectNature } from '../entities/project-enums';
import { Project } from '../entities/project.entity';
import { normaliseProjectName, PROJECT_DATE_LABELS, projectDateIssues } from '../project-rules';
import { auditSnapshot, UPDATABLE } from '../projects.service';
import { ProjectsProgressRepository } from '../projects-progress.repository';
import { ProjectsRepository } from '../projects.repository';
import { PROJECT_TABLE, ProjectColumnKey } from './project-columns';
import { EnterpriseRow, NamedRow, ProjectListReadModel, UserRow } from './project-list.read-model';

export type ProjectImportReport = ImportReportBase;

type Row = TableRow<ProjectColumnKey>;
type Layout = TableLayout<ProjectColumnKey>;

/** The project fields a row of the list sets: what a form may write, but the team, 注册 and 竣工 dates. */
type Fields = Partial<Pick<Project, Exclude<(typeof UPDATABLE)[number], 'teamId' | 'registeredOn' | 'completedOn'>>>;

const AMOUNT_FIELDS = new Set<keyof Fields>(['totalInvestment', 'expectedOutputValue', 'expectedTax']);

interface Plan {
  creates: Project[];
  updates: Array<{ project: Project; before: ReturnType<typeof auditSnapshot>; changes: Fields }>;
}

/** What the file's names may mean, loaded once per run. */
interface Lookups {
  counties: Map<string, NamedRow[]>;
  chains: Map<string, NamedRow & { is_active: boolean }>;
  activeChainNames: string[];
  enterprisesByName: Map<string, EnterpriseRow>;
  enterprisesByCode: Map<string, EnterpriseRow>;
  users: UserRow[];
  byId: Map<string, Project>;
  /** county id → normalised name → projects. */
  byCountyName: Map<string, Map<string, string[]>>;
  /** Units the importer sees whole; null: all (admin). */
  writable: Set<string> | null;
}

/** What planning one row needs besides the row. */
interface PlanContext {
  em: EntityManager;
  actor: AuthUser;
  layout: Layout;
  look: Lookups;
  /** Rows already seen, by the project they mean: a project twice in one file is an error. */
  seen: Map<string, number>;
  today: string;
  plan: Plan;
  out: ImportReportBuilder<ProjectImportReport>;
}

/** Rows matched against the database at a time. */
const PLAN_BATCH = 1000;

const textOf = (r: Row, k: ProjectColumnKey): string | null => (typeof r.values[k] === 'string' && r.values[k] !== '' ? (r.values[k] as string) : null);

const creditCodeOf = (text: string) => text.normalize('NFKC').replace(/[\s\u3000]+/g, '').toUpperCase();

/**
 * Imports the 项目清单 a county sends (new and continuing projects): a row with 项目编号 updates
 * that project; without, it is matched by (normalised name, county) or created (no lead, no
 * team). Only changed fields are written, under the project's version; a blank cell leaves a
 * field as it is. All or nothing, one run at a time (runTableImport).
 */
@Injectable()
export class ProjectImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: ProjectListReadModel,
    private readonly projects: ProjectsRepository,
    private readonly progress: ProjectsProgressRepository,
    private readonly access: AccessRepository,
    private readonly audit: AuditService,
    private readonly shutdown: ShutdownSignal,
  ) {}

  import(actor: AuthUser, path: string, dryRun: boolean): Promise<ProjectImportReport> {
    return runTableImport(this.dataSource, {
      kind: 'project',
      path,
      dryRun,
      definition: PROJECT_TABLE,
      shutdown: this.shutdown,
      report: (fileType, encoding) => new ImportReportBuilder<ProjectImportReport>(dryRun, fileType, encoding, {}),
      steps: {
        plan: (em, rows, layout, out) => this.plan(em, actor, rows, layout, out),
        write: (em, plan) => this.write(em, actor, plan),
      },
    });
  }

  /** What the whole file's names may mean: counties, chains, the units the importer may write, projects by name per county. */
  private async lookups(em: EntityManager, actor: AuthUser, rows: Row[]): Promise<Lookups> {
    const counties = new Map<string, NamedRow[]>();
    for (const c of await this.reads.counties(em)) counties.set(normalizeLabel(c.name), [...(counties.get(normalizeLabel(c.name)) ?? []), c]);
    const chainRows = await this.reads.chains(em);
    const countyIds = [...counties.values()].flat().map((c) => c.id);
    // Rows without 项目编号 are matched by name within their county: those counties' project names (ids only, not whole projects).
    const named = new Set(rows.filter((r) => !textOf(r, 'id')).flatMap((r) => counties.get(normalizeLabel(textOf(r, 'county') ?? '')) ?? []).map((c) => c.id));
    const byCountyName = new Map<string, Map<string, string[]>>();
    const light = named.size ? await em.getRepository(Project).find({ select: { id: true, name: true, regionUnitId: true }, where: { regionUnitId: In([...named]) }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    for (const p of light) {
      const county = byCountyName.get(p.regionUnitId as string) ?? byCountyName.set(p.regionUnitId as string, new Map()).get(p.regionUnitId as string);
      const key = normaliseProjectName(p.name);
      county?.set(key, [...(county.get(key) ?? []), p.id]);
    }
    return {
      counties,
      chains: new Map(chainRows.map((c) => [normalizeLabel(c.name), c])),
      activeChainNames: chainRows.filter((c) => c.is_active).map((c) => c.name),
      enterprisesByName: new Map(),
      enterprisesByCode: new Map(),
      users: [],
      byId: new Map(),
      byCountyName,
      // Projects lie in counties (or the city): the units a row may name or an existing project sit in.
      writable: await this.access.unitsSeenWhole(actor, countyIds, em),
    };
  }

  /** The companies, users and whole projects one batch of rows may mean, into `look` (replacing the previous batch's). */
  private async loadBatch(em: EntityManager, rows: Row[], look: Lookups): Promise<void> {
    const names = rows.map((r) => textOf(r, 'enterprise')).filter((n): n is string => !!n).map(normalizeEnterpriseName);
    const codes = rows.map((r) => textOf(r, 'creditCode')).filter((n): n is string => !!n).map(creditCodeOf);
    const enterprises = await this.reads.enterprises(em, [...new Set(names)], [...new Set(codes)]);
    look.enterprisesByName = new Map(enterprises.map((e) => [e.normalized_name, e]));
    look.enterprisesByCode = new Map(enterprises.filter((e) => e.credit_code).map((e) => [e.credit_code as string, e]));
    look.users = await this.reads.users(em, [...new Set(rows.flatMap((r) => ownerKeysOf(textOf(r, 'owner') ?? '')))]);
    const ids = new Set<string>();
    for (const r of rows) {
      const id = textOf(r, 'id');
      if (id) {
        if (isUUID(id)) ids.add(id);
        continue;
      }
      for (const county of look.counties.get(normalizeLabel(textOf(r, 'county') ?? '')) ?? []) {
        for (const match of look.byCountyName.get(county.id)?.get(normaliseProjectName(textOf(r, 'name') ?? '')) ?? []) ids.add(match);
      }
    }
    look.byId = new Map(ids.size ? (await em.getRepository(Project).findBy({ id: In([...ids]) })).map((p) => [p.id, p]) : []);
  }

  /** Decides each row: error, create, update or unchanged; counts them into `out`. Rows are matched a batch at a time, so only changing projects stay in memory. */
  private async plan(em: EntityManager, actor: AuthUser, rows: Row[], layout: Layout, out: ImportReportBuilder<ProjectImportReport>): Promise<Plan> {
    const look = await this.lookups(em, actor, rows);
    const today = businessDate(new Date());
    const plan: Plan = { creates: [], updates: [] };
    const seen = new Map<string, number>();
    for (let at = 0; at < rows.length; at += PLAN_BATCH) {
      const batch = rows.slice(at, at + PLAN_BATCH);
      await this.loadBatch(em, batch, look);
      for (const row of batch) this.planRow(row, { em, actor, layout, look, seen, today, plan, out });
    }
    return plan;
  }

  /** One row's outcome, counted into `out`; creates and updates go into the plan. */
  private planRow(row: Row, c: PlanContext): void {
    const { em, actor, layout, look, seen, today, plan, out } = c;
    const errors: ImportIssue[] = [];
    const header = (k: ProjectColumnKey) => layout.columns.get(k)?.header ?? (PROJECT_TABLE.columns.find((col) => col.key === k)?.header as string);
    const problem = (k: ProjectColumnKey, message: string) => errors.push({ row: row.row, column: header(k), message });
    const v = row.values;
    const str = (k: ProjectColumnKey) => textOf(row, k);

    const fields: Fields = {};
    const name = str('name') as string;
    if (Array.from(name).length < 2) problem('name', `项目名称「${name}」过短：至少 2 个字`);
    fields.name = name;

    const countyName = str('county') as string;
    const countyMatches = look.counties.get(normalizeLabel(countyName)) ?? [];
    const county = countyMatches.length === 1 ? (countyMatches[0] as NamedRow) : null;
    if (countyMatches.length === 0) problem('county', `所在旗县区「${clip(countyName)}」不存在：请填写旗县区的全称，如「${[...look.counties.values()].flat()[0]?.name ?? '科尔沁区'}」`);
    else if (!county) problem('county', `所在旗县区「${clip(countyName)}」有重名，无法确定是哪一个`);
    else if (look.writable && !look.writable.has(county.id)) problem('county', `「${county.name}」不在您管辖的区域内，不能导入该旗县区的项目`);
    if (county) fields.regionUnitId = county.id;

    // The project the row means: by 项目编号, else by name within the county.
    let existing: Project | undefined;
    const id = str('id');
    if (id) {
      existing = isUUID(id) ? look.byId.get(id) : undefined;
      if (!existing || (look.writable && !(existing.regionUnitId && look.writable.has(existing.regionUnitId)))) {
        problem('id', `项目编号「${clip(id)}」不存在或不在您的管辖范围内：新项目请不填项目编号`);
        existing = undefined;
      }
    } else if (county) {
      const same = look.byCountyName.get(county.id)?.get(normaliseProjectName(name)) ?? [];
      if (same.length > 1) problem('name', `「${county.name}」有 ${same.length} 个名为「${clip(name)}」的项目，请填写项目编号以确定是哪一个`);
      existing = same.length === 1 ? look.byId.get(same[0] as string) : undefined;
    }
    const identity = existing ? existing.id : county ? `${county.id}|${normaliseProjectName(name)}` : null;
    if (identity) {
      const earlier = seen.get(identity);
      if (earlier !== undefined) problem(existing ? 'id' : 'name', `与第 ${earlier} 行是同一个项目，一个项目只能有一行`);
      else seen.set(identity, row.row);
    }

    const enterprise = this.enterprise(str('enterprise'), str('creditCode'), look, existing);
    if (enterprise.error) problem(enterprise.column, enterprise.error);
    else if (enterprise.id !== undefined) fields.enterpriseId = enterprise.id;

    const chainName = str('chain');
    if (chainName) {
      const chain = look.chains.get(normalizeLabel(chainName));
      if (!chain) problem('chain', `所属产业链「${clip(chainName)}」不存在：可填 ${look.activeChainNames.join('、')}`);
      else if (!chain.is_active && chain.id !== existing?.industryChainId) problem('chain', `产业链「${chain.name}」已停用`);
      else fields.industryChainId = chain.id;
    }

    const ownerText = str('owner');
    if (ownerText) {
      const owner = ownerOf(ownerText, look, existing);
      if (owner.ok) fields.ownerUserId = owner.value;
      else problem('owner', owner.message);
    }

    if (v.nature != null) fields.nature = v.nature as ProjectNature;
    if (v.continuing != null) fields.isContinuing = v.continuing === 'continuing';
    if (v.level != null) fields.level = v.level as ProjectLevel;
    if (v.lifecycle != null) fields.lifecycle = v.lifecycle as ProjectLifecycle;
    for (const k of ['totalInvestment', 'expectedOutputValue', 'expectedTax', 'plannedStartOn', 'startedOn', 'plannedCompletionOn', 'capacity', 'notes'] as const) {
      const value = str(k);
      if (value !== null) fields[k] = value;
    }

    const merged = { registeredOn: null, completedOn: null, plannedStartOn: null, startedOn: null, plannedCompletionOn: null, ...existing, ...fields };
    for (const issue of projectDateIssues(merged, today)) {
      const key = issue.field === 'completedOn' || issue.field === 'registeredOn' ? null : issue.field;
      errors.push({ row: row.row, column: key ? header(key) : PROJECT_DATE_LABELS[issue.field], message: issue.message });
    }

    if (errors.length) {
      errors.forEach((e) => out.error(e));
      return;
    }
    if (existing) {
      const changes = changedFields(existing, fields);
      if (Object.keys(changes).length === 0) {
        out.report.unchanged++;
        return;
      }
      out.report.updated++;
      plan.updates.push({ project: existing, before: auditSnapshot(existing), changes });
    } else {
      out.report.created++;
      plan.creates.push(
        em.getRepository(Project).create({
          ...fields,
          name,
          leadId: null,
          teamId: null,
          totalInvestment: fields.totalInvestment as string,
          nature: fields.nature ?? ProjectNature.New,
          level: fields.level ?? ProjectLevel.General,
          isContinuing: fields.isContinuing ?? false,
          // 续建 projects are, by definition, already being built (as ProjectsService.create).
          lifecycle: fields.lifecycle ?? (fields.isContinuing ? ProjectLifecycle.Construction : ProjectLifecycle.Signed),
          createdById: actor.id,
        }),
      );
    }
  }

  /**
   * The company a row names: by credit code when it gives one, else by normalised name. An
   * archived company is refused unless it is already the project's.
   */
  private enterprise(name: string | null, code: string | null, look: Lookups, existing: Project | undefined): { id?: string; error?: string; column: ProjectColumnKey } {
    const usable = (e: EnterpriseRow, column: ProjectColumnKey) =>
      e.live || e.id === existing?.enterpriseId ? { id: e.id, column } : { error: `投资主体「${e.name}」已归档，不能作为新的投资主体`, column };
    if (code) {
      const byCode = look.enterprisesByCode.get(creditCodeOf(code));
      if (byCode) return usable(byCode, 'creditCode');
      if (!name) return { error: `统一社会信用代码「${clip(code)}」不在企业库中：请先在企业库中添加该企业`, column: 'creditCode' };
    }
    if (!name) return { column: 'enterprise' };
    const byName = look.enterprisesByName.get(normalizeEnterpriseName(name));
    if (byName) return usable(byName, 'enterprise');
    return { error: `投资主体「${clip(name)}」不在企业库中：请先在企业库中添加（或导入企业名单），或核对名称${code ? '和统一社会信用代码' : '，也可填写其统一社会信用代码'}`, column: 'enterprise' };
  }

  /** Writes the plan in the run's transaction: inserts, versioned updates, node dates, one audit entry each. */
  private async write(em: EntityManager, actor: AuthUser, plan: Plan): Promise<void> {
    const repo = em.getRepository(Project);
    const audits: AuditWrite[] = [];
    for (let i = 0; i < plan.creates.length; i += 500) {
      const chunk = plan.creates.slice(i, i + 500);
      await repo.save(chunk);
      for (const p of chunk) {
        await this.progress.syncNodes(em, p);
        audits.push({ action: 'import', entity: 'project', entityId: p.id, after: auditSnapshot(p) });
      }
    }
    for (const { project, before, changes } of plan.updates) {
      if (!(await this.projects.updateIfVersion(em, project.id, project.version, changes))) {
        throw spreadsheetErrors('IMPORT_INTERRUPTED', { projectId: project.id }, `项目「${project.name}」在导入期间被他人修改，导入中断，未导入任何数据：请重新导入`);
      }
      Object.assign(project, changes, { version: project.version + 1 });
      await this.progress.syncNodes(em, project);
      audits.push({ action: 'import', entity: 'project', entityId: project.id, before, after: auditSnapshot(project) });
    }
    await this.audit.recordMany(em, actor, audits);
  }
}

/** What a 项目负责人 cell may be looked up by: the name, a mobile, or 「姓名（手机）」. */
function ownerKeysOf(text: string): string[] {
  const t = text.normalize('NFKC').trim();
  const m = /^(.+?)\s*[(（]\s*(1\d{10})\s*[)）]$/.exec(t);
  return m ? [m[1] as string, m[2] as string] : [t];
}

/**
 * The user a 项目负责人 cell names: by mobile, else by name. The project's own owner wins a tie
 * of names and may have left (an export of the project re-imports unchanged); anyone else must
 * be active.
 */
function ownerOf(text: string, look: Lookups, existing: Project | undefined): Parsed<string> {
  const [first, mobile] = ownerKeysOf(text) as [string, string | undefined];
  const current = (u: UserRow) => u.id === existing?.ownerUserId;
  const candidates = look.users.filter((u) => u.is_active || current(u));
  const byPhone = candidates.filter((u) => u.phone && u.phone === (mobile ?? first));
  if (byPhone.length === 1) return ok((byPhone[0] as UserRow).id);
  const byName = candidates.filter((u) => oneLine(u.name) === oneLine(first));
  const own = byName.find(current);
  if (own) return ok(own.id);
  if (byName.length === 1) return ok((byName[0] as UserRow).id);
  if (byName.length > 1) return fail(`项目负责人「${clip(text)}」有重名，请写作「姓名（手机号）」`);
  return fail(`项目负责人「${clip(text)}」不是在职用户：请填写系统中的姓名或手机号`);
}

/** The fields whose value differs from the project's (amounts compared exactly, texts as the import reads them). */
function changedFields(p: Project, fields: Fields): Fields {
  const changes: Fields = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof Fields, Fields[keyof Fields]]>) {
    const current = p[key];
    let same: boolean;
    if (AMOUNT_FIELDS.has(key)) same = current !== null && current !== undefined && toUnits(fromNumeric(current as string)) === toUnits(value as string);
    else if (key === 'name') same = oneLine(String(current).trim()) === value;
    else if (key === 'capacity' || key === 'notes') same = typeof current === 'string' && current.trim() === value;
    else same = current === value;
    if (!same) (changes as Record<string, unknown>)[key] = value;
  }
  return changes;
}
