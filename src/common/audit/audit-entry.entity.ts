import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../entity-columns';

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

/** One write by one actor: what changed, from what to what. Append-only. */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entity', 'entityId'])
@Index('ix_audit_log_actor_at', ['actorId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** Null for the system itself (bootstrap, background jobs). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entity: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: AuditChanges;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Index('ix_audit_log_at')
  @CreatedAt()
  at: Date;
}
