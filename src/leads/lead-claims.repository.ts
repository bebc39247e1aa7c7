import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { AccessRepository } from '../access/access.repository';
import { LeadClaimQuery } from './dto/lead-claim.dto';
import { LeadClaim } from './entities/lead-claim.entity';
import { LeadCoTeam } from './entities/lead-co-team.entity';

/** Every query on collision claims and the co-pursuits they grant. */
@Injectable()
export class LeadClaimsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
  ) {}

  /** Claims that involve a team the caller can see, on either side, with the list's filters, unordered (for paginate). */
  listed(actor: AuthUser, query: LeadClaimQuery): SelectQueryBuilder<LeadClaim> {
    const qb = this.dataSource.getRepository(LeadClaim).createQueryBuilder('c').innerJoin('c.lead', 'l');
    this.involvingVisibleTeam(qb, actor);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    return qb;
  }

  /** The claim if it involves a team the caller can see, else null; `lock` locks its row until the transaction ends. */
  findVisible(em: EntityManager, actor: AuthUser, id: string, lock = false): Promise<LeadClaim | null> {
    const qb = em.getRepository(LeadClaim).createQueryBuilder('c').innerJoin('c.lead', 'l').where('c.id = :id', { id });
    this.involvingVisibleTeam(qb, actor);
    if (lock) qb.setLock('pessimistic_write', undefined, ['c']);
    return qb.getOne();
  }

  /** Marks a savepoint: a failed insert after it can be told apart without losing the transaction. */
  async savepoint(em: EntityManager, name: string): Promise<void> {
    await em.query(`SAVEPOINT ${name}`);
  }

  /** Adds the team as co-pursuing the lead (nothing if it already is). */
  async addCoTeam(em: EntityManager, leadId: string, teamId: string): Promise<void> {
    await em.createQueryBuilder().insert().into(LeadCoTeam).values({ leadId, teamId }).orIgnore().execute();
  }

  private involvingVisibleTeam(qb: SelectQueryBuilder<LeadClaim>, actor: AuthUser): void {
    const visible = this.scope.visibleTeamIdsSql(actor);
    if (visible) qb.andWhere(`(c.requesting_team_id IN (${visible.sql}) OR l.team_id IN (${visible.sql}))`, visible.params);
  }
}
