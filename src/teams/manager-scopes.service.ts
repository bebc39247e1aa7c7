import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { RegionsService } from '../regions/regions.service';
import { UsersService } from '../users/users.service';
import { ManagedScopeDto, ManagedScopeViewDto, toManagedScopeView } from './dto/team.dto';
import { MembershipsRepository } from '../access/memberships.repository';
import { ManagerScope } from '../access/entities/manager-scope.entity';
import { Team } from './entities/team.entity';
import { teamErrors } from './teams.errors';

/** What each manager oversees (分管范围): region units and single teams. */
@Injectable()
export class ManagerScopesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly memberships: MembershipsRepository,
  ) {}

  async get(userId: string): Promise<ManagedScopeViewDto> {
    if (!(await this.users.exists(userId))) throw notFound('user');
    return toManagedScopeView(userId, await this.memberships.managerScopes(userId));
  }

  /** Replaces a manager's whole scope in one transaction. */
  async replace(actor: AuthUser, userId: string, dto: ManagedScopeDto): Promise<ManagedScopeViewDto> {
    await this.dataSource.transaction(async (em) => {
      const user = await this.users.lockForUpdate(em, userId);
      if (!user) throw notFound('user');
      if (user.role !== Role.Manager && (dto.regionUnitIds.length || dto.teamIds.length)) {
        throw teamErrors('SCOPE_NOT_MANAGER', [{ field: 'userId', message: '只有管理者角色的用户可以分配分管范围' }]);
      }
      const regions = dto.regionUnitIds.length ? await this.regions.findMany(dto.regionUnitIds, em) : [];
      if (regions.length !== dto.regionUnitIds.length) {
        throw teamErrors('SCOPE_TARGET_NOT_FOUND', [{ field: 'regionUnitIds', message: '有区域不存在' }]);
      }
      const teams = dto.teamIds.length ? await em.getRepository(Team).findBy({ id: In(dto.teamIds) }) : [];
      if (teams.length !== dto.teamIds.length) throw teamErrors('SCOPE_TARGET_NOT_FOUND', [{ field: 'teamIds', message: '有队伍不存在' }]);
      const before = await this.memberships.managerScopes(userId, em);
      const unchanged =
        JSON.stringify([ids(before, 'regionUnitId'), ids(before, 'teamId')]) === JSON.stringify([[...dto.regionUnitIds].sort(), [...dto.teamIds].sort()]);
      if (unchanged) return; // a repeated PUT writes nothing and leaves no audit noise
      await this.memberships.replaceManagerScopes(em, userId, dto.regionUnitIds, dto.teamIds);
      await this.audit.record(em, actor, {
        action: 'set-scope',
        entity: 'user',
        entityId: userId,
        before: { managedRegionUnitIds: ids(before, 'regionUnitId'), managedTeamIds: ids(before, 'teamId') },
        after: { managedRegionUnitIds: [...dto.regionUnitIds].sort(), managedTeamIds: [...dto.teamIds].sort() },
      });
    });
    return this.get(userId);
  }
}

const ids = (rows: ManagerScope[], key: 'regionUnitId' | 'teamId') =>
  rows.map((r) => r[key]).filter((v): v is string => v !== null).sort();
