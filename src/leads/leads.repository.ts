import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { businessDate, parseBusinessInstant } from '../common/time/business-time';
import { escapeLike } from '../common/sql/like';
import { teamsAtOrBelow } from '../access/region-subtree.sql';
import { AccessRepository, ResolvedLeadScope } from '../access/access.repository';
import { LeadFilter, LeadQuery } from './dto/lead.dto';
import { LeadClaim, LeadClaimStatus } from './entities/lead-claim.entity';
import { LeadCoTeam } from './entities/lead-co-team.entity';
import { Lead } from './entities/lead.entity';
import { ENTERPRISE_NAME_MATCH_SQL, LAST_ACTIVITY_SQL } from './lead-views.read-model';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';
import { pinyinCondition, pinyinKeys } from '../common/text/pinyin';

/** Teams at or below region unit `:fRegion` (the filter's 招商队所属区域). */
const TEAMS_IN_REGION_SQL = teamsAtOrBelow(':fRegion');

/**
 * Whether `f` filters on nothing but teams (teamId, regionUnitId): then the board and funnel
 * can read lead_stage_totals for the owned leads and count only the co-pursued ones live.
 */
export function filtersOnlyTeams(f: LeadFilter): boolean {
  return !(f.targetRegionUnitId || f.industryChainId || f.sourceRegionId || f.enterpriseId || f.ownerId || f.isAnchor !== undefined || f.from || f.to);
}

/** Every query on leads: scoping, filters, locks, collision lookups and versioned writes. */
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
  resolveScope(actor: AuthUser, options: { byRegion?: boolean; ownTeams?: boolean } = {}): Promise<ResolvedLeadScope> {
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

  /** The live lead if the caller may see it, else null. */
  findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Lead | null> {
    return this.scoped(actor, em).andWhere('l.id = :id', { id }).getOne();
  }

  /** Whether the caller may see the live lead. */
  async isVisible(actor: AuthUser, id: string): Promise<boolean> {
    return (await this.scoped(actor).andWhere('l.id = :id', { id }).getCount()) > 0;
  }

  /** The live lead if the caller may see it and it is idle beyond the protection period, else null. */
  findVisibleIdle(em: EntityManager, actor: AuthUser, id: string): Promise<Lead | null> {
    return this.onlyIdle(this.scoped(actor, em).andWhere('l.id = :id', { id })).getOne();
  }

  /**
   * The leads of the list within a resolved scope, with the list's filters, unordered (for
   * paginate); `titlePattern` an ILIKE pattern on the title or the enterprise's name; scope
   * `mine` keeps the caller's own leads (the team and region scopes are resolved in `scope`).
   */
  listed(actor: AuthUser, scope: ResolvedLeadScope, query: LeadQuery, titlePattern?: string): SelectQueryBuilder<Lead> {
    const qb = this.applyFilter(this.within(scope), query);
    if (query.stage) qb.andWhere('l.stage = :stage', { stage: query.stage });
    if (query.idle !== undefined) this.whereIdle(qb, query.idle);
    if (query.overdue !== undefined) this.whereOverdue(qb, query.overdue);
    if (query.scope === 'mine') qb.andWhere('l.owner_id = :scopeOwner', { scopeOwner: actor.id });
    if (titlePattern) {
      // The company's name matches too, and letters may be the title's pinyin (mh → 梅花…项目).
      const py = query.q ? pinyinCondition(query.q, 'l') : null;
      qb.andWhere(`(l.title ILIKE :q OR ${ENTERPRISE_NAME_MATCH_SQL}${py ? ` OR (${py.sql})` : ''})`, { q: titlePattern, ...py?.params });
    }
    return qb;
  }

  /**
   * Leads past their expected signing date (预计签约日期 before today in Beijing) and still open
   * (not signed, not lost), or (false) all the others — as toLeadView's isOverdue.
   */
  whereOverdue(qb: SelectQueryBuilder<Lead>, overdue: boolean): SelectQueryBuilder<Lead> {
    const condition = `(l.stage NOT IN ('signed', 'lost') AND l.expected_sign_date IS NOT NULL AND l.expected_sign_date < :overdueToday::date)`;
    return qb.andWhere(overdue ? condition : `NOT ${condition}`, { overdueToday: businessDate(new Date()) });
  }

  /** Of `ids`, the live leads the caller may see, with their titles (locked for the caller's transaction). */
  async visibleTitles(em: EntityManager, actor: AuthUser, ids: string[]): Promise<Map<string, string>> {
    const rows = await this.scoped(actor, em).andWhere('l.id = ANY(:ids)', { ids }).select(['l.id', 'l.title']).getMany();
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /**
   * The ids of the next `limit` leads of the list (scope and filters as `listed`), oldest first,
   * after `after` (the last lead of the previous batch): the export's keyset batches.
   */
  async exportBatch(actor: AuthUser, scope: ResolvedLeadScope, query: LeadQuery, after: { createdAt: Date; id: string } | null, limit: number): Promise<Array<{ id: string; createdAt: Date }>> {
    const qb = this.listed(actor, scope, query, query.q ? `%${escapeLike(query.q)}%` : undefined).select(['l.id', 'l.createdAt']);
    if (after) qb.andWhere('(l.created_at, l.id) > (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const rows = await qb.orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC').limit(limit).getMany();
    return rows.map((r) => ({ id: r.id, createdAt: r.createdAt }));
  }

  /** Applies the list/board filters to a query on `l`. */
  applyFilter(qb: SelectQueryBuilder<Lead>, f: LeadFilter): SelectQueryBuilder<Lead> {
    this.applyTeamFilter(qb, f);
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

  /**
   * Applies the team filters of `f` to a query on leads `l`: a team's leads are the ones it owns
   * and the ones it co-pursues (lead_co_teams), as a member sees them (AccessRepository.visibleLeadsSql);
   * a region unit's, those of its teams at or below it. The one definition the lists, the board and
   * the funnel count by.
   */
  applyTeamFilter(qb: SelectQueryBuilder<Lead>, f: LeadFilter): SelectQueryBuilder<Lead> {
    // ARRAY(…) is computed once, so the planner can OR the team index with the primary key.
    if (f.teamId) qb.andWhere('(l.team_id = :fTeam OR l.id = ANY(ARRAY(SELECT c.lead_id FROM lead_co_teams c WHERE c.team_id = :fTeam)))', { fTeam: f.teamId });
    if (f.regionUnitId)
      qb.andWhere(`(l.team_id IN (${TEAMS_IN_REGION_SQL}) OR l.id = ANY(ARRAY(SELECT c.lead_id FROM lead_co_teams c WHERE c.team_id IN (${TEAMS_IN_REGION_SQL}))))`, {
        fRegion: f.regionUnitId,
      });
    return qb;
  }

  /**
   * The owning-team part of `f`'s team filters on `column` (null without any): what the
   * trigger-kept totals, which count each lead under its owning team, can answer.
   */
  owningTeamCondition(f: LeadFilter, column: string): { sql: string; params: Record<string, string> } | null {
    const parts: string[] = [];
    const params: Record<string, string> = {};
    if (f.teamId) {
      parts.push(`${column} = :fTeam`);
      params.fTeam = f.teamId;
    }
    if (f.regionUnitId) {
      parts.push(`${column} IN (${TEAMS_IN_REGION_SQL})`);
      params.fRegion = f.regionUnitId;
    }
    return parts.length ? { sql: parts.join(' AND '), params } : null;
  }

  /**
   * The leads co-pursued by a team in `scope` (its resolved coLeadIds) or by a team of `f`'s
   * team filters (all co-pursued leads for an admin without one), or null when there are none
   * to look for: the only leads a team-filtered count holds beyond those its owning teams hold.
   */
  coPursuedCondition(f: LeadFilter, scope: ResolvedLeadScope): { sql: string; params: Record<string, unknown> } | null {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (scope.teamIds && scope.coLeadIds.length) {
      parts.push('l.id = ANY(:coScopeLeads)');
      params.coScopeLeads = scope.coLeadIds;
    }
    const teams: string[] = [];
    if (f.teamId) {
      teams.push('c.team_id = :fTeam');
      params.fTeam = f.teamId;
    }
    if (f.regionUnitId) {
      teams.push(`c.team_id IN (${TEAMS_IN_REGION_SQL})`);
      params.fRegion = f.regionUnitId;
    }
    if (teams.length || !scope.teamIds) {
      const where = teams.length ? ` WHERE ${teams.join(' OR ')}` : '';
      parts.push(`l.id = ANY(ARRAY(SELECT c.lead_id FROM lead_co_teams c${where}))`);
    }
    return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : null;
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

  /** The id of the team's own live lead on the enterprise and chain (other than `exceptLeadId`), if any. */
  async findOwnLiveLead(em: EntityManager, enterpriseId: string, industryChainId: string, teamId: string, exceptLeadId?: string): Promise<string | null> {
    const own: Array<{ id: string }> = await em.query(
      `SELECT id FROM leads WHERE enterprise_id = $1 AND industry_chain_id = $2 AND team_id = $3 AND stage <> 'lost' AND deleted_at IS NULL AND id <> COALESCE($4::uuid, '00000000-0000-0000-0000-000000000000')`,
      [enterpriseId, industryChainId, teamId, exceptLeadId ?? null],
    );
    return own[0]?.id ?? null;
  }

  /** Writes `changes` and bumps the version if the lead is still at version `expected`; returns whether it was. */
  async updateVersioned(em: EntityManager, leadId: string, expected: number, changes: Partial<Lead>): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(Lead)
      .set({ ...changes, ...(changes.title !== undefined ? { pinyin: pinyinKeys(changes.title) } : {}), version: () => 'version + 1' } as never)
      .where('id = :id AND version = :expected', { id: leadId, expected })
      .execute();
    return result.affected !== 0;
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

  /** Adds the team as co-pursuing the lead (nothing if it already is). */
  async addCoTeam(em: EntityManager, leadId: string, teamId: string): Promise<void> {
    await em.createQueryBuilder().insert().into(LeadCoTeam).values({ leadId, teamId }).orIgnore().execute();
  }

  /**
   * The teams co-pursuing the lead with their agreed shares (percent as text, null: none
   * agreed), rows locked when `lock` (so two share changes on one lead queue up).
   */
  async coTeamsOf(em: EntityManager, leadId: string, lock = false): Promise<Array<{ teamId: string; share: string | null }>> {
    const rows: Array<{ team_id: string; share: string | null }> = await em.query(
      `SELECT team_id, share::text AS share FROM lead_co_teams WHERE lead_id = $1 ORDER BY team_id${lock ? ' FOR UPDATE' : ''}`,
      [leadId],
    );
    return rows.map((r) => ({ teamId: r.team_id, share: r.share }));
  }

  /** Sets a co-pursuing team's agreed share (null: none). */
  async setCoTeamShare(em: EntityManager, leadId: string, teamId: string, share: string | null): Promise<void> {
    await em.getRepository(LeadCoTeam).update({ leadId, teamId }, { share });
  }

  /** Whether the team has a pending claim on the lead. */
  async hasPendingClaim(em: EntityManager, leadId: string, teamId: string): Promise<boolean> {
    return em.getRepository(LeadClaim).existsBy({ leadId, requestingTeamId: teamId, status: LeadClaimStatus.Pending });
  }

  /** Serialises collision checks for one enterprise + chain until the transaction ends. */
  async lockPair(em: EntityManager, enterpriseId: string, industryChainId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lead:${enterpriseId}:${industryChainId}`]);
  }
}
