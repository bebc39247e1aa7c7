import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INestApplicationContext, Type } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { MetricsService } from '../metrics/metrics.service';
import { CreateIndustryChainDto, CreateSourceRegionDto } from '../reference/dto/reference.dto';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { ReferenceItem } from '../reference/entities/reference-item';
import { SourceRegion } from '../reference/entities/source-region.entity';
import { INDUSTRY_CHAINS, SOURCE_REGIONS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { CreateRegionDto } from '../regions/dto/region.dto';
import { RegionLevel, RegionUnit } from '../regions/entities/region-unit.entity';
import { RegionsService } from '../regions/regions.service';
import { CreateTeamDto, ManagedScopeDto } from '../teams/dto/team.dto';
import { Team } from '../teams/entities/team.entity';
import { ManagerScopesService } from '../teams/manager-scopes.service';
import { TeamsService } from '../teams/teams.service';
import { CreateUserDto } from '../users/dto/user.dto';
import { verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import { ChainMapSeed, ChainMapSeedKind, DemoChainLinks, parseDemoChainLinks } from './chain-map';
import { CarriersSeed, CarrierSeedKind } from './carriers';
import { CrmSeed, CrmSeedKind, DemoEnterprise, parseDemoEnterprises, PipelineSummary } from './crm';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS, DemoAccount } from './demo-accounts';
import { RegistrySeed, RegistrySeedKind, RegistrySummary, registrySummary } from './registry';
import { CountyTargetLine, countyTargetLines, TargetSeedKind, TargetsSeed } from './targets';
import { attempt, validate } from './write-through';
import { SupervisionSeed, SupervisionSeedKind } from './supervision';

// ---------------------------------------------------------------------------------------
// Reference data: config/tongliao/*.json

export interface RegionNode {
  name: string;
  level: RegionLevel;
  code: string | null;
  sortOrder?: number;
  children?: RegionNode[];
}

export interface ChainItem {
  name: string;
  description: string;
}

export interface SourceRegionItem extends ChainItem {
  isPrimary: boolean;
}

/** The deployment reference data of a Tongliao installation, as kept under config/tongliao/, and its demo company list. */
export interface TongliaoConfig {
  regions: RegionNode;
  industryChains: ChainItem[];
  sourceRegions: SourceRegionItem[];
  enterprises: DemoEnterprise[];
  /** 产业链图谱: links and placed companies (absent: none). */
  chainLinks?: DemoChainLinks[];
}

/** The `config/tongliao` directory of the checkout, found upwards from this file (src/ or dist/src/). */
export function findConfigDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'config', 'tongliao');
    if (existsSync(join(candidate, 'regions.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`config/tongliao/regions.json not found in any directory above ${from}`);
  }
}

/** Reads and shape-checks the files; the services validate the values themselves. */
export function loadTongliaoConfig(dir: string = findConfigDir()): TongliaoConfig {
  const read = (file: string): Record<string, unknown> => {
    const path = join(dir, file);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  const items = (file: string, extra?: (item: Record<string, unknown>, where: string) => void) => {
    const list = read(file).items;
    if (!Array.isArray(list)) throw new Error(`${file}: "items" must be an array`);
    return list.map((item: Record<string, unknown>, i) => {
      const where = `${file}: items[${i}]`;
      if (typeof item?.name !== 'string' || typeof item.description !== 'string') throw new Error(`${where} needs a string name and description`);
      extra?.(item, where);
      return item;
    });
  };
  return {
    regions: regionNode(read('regions.json'), 'regions.json: (root)'),
    industryChains: items('industry-chains.json') as unknown as ChainItem[],
    sourceRegions: items('source-regions.json', (item, where) => {
      if (typeof item.isPrimary !== 'boolean') throw new Error(`${where} needs a boolean isPrimary`);
    }) as unknown as SourceRegionItem[],
    enterprises: parseDemoEnterprises(read('enterprises.json'), 'enterprises.json'),
    chainLinks: parseDemoChainLinks(read('chain-links.json'), 'chain-links.json'),
  };
}

function regionNode(value: unknown, where: string): RegionNode {
  const v = value as Partial<RegionNode> | null;
  if (typeof v?.name !== 'string') throw new Error(`${where}: name must be a string`);
  if (!Object.values(RegionLevel).includes(v.level as RegionLevel)) throw new Error(`${where} (${v.name}): level must be one of ${Object.values(RegionLevel).join(', ')}`);
  if (v.code !== null && typeof v.code !== 'string') throw new Error(`${where} (${v.name}): code must be a string or null`);
  if (v.children !== undefined && !Array.isArray(v.children)) throw new Error(`${where} (${v.name}): children must be an array`);
  return {
    name: v.name,
    level: v.level as RegionLevel,
    code: v.code,
    sortOrder: v.sortOrder,
    children: (v.children ?? []).map((c, i) => regionNode(c, `${where} → ${v.name}.children[${i}]`)),
  };
}

// ---------------------------------------------------------------------------------------
// The demo organisation

export interface DemoTeam {
  name: string;
  /** Its region unit: a GB/T 2260 code, or a township (by name) under the unit with that code. */
  region: { code: string; township?: string };
  focusChains: readonly string[];
  focusSourceRegions: readonly string[];
  description: string;
}

/** The demo teams; their rosters are in {@link DEMO_ACCOUNTS}. */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    name: '市投促中心招商一队',
    region: { code: '150500' },
    focusChains: ['新能源及装备制造', '现代煤化工'],
    focusSourceRegions: ['京津冀', '长三角'],
    description: '市本级专业招商队：对接能源央企和装备制造头部企业',
  },
  {
    name: '市投促中心招商二队',
    region: { code: '150500' },
    focusChains: ['玉米生物', '绿色农畜产品生产加工', '文化旅游'],
    focusSourceRegions: ['长三角', '珠三角'],
    description: '市本级专业招商队：玉米生物和农畜产品加工产业链',
  },
  {
    name: '开鲁县招商一队',
    region: { code: '150523' },
    focusChains: ['玉米生物', '绿色农畜产品生产加工'],
    focusSourceRegions: ['京津冀'],
    description: '玉米深加工和红干椒等特色农产品加工招商',
  },
  {
    name: '开鲁县招商二队',
    region: { code: '150523' },
    focusChains: ['新能源及装备制造'],
    focusSourceRegions: ['京津冀', '长三角'],
    description: '源网荷储一体化等新能源项目及配套装备制造招商',
  },
  {
    name: '大榆树镇招商小分队',
    region: { code: '150523', township: '大榆树镇' },
    focusChains: ['绿色农畜产品生产加工'],
    focusSourceRegions: ['京津冀', '东北'],
    description: '乡镇招商小分队：肉牛养殖和农畜产品加工',
  },
  {
    name: '科尔沁区驻京招商小分队',
    region: { code: '150502' },
    focusChains: ['新能源及装备制造', '现代中医药(蒙医药)'],
    focusSourceRegions: ['京津冀'],
    description: '驻北京驻点招商：对接央企总部和在京商协会',
  },
  {
    name: '科尔沁区招商一队',
    region: { code: '150502' },
    focusChains: ['新能源及装备制造', '玉米生物'],
    focusSourceRegions: ['长三角', '珠三角'],
    description: '风电装备制造产业集群的上下游配套招商',
  },
  {
    name: '霍林郭勒市铝产业招商队',
    region: { code: '150581' },
    focusChains: ['铝基循环新材料'],
    focusSourceRegions: ['京津冀', '长三角'],
    description: '围绕铝后加工延链补链招商',
  },
  {
    name: '奈曼旗镍基产业招商队',
    region: { code: '150525' },
    focusChains: ['镍基循环新材料', '硅砂新材料'],
    focusSourceRegions: ['长三角', '珠三角'],
    description: '镍铁合金、不锈钢下游制品延链招商',
  },
  {
    name: '科左后旗招商一队',
    region: { code: '150522' },
    focusChains: ['硅砂新材料', '文化旅游'],
    focusSourceRegions: ['京津冀', '东北'],
    description: '硅砂资源深加工和大青沟等文旅项目招商',
  },
];

// ---------------------------------------------------------------------------------------
// The seed

export type SeedKind = 'regions' | 'industryChains' | 'sourceRegions' | 'users' | 'teams' | 'managerScopes' | CrmSeedKind | RegistrySeedKind | SupervisionSeedKind | TargetSeedKind | ChainMapSeedKind | CarrierSeedKind;

export interface DemoAccountRow {
  username: string;
  displayName: string;
  role: Role;
  title: string;
  /** The documented demo password, or null when the account's password is no longer it. */
  password: string | null;
  /** What the account sees, computed from the data as the API scopes it. */
  sees: string;
}

export interface SeedReport {
  counts: Record<SeedKind, { created: number; existing: number }>;
  /** Records found in a state other than the demo set describes; the seed leaves them as they are. */
  warnings: string[];
  accounts: DemoAccountRow[];
  /** The signing conference's totals and the demo leads per stage, as the database has them. */
  pipeline: PipelineSummary | null;
  /** The project registry's totals, as the registry summary reports them. */
  registry: RegistrySummary | null;
  /** Each county's target per demo year, with progress. */
  targets: CountyTargetLine[];
  /** Whether the run recomputed the counted figures (it does when anything was written since they were last). */
  metricsRefreshed: boolean;
}

export interface SeedOptions {
  config?: TongliaoConfig;
  /** One line per record created. */
  log?: (line: string) => void;
  /**
   * Runs once the pipeline is in and before the registry is: where a running service's workers
   * get to the signings' rollup messages first (the seed then finds the projects rolled up).
   */
  afterPipeline?: () => Promise<void>;
}

/**
 * Loads the Tongliao demo organisation, then its demo pipeline (enterprises, contacts,
 * interactions, leads, the 2022-04-27 signing conference, a lead collision: see crm.ts), the
 * project registry (the signings rolled up, the article's projects: registry.ts) and the
 * targets of 2022 and this year (targets.ts), through the services, so every write is
 * validated and audited as if its author had made it through the API; then recomputes the
 * counted figures once. Idempotent: each record is looked up by its natural key first (region
 * code or parent + name, chain name, username, team region + name …) and an existing one is
 * left untouched.
 */
export async function seedTongliao(app: INestApplicationContext, opts: SeedOptions = {}): Promise<SeedReport> {
  return new TongliaoSeed(app, opts.log ?? (() => undefined), opts.afterPipeline).run(opts.config ?? loadTongliaoConfig());
}

interface SeededUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  isActive: boolean;
  /** Argon2 checks run side by side (libuv's thread pool) and are awaited for the accounts table. */
  passwordIsDemo: Promise<boolean>;
}

class TongliaoSeed {
  private readonly ds: DataSource;
  private readonly report: SeedReport = {
    counts: {
      regions: { created: 0, existing: 0 },
      industryChains: { created: 0, existing: 0 },
      sourceRegions: { created: 0, existing: 0 },
      users: { created: 0, existing: 0 },
      teams: { created: 0, existing: 0 },
      managerScopes: { created: 0, existing: 0 },
      enterprises: { created: 0, existing: 0 },
      contacts: { created: 0, existing: 0 },
      signingEvents: { created: 0, existing: 0 },
      leads: { created: 0, existing: 0 },
      leadTransitions: { created: 0, existing: 0 },
      signings: { created: 0, existing: 0 },
      interactions: { created: 0, existing: 0 },
      leadClaims: { created: 0, existing: 0 },
      registryRollups: { created: 0, existing: 0 },
      projects: { created: 0, existing: 0 },
      projectProfiles: { created: 0, existing: 0 },
      projectNodes: { created: 0, existing: 0 },
      yearPlans: { created: 0, existing: 0 },
      progressReports: { created: 0, existing: 0 },
      problems: { created: 0, existing: 0 },
      problemUpdates: { created: 0, existing: 0 },
      departments: { created: 0, existing: 0 },
      assignments: { created: 0, existing: 0 },
      targets: { created: 0, existing: 0 },
      targetSplits: { created: 0, existing: 0 },
      chainLinks: { created: 0, existing: 0 },
      chainLinkCompanies: { created: 0, existing: 0 },
      carriers: { created: 0, existing: 0 },
      promotedProjects: { created: 0, existing: 0 },
    },
    warnings: [],
    accounts: [],
    pipeline: null,
    registry: null,
    targets: [],
    metricsRefreshed: false,
  };
  /** Region units by code, and by `parent code/name` under a unit that has a code. */
  private readonly regions = new Map<string, RegionUnit>();
  private readonly chains = new Map<string, ReferenceItem>();
  private readonly sourceRegions = new Map<string, ReferenceItem>();
  private readonly users = new Map<string, SeededUser>();
  /** Team ids by name. */
  private readonly teams = new Map<string, string>();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly log: (line: string) => void,
    private readonly afterPipeline?: () => Promise<void>,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(config: TongliaoConfig): Promise<SeedReport> {
    const [firstAdmin, ...others] = DEMO_ACCOUNTS;
    if (firstAdmin?.role !== Role.Admin) throw new Error('DEMO_ACCOUNTS must start with an admin: it is the actor of the seed');
    // The first admin is created by nobody (like the bootstrap admin); it then makes everything else.
    const admin = await this.ensureUser(firstAdmin, null);
    if (admin.role !== Role.Admin || !admin.isActive) {
      throw new Error(`${admin.username} exists but is not an active admin: the seed acts as that account and cannot go on`);
    }
    const actor: AuthUser = { id: admin.id, username: admin.username, displayName: admin.displayName, role: Role.Admin };

    await this.ensureReferenceItems(actor, config);
    await this.ensureRegion(actor, config.regions, null);
    for (const account of others) await this.ensureUser(account, actor);
    for (const team of DEMO_TEAMS) await this.ensureTeam(actor, team);
    for (const account of DEMO_ACCOUNTS) {
      if (account.managesRegionCodes?.length) await this.ensureScope(actor, account);
    }
    const crm = new CrmSeed(this.app, {
      admin: actor,
      users: this.users,
      teams: this.teams,
      regions: this.regions,
      chains: this.chains,
      sourceRegions: this.sourceRegions,
      enterprises: config.enterprises,
      counts: this.report.counts,
      warn: (line) => this.warn(line),
      log: this.log,
    });
    this.report.pipeline = await crm.run();
    const seeded = crm.seeded();
    await this.afterPipeline?.();
    await new RegistrySeed(this.app, {
      admin: actor,
      users: this.users,
      regions: this.regions,
      chains: this.chains,
      enterprises: seeded.enterprises,
      leads: seeded.leads,
      counts: this.report.counts,
      warn: (line) => this.warn(line),
      log: this.log,
    }).run();
    await new ChainMapSeed(this.app, {
      admin: actor,
      chains: this.chains,
      enterprises: seeded.enterprises,
      counts: this.report.counts,
      warn: (line) => this.warn(line),
      log: this.log,
    }).run(config.chainLinks ?? []);
    await new SupervisionSeed(this.app, { admin: actor, users: this.users, counts: this.report.counts, log: this.log }).run();
    await new TargetsSeed(this.app, {
      admin: actor,
      users: this.users,
      teams: this.teams,
      regions: this.regions,
      counts: this.report.counts,
      warn: (line) => this.warn(line),
      log: this.log,
    }).run();
    await new CarriersSeed(this.app, {
      admin: actor,
      configDir: findConfigDir(),
      regions: this.regions,
      chains: this.chains,
      counts: this.report.counts,
      warn: (line) => this.warn(line),
      log: this.log,
    }).run();
    this.report.metricsRefreshed = await this.refreshMetrics();
    this.report.registry = await registrySummary(this.app, actor);
    this.report.targets = await countyTargetLines(this.app, actor);
    for (const account of DEMO_ACCOUNTS) this.report.accounts.push(await this.accountRow(account));
    return this.report;
  }

  /**
   * Recomputes the counted figures (progress, rankings, the dashboard) once, so they show the
   * demo at once even without the service's workers — when anything was written since they
   * last were; a run that writes nothing leaves them as they are.
   */
  private async refreshMetrics(): Promise<boolean> {
    const [{ stale }] = (await this.ds.query(
      `SELECT (SELECT refreshed_at FROM metric_refreshes) < COALESCE((SELECT max(at) FROM audit_log), '-infinity'::timestamptz) AS stale`,
    )) as Array<{ stale: boolean }>;
    if (!stale) return false;
    return (await this.app.get(MetricsService).refresh()).refreshed;
  }

  private async ensureReferenceItems(actor: AuthUser, config: TongliaoConfig): Promise<void> {
    const chains = this.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS);
    for (const [i, item] of config.industryChains.entries()) {
      const dto = { name: item.name, description: item.description, sortOrder: i + 1 };
      this.chains.set(item.name, await this.ensureReferenceItem(actor, chains, IndustryChain, CreateIndustryChainDto, dto, 'industryChains', '产业链'));
    }
    const sources = this.app.get<ReferenceService<SourceRegion>>(SOURCE_REGIONS);
    for (const [i, item] of config.sourceRegions.entries()) {
      const dto = { name: item.name, description: item.description, isPrimary: item.isPrimary, sortOrder: i + 1 };
      this.sourceRegions.set(item.name, await this.ensureReferenceItem(actor, sources, SourceRegion, CreateSourceRegionDto, dto, 'sourceRegions', '招商重点区域'));
    }
  }

  private async ensureReferenceItem<T extends ReferenceItem>(
    actor: AuthUser,
    service: ReferenceService<T>,
    entity: Type<T>,
    dtoClass: Type<unknown>,
    dto: { name: string },
    kind: SeedKind,
    label: string,
  ): Promise<T> {
    const found = await this.ds.getRepository(entity).findOneBy({ name: dto.name } as never);
    if (found) {
      this.report.counts[kind].existing++;
      if (!found.isActive) this.warn(`${label}「${found.name}」已停用：保持原样，演示队伍不再以它为重点`);
      return found;
    }
    const created = await attempt(`创建${label}「${dto.name}」`, async () => service.create(actor, (await validate(dtoClass, dto)) as Partial<T>));
    this.report.counts[kind].created++;
    this.log(`+ ${label} ${created.name}`);
    return created;
  }

  /** The unit and its subtree, depth first so that parents exist before their children. */
  private async ensureRegion(actor: AuthUser, node: RegionNode, parent: RegionUnit | null): Promise<void> {
    const repo = this.ds.getRepository(RegionUnit);
    let unit = node.code ? await repo.findOneBy({ code: node.code }) : null;
    if (unit && (unit.name !== node.name || unit.parentId !== (parent?.id ?? null))) {
      this.warn(`区划代码 ${node.code} 已属于「${unit.name}」（与演示数据中的「${node.name}」或其上级不同）：保持原样`);
    }
    unit ??= await repo.findOneBy({ name: node.name, parentId: parent ? parent.id : IsNull() });
    if (unit) {
      this.report.counts.regions.existing++;
      if (node.code && unit.code !== node.code) this.warn(`区域「${unit.name}」已存在，代码为 ${unit.code ?? '空'}（演示数据为 ${node.code}）：保持原样`);
      if (unit.level !== node.level) this.warn(`区域「${unit.name}」已存在，层级为 ${unit.level}（演示数据为 ${node.level}）：保持原样`);
    } else {
      const dto = { name: node.name, level: node.level, code: node.code, parentId: parent?.id ?? null, sortOrder: node.sortOrder ?? 0 };
      const view = await attempt(`创建区域「${node.name}」`, async () => this.app.get(RegionsService).create(actor, await validate(CreateRegionDto, dto)));
      unit = await repo.findOneByOrFail({ id: view.id });
      this.report.counts.regions.created++;
      this.log(`+ 区域 ${unit.name}${unit.code ? ` (${unit.code})` : ''}`);
    }
    if (node.code) this.regions.set(node.code, unit);
    if (parent?.code) this.regions.set(`${parent.code}/${node.name}`, unit);
    for (const child of node.children ?? []) await this.ensureRegion(actor, child, unit);
  }

  private async ensureUser(account: DemoAccount, actor: AuthUser | null): Promise<SeededUser> {
    const users = this.app.get(UsersService);
    const password = DEMO_PASSWORDS[account.role];
    const found = await users.findForLogin(account.username);
    let user: SeededUser;
    if (found) {
      this.report.counts.users.existing++;
      user = {
        id: found.id,
        username: found.username,
        displayName: found.displayName,
        role: found.role,
        isActive: found.isActive,
        passwordIsDemo: verifyPassword(found.passwordHash, password),
      };
      if (found.role !== account.role) this.warn(`用户 ${found.username} 已存在，角色为 ${found.role}（演示数据为 ${account.role}）：保持原样`);
      if (!found.isActive) this.warn(`用户 ${found.username} 已停用：保持原样`);
    } else {
      const dto = { username: account.username, displayName: account.displayName, role: account.role, password };
      const view = await attempt(`创建用户 ${account.username}`, async () => users.create(actor, await validate(CreateUserDto, dto)));
      user = { id: view.id, username: view.username, displayName: view.displayName, role: view.role, isActive: view.isActive, passwordIsDemo: Promise.resolve(true) };
      this.report.counts.users.created++;
      this.log(`+ 用户 ${view.username} ${view.displayName} (${view.role})`);
    }
    this.users.set(account.username, user);
    return user;
  }

  private async ensureTeam(actor: AuthUser, def: DemoTeam): Promise<void> {
    const region = this.regionOf(def.region);
    const found = await this.ds.getRepository(Team).findOneBy({ regionUnitId: region.id, name: def.name });
    if (found) {
      this.report.counts.teams.existing++;
      this.teams.set(def.name, found.id);
      return;
    }
    const roster = DEMO_ACCOUNTS.filter((a) => a.team === def.name).map((a) => ({ account: a, user: this.users.get(a.username) }));
    const usable = roster.filter((r) => {
      if (r.user?.isActive) return true;
      this.warn(`「${def.name}」：用户 ${r.account.username} 已停用，未加入该队`);
      return false;
    });
    const leader = usable.find((r) => r.account.leadsTeam)?.user;
    const dto = {
      name: def.name,
      regionUnitId: region.id,
      leaderId: leader?.id ?? null,
      memberIds: usable.map((r) => (r.user as SeededUser).id),
      focusChainIds: this.activeIds(this.chains, def.focusChains, def.name),
      focusSourceRegionIds: this.activeIds(this.sourceRegions, def.focusSourceRegions, def.name),
      description: def.description,
    };
    const view = await attempt(`创建招商队「${def.name}」`, async () => this.app.get(TeamsService).create(actor, await validate(CreateTeamDto, dto)));
    this.report.counts.teams.created++;
    this.teams.set(def.name, view.id);
    this.log(`+ 招商队 ${view.name}（${view.regionUnit.name}，${view.memberCount} 人）`);
  }

  /** Adds the demo region units to a manager's scope; what an admin gave them besides stays. */
  private async ensureScope(actor: AuthUser, account: DemoAccount): Promise<void> {
    const user = this.users.get(account.username) as SeededUser;
    if (user.role !== Role.Manager) {
      this.warn(`用户 ${user.username} 不是管理者角色，未设置分管范围`);
      return;
    }
    const scopes = this.app.get(ManagerScopesService);
    const current = await scopes.get(user.id);
    const wanted = (account.managesRegionCodes ?? []).map((code) => this.regionOf({ code }).id);
    const have = new Set(current.regionUnits.map((r) => r.id));
    const missing = wanted.filter((id) => !have.has(id));
    if (missing.length === 0) {
      this.report.counts.managerScopes.existing++;
      return;
    }
    const dto = { regionUnitIds: [...have, ...missing], teamIds: current.teams.map((t) => t.id) };
    const view = await attempt(`设置 ${user.username} 的分管范围`, async () => scopes.replace(actor, user.id, await validate(ManagedScopeDto, dto)));
    this.report.counts.managerScopes.created++;
    this.log(`+ 分管范围 ${user.username}：${view.regionUnits.map((r) => r.name).join('、')}`);
  }

  private async accountRow(account: DemoAccount): Promise<DemoAccountRow> {
    const user = this.users.get(account.username) as SeededUser;
    let sees = '全部：所有区域、招商队、用户、基础数据和审计日志';
    if (user.role !== Role.Admin) {
      const caller: AuthUser = { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
      const page = await this.app.get(TeamsService).list(caller, { limit: 200 });
      const names = page.items.map((t) => t.name);
      const more = page.nextCursor ? ' …' : '';
      if (user.role === Role.Manager) {
        const units = (await this.app.get(ManagerScopesService).get(user.id)).regionUnits.map((r) => r.name);
        sees = `${units.join('、') || '（未分管区域）'}及下级的 ${names.length}${more} 支招商队`;
      } else {
        sees = names.length ? `本队：${names.join('、')}${more}` : '（未加入招商队）';
      }
    }
    if (!user.isActive) sees = `（已停用）${sees}`;
    const passwordIsDemo = await user.passwordIsDemo;
    if (!passwordIsDemo) this.warn(`用户 ${user.username} 的密码已不是演示密码：保持原样`);
    return {
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      title: account.title,
      password: passwordIsDemo ? DEMO_PASSWORDS[account.role] : null,
      sees,
    };
  }

  private regionOf(ref: { code: string; township?: string }): RegionUnit {
    const key = ref.township ? `${ref.code}/${ref.township}` : ref.code;
    const unit = this.regions.get(key);
    if (!unit) throw new Error(`演示数据引用的区域 ${key} 不在 config/tongliao/regions.json 中`);
    return unit;
  }

  private activeIds(items: Map<string, ReferenceItem>, names: readonly string[], team: string): string[] {
    return names.flatMap((name) => {
      const item = items.get(name);
      if (!item) throw new Error(`「${team}」引用的「${name}」不在 config/tongliao 的基础数据中`);
      return item.isActive ? [item.id] : [];
    });
  }

  private warn(line: string): void {
    this.report.warnings.push(line);
  }
}
