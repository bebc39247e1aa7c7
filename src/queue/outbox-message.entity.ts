import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../common/entity-columns';

/**
 * Transactional outbox: a job to add (or remove) is written in the same transaction as the
 * change that calls for it, and a relay hands it to the queue afterwards. If the queue is
 * down or the process dies between commit and enqueue, the row is still there, and the
 * deterministic job id makes a second hand-over harmless.
 */
@Entity('outbox_messages')
@Index('ix_outbox_messages_pending', ['id'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 8, default: 'add' })
  op: 'add' | 'remove';

  @Column({ type: 'varchar', length: 64 })
  jobName: string;

  @Column({ type: 'varchar', length: 200 })
  jobId: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  /** For delayed jobs: when the job should run. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  runAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
