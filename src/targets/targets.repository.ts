import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AuthUser } from '../common/auth/auth-user';
import { TargetQuery } from './dto/target.dto';
import { Target, TargetValues } from './entities/target.entity';

/**
 * The targets' queries: lists and checks limited to what a caller sees (team targets of
 * visible teams; unit targets of units at or above a visible team, or managed directly), and
 * the locks that serialise writers.
 */
@Injectable()
export class TargetsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
  ) {}

  /** The targets of a period (quarter 0 for a year) the caller sees, with their unit or team, by unit code, unit name, team name. */
  async listVisible(actor: AuthUser, query: TargetQuery, quarter: number): Promise<Target[]> {
    const qb = this.dataSource
      .getRepository(Target)
      .createQueryBuilder('g')
      .leftJoinAndSelect('g.regionUnit', 'u')
      .leftJoinAndSelect('g.team', 't')
      .where('g.period_type = :pt AND g.year = :y AND g.quarter = :q', { pt: query.periodType, y: query.year, q: quarter });
    if (query.regionUnitId) qb.andWhere('g.region_unit_id = :unit', { unit: query.regionUnitId });
    if (query.teamId) qb.andWhere('g.team_id = :team', { team: query.teamId });
    this.restrict(qb, actor);
    return qb.orderBy('u.code', 'ASC', 'NULLS LAST').addOrderBy('u.name').addOrderBy('t.name').getMany();
  }

  /** The ids of the shares split from `parentId` that the caller sees on their own. */
  async visibleShareIds(actor: AuthUser, parentId: string): Promise<Set<string>> {
    const visible = this.dataSource.getRepository(Target).createQueryBuilder('g').select('g.id').where('g.parent_id = :id', { id: parentId });
    this.restrict(visible, actor);
    return new Set((await visible.getMany()).map((c) => c.id));
  }

  /** Whether the caller sees target `id`. */
  async isVisible(actor: AuthUser, id: string, em: EntityManager): Promise<boolean> {
    const qb = em.getRepository(Target).createQueryBuilder('g').where('g.id = :id', { id });
    this.restrict(qb, actor);
    return (await qb.getCount()) > 0;
  }

  /** Takes the transaction's lock named `key` (one assignee and period): assigners of it wait for each other. */
  async lockAssignment(em: EntityManager, key: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  /** Locks the row every write to a split queues on: the parent of target `targetId`, or the target itself when it has none. */
  async lockSplit(em: EntityManager, targetId: string): Promise<void> {
    await em.query('SELECT p.id FROM targets t JOIN targets p ON p.id = COALESCE(t.parent_id, t.id) WHERE t.id = $1 FOR UPDATE OF p', [targetId]);
  }

  /** Sets a target's values if it is still at `version` (bumping it); false if another write came first. */
  async updateValuesAtVersion(em: EntityManager, id: string, values: TargetValues, version: number): Promise<boolean> {
    const result = await em.createQueryBuilder().update(Target).set({ values, version: () => 'version + 1' }).where('id = :id AND version = :v', { id, v: version }).execute();
    return Boolean(result.affected);
  }

  /** Of the given targets, the units' targets, each with its unit. */
  async unitTargets(ids: string[], em: EntityManager = this.dataSource.manager): Promise<Array<{ id: string; region_unit_id: string }>> {
    return em.query('SELECT g.id, g.region_unit_id FROM targets g WHERE g.id = ANY($1) AND g.region_unit_id IS NOT NULL', [ids]);
  }

  /** Limits targets `g` to those the caller sees. */
  private restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, actor: AuthUser): void {
    const [teams, units] = [this.scope.visibleTeamIdsSql(actor), this.scope.regionUnitsInSightSql(actor)];
    if (!teams || !units) return;
    qb.andWhere(`(g.team_id IN (${teams.sql}) OR g.region_unit_id IN (${units.sql}))`, teams.params);
  }
}
