import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { copyRows } from '../../database/copy-rows';
import { AuditChanges, AuditEntry } from './audit-entry.entity';

/** One audit_log row as written in bulk (column names). */
export interface AuditRow {
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  changes: AuditChanges;
  request_id: string | null;
}

/** The audit trail's table: appended to, filtered, never changed. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends many entries in one COPY, inside the caller's transaction (its manager must belong to
   * a query runner, as a transaction's does): the bulk imports write one per row.
   */
  async insertMany(em: EntityManager, rows: AuditRow[]): Promise<void> {
    await copyRows(
      em,
      'audit_log',
      ['actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'changes', 'request_id'],
      rows.map((r) => [r.actor_id, r.actor_name, r.action, r.entity, r.entity_id, JSON.stringify(r.changes), r.request_id]),
    );
  }

  /** Entries matching the filter (`from` inclusive, `to` exclusive), as a query the caller pages. */
  matching(filter: { entity?: string; entityId?: string; actorId?: string; action?: string; from?: string; to?: string }): SelectQueryBuilder<AuditEntry> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.entity) qb.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.at < :to', { to: filter.to });
    return qb;
  }
}
