import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { currentRequestId } from '../http/request-context';
import { mapPage, Page, paginate } from '../pagination/page';
import { AuditChanges, AuditEntry } from './audit-entry.entity';
import { AuditEntryView, AuditQuery, toAuditEntryView } from './audit.dto';
import { AuditRepository, AuditRow } from './audit.repository';

/** Fields whose values never enter the audit trail; their change is recorded as redacted. */
const REDACTED = new Set(['passwordHash', 'password', 'secretHash', 'tokenVersion']);
/** Bookkeeping columns that change on every write and say nothing. */
const IGNORED = new Set(['updatedAt', 'createdAt']);

type Snapshot = object | null | undefined;

export interface AuditWrite {
  action: string;
  entity: string;
  entityId: string;
  before?: Snapshot;
  after?: Snapshot;
}

/** The audit trail: every write records who, what, which record and each field's before → after. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * One entry per export of a list (companies, projects, leads, …): who took it, with which
   * filters (as given, undefined ones left out), what it held, and whether it went out whole.
   * An export writes nothing else, so the entry is its own statement.
   */
  async recordExport(actor: AuthUser, entity: `${string}-export`, details: { filters?: object; complete: boolean } & Record<string, unknown>): Promise<void> {
    const { filters, ...rest } = details;
    const after = filters === undefined ? rest : { filters: JSON.parse(JSON.stringify(filters)) as Record<string, unknown>, ...rest };
    await this.record(this.dataSource.manager, actor, { action: 'export', entity, entityId: randomUUID(), after });
  }

  /** Records a write inside the caller's transaction, so the trail and the data commit together. */
  async record(em: EntityManager, actor: AuthUser | null, write: AuditWrite): Promise<void> {
    await em.save(AuditEntry, {
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? null,
      action: write.action,
      entity: write.entity,
      entityId: write.entityId,
      changes: diff(write.before, write.after),
      requestId: currentRequestId(),
    });
  }

  /**
   * Records many writes in one statement (bulk imports), inside the caller's transaction:
   * one parameter, a JSON array, whatever the count.
   */
  async recordMany(em: EntityManager, actor: AuthUser | null, writes: AuditWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const requestId = currentRequestId();
    const rows = writes.map((write): AuditRow => ({
      actor_id: actor?.id ?? null,
      actor_name: actor?.username ?? null,
      action: write.action,
      entity: write.entity,
      entity_id: write.entityId,
      changes: diff(write.before, write.after),
      request_id: requestId,
    }));
    await this.repository.insertMany(em, rows);
  }

  async list(query: AuditQuery): Promise<Page<AuditEntryView>> {
    const page = await paginate(this.repository.matching(query), query, { alias: 'a', property: 'at', column: 'at' });
    return mapPage(page, page.items.map(toAuditEntryView));
  }
}

/** The fields that differ between two snapshots of a record, with their old and new values. */
export function diff(beforeSnapshot: Snapshot, afterSnapshot: Snapshot): AuditChanges {
  const before = beforeSnapshot as Record<string, unknown> | null | undefined;
  const after = afterSnapshot as Record<string, unknown> | null | undefined;
  const changes: AuditChanges = {};
  const keys = before ? new Set([...Object.keys(before), ...Object.keys(after ?? {})]) : Object.keys(after ?? {});
  for (const key of keys) {
    if (IGNORED.has(key)) continue;
    const from = normalise(before?.[key]);
    const to = normalise(after?.[key]);
    if (same(from, to)) continue;
    changes[key] = REDACTED.has(key) ? { from: '[redacted]', to: '[redacted]' } : { from, to };
  }
  return changes;
}

/**
 * Equal as JSON. Identical values, and a string or boolean beside null, are told apart without
 * serialising: the bulk imports diff one snapshot per row against nothing.
 */
function same(from: unknown, to: unknown): boolean {
  if (from === to) return true;
  if (from === null && (typeof to === 'string' || typeof to === 'boolean')) return false;
  if (to === null && (typeof from === 'string' || typeof from === 'boolean')) return false;
  return JSON.stringify(from) === JSON.stringify(to);
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return [...value].map(normalise);
  return value;
}
