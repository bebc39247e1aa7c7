import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { commonErrors, notFound } from '../common/errors/app-error';
import { formatWanYuan, toUnits } from '../common/money/wan-yuan';
import { TargetPeriod } from '../common/time/period';
import { AMOUNT_METRICS, Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import { RegionsService } from '../regions/regions.service';
import { TeamsService } from '../teams/teams.service';
import { AccessRepository } from '../access/access.repository';
import { AssignTargetDto, SplitTargetDto, TargetQuery, TargetValuesDto, UpdateTargetDto } from './dto/target.dto';
import { TargetRevision } from './entities/target-revision.entity';
import { Target, TargetValues } from './entities/target.entity';
import { targetErrors } from './targets.errors';
import { TargetsRepository } from './targets.repository';
import { TargetDetailView, TargetViewDto, toTargetRevisionView, toTargetView } from './dto/target-view.dto';
import { quarterOf } from './target-period';

/** Targets (指标任务): assigned by admins, split by managers among the teams below them. */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
    private readonly targets: TargetsRepository,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly teams: TeamsService,
  ) {}

  /** Targets the caller may see for a period: all for an admin; else those of visible teams and of units containing them. */
  async list(actor: AuthUser, query: TargetQuery): Promise<TargetViewDto[]> {
    const rows = await this.targets.listVisible(actor, query, quarterOf(query));
    return this.views(actor, rows);
  }

  async get(actor: AuthUser, id: string): Promise<TargetDetailView> {
    const target = await this.findVisible(actor, id);
    const children = await this.dataSource.getRepository(Target).find({ where: { parentId: id }, relations: { team: true, regionUnit: true } });
    const history = await this.dataSource.getRepository(TargetRevision).find({ where: { targetId: id }, order: { at: 'DESC' } });
    // The shares listed are those the caller may see on their own (a member: their team's); the remainder counts them all.
    const visibleIds = await this.targets.visibleShareIds(actor, id);
    const [view, ...shares] = await this.views(actor, [target, ...children.filter((c) => visibleIds.has(c.id))]);
    return {
      ...(view as TargetViewDto),
      children: shares,
      unassigned: remainder(target.values, children.map((c) => c.values)),
      history: history.map(toTargetRevisionView),
    };
  }

  /** Assigns a target (admin): one per assignee and period. */
  async assign(actor: AuthUser, dto: AssignTargetDto): Promise<TargetViewDto> {
    if (!dto.regionUnitId === !dto.teamId) {
      throw targetErrors('TARGET_ASSIGNEE_REQUIRED', [{ field: dto.regionUnitId ? 'teamId' : 'regionUnitId', message: '区域单位和招商队须二选一' }]);
    }
    const values = cleanValues(dto.values);
    const id = await this.dataSource.transaction(async (em) => {
      const exists = dto.regionUnitId ? await this.regions.exists(dto.regionUnitId, em) : await this.teams.exists(dto.teamId as string, em);
      if (!exists) throw targetErrors('TARGET_ASSIGNEE_NOT_FOUND', [{ field: dto.regionUnitId ? 'regionUnitId' : 'teamId', message: '不存在' }]);
      const period = { periodType: dto.periodType, year: dto.year, quarter: quarterOf(dto) };
      // Serialises assigners of one assignee and period, so the second sees the first's target (409 with its id).
      await this.targets.lockAssignment(em, `target:${dto.regionUnitId ?? dto.teamId}:${period.periodType}:${period.year}:${period.quarter}`);
      const clash = await em.getRepository(Target).findOneBy({ ...period, ...(dto.regionUnitId ? { regionUnitId: dto.regionUnitId } : { teamId: dto.teamId }) });
      if (clash) throw targetErrors('TARGET_EXISTS', { existingId: clash.id });
      const target = await em.getRepository(Target).save(em.getRepository(Target).create({ ...period, regionUnitId: dto.regionUnitId ?? null, teamId: dto.teamId ?? null, values, createdById: actor.id }));
      await this.revise(em, actor, target, null);
      return target.id;
    });
    return this.view(actor, await this.findVisible(actor, id));
  }

  /** Changes a target's values (admin; or a manager for targets split within their scope). */
  async update(actor: AuthUser, id: string, dto: UpdateTargetDto): Promise<TargetViewDto> {
    const values = cleanValues(dto.values);
    await this.dataSource.transaction(async (em) => {
      await this.lockSplit(em, id);
      const target = await this.findVisible(actor, id, em);
      await this.assertEditable(actor, target, em);
      if (target.parentId) {
        // A share may only carry the metrics its parent has, as when it was split.
        const parent = (await em.getRepository(Target).findOneBy({ id: target.parentId })) as Target;
        for (const metric of Object.keys(values) as Metric[]) {
          if (parent.values[metric] === undefined) throw targetErrors('SPLIT_UNKNOWN_METRIC', [{ field: `values.${metric}`, message: `上级没有设定「${METRIC_LABELS[metric]}」指标` }]);
        }
      }
      const before = { ...target.values };
      if (!(await this.targets.updateValuesAtVersion(em, id, values, dto.version))) throw targetErrors('TARGET_VERSION_CONFLICT', { currentVersion: target.version });
      if (target.parentId) await this.checkSplitSum(em, target.parentId, target.isStretch);
      // A parent lowered below what was split from it breaks the same rule.
      else await this.checkSplitSum(em, id, false);
      target.values = values;
      await this.revise(em, actor, target, before);
    });
    return this.view(actor, await this.findVisible(actor, id));
  }

  /**
   * Removes a target (admin), or a team's share of a split (a manager over the unit). A target
   * already split must lose its shares first. Its revisions stay as history.
   */
  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Under the lock a split cannot add a share between the count and the delete (the cascade would drop it).
      await this.lockSplit(em, id);
      const target = await this.findVisible(actor, id, em);
      await this.assertEditable(actor, target, em);
      const shares = await em.getRepository(Target).countBy({ parentId: id });
      if (shares) throw targetErrors('TARGET_HAS_SHARES', { shares });
      await em.getRepository(Target).delete({ id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'target', entityId: id, before: { values: target.values, isStretch: target.isStretch, parentId: target.parentId }, after: null });
    });
  }

  /**
   * Splits a unit's target among teams at or below it (分解). Re-splitting a team updates its
   * share. The shares of each metric may not add up to more than the parent's unless the
   * split is marked stretch (加压).
   */
  async split(actor: AuthUser, parentId: string, dto: SplitTargetDto): Promise<TargetDetailView> {
    await this.dataSource.transaction(async (em) => {
      await this.lockSplit(em, parentId);
      const parent = await em.getRepository(Target).findOne({ where: { id: parentId }, relations: { regionUnit: true } });
      // Out of scope: 404, as if it did not exist; in sight but another's to split: 403.
      if (!parent || !(await this.canSee(actor, parent, em))) throw notFound('target');
      if (!(await this.canSplit(actor, parentId, em))) throw targetErrors('TARGET_SPLIT_FORBIDDEN');
      if (!parent.regionUnitId) throw targetErrors('TARGET_NOT_SPLITTABLE');
      const teamIds = dto.allocations.map((a) => a.teamId);
      const inside = await this.scope.teamsWithinUnit(teamIds, parent.regionUnitId, em);
      dto.allocations.forEach((a, i) => {
        // A team twice would make two targets for one team and period (the unique index: 409).
        if (teamIds.indexOf(a.teamId) < i) {
          throw commonErrors('VALIDATION_FAILED', [{ field: `allocations[${i}].teamId`, message: '同一招商队在一次分解中只能出现一次' }], '同一招商队在一次分解中只能出现一次');
        }
        if (!inside.has(a.teamId)) {
          throw targetErrors('SPLIT_OUTSIDE_UNIT', [{ field: `allocations[${i}].teamId`, message: `该招商队不在「${parent.regionUnit?.name ?? ''}」范围内` }]);
        }
        for (const metric of Object.keys(cleanValues(a.values)) as Metric[]) {
          if (parent.values[metric] === undefined) {
            throw targetErrors('SPLIT_UNKNOWN_METRIC', [{ field: `allocations[${i}].values.${metric}`, message: `上级没有设定「${METRIC_LABELS[metric]}」指标` }]);
          }
        }
      });
      const period = { periodType: parent.periodType, year: parent.year, quarter: parent.quarter };
      const existing = await em.getRepository(Target).find({ where: { ...period, teamId: In(teamIds) } });
      for (const allocation of dto.allocations) {
        const values = cleanValues(allocation.values);
        const child = existing.find((e) => e.teamId === allocation.teamId);
        if (child && child.parentId !== parent.id) {
          throw targetErrors('TARGET_EXISTS', { existingId: child.id, teamId: child.teamId }, '该招商队在该期间已有其他来源的指标');
        }
        if (child) {
          const before = { ...child.values };
          await em.getRepository(Target).update({ id: child.id }, { values, isStretch: dto.stretch ?? false, version: child.version + 1 });
          Object.assign(child, { values, isStretch: dto.stretch ?? false });
          await this.revise(em, actor, child, before);
        } else {
          const created = await em.getRepository(Target).save(
            em.getRepository(Target).create({ ...period, teamId: allocation.teamId, parentId: parent.id, values, isStretch: dto.stretch ?? false, createdById: actor.id }),
          );
          await this.revise(em, actor, created, null);
        }
      }
      await this.checkSplitSum(em, parent.id, dto.stretch ?? false);
    });
    return this.get(actor, parentId);
  }

  /** Targets of a period at one level, for rankings: units or teams, with names. */
  async forPeriod(period: TargetPeriod, level: 'unit' | 'team'): Promise<Target[]> {
    const rows = await this.dataSource.getRepository(Target).find({
      where: { periodType: period.type, year: period.year, quarter: period.quarter ?? 0 },
      relations: { regionUnit: true, team: true },
    });
    return rows.filter((r) => (level === 'unit' ? r.regionUnitId : r.teamId));
  }

  /**
   * Locks the row every write to a split queues on: the parent's — a share's parent, or the
   * target itself when it has none. Each write takes it first, before writing any row of the
   * split, so writers wait on one row in one order (no deadlock) and what they check against
   * the parent (checkSplitSum, versions, the shares there are) is read after the previous
   * writer committed. Read Committed: every statement after this one sees that commit.
   */
  private async lockSplit(em: EntityManager, targetId: string): Promise<void> {
    await this.targets.lockSplit(em, targetId);
  }

  /** Refuses (SPLIT_EXCEEDS_PARENT) shares that add up to more than the parent; the caller holds lockSplit. */
  private async checkSplitSum(em: EntityManager, parentId: string, stretch: boolean): Promise<void> {
    if (stretch) return;
    const parent = (await em.getRepository(Target).findOneBy({ id: parentId })) as Target;
    const children = await em.getRepository(Target).findBy({ parentId });
    const left = remainder(parent.values, children.filter((c) => !c.isStretch).map((c) => c.values));
    for (const metric of Object.keys(left) as Metric[]) {
      if ((left[metric] as string).startsWith('-')) {
        throw targetErrors('SPLIT_EXCEEDS_PARENT', [{ field: `values.${metric}`, message: `「${METRIC_LABELS[metric]}」分解合计超过上级指标 ${parent.values[metric]}（超出 ${(left[metric] as string).slice(1)}）` }]);
      }
    }
  }

  private async revise(em: EntityManager, actor: AuthUser, target: Target, before: TargetValues | null): Promise<void> {
    await em.getRepository(TargetRevision).insert({ targetId: target.id, values: target.values, isStretch: target.isStretch, actorId: actor.id });
    await this.audit.record(em, actor, { action: before ? 'update' : 'create', entity: 'target', entityId: target.id, before: before ? { values: before } : null, after: { values: target.values, isStretch: target.isStretch } });
  }

  /**
   * A visible target (found by findVisible, so out of scope is already a 404) the caller may
   * not change is a 403, as in the other modules: an admin changes any; a manager only the
   * team shares split from a unit they oversee.
   */
  private async assertEditable(actor: AuthUser, target: Target, em: EntityManager): Promise<void> {
    if (actor.role === Role.Admin) return;
    if (target.parentId && (await this.canSplit(actor, target.parentId, em))) return;
    throw targetErrors('TARGET_WRITE_FORBIDDEN');
  }

  /** A manager may split a unit target whose unit they oversee; an admin any (a team's is then refused as unsplittable). */
  private async canSplit(actor: AuthUser, targetId: string, em: EntityManager): Promise<boolean> {
    return actor.role === Role.Admin || (await this.splittable(actor, [targetId], em)).has(targetId);
  }

  /** Of the given targets, the units' targets the caller may split: an admin all; a manager those in units they oversee. */
  private async splittable(actor: AuthUser, ids: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (actor.role !== Role.Admin && actor.role !== Role.Manager) return new Set();
    const units = await this.targets.unitTargets(ids, em);
    const managed = await this.scope.unitsSeenWhole(actor, [...new Set(units.map((u) => u.region_unit_id))], em);
    return new Set(units.filter((u) => !managed || managed.has(u.region_unit_id)).map((u) => u.id));
  }

  /** Targets as the API shows them, with what the caller may do to each. */
  private async views(actor: AuthUser, targets: Target[]): Promise<TargetViewDto[]> {
    const ids = [...new Set(targets.flatMap((t) => [t.id, ...(t.parentId ? [t.parentId] : [])]))];
    const splittable = targets.length ? await this.splittable(actor, ids) : new Set<string>();
    return targets.map((t) => toTargetView(t, { canSplit: splittable.has(t.id), canEdit: actor.role === Role.Admin || (t.parentId !== null && splittable.has(t.parentId)) }));
  }

  private async view(actor: AuthUser, target: Target): Promise<TargetViewDto> {
    return (await this.views(actor, [target]))[0] as TargetViewDto;
  }

  private async findVisible(actor: AuthUser, id: string, em: EntityManager = this.dataSource.manager): Promise<Target> {
    const target = await em.getRepository(Target).findOne({ where: { id }, relations: { regionUnit: true, team: true } });
    if (!target || !(await this.canSee(actor, target, em))) throw notFound('target');
    return target;
  }

  private async canSee(actor: AuthUser, target: Target, em: EntityManager): Promise<boolean> {
    if (actor.role === Role.Admin) return true;
    return this.targets.isVisible(actor, target.id, em);
  }
}

/** The set metrics as canonical strings; at least one. */
function cleanValues(dto: TargetValuesDto): TargetValues {
  const values: TargetValues = {};
  for (const metric of METRICS) {
    const v = (dto as Record<string, unknown>)[metric];
    if (v === undefined || v === null) continue;
    values[metric] = AMOUNT_METRICS.has(metric) ? formatWanYuan(toUnits(String(v))) : String(v);
  }
  if (Object.keys(values).length === 0) throw targetErrors('TARGET_EMPTY', [{ field: 'values', message: '至少要设定一项指标' }]);
  return values;
}

/** What of the parent's values the children leave unassigned (negative where they exceed it). */
export function remainder(parent: TargetValues, children: TargetValues[]): TargetValues {
  const left: TargetValues = {};
  for (const metric of Object.keys(parent) as Metric[]) {
    let units = toUnits(parent[metric] as string);
    for (const c of children) if (c[metric] !== undefined) units -= toUnits(c[metric] as string);
    left[metric] = formatWanYuan(units);
  }
  return left;
}
