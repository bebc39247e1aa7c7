import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from '../entity-columns';

/**
 * A create request sent with an Idempotency-Key header, and the answer it got: the same key
 * from the same user within a day gets that answer again instead of a second record (a save
 * retried after a lost connection, a double submit). Rows older than a day are deleted.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_user_created', ['userId', 'createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** sha256 of method, path and body: the same key on a different request is refused. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  /** HTTP status of the answer. Rows are written with their answer, in the request's own transaction; null only in a claim left by an earlier version, which counts as no answer. */
  @Column({ type: 'smallint', nullable: true })
  status: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreatedAt()
  createdAt: Date;
}
