import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { KeysetSort, Page, PAGE_TOTAL, PageQuery, paginateRows } from '../common/pagination/page';
import { queryPrepared } from '../database/prepared';
import { LeadStage } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';
import { teamSheetNameSql } from '../teams/team-sheet-name.read-model';

/**
 * Foreign tables the lead views read: the names lists show (enterprise, team, owner, chain,
 * regions) and the interactions that count as a lead's last sign of life.
 */
export const READS = ['carriers', 'enterprises', 'industry_chains', 'interactions', 'promoted_projects', 'region_units', 'source_regions', 'teams', 'users'] as const;

/**
 * SQL for the latest sign of life of lead `l`: its last stage change, or the last interaction
 * its teams logged with the enterprise.
 */
export const LAST_ACTIVITY_SQL = `GREATEST(l.stage_entered_at, COALESCE((
    SELECT max(i.occurred_at) FROM interactions i
     WHERE i.enterprise_id = l.enterprise_id AND i.deleted_at IS NULL
       AND (i.team_id = l.team_id OR i.team_id IN (SELECT c.team_id FROM lead_co_teams c WHERE c.lead_id = l.id))
  ), l.created_at))`;

/** SQL: lead `l`'s enterprise is named like `:q` (an ILIKE pattern): the list's keyword reaches the company too. */
export const ENTERPRISE_NAME_MATCH_SQL = 'l.enterprise_id IN (SELECT e.id FROM enterprises e WHERE e.name ILIKE :q)';

/**
 * The view rows of the leads `from` names as `l`: names joined, co-pursuing teams as a JSON
 * array, `activity` as the last sign of life, with `extra` columns. The single names (owner,
 * chain, regions) are scalar subqueries, not joins: the page's statement is planned on every
 * call (its custom plan knows the caller's teams), and with eight relations to order PostgreSQL
 * spent 6–8 ms choosing a join order for 1–2 ms of work; as subqueries ~1.5 ms (issue 18).
 */
function viewSql(from: string, activity: string, extra?: string): string {
  return `SELECT l.id, l.title, l.enterprise_id, e.name AS enterprise_name, e.credit_code AS enterprise_credit_code, l.team_id, t.name AS team_name, ${teamSheetNameSql('t')} AS team_sheet_name,
              COALESCE((SELECT json_agg(json_build_object('id', c.team_id, 'name', ct.name, 'share', c.share::text, 'sheetName', ${teamSheetNameSql('ct')}) ORDER BY ct.name, c.team_id)
                          FROM lead_co_teams c JOIN teams ct ON ct.id = c.team_id WHERE c.lead_id = l.id), '[]') AS co_teams,
              l.owner_id, (SELECT o.display_name FROM users o WHERE o.id = l.owner_id) AS owner_name,
              l.industry_chain_id, (SELECT ch.name FROM industry_chains ch WHERE ch.id = l.industry_chain_id) AS chain_name,
              l.target_region_unit_id, (SELECT ru.name FROM region_units ru WHERE ru.id = l.target_region_unit_id) AS target_region_unit_name,
              l.source_region_id, (SELECT sr.name FROM source_regions sr WHERE sr.id = l.source_region_id) AS source_region_name,
              l.carrier_id, (SELECT ca.name FROM carriers ca WHERE ca.id = l.carrier_id) AS carrier_name,
              l.promoted_project_id, (SELECT pp.name FROM promoted_projects pp WHERE pp.id = l.promoted_project_id) AS promoted_project_name,
              l.intended_amount::text AS intended_amount, l.expected_sign_date::text AS expected_sign_date, l.source, l.is_anchor,
              l.stage, l.stage_entered_at, l.side_state_reason, l.signed_on::text AS signed_on, l.signed_amount::text AS signed_amount,
              l.notes, l.version, l.created_at, l.updated_at, ${activity} AS last_activity_at${extra ? `, ${extra}` : ''}
         FROM ${from}
         LEFT JOIN enterprises e ON e.id = l.enterprise_id
         LEFT JOIN teams t ON t.id = l.team_id`;
}

/** The holder of an enterprise + chain: what a collision check and a claim look for. */
export interface LeadHolder {
  leadId: string;
  teamId: string;
  teamName: string;
  stage: LeadStage;
}

/** One row of the lead views statement. */
export interface LeadViewRow {
  id: string;
  title: string;
  enterprise_id: string;
  enterprise_name: string | null;
  enterprise_credit_code: string | null;
  team_id: string;
  team_name: string | null;
  /** The team as a sheet names it: 「区域/队名」 where another team bears its name. */
  team_sheet_name: string | null;
  /** The co-pursuing teams; `sheetName` as a sheet names each (see teamSheetNameSql). */
  co_teams: Array<{ id: string; name: string; share?: string | null; sheetName?: string }>;
  owner_id: string;
  owner_name: string | null;
  industry_chain_id: string;
  chain_name: string | null;
  target_region_unit_id: string | null;
  target_region_unit_name: string | null;
  source_region_id: string | null;
  source_region_name: string | null;
  carrier_id: string | null;
  carrier_name: string | null;
  promoted_project_id: string | null;
  promoted_project_name: string | null;
  intended_amount: string;
  expected_sign_date: string | null;
  source: Lead['source'];
  is_anchor: boolean;
  stage: LeadStage;
  stage_entered_at: Date;
  side_state_reason: string | null;
  signed_on: string | null;
  signed_amount: string;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  last_activity_at: Date | null;
}

/** A live lead on a chain both companies of a merge hold. */
export interface MergeConflictLead {
  id: string;
  title: string;
  enterprise_id: string;
  team_id: string;
  team_name: string;
  stage: LeadStage;
  industry_chain_id: string;
  chain_name: string;
  co_team_ids: string[];
}

/** Leads with the names of what they point at: list views, collision holders, claim requesters. */
@Injectable()
export class LeadViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Live leads (not lost, not deleted) of the two enterprises on the industry chains both of
   * them hold: what a merge would leave as two holders of one pair. Per chain, oldest first
   * (the 首报 order findHolder uses), with the co-pursuing teams of each.
   */
  async mergeConflicts(em: EntityManager, survivorId: string, sourceId: string): Promise<MergeConflictLead[]> {
    return em.query(
      `SELECT l.id, l.title, l.enterprise_id, l.team_id, t.name AS team_name, l.stage, l.industry_chain_id, ch.name AS chain_name,
              ARRAY(SELECT c.team_id FROM lead_co_teams c WHERE c.lead_id = l.id ORDER BY c.team_id) AS co_team_ids
         FROM leads l JOIN teams t ON t.id = l.team_id JOIN industry_chains ch ON ch.id = l.industry_chain_id
        WHERE l.enterprise_id IN ($1, $2) AND l.stage <> 'lost' AND l.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM leads s WHERE s.enterprise_id = $1 AND s.industry_chain_id = l.industry_chain_id AND s.stage <> 'lost' AND s.deleted_at IS NULL)
          AND EXISTS (SELECT 1 FROM leads s WHERE s.enterprise_id = $2 AND s.industry_chain_id = l.industry_chain_id AND s.stage <> 'lost' AND s.deleted_at IS NULL)
        ORDER BY ch.name, l.industry_chain_id, l.created_at, l.id
        FOR UPDATE OF l`,
      [survivorId, sourceId],
    );
  }

  /**
   * Another team's live lead on the same enterprise and chain (首报首谈), including one the
   * requesting team co-pursues: it holds the pair too. Sees every lead, whatever the caller's scope.
   */
  async findHolder(em: EntityManager, enterpriseId: string, industryChainId: string, exceptTeamId?: string): Promise<LeadHolder | null> {
    const rows: Array<{ id: string; team_id: string; name: string; stage: LeadStage }> = await em.query(
      `SELECT l.id, l.team_id, t.name, l.stage FROM leads l JOIN teams t ON t.id = l.team_id
        WHERE l.enterprise_id = $1 AND l.industry_chain_id = $2 AND l.stage <> 'lost' AND l.deleted_at IS NULL
          AND ($3::uuid IS NULL OR l.team_id <> $3)
        ORDER BY l.created_at LIMIT 1`,
      [enterpriseId, industryChainId, exceptTeamId ?? null],
    );
    const row = rows[0];
    return row ? { leadId: row.id, teamId: row.team_id, teamName: row.name, stage: row.stage } : null;
  }

  /**
   * The leads as lists show them, in one statement (in no particular order): names joined,
   * co-pursuing teams as a JSON array, the last sign of life computed alongside. (As entities
   * with six relations, a page cost more CPU to hydrate than the database took to answer.)
   * Without `activity`, last_activity_at is null.
   */
  rows(leadIds: string[], options: { activity?: boolean } = {}): Promise<LeadViewRow[]> {
    // The export shows no sign of life: it spares the per-lead look into the interactions.
    const activity = options.activity === false ? 'NULL::timestamptz' : LAST_ACTIVITY_SQL;
    // The export reads on the replica (see read-replica.ts); the rows with it.
    return queryPrepared<LeadViewRow>(this.dataSource, `${viewSql('leads l', activity)} WHERE l.id = ANY($1::uuid[])`, [leadIds], { replica: true });
  }

  /**
   * A page of `qb` (leads as `l`, scoped and filtered) in `sort`'s order, as view rows in one
   * prepared statement: the keyset page, its total and every row's names, co-pursuing teams and
   * last sign of life, instead of a TypeORM page (planned on each request) and a second,
   * unprepared statement for the views (issue 18: each round trip cost the service ~0.3–1 ms of
   * CPU, each plan the database more than the page).
   */
  page(qb: SelectQueryBuilder<Lead>, query: PageQuery, sort: KeysetSort<Lead>): Promise<Page<LeadViewRow>> {
    const dir = sort.direction ?? 'DESC';
    qb.select(['l.id AS id', `l.${sort.column} AS sort_key`]);
    return paginateRows<LeadViewRow & { sort_key: unknown }, Lead>(qb, query, { ...sort, key: 'sort_key' }, (text, values) =>
      queryPrepared(
        this.dataSource,
        `WITH page AS (${text})
         ${viewSql('page p JOIN leads l ON l.id = p.id', LAST_ACTIVITY_SQL, `p.sort_key, p.${PAGE_TOTAL}`)}
         ORDER BY p.sort_key ${dir}, l.id ${dir}`,
        values,
      ),
    );
  }

  /** The display name of the user who filed a claim, or '' if there is none. */
  async requesterName(userId: string): Promise<string> {
    const requester = await this.dataSource.query('SELECT display_name FROM users WHERE id = $1', [userId]);
    return requester[0]?.display_name ?? '';
  }
}
