import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { businessDate } from '../common/time/business-time';
import { periodLabel } from '../common/time/period';
import { METRIC_LABELS, Metric } from '../metrics/metric';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { AssignTargetDto, SplitTargetDto } from '../targets/dto/target.dto';
import { TargetValues } from '../targets/entities/target.entity';
import { MetricProgress } from '../targets/progress';
import { TargetProgressService } from '../targets/target-progress.service';
import { TargetsService } from '../targets/targets.service';
import { SeedUserRef } from './crm';
import { DEMO_TARGETS, DemoTargetValues, DemoUnitTarget } from './demo-targets';
import { attempt, forEachConcurrently, validate } from './write-through';

export type TargetSeedKind = 'targets' | 'targetSplits';

export interface TargetSeedContext {
  admin: AuthUser;
  users: ReadonlyMap<string, SeedUserRef>;
  /** Team ids by name. */
  teams: ReadonlyMap<string, string>;
  /** Region units by GB/T 2260 code. */
  regions: ReadonlyMap<string, RegionUnit>;
  counts: Record<TargetSeedKind, { created: number; existing: number }>;
  warn: (line: string) => void;
  log: (line: string) => void;
}

/** A county's target for a year as progress reports it. */
export interface CountyTargetLine {
  year: number;
  label: string;
  county: string;
  code: string;
  metrics: MetricProgress[];
  /** Split among teams: how many, and what is left unassigned. */
  split: { teams: number; unassigned: TargetValues } | null;
}

interface TargetRow {
  id: string;
  year: number;
  region_unit_id: string | null;
  team_id: string | null;
  parent_id: string | null;
}

const CONCURRENCY = 4;

/** The years the demo sets targets for: 2022 and the year of the day of seeding. */
export function demoTargetYears(today: string = businessDate(new Date())): number[] {
  return [...new Set(DEMO_TARGETS.map((t) => (t.year === 'current' ? Number(today.slice(0, 4)) : t.year)))];
}

/**
 * The year's targets (指标任务) of the demo-targets.ts: the admin assigns them to the county
 * units and the city teams; the county's manager — the admin where the demo has none — splits
 * the unit's target among its teams (分解), leaving part unassigned. Looked up by assignee and
 * period (one target each) and, for a split, by team and parent; what exists is left as it is.
 */
export class TargetsSeed {
  private readonly ds: DataSource;
  private readonly today = businessDate(new Date());

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: TargetSeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(): Promise<void> {
    const years = demoTargetYears(this.today);
    const rows: TargetRow[] = await this.ds.query(
      `SELECT id, year, region_unit_id, team_id, parent_id FROM targets WHERE period_type = 'year' AND quarter = 0 AND year = ANY($1)`,
      [years],
    );
    const done = new Set<number>();
    for (const set of DEMO_TARGETS) {
      const year = set.year === 'current' ? Number(this.today.slice(0, 4)) : set.year;
      if (done.has(year)) continue; // the current year is 2022 itself
      done.add(year);
      await forEachConcurrently(set.units, CONCURRENCY, (def, log) => this.ensureUnit(year, def, rows, log), this.ctx.log);
      await forEachConcurrently(Object.entries(set.teams), CONCURRENCY, ([team, values], log) => this.ensureTeam(year, team, values, rows, log), this.ctx.log);
    }
  }

  private async ensureUnit(year: number, def: DemoUnitTarget, rows: TargetRow[], log: (line: string) => void): Promise<void> {
    const unit = this.ctx.regions.get(def.county);
    if (!unit) throw new Error(`demo-targets: 区域 ${def.county} 不在 config/tongliao/regions.json 中`);
    let parent = rows.find((r) => r.year === year && r.region_unit_id === unit.id);
    if (parent) {
      this.ctx.counts.targets.existing++;
    } else {
      const dto = { periodType: 'year', year, regionUnitId: unit.id, values: def.values };
      const view = await attempt(`下达${unit.name}${year}年指标`, async () => this.app.get(TargetsService).assign(this.ctx.admin, await validate(AssignTargetDto, dto)));
      this.ctx.counts.targets.created++;
      log(`+ 指标 ${unit.name} ${view.period.label}：${describe(view.values)}`);
      parent = { id: view.id, year, region_unit_id: unit.id, team_id: null, parent_id: null };
    }
    if (!def.split) return;

    const allocations: Array<{ teamId: string; values: DemoTargetValues }> = [];
    for (const [team, values] of Object.entries(def.split.teams)) {
      const teamId = this.teamId(team);
      const existing = rows.find((r) => r.year === year && r.team_id === teamId);
      if (existing?.parent_id === parent.id) {
        this.ctx.counts.targetSplits.existing++;
      } else if (existing) {
        this.ctx.warn(`「${team}」${year}年已有不是从${unit.name}分解的指标：保持原样`);
      } else {
        allocations.push({ teamId, values });
      }
    }
    if (allocations.length === 0) return;
    const actor = this.splitter(def.split.by, unit.name);
    const parentId = parent.id;
    const view = await attempt(`分解${unit.name}${year}年指标`, async () => this.app.get(TargetsService).split(actor, parentId, await validate(SplitTargetDto, { allocations })));
    this.ctx.counts.targetSplits.created += allocations.length;
    const names = allocations.map((a) => [...this.ctx.teams].find(([, id]) => id === a.teamId)?.[0]).join('、');
    log(`+ 分解 ${unit.name} ${view.period.label}（${actor.displayName}）→ ${names}；未分解：${describe(view.unassigned)}`);
  }

  private async ensureTeam(year: number, team: string, values: DemoTargetValues, rows: TargetRow[], log: (line: string) => void): Promise<void> {
    const teamId = this.teamId(team);
    if (rows.some((r) => r.year === year && r.team_id === teamId)) {
      this.ctx.counts.targets.existing++;
      return;
    }
    const dto = { periodType: 'year', year, teamId, values };
    const view = await attempt(`下达「${team}」${year}年指标`, async () => this.app.get(TargetsService).assign(this.ctx.admin, await validate(AssignTargetDto, dto)));
    this.ctx.counts.targets.created++;
    log(`+ 指标 ${team} ${view.period.label}：${describe(view.values)}`);
  }

  /** The county's manager splits its target; the admin does where the manager is gone. */
  private splitter(username: string, unit: string): AuthUser {
    const user = this.ctx.users.get(username);
    if (!user) throw new Error(`demo-targets: ${username} 不是演示用户`);
    if (user.isActive && (user.role === Role.Manager || user.role === Role.Admin)) return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
    this.ctx.warn(`用户 ${username} 已停用或不是管理者：${unit}的指标由 ${this.ctx.admin.username} 分解`);
    return this.ctx.admin;
  }

  private teamId(name: string): string {
    const id = this.ctx.teams.get(name);
    if (!id) throw new Error(`demo-targets: 招商队「${name}」不是演示招商队`);
    return id;
  }
}

/** Each county's target per demo year, with progress as GET /targets/progress computes it (call after the metrics refresh). */
export async function countyTargetLines(app: INestApplicationContext, admin: AuthUser): Promise<CountyTargetLine[]> {
  const lines: CountyTargetLine[] = [];
  for (const year of demoTargetYears()) {
    const report = await app.get(TargetProgressService).progress(admin, { periodType: 'year', year });
    for (const row of report.rows) {
      if (row.target.assignee.type !== 'unit') continue;
      const detail = await app.get(TargetsService).get(admin, row.target.id);
      const [unit]: Array<{ code: string | null; level: string }> = await app.get(DataSource).query('SELECT code, level FROM region_units WHERE id = $1', [row.target.assignee.id]);
      if (unit?.level !== 'county') continue;
      lines.push({
        year,
        label: periodLabel({ type: 'year', year }),
        county: row.target.assignee.name,
        code: unit.code ?? '',
        metrics: row.metrics,
        split: detail.children.length ? { teams: detail.children.length, unassigned: detail.unassigned } : null,
      });
    }
  }
  return lines.sort((a, b) => a.year - b.year || a.code.localeCompare(b.code));
}

/** `签约金额 1100000、签约项目 8 …` in the order of the metrics. */
export function describe(values: TargetValues): string {
  return (Object.keys(METRIC_LABELS) as Metric[])
    .filter((m) => values[m] !== undefined)
    .map((m) => `${METRIC_LABELS[m].replace(/（万元）$/, '')} ${values[m]}`)
    .join('、');
}
