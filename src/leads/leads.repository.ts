import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { fromNumeric } from '../common/money/wan-yuan';
import { parseBusinessInstant } from '../common/time/business-time';
import { teamsAtOrBelow } from '../access/region-subtree.sql';
import { AccessRepository, ResolvedLeadScope } from '../access/access.repository';
import { LeadFilter, LeadView } from './dto/lead.dto';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS, LeadStage } from './entities/lead-stage';
import { LeadClaim, LeadClaimStatus } from './entities/lead-claim.entity';
import { Lead } from './entities/lead.entity';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';

const DAY_MS = 86_400_000;

/**
 * SQL for the latest sign of life of lead `l`: its last stage change, or the last interaction
 * its teams logged with the enterprise.
 */
export const LAST_ACTIVITY_SQL = `GREATEST(l.stage_entered_at, COALESCE((
    SELECT max(i.occurred_at) FROM interactions i
     WHERE i.enterprise_id = l.enterprise_id AND i.deleted_at IS NULL
       AND (i.team_id = l.team_id OR i.team_id IN (SELECT c.team_id FROM lead_co_teams c WHERE c.lead_id = l.id))
  ), l.created_at))`;

/** The holder of an enterprise + chain: what a collision check and a claim look for. */
export interface LeadHolder {
  leadId: string;
  teamId: string;
  teamName: string;
  stage: LeadStage;
}

/** Teams at or below region unit `:fRegion` (the filter's 招商队所属区域). */
const TEAMS_IN_REGION_SQL = teamsAtOrBelow(':fRegion');

/**
 * Whether `f` filters on nothing but the owning team (teamId, regionUnitId): then the board
 * and funnel can read lead_stage_totals instead of the leads.
 */
export function filtersOnlyTeams(f: LeadFilter): boolean {
  return !(f.targetRegionUnitId || f.industryChainId || f.sourceRegionId || f.enterpriseId || f.ownerId || f.isAnchor !== undefined || f.from || f.to);
}

/** Every query on leads: scoping, filters, collision lookups and the views lists show. */
@Injectable()
export class LeadsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
  ) {}

  /** Leads the caller may see: their teams' own and those they co-pursue. */
  scoped(actor: AuthUser, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Lead> {
    const qb = em.getRepository(Lead).createQueryBuilder('l');
    const visible = this.scope.visibleLeadsSql(actor, 'l');
    if (visible) qb.andWhere(visible.sql, visible.params);
    return qb;
  }

  /** What `scoped` selects, resolved to team and lead ids first: for lists and aggregates over many leads. */
  resolveScope(actor: AuthUser, options: { byRegion?: boolean } = {}): Promise<ResolvedLeadScope> {
    return this.scope.resolveLeadScope(actor, options);
  }

  /**
   * Leads within a resolved scope. `= ANY(ids)` lets the planner weigh the real teams: a
   * member's 30 leads are fetched by team and sorted, a county's 10,000 read newest-first by
   * index, where one subquery shape would force one plan on both.
   */
  within(scope: ResolvedLeadScope, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Lead> {
    const qb = em.getRepository(Lead).createQueryBuilder('l');
    if (scope.teamIds) {
      if (scope.coLeadIds.length) qb.andWhere('(l.team_id = ANY(:scopeTeams) OR l.id = ANY(:scopeCoLeads))', { scopeTeams: scope.teamIds, scopeCoLeads: scope.coLeadIds });
      else qb.andWhere('l.team_id = ANY(:scopeTeams)', { scopeTeams: scope.teamIds });
    }
    return qb;
  }

  /** Applies the list/board filters to a query on `l`. */
  applyFilter(qb: SelectQueryBuilder<Lead>, f: LeadFilter): SelectQueryBuilder<Lead> {
    this.applyTeamFilter(qb, f, 'l.team_id');
    if (f.targetRegionUnitId) qb.andWhere('l.target_region_unit_id = :fTarget', { fTarget: f.targetRegionUnitId });
    if (f.industryChainId) qb.andWhere('l.industry_chain_id = :fChain', { fChain: f.industryChainId });
    if (f.sourceRegionId) qb.andWhere('l.source_region_id = :fSource', { fSource: f.sourceRegionId });
    if (f.enterpriseId) qb.andWhere('l.enterprise_id = :fEnterprise', { fEnterprise: f.enterpriseId });
    if (f.ownerId) qb.andWhere('l.owner_id = :fOwner', { fOwner: f.ownerId });
    if (f.isAnchor !== undefined) qb.andWhere('l.is_anchor = :fAnchor', { fAnchor: f.isAnchor });
    if (f.from) qb.andWhere('l.created_at >= :fFrom', { fFrom: parseBusinessInstant(f.from) });
    if (f.to) qb.andWhere('l.created_at < :fTo', { fTo: parseBusinessInstant(f.to) });
    return qb;
  }

  /** Applies the team filters of `f` to a query on a table whose owning-team column is `column`. */
  applyTeamFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: LeadFilter, column: string): SelectQueryBuilder<T> {
    if (f.teamId) qb.andWhere(`${column} = :fTeam`, { fTeam: f.teamId });
    if (f.regionUnitId) qb.andWhere(`${column} IN (${TEAMS_IN_REGION_SQL})`, { fRegion: f.regionUnitId });
    return qb;
  }

  /** Only leads idle beyond the protection period (open or on hold). */
  onlyIdle(qb: SelectQueryBuilder<Lead>): SelectQueryBuilder<Lead> {
    return this.whereIdle(qb, true);
  }

  /** Leads idle beyond the protection period (open or on hold), or (false) all the others. */
  whereIdle(qb: SelectQueryBuilder<Lead>, idle: boolean): SelectQueryBuilder<Lead> {
    const condition = `(l.stage NOT IN ('signed', 'lost') AND ${LAST_ACTIVITY_SQL} < now() - make_interval(days => :protectionDays))`;
    return qb.andWhere(idle ? condition : `NOT ${condition}`, { protectionDays: this.rules.protectionDays });
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

  /** Closes the lead's pending claims (rejected, with `note`): nothing is left for them to grant. */
  async closePendingClaims(em: EntityManager, actor: AuthUser, leadId: string, note: string): Promise<void> {
    await em.getRepository(LeadClaim).update({ leadId, status: LeadClaimStatus.Pending }, { status: LeadClaimStatus.Rejected, decidedById: actor.id, decidedAt: new Date(), decisionNote: note });
  }

  /**
   * Counts a signing of `amount` 万元 on the lead: its signed amount grows by it, and the first
   * signing's date becomes the lead's signing date.
   */
  async addSigning(em: EntityManager, leadId: string, amount: string, signedOn: string): Promise<void> {
    await em.query(
      `UPDATE leads SET signed_amount = signed_amount + $2::numeric, signed_on = COALESCE(signed_on, $3::date) WHERE id = $1`,
      [leadId, amount, signedOn],
    );
  }

  /** Serialises collision checks for one enterprise + chain until the transaction ends. */
  async lockPair(em: EntityManager, enterpriseId: string, industryChainId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lead:${enterpriseId}:${industryChainId}`]);
  }

  /**
   * The leads as lists show them, in one statement: names joined, co-pursuing teams as a JSON
   * array, the last sign of life computed alongside. (As entities with six relations, a page
   * cost more CPU to hydrate than the database took to answer.)
   */
  async views(leads: Lead[]): Promise<LeadView[]> {
    if (leads.length === 0) return [];
    const rows: LeadViewRow[] = await this.dataSource.query(
      `SELECT l.id, l.title, l.enterprise_id, e.name AS enterprise_name, l.team_id, t.name AS team_name,
              COALESCE((SELECT json_agg(json_build_object('id', c.team_id, 'name', ct.name) ORDER BY ct.name, c.team_id)
                          FROM lead_co_teams c JOIN teams ct ON ct.id = c.team_id WHERE c.lead_id = l.id), '[]') AS co_teams,
              l.owner_id, o.display_name AS owner_name, l.industry_chain_id, ch.name AS chain_name,
              l.target_region_unit_id, ru.name AS target_region_unit_name, l.source_region_id, sr.name AS source_region_name,
              l.intended_amount::text AS intended_amount, l.expected_sign_date::text AS expected_sign_date, l.source, l.is_anchor,
              l.stage, l.stage_entered_at, l.side_state_reason, l.signed_on::text AS signed_on, l.signed_amount::text AS signed_amount,
              l.notes, l.version, l.created_at, l.updated_at, ${LAST_ACTIVITY_SQL} AS last_activity_at
         FROM leads l
         LEFT JOIN enterprises e ON e.id = l.enterprise_id
         LEFT JOIN teams t ON t.id = l.team_id
         LEFT JOIN users o ON o.id = l.owner_id
         LEFT JOIN industry_chains ch ON ch.id = l.industry_chain_id
         LEFT JOIN region_units ru ON ru.id = l.target_region_unit_id
         LEFT JOIN source_regions sr ON sr.id = l.source_region_id
        WHERE l.id = ANY($1)`,
      [leads.map((l) => l.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return leads.map((lead) => {
      const l = byId.get(lead.id) as LeadViewRow;
      const last = new Date(l.last_activity_at ?? l.created_at);
      const idleDays = Math.floor((Date.now() - last.getTime()) / DAY_MS);
      const open = l.stage !== LeadStage.Signed && l.stage !== LeadStage.Lost;
      return {
        id: l.id,
        title: l.title,
        enterprise: { id: l.enterprise_id, name: l.enterprise_name ?? '' },
        team: { id: l.team_id, name: l.team_name ?? '' },
        coTeams: l.co_teams,
        owner: { id: l.owner_id, name: l.owner_name ?? '' },
        industryChain: { id: l.industry_chain_id, name: l.chain_name ?? '' },
        targetRegionUnit: l.target_region_unit_id ? { id: l.target_region_unit_id, name: l.target_region_unit_name ?? '' } : null,
        sourceRegion: l.source_region_id ? { id: l.source_region_id, name: l.source_region_name ?? '' } : null,
        intendedAmount: fromNumeric(l.intended_amount),
        expectedSignDate: l.expected_sign_date,
        source: l.source,
        sourceLabel: LEAD_SOURCE_LABELS[l.source],
        isAnchor: l.is_anchor,
        stage: l.stage,
        stageLabel: LEAD_STAGE_LABELS[l.stage],
        stageEnteredAt: l.stage_entered_at,
        sideStateReason: l.side_state_reason,
        signedOn: l.signed_on,
        signedAmount: fromNumeric(l.signed_amount),
        notes: l.notes,
        version: l.version,
        lastActivityAt: last,
        isIdle: open && idleDays >= this.rules.protectionDays,
        idleDays,
        createdAt: l.created_at,
        updatedAt: l.updated_at,
      };
    });
  }
}

/** One row of the lead views statement. */
interface LeadViewRow {
  id: string;
  title: string;
  enterprise_id: string;
  enterprise_name: string | null;
  team_id: string;
  team_name: string | null;
  co_teams: Array<{ id: string; name: string }>;
  owner_id: string;
  owner_name: string | null;
  industry_chain_id: string;
  chain_name: string | null;
  target_region_unit_id: string | null;
  target_region_unit_name: string | null;
  source_region_id: string | null;
  source_region_name: string | null;
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
