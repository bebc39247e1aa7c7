import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isForeignKeyViolation, isUniqueViolation } from '../common/errors/pg-errors';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { escapeLike } from '../common/sql/like';
import { CreateRegionDto, RegionQuery, RegionTreeNode, RegionView, toRegionView, UpdateRegionDto } from './dto/region.dto';
import { REGION_LEVEL_ORDER, RegionLevel, RegionUnit } from './entities/region-unit.entity';
import { regionErrors } from './regions.errors';
import { RegionsRepository } from './regions.repository';

/** The region tree (市 → 旗县区 → 乡镇 → 村). Admins write; everyone signed in reads. */
@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: RegionsRepository,
  ) {}

  async list(query: RegionQuery): Promise<Page<RegionView>> {
    const like = query.q ? `%${escapeLike(query.q)}%` : undefined;
    const qb = this.repository.matching({ parentId: query.parentId, level: query.level, like });
    const page = await paginate(qb, query, { alias: 'r', property: 'createdAt', column: 'created_at', direction: 'ASC' });
    return mapPage(page, page.items.map(toRegionView));
  }

  /** The whole tree, or the subtree under `rootId`, ordered as officials list units. */
  async tree(rootId?: string): Promise<RegionTreeNode[]> {
    let root: RegionUnit | null = null;
    if (rootId) {
      root = await this.dataSource.getRepository(RegionUnit).findOneBy({ id: rootId });
      if (!root) throw notFound('region');
    }
    const units = await this.repository.inTreeOrder(root ? `${escapeLike(root.path)}%` : undefined);
    const nodes = new Map(units.map((u) => [u.id, { ...toRegionView(u), children: [] as RegionTreeNode[] }]));
    const roots: RegionTreeNode[] = [];
    for (const u of units) {
      const node = nodes.get(u.id) as RegionTreeNode;
      const parent = u.parentId ? nodes.get(u.parentId) : undefined;
      if (parent && u.id !== root?.id) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  async get(id: string): Promise<RegionView> {
    return toRegionView(await this.findOrFail(id));
  }

  /** Used by other modules to check a reference: the unit, or null. */
  find(id: string, em: EntityManager = this.dataSource.manager): Promise<RegionUnit | null> {
    return em.getRepository(RegionUnit).findOneBy({ id });
  }

  /** The units among `ids` that exist; used by other modules to check references. */
  /** Whether a region unit with this id exists. */
  exists(id: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return em.getRepository(RegionUnit).existsBy({ id });
  }

  findMany(ids: string[], em: EntityManager = this.dataSource.manager): Promise<RegionUnit[]> {
    return em.getRepository(RegionUnit).findBy({ id: In(ids) });
  }

  /** The unit, or a 404. */
  async findOrFail(id: string, em: EntityManager = this.dataSource.manager): Promise<RegionUnit> {
    const unit = await em.getRepository(RegionUnit).findOneBy({ id });
    if (!unit) throw notFound('region');
    return unit;
  }

  async create(actor: AuthUser | null, dto: CreateRegionDto): Promise<RegionView> {
    return this.write(async (em) => {
      const parent = await this.parentFor(em, dto.level, dto.parentId ?? null);
      await this.assertNameFree(em, dto.name, parent?.id ?? null);
      const id = randomUUID();
      const unit = em.getRepository(RegionUnit).create({
        id,
        name: dto.name,
        level: dto.level,
        code: dto.code ?? null,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? ''}${id}/`,
        sortOrder: dto.sortOrder ?? 0,
      });
      await em.getRepository(RegionUnit).insert(unit);
      await this.audit.record(em, actor, { action: 'create', entity: 'region', entityId: id, after: toRegionView(unit) });
      return toRegionView(unit);
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateRegionDto): Promise<RegionView> {
    return this.write(async (em) => {
      const repo = em.getRepository(RegionUnit);
      const unit = await this.repository.lockForUpdate(em, id);
      if (!unit) throw notFound('region');
      const before = toRegionView(unit);
      const oldPath = unit.path;
      if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
        const parent = await this.parentFor(em, unit.level, dto.parentId, unit);
        unit.parentId = parent?.id ?? null;
        unit.path = `${parent?.path ?? ''}${unit.id}/`;
      }
      if (dto.name !== undefined) unit.name = dto.name;
      if (dto.name !== undefined || dto.parentId !== undefined) await this.assertNameFree(em, unit.name, unit.parentId, unit.id);
      if (dto.code !== undefined) unit.code = dto.code;
      if (dto.sortOrder !== undefined) unit.sortOrder = dto.sortOrder;
      await repo.save(unit);
      if (unit.path !== oldPath) {
        // Re-root the whole subtree in one statement.
        await this.repository.rerootSubtree(em, { id: unit.id, newPath: unit.path, oldPathLike: `${escapeLike(oldPath)}%`, oldPathLength: oldPath.length });
      }
      await this.audit.record(em, actor, { action: 'update', entity: 'region', entityId: id, before, after: toRegionView(unit) });
      return toRegionView(unit);
    });
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.write(async (em) => {
      const unit = await this.findOrFail(id, em);
      if (await em.getRepository(RegionUnit).existsBy({ parentId: id })) throw regionErrors('REGION_IN_USE');
      try {
        await this.repository.delete(em, id);
      } catch (err) {
        // Teams (and later, records) point at units with RESTRICT: the database says whether it is in use.
        if (isForeignKeyViolation(err)) throw regionErrors('REGION_IN_USE');
        throw err;
      }
      await this.audit.record(em, actor, { action: 'delete', entity: 'region', entityId: id, before: toRegionView(unit) });
    });
  }

  /** The parent a unit of `level` may have: none for a city, one level up otherwise; never inside `moving`. */
  private async parentFor(em: EntityManager, level: RegionLevel, parentId: string | null, moving?: RegionUnit): Promise<RegionUnit | null> {
    const depth = REGION_LEVEL_ORDER.indexOf(level);
    if (parentId === null) {
      if (depth !== 0) throw regionErrors('REGION_LEVEL_MISMATCH', [{ field: 'parentId', message: '非市级单位必须有上级单位' }]);
      return null;
    }
    const parent = await em.getRepository(RegionUnit).findOneBy({ id: parentId });
    if (!parent) throw regionErrors('REGION_PARENT_NOT_FOUND', [{ field: 'parentId', message: '上级区域不存在' }]);
    if (moving && parent.path.startsWith(moving.path)) {
      throw regionErrors('REGION_CYCLE', [{ field: 'parentId', message: '不能把区域移到它自己或它的下级之下' }]);
    }
    if (REGION_LEVEL_ORDER.indexOf(parent.level) !== depth - 1) {
      throw regionErrors('REGION_LEVEL_MISMATCH', [{ field: 'parentId', message: `${level} 级单位不能直接隶属于 ${parent.level} 级单位` }]);
    }
    return parent;
  }

  private async assertNameFree(em: EntityManager, name: string, parentId: string | null, exceptId?: string): Promise<void> {
    const clash = await em.getRepository(RegionUnit).findOneBy({ name, parentId: parentId ?? IsNull() });
    if (clash && clash.id !== exceptId) {
      throw regionErrors('REGION_NAME_TAKEN', [{ field: 'name', message: `同一上级下已有「${name}」` }]);
    }
  }

  private async write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err, 'uq_region_units_code')) throw regionErrors('REGION_CODE_TAKEN', [{ field: 'code', message: '行政区划代码已被使用' }]);
      if (isUniqueViolation(err, 'uq_region_units_parent_name')) throw regionErrors('REGION_NAME_TAKEN', [{ field: 'name', message: '同一上级下已有同名区域' }]);
      throw err;
    }
  }
}
