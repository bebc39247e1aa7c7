import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { parseBusinessInstant } from '../common/time/business-time';
import { AccessRepository } from '../access/access.repository';
import { InteractionQuery } from './dto/interaction.dto';
import { Interaction } from './entities/interaction.entity';

/** Every query on the interaction log: scoped lists, locks, and the follow-ups' bookkeeping. */
@Injectable()
export class InteractionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
  ) {}

  /** The interactions the caller may see that match the list filters, unordered (for paginate). */
  filtered(actor: AuthUser, query: InteractionQuery): SelectQueryBuilder<Interaction> {
    const qb = this.dataSource.getRepository(Interaction).createQueryBuilder('i');
    this.scope.restrict(qb, 'i.team_id', actor);
    if (query.enterpriseId) qb.andWhere('i.enterprise_id = :enterpriseId', { enterpriseId: query.enterpriseId });
    if (query.teamId) qb.andWhere('i.team_id = :teamId', { teamId: query.teamId });
    if (query.authorId) qb.andWhere('i.author_id = :authorId', { authorId: query.authorId });
    if (query.participantId) {
      qb.andWhere('EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id = :participantId)', {
        participantId: query.participantId,
      });
    }
    if (query.type) qb.andWhere('i.type = :type', { type: query.type });
    if (query.from) qb.andWhere('i.occurred_at >= :from', { from: parseBusinessInstant(query.from) });
    if (query.to) qb.andWhere('i.occurred_at < :to', { to: parseBusinessInstant(query.to) });
    if (query.followUpDueBefore) {
      qb.andWhere('i.next_follow_up_at < :due AND i.follow_up_done_at IS NULL', { due: parseBusinessInstant(query.followUpDueBefore) });
    }
    return qb;
  }

  /**
   * The ids of the next `limit` interactions of the list (scope and filters as `filtered`),
   * oldest first, after `after` (the last of the previous batch): the export's keyset batches.
   */
  async exportBatch(actor: AuthUser, query: InteractionQuery, after: { occurredAt: Date; id: string } | null, limit: number): Promise<Array<{ id: string; occurredAt: Date }>> {
    const qb = this.filtered(actor, query).select(['i.id', 'i.occurredAt']);
    if (after) qb.andWhere('(i.occurred_at, i.id) > (:afterAt, :afterId)', { afterAt: after.occurredAt, afterId: after.id });
    const rows = await qb.orderBy('i.occurred_at', 'ASC').addOrderBy('i.id', 'ASC').limit(limit).getMany();
    return rows.map((r) => ({ id: r.id, occurredAt: r.occurredAt }));
  }

  /** The live interaction if the caller may see it, else null. */
  findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Interaction | null> {
    const qb = em.getRepository(Interaction).createQueryBuilder('i').where('i.id = :id', { id });
    this.scope.restrict(qb, 'i.team_id', actor);
    return qb.getOne();
  }

  /** Whether the user is recorded as one who went (a participant of the interaction). */
  async isParticipant(em: EntityManager, id: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM interaction_participants WHERE interaction_id = $1 AND user_id = $2', [id, userId]);
    return rows.length > 0;
  }

  /** Locks the interaction's row until the transaction ends. */
  async lockForUpdate(em: EntityManager, id: string): Promise<void> {
    await em.query('SELECT 1 FROM interactions WHERE id = $1 FOR UPDATE', [id]);
  }

  /**
   * Marks done the team's open follow-ups with the enterprise from interactions on or before
   * `occurredAt` (other than `exceptId`); returns the ids of those it closed.
   */
  async closeEarlierFollowUps(em: EntityManager, enterpriseId: string, teamId: string, exceptId: string, occurredAt: Date): Promise<string[]> {
    // UPDATE … RETURNING comes back from TypeORM as [rows, count].
    const [closed]: [Array<{ id: string }>, number] = await em.query(
      `UPDATE interactions SET follow_up_done_at = now()
          WHERE enterprise_id = $1 AND team_id = $2 AND id <> $3 AND deleted_at IS NULL
            AND next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND occurred_at <= $4
          RETURNING id`,
      [enterpriseId, teamId, exceptId, occurredAt],
    );
    return closed.map((c) => c.id);
  }

  /** Bumps the follow-up's version; returns the new version and the follow-up's state, or null for an unknown id. */
  async bumpFollowUpVersion(em: EntityManager, id: string): Promise<{ v: number; due: Date | null; done: Date | null; deleted: Date | null } | null> {
    const [rows]: [Array<{ v: number; due: Date | null; done: Date | null; deleted: Date | null }>, number] = await em.query(
      `UPDATE interactions SET follow_up_version = follow_up_version + 1 WHERE id = $1
       RETURNING follow_up_version AS v, next_follow_up_at AS due, follow_up_done_at AS done, deleted_at AS deleted`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Open follow-ups (set, not done, not deleted) by id after `after`, at most `limit`. */
  async openFollowUps(after: string, limit: number): Promise<Array<{ id: string; version: number; due: Date }>> {
    const rows: Array<{ id: string; follow_up_version: number; next_follow_up_at: Date }> = await this.dataSource.query(
      `SELECT id, follow_up_version, next_follow_up_at FROM interactions
        WHERE next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND deleted_at IS NULL AND id > $1
        ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => ({ id: r.id, version: r.follow_up_version, due: r.next_follow_up_at }));
  }
}
