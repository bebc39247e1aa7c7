import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { User } from '../users/entities/user.entity';
import { ManagedScopeDto } from './dto/team.dto';
import { ManagerScope } from './entities/manager-scope.entity';
import { Team } from './entities/team.entity';
import { teamErrors } from './teams.errors';

export interface ManagedScopeView {
  userId: string;
  regionUnits: Array<{ id: string; name: string; level: string }>;
  teams: Array<{ id: string; name: string }>;
}

/** What each manager oversees (分管范围): region units and single teams. */
@Injectable()
export class ManagerScopesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string): Promise<ManagedScopeView> {
    if (!(await this.dataSource.getRepository(User).existsBy({ id: userId }))) throw notFound('user');
    const rows = await this.dataSource.getRepository(ManagerScope).find({ where: { userId }, relations: { regionUnit: true, team: true } });
    return {
      userId,
      regionUnits: rows.filter((r) => r.regionUnit).map((r) => ({ id: r.regionUnit!.id, name: r.regionUnit!.name, level: r.regionUnit!.level })),
      teams: rows.filter((r) => r.team).map((r) => ({ id: r.team!.id, name: r.team!.name })),
    };
  }

  /** Replaces a manager's whole scope in one transaction. */
  async replace(actor: AuthUser, userId: string, dto: ManagedScopeDto): Promise<ManagedScopeView> {
    await this.dataSource.transaction(async (em) => {
      const user = await em.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('user');
      if (user.role !== Role.Manager && (dto.regionUnitIds.length || dto.teamIds.length)) {
        throw teamErrors('SCOPE_NOT_MANAGER', [{ field: 'userId', message: '只有管理者角色的用户可以分配分管范围' }]);
      }
      const regions = dto.regionUnitIds.length ? await em.getRepository(RegionUnit).findBy({ id: In(dto.regionUnitIds) }) : [];
      if (regions.length !== dto.regionUnitIds.length) {
        throw teamErrors('SCOPE_TARGET_NOT_FOUND', [{ field: 'regionUnitIds', message: '有区域不存在' }]);
      }
      const teams = dto.teamIds.length ? await em.getRepository(Team).findBy({ id: In(dto.teamIds) }) : [];
      if (teams.length !== dto.teamIds.length) throw teamErrors('SCOPE_TARGET_NOT_FOUND', [{ field: 'teamIds', message: '有队伍不存在' }]);
      const repo = em.getRepository(ManagerScope);
      const before = await repo.findBy({ userId });
      const unchanged =
        JSON.stringify([ids(before, 'regionUnitId'), ids(before, 'teamId')]) === JSON.stringify([[...dto.regionUnitIds].sort(), [...dto.teamIds].sort()]);
      if (unchanged) return; // a repeated PUT writes nothing and leaves no audit noise
      await repo.delete({ userId });
      await repo.insert([
        ...dto.regionUnitIds.map((regionUnitId) => ({ userId, regionUnitId, teamId: null })),
        ...dto.teamIds.map((teamId) => ({ userId, teamId, regionUnitId: null })),
      ]);
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
