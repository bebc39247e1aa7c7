import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { unitsAtOrBelow } from '../access/region-subtree.sql';
import { AuthUser } from '../common/auth/auth-user';
import { Team } from './entities/team.entity';

/** The teams and their rosters (who may see which team is AccessRepository's question). */
@Injectable()
export class TeamsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
  ) {}

  /**
   * The teams `actor` may see that match the filter (`like`: an escaped LIKE pattern on the
   * name; `regionUnitId`: that unit or below it), joined to region unit `r` and leader `l`, as
   * a query the caller selects from and pages.
   */
  visible(actor: AuthUser, filter: { includeArchived?: boolean; like?: string; regionUnitId?: string }): SelectQueryBuilder<Team> {
    const qb = this.dataSource.getRepository(Team).createQueryBuilder('t').leftJoin('t.regionUnit', 'r').leftJoin('t.leader', 'l');
    this.scope.restrict(qb, 't.id', actor);
    if (!filter.includeArchived) qb.andWhere('NOT t.is_archived');
    if (filter.like !== undefined) qb.andWhere('t.name LIKE :like', { like: filter.like });
    if (filter.regionUnitId) {
      qb.andWhere(`t.region_unit_id IN (${unitsAtOrBelow(':regionUnitId')})`, { regionUnitId: filter.regionUnitId });
    }
    return qb;
  }

  /** Locks the team row until the transaction ends. */
  async lock(em: EntityManager, id: string): Promise<void> {
    await em.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [id]);
  }
}
