import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ManagerScope } from './entities/manager-scope.entity';
import { TeamMember } from './entities/team-member.entity';

/**
 * The tables scope is made of — team rosters (team_members) and what each manager oversees
 * (manager_scopes, 分管范围) — written and listed here, beside the questions asked of them
 * (AccessRepository). The teams module decides who may change them and audits it.
 */
@Injectable()
export class MembershipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Puts users on a new team's roster. */
  async addMembers(em: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length) await em.getRepository(TeamMember).insert(userIds.map((userId) => ({ teamId, userId })));
  }

  /** Puts the user on the team's roster unless already on it. */
  async addMemberIfAbsent(em: EntityManager, teamId: string, userId: string): Promise<void> {
    await em.createQueryBuilder().insert().into(TeamMember).values({ teamId, userId }).orIgnore().execute();
  }

  /** Makes the roster exactly `wanted`: others leave, the missing join, those staying keep their joining date. */
  async replaceMembers(em: EntityManager, teamId: string, wanted: string[]): Promise<void> {
    await em.getRepository(TeamMember).createQueryBuilder().delete().where('team_id = :id', { id: teamId }).andWhere(wanted.length ? 'user_id NOT IN (:...wanted)' : 'TRUE', { wanted }).execute();
    if (wanted.length) {
      await em.createQueryBuilder().insert().into(TeamMember).values(wanted.map((userId) => ({ teamId, userId }))).orIgnore().execute();
    }
  }

  /** Takes the user off the roster; false if they were not on it. */
  async removeMember(em: EntityManager, teamId: string, userId: string): Promise<boolean> {
    const result = await em.getRepository(TeamMember).delete({ teamId, userId });
    return !!result.affected;
  }

  /** Ids of the teams a user belongs to. */
  async teamIdsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(TeamMember).find({ where: { userId }, select: { teamId: true } });
    return rows.map((r) => r.teamId);
  }

  /** Each user's teams (id and name, by name), for user lists; users on no team are absent. */
  async teamsOfUsers(userIds: string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
    const byUser = new Map<string, Array<{ id: string; name: string }>>();
    if (userIds.length === 0) return byUser;
    const rows: Array<{ user_id: string; id: string; name: string }> = await this.dataSource.query(
      `SELECT m.user_id, t.id, t.name FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ANY($1::uuid[]) ORDER BY t.name, t.id`,
      [userIds],
    );
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), { id: r.id, name: r.name }]);
    return byUser;
  }

  /** Whether a team exists and is not archived (one a new user may join), locked against archiving until the transaction ends. */
  async lockOpenTeam(em: EntityManager, teamId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM teams WHERE id = $1 AND NOT is_archived FOR SHARE', [teamId]);
    return rows.length > 0;
  }

  /** Ids of a team's members, sorted. */
  async memberIdsOf(em: EntityManager, teamId: string): Promise<string[]> {
    const rows = await em.getRepository(TeamMember).find({ where: { teamId }, select: { userId: true } });
    return rows.map((r) => r.userId).sort();
  }

  /** A manager's scope rows, with the region unit or team each names. */
  async managerScopes(userId: string, em: EntityManager = this.dataSource.manager): Promise<ManagerScope[]> {
    return em.getRepository(ManagerScope).find({ where: { userId }, relations: { regionUnit: true, team: true } });
  }

  /** Replaces a manager's scope rows with the given region units and teams. */
  async replaceManagerScopes(em: EntityManager, userId: string, regionUnitIds: string[], teamIds: string[]): Promise<void> {
    const repo = em.getRepository(ManagerScope);
    await repo.delete({ userId });
    await repo.insert([
      ...regionUnitIds.map((regionUnitId) => ({ userId, regionUnitId, teamId: null })),
      ...teamIds.map((teamId) => ({ userId, teamId, regionUnitId: null })),
    ]);
  }
}
