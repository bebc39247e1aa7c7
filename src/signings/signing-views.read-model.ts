import { Injectable } from '@nestjs/common';
import type { RosterSort } from './dto/signing.dto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { teamsAtOrBelow } from '../access/region-subtree.sql';
import { Lead } from '../leads/entities/lead.entity';
import { AgreementType, Signing, SigningReviewStatus } from './entities/signing.entity';

/**
 * Foreign tables the signing views read: the lead signed, the names of its enterprise, the
 * team, who recorded and who reviewed it, and where it lands (region units, also walked up to a county).
 */
export const READS = ['enterprises', 'teams', 'users', 'region_units', 'leads', 'industry_chains'] as const;

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

/** A signing of an event as the 网签项目清单 lists it. */
export interface RosterRow {
  id: string;
  kind: string;
  lead_id: string;
  lead_title: string;
  enterprise_id: string;
  enterprise_name: string;
  amount: string;
  agreement_type: AgreementType;
  landing_region_unit_id: string;
  landing_name: string;
  industry_chain_id: string | null;
  chain_name: string | null;
  team_id: string;
  team_name: string;
  review_status: SigningReviewStatus;
  reviewed_at: Date | null;
}

/** Signings as other views show them, with the names they need. */
@Injectable()
export class SigningViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The signings of `ids` (in no particular order) with their lead, its enterprise and the team. */
  views(ids: string[]): Promise<Array<Signing & { team?: { name: string }; reviewer?: { id: string; displayName: string }; landingUnit?: { name: string }; lead?: Lead & { enterprise?: { id: string; name: string } } }>> {
    return this.dataSource
      .getRepository(Signing)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.lead', 'l')
      .innerJoinAndMapOne('l.enterprise', 'enterprises', 'e', 'e.id = l.enterprise_id')
      .innerJoinAndMapOne('s.team', 'teams', 't', 't.id = s.team_id')
      .leftJoinAndMapOne('s.reviewer', 'users', 'rv', 'rv.id = s.reviewed_by_id')
      .innerJoinAndMapOne('s.landingUnit', 'region_units', 'lu', 'lu.id = s.landing_region_unit_id')
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

  /** The credits of the signings `ids` (业绩分计), with the teams' names: the holder first, then by name. */
  credits(ids: string[]): Promise<Array<{ signing_id: string; team_id: string; team_name: string; amount: string; projects: number }>> {
    return this.dataSource.query(
      `SELECT c.signing_id, c.team_id, t.name AS team_name, c.amount::text AS amount, c.projects
         FROM signing_credits c JOIN signings s ON s.id = c.signing_id JOIN teams t ON t.id = c.team_id
        WHERE c.signing_id = ANY($1) ORDER BY c.signing_id, c.team_id = s.team_id DESC, t.name, c.team_id`,
      [ids],
    );
  }

  /**
   * Region unit `unitId`'s level and where a project there lands: the unit itself if it is a
   * county or the city, else its county (or the city, for a unit hanging directly under it).
   * Null for an unknown unit.
   */
  async landingOf(em: EntityManager, unitId: string): Promise<{ level: string; landingId: string | null } | null> {
    const [row] = (await em.query(
      `WITH RECURSIVE up AS (
         SELECT id, level, parent_id, 0 AS depth FROM region_units WHERE id = $1
         UNION ALL
         SELECT r.id, r.level, r.parent_id, up.depth + 1 FROM region_units r JOIN up ON r.id = up.parent_id WHERE up.depth < 16
       )
       SELECT (SELECT level::text FROM up WHERE depth = 0) AS level,
              (SELECT id FROM up WHERE level IN ('county', 'city') ORDER BY level = 'county' DESC, depth LIMIT 1) AS landing_id
        WHERE EXISTS (SELECT 1 FROM up)`,
      [unitId],
    )) as Array<{ level: string; landing_id: string | null }>;
    return row ? { level: row.level, landingId: row.landing_id } : null;
  }

  /**
   * The 网签项目清单 of an event: its signings on the leads `leadIds` selects (a query of lead
   * ids), whatever their review, in the order they were recorded, with the names the list shows.
   */
  roster<T extends ObjectLiteral>(eventId: string, leadIds: SelectQueryBuilder<T>, sort: RosterSort = 'registered'): Promise<RosterRow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select(['s.id AS id', 's.kind AS kind', 's.lead_id AS lead_id', 'l.title AS lead_title', 'e.id AS enterprise_id', 'e.name AS enterprise_name', 's.amount::text AS amount', 's.agreement_type AS agreement_type'])
      .addSelect(['s.landing_region_unit_id AS landing_region_unit_id', 'lu.name AS landing_name', 'l.industry_chain_id AS industry_chain_id', 'c.name AS chain_name', 's.team_id AS team_id', 't.name AS team_name', 's.review_status AS review_status', 's.reviewed_at AS reviewed_at'])
      .from(Signing, 's')
      .innerJoin('leads', 'l', 'l.id = s.lead_id')
      .innerJoin('enterprises', 'e', 'e.id = l.enterprise_id')
      .innerJoin('region_units', 'lu', 'lu.id = s.landing_region_unit_id')
      .leftJoin('industry_chains', 'c', 'c.id = l.industry_chain_id')
      .innerJoin('teams', 't', 't.id = s.team_id')
      .where('s.signing_event_id = :eventId', { eventId })
      .andWhere(`s.lead_id IN (${leadIds.getQuery()})`)
      .setParameters({ eventId, ...leadIds.getParameters() });
    // By amount: the numeric column itself (exact), ties in registration order.
    if (sort === 'amount') qb.orderBy('s.amount', 'DESC').addOrderBy('s.created_at', 'ASC');
    else qb.orderBy('s.created_at', 'ASC');
    return qb.addOrderBy('s.id', 'ASC').getRawMany();
  }

  /** The signings of a lead, for its timeline. */
  timelineOf(leadId: string): Promise<SigningTimelineRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.created_at, s.kind, s.agreement_type, s.amount::text, s.signed_on::text, s.review_status, u.display_name FROM signings s LEFT JOIN users u ON u.id = s.created_by_id WHERE s.lead_id = $1`,
      [leadId],
    );
  }
}
