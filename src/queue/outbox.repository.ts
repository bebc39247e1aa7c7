import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/** The outbox relay's queries: claim unpublished rows, record a failed hand-over, mark rows published. */
@Injectable()
export class OutboxRepository {
  /**
   * Up to `limit` unpublished rows not yet tried `maxAttempts` times, locked (others skip
   * them). A row that keeps failing goes behind fresh ones, and after maxAttempts it is left
   * for an admin to inspect: one poison row must not hold up every reminder behind it.
   */
  async claimBatch(em: EntityManager, limit: number, maxAttempts: number): Promise<OutboxMessage[]> {
    return em
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .where('o.published_at IS NULL AND o.attempts < :max', { max: maxAttempts })
      .orderBy('o.attempts')
      .addOrderBy('o.id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Counts a failed hand-over of `row`, keeping the error's message. */
  async recordFailure(em: EntityManager, row: OutboxMessage, message: string): Promise<void> {
    await em.update(OutboxMessage, { id: row.id }, { attempts: row.attempts + 1, lastError: message.slice(0, 2000) });
  }

  async markPublished(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await em.createQueryBuilder().update(OutboxMessage).set({ publishedAt: () => 'now()' }).whereInIds(ids).execute();
  }
}
