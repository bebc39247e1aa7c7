import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { mapPage, Page } from '../common/pagination/page';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { SourceRegion } from '../reference/entities/source-region.entity';
import { INDUSTRY_CHAINS, SOURCE_REGIONS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { RegionsService } from '../regions/regions.service';
import { escapeLike } from '../common/sql/like';
import { UsersService } from '../users/users.service';
import { CreateTeamDto, TeamMemberView, TeamQuery, TeamView, UpdateTeamDto } from './dto/team.dto';
import { Team } from './entities/team.entity';
import { AccessRepository } from '../access/access.repository';
import { MembershipsRepository } from '../access/memberships.repository';
import { teamErrors } from './teams.errors';
import { TeamsRepository } from './teams.repository';
import { TeamRow, TeamViewsReadModel } from './team-views.read-model';

/** Recruiting teams (招商队) and their rosters. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly memberships: MembershipsRepository,
    private readonly repository: TeamsRepository,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
    @Inject(SOURCE_REGIONS) private readonly sourceRegions: ReferenceService<SourceRegion>,
    private readonly refs: TeamViewsReadModel,
  ) {}

  async list(actor: AuthUser, query: TeamQuery): Promise<Page<TeamView>> {
    const qb = this.repository.visible(actor, {
      includeArchived: query.includeArchived,
      like: query.q ? `%${escapeLike(query.q)}%` : undefined,
      regionUnitId: query.regionUnitId,
    });
    const page = await this.refs.page(qb, query);
    return mapPage(page, page.items.map(teamView));
  }

  async get(actor: AuthUser, id: string): Promise<TeamView> {
    await this.scope.assertTeamVisible(actor, id);
    const team = await this.findWithRefs(this.dataSource.manager, id);
    return (await this.views([team]))[0] as TeamView;
  }

  async create(actor: AuthUser, dto: CreateTeamDto): Promise<TeamView> {
    const id = await this.write(async (em) => {
      await this.assertRegion(em, dto.regionUnitId);
      const memberIds = [...new Set([...(dto.memberIds ?? []), ...(dto.leaderId ? [dto.leaderId] : [])])];
      await this.assertUsers(em, memberIds, dto.leaderId && !dto.memberIds?.includes(dto.leaderId) ? 'leaderId' : 'memberIds');
      const team = em.getRepository(Team).create({
        name: dto.name,
        regionUnitId: dto.regionUnitId,
        leaderId: dto.leaderId ?? null,
        description: dto.description ?? null,
        focusChains: await this.chains.resolveActive(dto.focusChainIds ?? [], 'focusChainIds', em),
        focusSourceRegions: await this.sourceRegions.resolveActive(dto.focusSourceRegionIds ?? [], 'focusSourceRegionIds', em),
      });
      await em.getRepository(Team).save(team);
      await this.memberships.addMembers(em, team.id, memberIds);
      await this.audit.record(em, actor, { action: 'create', entity: 'team', entityId: team.id, after: { ...auditSnapshot(team), memberIds } });
      return team.id;
    });
    return this.get(actor, id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateTeamDto): Promise<TeamView> {
    // leaderId and description may be null (no leader, no description); an empty list is [].
    await this.write(async (em) => {
      const team = await this.findWithRefs(em, id, true);
      // The roster is part of what an update may change, so the trail shows it too.
      const before = { ...auditSnapshot(team), memberIds: await this.memberIdsOf(em, id) };
      if (dto.regionUnitId !== undefined) {
        await this.assertRegion(em, dto.regionUnitId);
        team.regionUnitId = dto.regionUnitId;
        team.regionUnit = undefined;
      }
      if (dto.name !== undefined) team.name = dto.name;
      if (dto.description !== undefined) team.description = dto.description;
      if (dto.isArchived !== undefined) team.isArchived = dto.isArchived;
      if (dto.focusChainIds !== undefined) team.focusChains = await this.chains.resolveActive(dto.focusChainIds, 'focusChainIds', em);
      if (dto.focusSourceRegionIds !== undefined) {
        team.focusSourceRegions = await this.sourceRegions.resolveActive(dto.focusSourceRegionIds, 'focusSourceRegionIds', em);
      }
      if (dto.leaderId !== undefined) {
        if (dto.leaderId) {
          await this.assertUsers(em, [dto.leaderId], 'leaderId');
          await this.memberships.addMemberIfAbsent(em, id, dto.leaderId);
        }
        team.leaderId = dto.leaderId;
        team.leader = undefined;
      }
      // After the leader change: the roster keeps the new leader, not the one being replaced.
      if (dto.memberIds !== undefined) await this.replaceMembers(em, team, dto.memberIds);
      await em.getRepository(Team).save(team);
      const after = { ...auditSnapshot(team), memberIds: await this.memberIdsOf(em, id) };
      await this.audit.record(em, actor, { action: 'update', entity: 'team', entityId: id, before, after });
    });
    return this.get(actor, id);
  }

  async members(actor: AuthUser, id: string): Promise<TeamMemberView[]> {
    await this.scope.assertTeamVisible(actor, id);
    const rows = await this.scope.roster(id);
    return rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      isActive: r.is_active,
      isLeader: r.is_leader === true,
      joinedAt: r.joined_at,
    }));
  }

  async addMember(actor: AuthUser, id: string, userId: string): Promise<TeamMemberView[]> {
    await this.assertCanManage(actor, id);
    await this.write(async (em) => {
      await this.assertUsers(em, [userId], 'userId');
      if (await this.scope.isMember(userId, id, em)) {
        throw teamErrors('TEAM_ALREADY_MEMBER', [{ field: 'userId', message: '该用户已是队员' }]);
      }
      await this.memberships.addMembers(em, id, [userId]);
      await this.audit.record(em, actor, { action: 'add-member', entity: 'team', entityId: id, after: { userId } });
    });
    return this.members(actor, id);
  }

  async removeMember(actor: AuthUser, id: string, userId: string): Promise<void> {
    await this.assertCanManage(actor, id);
    await this.write(async (em) => {
      const team = await em.getRepository(Team).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!team) throw notFound('team');
      if (team.leaderId === userId) throw teamErrors('TEAM_LEADER_REMOVAL');
      if (!(await this.memberships.removeMember(em, id, userId))) throw teamErrors('TEAM_NOT_MEMBER');
      await this.audit.record(em, actor, { action: 'remove-member', entity: 'team', entityId: id, before: { userId } });
    });
  }

  /** Whether a team with this id exists (archived or not). */
  exists(id: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return em.getRepository(Team).existsBy({ id });
  }

  /** Ids of the teams a user belongs to; other modules use it to default a record's team. */
  async teamIdsOf(userId: string): Promise<string[]> {
    return this.memberships.teamIdsOf(userId);
  }

  private async assertCanManage(actor: AuthUser, id: string): Promise<void> {
    await this.scope.assertTeamVisible(actor, id);
    if (!(await this.scope.canManageTeam(actor, id))) throw notFound('team');
  }

  private async memberIdsOf(em: EntityManager, teamId: string): Promise<string[]> {
    return this.memberships.memberIdsOf(em, teamId);
  }

  private async replaceMembers(em: EntityManager, team: Team, memberIds: string[]): Promise<void> {
    const wanted = [...new Set([...memberIds, ...(team.leaderId ? [team.leaderId] : [])])];
    await this.assertUsers(em, wanted, 'memberIds');
    await this.memberships.replaceMembers(em, team.id, wanted);
  }

  private async findWithRefs(em: EntityManager, id: string, lock = false): Promise<Team> {
    if (lock) await this.repository.lock(em, id);
    const team = await em.getRepository(Team).findOne({ where: { id }, relations: { regionUnit: true, leader: true, focusChains: true, focusSourceRegions: true } });
    if (!team) throw notFound('team');
    return team;
  }

  private async views(teams: Team[]): Promise<TeamView[]> {
    if (teams.length === 0) return [];
    const refs = new Map((await this.refs.refs(teams.map((t) => t.id))).map((r) => [r.id, r]));
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      regionUnit: { id: t.regionUnitId, name: t.regionUnit?.name ?? '', level: t.regionUnit?.level ?? '' },
      leader: t.leader ? { id: t.leader.id, displayName: t.leader.displayName } : null,
      memberCount: refs.get(t.id)?.member_count ?? 0,
      focusChains: refs.get(t.id)?.focus_chains ?? [],
      focusSourceRegions: refs.get(t.id)?.focus_source_regions ?? [],
      description: t.description,
      isArchived: t.isArchived,
      createdAt: t.createdAt,
    }));
  }


  private async assertRegion(em: EntityManager, regionUnitId: string): Promise<void> {
    if (!(await this.regions.find(regionUnitId, em))) {
      throw teamErrors('TEAM_REGION_NOT_FOUND', [{ field: 'regionUnitId', message: '所属区域不存在' }]);
    }
  }

  private async assertUsers(em: EntityManager, ids: string[], field: string): Promise<void> {
    const found = await this.users.findActive(ids, em);
    const missing = ids.filter((id) => !found.some((u) => u.id === id));
    if (missing.length) throw teamErrors('TEAM_USER_NOT_FOUND', [{ field, message: `用户不存在或已停用：${missing.join(', ')}` }]);
  }

  private async write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err, 'uq_teams_region_name')) throw teamErrors('TEAM_NAME_TAKEN', [{ field: 'name', message: '该区域下已有同名招商队' }]);
      throw err;
    }
  }
}

function auditSnapshot(t: Team) {
  return {
    name: t.name,
    regionUnitId: t.regionUnitId,
    leaderId: t.leaderId,
    description: t.description,
    isArchived: t.isArchived,
    focusChainIds: (t.focusChains ?? []).map((c) => c.id).sort(),
    focusSourceRegionIds: (t.focusSourceRegions ?? []).map((c) => c.id).sort(),
  };
}

/** A list page's row as the team's view (the same shape as {@link TeamsService.get}'s). */
function teamView(row: TeamRow): TeamView {
  return {
    id: row.id,
    name: row.name,
    regionUnit: { id: row.region_unit_id, name: row.region_name ?? '', level: row.region_level ?? '' },
    leader: row.leader_id ? { id: row.leader_id, displayName: row.leader_name ?? '' } : null,
    memberCount: row.member_count,
    focusChains: row.focus_chains,
    focusSourceRegions: row.focus_source_regions,
    description: row.description,
    isArchived: row.is_archived,
    createdAt: row.created_at,
  };
}
