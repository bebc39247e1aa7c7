import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EntityManager } from 'typeorm';
import { outsideRequestTransaction } from '../database/request-transaction';
import { JobName, JobPayloads } from './jobs';
import { OutboxMessage } from './outbox-message.entity';

/** Writes queue work into the caller's transaction (see OutboxMessage). */
@Injectable()
export class OutboxService {
  /** Nudges an in-process relay so work committed here goes out at once rather than at the next poll. */
  readonly written = new EventEmitter();

  async add<N extends JobName>(em: EntityManager, name: N, payload: JobPayloads[N], opts: { jobId: string; runAt?: Date | null }): Promise<void> {
    await em.save(OutboxMessage, { op: 'add', jobName: name, jobId: opts.jobId, payload: { ...payload } as Record<string, unknown>, runAt: opts.runAt ?? null });
    this.nudge(em);
  }

  async remove(em: EntityManager, name: JobName, jobId: string): Promise<void> {
    await em.save(OutboxMessage, { op: 'remove', jobName: name, jobId, payload: {} });
    this.nudge(em);
  }

  /**
   * Wakes an in-process relay shortly after the write; by then the transaction has usually
   * committed, and if not, the relay's regular poll picks the row up.
   */
  private nudge(_em: EntityManager): void {
    // Outside the request's transaction: the relay it wakes takes its own connection.
    outsideRequestTransaction(() => setTimeout(() => this.written.emit('written'), 30).unref());
  }
}
