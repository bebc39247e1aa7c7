import { DataSource, EntityManager, EntityTarget, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { Page, paginate } from '../common/pagination/page';
import { ReferenceQuery } from './dto/reference.dto';
import { ReferenceItem } from './entities/reference-item';
import { referenceErrors } from './reference.errors';
import { ReferenceRepository } from './reference.repository';

/**
 * One admin-editable reference list (industry chains, source regions): the lists differ
 * only in their table and a column or two, so they share this service.
 */
export class ReferenceService<T extends ReferenceItem> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: ReferenceRepository,
    private readonly target: EntityTarget<T>,
    /** Name in the audit trail and in 404s. */
    readonly entityName: string,
  ) {}

  list(query: ReferenceQuery): Promise<Page<T>> {
    const qb = this.repository.items(this.target, !!query.includeInactive);
    return paginate(qb, query, { alias: 'x', property: 'sortOrder', column: 'sort_order', direction: 'ASC' });
  }

  async get(id: string): Promise<T> {
    const item = await this.dataSource.getRepository(this.target).findOneBy({ id } as never);
    if (!item) throw notFound(this.entityName);
    return item;
  }

  /** Checks references from other records: every id exists and is active; returns them. */
  async resolveActive(ids: string[], field: string, em: EntityManager = this.dataSource.manager): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await em.getRepository(this.target).findBy({ id: In(unique) } as never);
    for (const id of unique) {
      const item = found.find((f) => f.id === id);
      if (!item) throw referenceErrors('REFERENCE_INACTIVE', [{ field, message: `${field} 中的 ${id} 不存在` }], `${field} 引用的数据不存在`);
      if (!item.isActive) throw referenceErrors('REFERENCE_INACTIVE', [{ field, message: `「${item.name}」已停用` }]);
    }
    return found;
  }

  async create(actor: AuthUser | null, dto: Partial<T>): Promise<T> {
    return this.write(async (em) => {
      const repo = em.getRepository(this.target);
      const item = await repo.save(repo.create(dto as never) as unknown as T);
      await this.audit.record(em, actor, { action: 'create', entity: this.entityName, entityId: item.id, after: { ...item } });
      return item;
    });
  }

  async update(actor: AuthUser, id: string, dto: Partial<T>): Promise<T> {
    return this.write(async (em) => {
      const repo = em.getRepository(this.target);
      const item = await repo.findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
      if (!item) throw notFound(this.entityName);
      const before = { ...item };
      Object.assign(item, dto);
      await repo.save(item);
      await this.audit.record(em, actor, { action: 'update', entity: this.entityName, entityId: id, before, after: { ...item } });
      return item;
    });
  }

  private async write<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw referenceErrors('REFERENCE_NAME_TAKEN', [{ field: 'name', message: '名称已存在' }]);
      throw err;
    }
  }
}
