import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { teamsAtOrBelow } from '../access/region-subtree.sql';
import { Lead } from '../leads/entities/lead.entity';
import { AgreementType, Signing, SigningReviewStatus } from './entities/signing.entity';

/** Foreign tables the signing views read: the lead signed, the names of its enterprise, the team, who recorded and who reviewed it. */
export const READS = ['enterprises', 'teams', 'users'] as const;
/** Joined by the signing's `lead` relation, so no SQL text names it. */
export const READS_THROUGH_RELATIONS = ['leads'] as const;

/** A signing of a lead with the name of who recorded it. */
export interface SigningTimelineRow {
  id: string;
  created_at: Date;
  kind: string;
  agreement_type: AgreementType;
  amount: string;
  signed_on: string;
  display_name: string | null;
  review_status: SigningReviewStatus;
}

/** Signings as other views show them, with the names they need. */
@Injectable()
export class SigningViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The signings of `ids` (in no particular order) with their lead, its enterprise and the team. */
  views(ids: string[]): Promise<Array<Signing & { team?: { name: string }; reviewer?: { id: string; displayName: string }; lead?: Lead & { enterprise?: { id: string; name: string } } }>> {
    return this.dataSource
      .getRepository(Signing)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.lead', 'l')
      .innerJoinAndMapOne('l.enterprise', 'enterprises', 'e', 'e.id = l.enterprise_id')
      .innerJoinAndMapOne('s.team', 'teams', 't', 't.id = s.team_id')
      .leftJoinAndMapOne('s.reviewer', 'users', 'rv', 'rv.id = s.reviewed_by_id')
      .where('s.id IN (:...ids)', { ids })
      .getMany();
  }

  /**
   * Signings of the review list's filters (status, default pending; the recording team; the
   * team's region and below) on the leads `leadIds` selects (a query of lead ids; null: all),
   * unordered (for paginate).
   */
  reviewList<T extends ObjectLiteral>(query: { status?: SigningReviewStatus; teamId?: string; regionUnitId?: string }, leadIds: SelectQueryBuilder<T> | null): SelectQueryBuilder<Signing> {
    const qb = this.dataSource.getRepository(Signing).createQueryBuilder('s').where('s.review_status = :status', { status: query.status ?? 'pending' });
    if (query.teamId) qb.andWhere('s.team_id = :teamId', { teamId: query.teamId });
    if (query.regionUnitId) qb.andWhere(`s.team_id IN (${teamsAtOrBelow(':regionUnitId')})`, { regionUnitId: query.regionUnitId });
    if (leadIds) qb.andWhere(`s.lead_id IN (${leadIds.getQuery()})`).setParameters({ ...qb.getParameters(), ...leadIds.getParameters() });
    return qb;
  }

  /** The signings of a lead, for its timeline. */
  timelineOf(leadId: string): Promise<SigningTimelineRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.created_at, s.kind, s.agreement_type, s.amount::text, s.signed_on::text, s.review_status, u.display_name FROM signings s LEFT JOIN users u ON u.id = s.created_by_id WHERE s.lead_id = $1`,
      [leadId],
    );
  }
}
