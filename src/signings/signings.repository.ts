import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { countedSigning } from '../metrics/counting-rules.read-model';
import { Credit } from './credit-rules';
import { SigningEventQuery } from './dto/signing.dto';
import { SigningCredit } from './entities/signing-credit.entity';
import { SigningEvent } from './entities/signing-event.entity';
import { Signing } from './entities/signing.entity';

/** Every query on signings, their credits and signing events: lists, an event's signings and its exact totals. */
@Injectable()
export class SigningsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records how a signing counts for each team (signing_credits). */
  async addCredits(em: EntityManager, signingId: string, credits: Credit[]): Promise<void> {
    await em.getRepository(SigningCredit).insert(credits.map((c) => ({ signingId, teamId: c.teamId, amount: c.amount, projects: c.projects })));
  }

  /** The signing events of the list's filters, unordered (for paginate). */
  eventsListed(query: SigningEventQuery): SelectQueryBuilder<SigningEvent> {
    const qb = this.dataSource.getRepository(SigningEvent).createQueryBuilder('ev');
    if (query.year) qb.where('extract(year from ev.held_on) = :year', { year: query.year });
    return qb;
  }

  /**
   * Per event of `eventIds` with counted signings (项目认定): projects signed there (first
   * signings), signings, and their exact total (万元, as text).
   */
  eventTotals(eventIds: string[]): Promise<Array<{ id: string; projects: number; signings: number; total: string }>> {
    return this.dataSource.query(
      `SELECT s.signing_event_id AS id, count(*) FILTER (WHERE s.kind = 'initial')::int AS projects, count(*)::int AS signings, sum(s.amount)::text AS total
         FROM signings s WHERE s.signing_event_id = ANY($1) AND ${countedSigning('s')} GROUP BY s.signing_event_id`,
      [eventIds],
    );
  }

  /** The ids of the event's signings on the leads `leadIds` selects (a query of lead ids), oldest first. */
  async idsOfEvent<T extends ObjectLiteral>(eventId: string, leadIds: SelectQueryBuilder<T>): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource
      .createQueryBuilder()
      .select('s.id', 'id')
      .from(Signing, 's')
      .where('s.signing_event_id = :eventId', { eventId })
      .andWhere(`s.lead_id IN (${leadIds.getQuery()})`)
      .setParameters(leadIds.getParameters())
      .orderBy('s.created_at', 'ASC')
      .getRawMany();
    return rows.map((r) => r.id);
  }
}
