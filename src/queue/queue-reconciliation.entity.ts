import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../common/entity-columns';

/**
 * One run of the queue reconciliation and what it found missing from the queue: kept in the
 * database, so the admin view shows it whichever process ran it, and it survives the queue.
 */
@Entity('queue_reconciliations')
@Index('ix_queue_reconciliations_ran_at', ['ranAt'])
export class QueueReconciliationRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** What started it: start-up, the recurring job, a queue reconnection, missing schedules. */
  @Column({ type: 'varchar', length: 32 })
  trigger: string;

  /** Signings (and supplements) whose registry rollup was re-enqueued. */
  @Column({ type: 'integer' })
  rollups: number;

  /** Follow-up reminders (due or escalation) re-enqueued. */
  @Column({ type: 'integer' })
  followUps: number;

  /** Recurring schedules re-installed. */
  @Column({ type: 'integer' })
  schedules: number;

  @CreatedAt()
  ranAt: Date;
}
