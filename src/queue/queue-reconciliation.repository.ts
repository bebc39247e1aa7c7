import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueReconciliationRun } from './queue-reconciliation.entity';

/** What the reconciliation reads of the outbox, and its own record of runs. */
@Injectable()
export class QueueReconciliationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the outbox still holds this job unpublished, with fewer than `maxAttempts` attempts (so the relay will send it). */
  async pendingInOutbox(jobId: string, jobName: string, maxAttempts: number): Promise<boolean> {
    const pending: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM outbox_messages WHERE job_id = $1 AND job_name = $2 AND op = 'add' AND published_at IS NULL AND attempts < $3 LIMIT 1`,
      [jobId, jobName, maxAttempts],
    );
    return pending.length > 0;
  }

  /** The most recent run, or null if none has run yet. */
  lastRun(): Promise<QueueReconciliationRun | null> {
    return this.dataSource.getRepository(QueueReconciliationRun).findOne({ where: {}, order: { ranAt: 'DESC', id: 'DESC' } });
  }

  /** Records a run; returns it as stored (with its time). */
  recordRun(run: Pick<QueueReconciliationRun, 'trigger' | 'rollups' | 'followUps' | 'schedules'>): Promise<QueueReconciliationRun> {
    return this.dataSource.getRepository(QueueReconciliationRun).save(run);
  }
}
