import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { departmentErrors } from './departments.errors';
import { DepartmentsReadModel } from './departments.read-model';
import { CreateDepartmentDto, DepartmentQuery, DepartmentView, UpdateDepartmentDto } from './dto/department.dto';
import { Department } from './entities/department.entity';

/**
 * 责任部门 (督办): organisation units of the city or a county that 卡点堵点 are assigned to. Everyone
 * but department accounts reads them (the problem form picks one); admins write.
 */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: DepartmentsReadModel,
    private readonly audit: AuditService,
  ) {}

  list(query: DepartmentQuery): Promise<DepartmentView[]> {
    return this.read.list(!!query.includeInactive);
  }

  async get(id: string): Promise<DepartmentView> {
    const view = await this.read.get(id);
    if (!view) throw notFound('department');
    return view;
  }

  async create(actor: AuthUser | null, dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.write(async (em) => {
      await this.checkReferences(em, dto);
      const repo = em.getRepository(Department);
      const dept = await repo.save(
        repo.create({ name: dto.name, regionUnitId: dto.regionUnitId, leaderUserId: dto.leaderUserId ?? null, isActive: dto.isActive ?? true }),
      );
      await this.audit.record(em, actor, { action: 'create', entity: 'department', entityId: dept.id, after: snapshot(dept) });
      return (await this.read.get(dept.id, em)) as DepartmentView;
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.write(async (em) => {
      const repo = em.getRepository(Department);
      const dept = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!dept) throw notFound('department');
      await this.checkReferences(em, dto);
      const before = snapshot(dept);
      if (dto.name !== undefined) dept.name = dto.name;
      if (dto.regionUnitId !== undefined) dept.regionUnitId = dto.regionUnitId;
      if (dto.leaderUserId !== undefined) dept.leaderUserId = dto.leaderUserId;
      if (dto.isActive !== undefined) dept.isActive = dto.isActive;
      await repo.save(dept);
      await this.audit.record(em, actor, { action: 'update', entity: 'department', entityId: dept.id, before, after: snapshot(dept) });
      return (await this.read.get(dept.id, em)) as DepartmentView;
    });
  }

  /** The department if it exists and is active (for assigning a 交办单 or an account to it); else a 400 naming `field`. */
  async requireActive(em: EntityManager, id: string, field: string): Promise<Department> {
    const dept = await em.getRepository(Department).findOneBy({ id });
    if (!dept || !dept.isActive) throw departmentErrors('DEPARTMENT_REFERENCE_INVALID', [{ field, message: '责任部门不存在或已停用' }]);
    return dept;
  }

  private async checkReferences(em: EntityManager, dto: UpdateDepartmentDto): Promise<void> {
    if (dto.regionUnitId !== undefined && !(await this.read.isCityOrCounty(em, dto.regionUnitId))) {
      throw departmentErrors('DEPARTMENT_REFERENCE_INVALID', [{ field: 'regionUnitId', message: '所属区划须为市或旗县区' }]);
    }
    if (dto.leaderUserId && !(await this.read.isLeaderCandidate(em, dto.leaderUserId))) {
      throw departmentErrors('DEPARTMENT_REFERENCE_INVALID', [{ field: 'leaderUserId', message: '分管领导须为启用的非部门账号' }]);
    }
  }

  private async write<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw departmentErrors('DEPARTMENT_NAME_TAKEN', [{ field: 'name', message: '该区划下已有同名责任部门' }]);
      throw err;
    }
  }
}

function snapshot(d: Department) {
  return { name: d.name, regionUnitId: d.regionUnitId, leaderUserId: d.leaderUserId, isActive: d.isActive };
}
