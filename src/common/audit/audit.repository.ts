import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
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

  /** Appends many entries in one statement, inside the caller's transaction: one parameter, a JSON array, whatever the count. */
  async insertMany(em: EntityManager, rows: AuditRow[]): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (actor_id, actor_name, action, entity, entity_id, changes, request_id)
       SELECT actor_id, actor_name, action, entity, entity_id, changes, request_id
         FROM jsonb_to_recordset($1::jsonb)
           AS v(actor_id uuid, actor_name varchar, action varchar, entity varchar, entity_id varchar, changes jsonb, request_id varchar)`,
      [JSON.stringify(rows)],
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
