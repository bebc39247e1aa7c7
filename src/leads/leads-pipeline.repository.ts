import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ACCESS_SCOPE_VERSION_SQL, ResolvedLeadScope } from '../access/access.repository';
import { readChangeStamp } from '../database/change-marks';
import { queryPrepared } from '../database/prepared';
import { LeadFilter } from './dto/lead.dto';
import { LeadStage } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';
import { LeadStageChange } from './entities/lead-stage-change.entity';
import { CITY_TEAM_KEY } from './lead-stage-totals.sql';
import { filtersOnlyTeams, LeadsRepository } from './leads.repository';

/** The pipeline board's and funnel's figures: stage counts and amounts, and days spent per stage. */
@Injectable()
export class PipelineRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LeadsRepository,
  ) {}

  /**
   * The stamp a funnel is kept under (PipelineService.funnel): the version of who sees what, then
   * the pipeline's count of writes; null inside a request's transaction.
   */
  async funnelStamp(): Promise<{ scopeVersion: string; stamp: string } | null> {
    const read = await readChangeStamp(this.dataSource, 'pipeline', [ACCESS_SCOPE_VERSION_SQL]);
    return read && { scopeVersion: read[0] as string, stamp: read.join(':') };
  }

  /**
   * Live leads in scope and filter, counted per stage and furthest stage reached (amounts in
   * 0.0001 万元 units, as text). The leads counted are always those the lead list shows for the
   * same scope and filter (LeadsRepository.within + applyFilter: a team's leads are its own and
   * the ones it co-pursues). Filtered on teams alone (the usual board), the leads owned by teams
   * both in scope and in the filter come from the trigger-kept lead_stage_totals — a few
   * thousand rows where the leads are a hundred thousand — and the rest, which can only be
   * co-pursued leads, are counted live by that same definition; any other filter counts the leads.
   */
  async stageCells(scope: ResolvedLeadScope, filter: LeadFilter): Promise<StageCellRow[]> {
    const grouped = (qb: SelectQueryBuilder<Lead>) =>
      qb
        .select('l.stage', 'stage')
        .addSelect('l.furthest_stage_ordinal', 'furthest')
        .addSelect('count(*)::int', 'count')
        .addSelect('COALESCE(sum(l.intended_amount * 10000), 0)::bigint::text', 'intended')
        .addSelect('COALESCE(sum(l.signed_amount * 10000), 0)::bigint::text', 'signed')
        .groupBy('l.stage')
        .addGroupBy('l.furthest_stage_ordinal');
    const sum = (qb: SelectQueryBuilder<ObjectLiteral>) =>
      qb
        .select('s.stage', 'stage')
        .addSelect('s.furthest_stage_ordinal', 'furthest')
        .addSelect('sum(s.leads)::int', 'count')
        .addSelect('sum(s.intended_units)::text', 'intended')
        .addSelect('sum(s.signed_units)::text', 'signed')
        .groupBy('s.stage')
        .addGroupBy('s.furthest_stage_ordinal');
    if (!filtersOnlyTeams(filter)) return grouped(this.repo.applyFilter(this.repo.within(scope), filter)).getRawMany<StageCellRow>();
    // One statement (the parts UNION ALL), prepared: every board request repeats it, planned once
    // per connection, and takes one pooled connection rather than one per part.
    const parts = this.storedAndLive({ team: 'lead_stage_totals', region: 'lead_region_stage_totals' }, scope, filter, sum, grouped, this.dataSource.manager);
    return queryPrepared<StageCellRow>(this.dataSource, ...this.unionAll(parts));
  }

  /**
   * The parts of a figure over the live leads in scope and filter, as queries whose rows add up
   * to it: filtered on teams alone, the leads owned by teams both in scope and in the filter come
   * from the trigger-kept tables (`tables.team` per owning team, the all-zero key for the city;
   * `tables.region` per region unit), summed by `sum` over alias `s`; the rest, which can only be
   * co-pursued leads, are counted live by `grouped` over the leads `l` of the list's definition
   * (LeadsRepository.within + applyFilter). Any other filter counts the leads live.
   */
  private storedAndLive(
    tables: { team: string; region: string },
    scope: ResolvedLeadScope,
    filter: LeadFilter,
    sum: (qb: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>,
    grouped: (qb: SelectQueryBuilder<Lead>) => SelectQueryBuilder<Lead>,
    em: EntityManager,
  ): Array<SelectQueryBuilder<ObjectLiteral>> {
    const live = () => this.repo.applyFilter(this.repo.within(scope, em), filter);
    if (!filtersOnlyTeams(filter)) return [grouped(live())];

    const unfiltered = !filter.teamId && !filter.regionUnitId;
    const stored = (table: string) => sum(em.createQueryBuilder().from(table, 's'));
    // Stored: the leads owned by a team in scope and in the filter.
    const totals = stored(tables.team);
    // A manager's whole scope: the cells of the region units they manage (a few dozen rows each)
    // and of the teams outside them, rather than every team's.
    const regions = unfiltered && scope.byRegion?.regionUnitIds.length ? scope.byRegion : null;
    if (regions) totals.andWhere('s.team_id = ANY(:otherTeams)', { otherTeams: regions.otherTeamIds });
    else if (scope.teamIds) totals.andWhere('s.team_id = ANY(:scopeTeams)', { scopeTeams: scope.teamIds });
    // The whole city at once: its own cells (a few dozen rows) rather than every team's.
    else if (unfiltered) totals.andWhere('s.team_id = :city', { city: CITY_TEAM_KEY });
    const owned = this.repo.owningTeamCondition(filter, 's.team_id');
    if (owned) totals.andWhere(owned.sql, owned.params);
    const parts: Array<SelectQueryBuilder<ObjectLiteral>> = [];
    if (!(regions && regions.otherTeamIds.length === 0)) parts.push(totals);
    if (regions) parts.push(stored(tables.region).where('s.region_unit_id = ANY(:regionUnits)', { regionUnits: regions.regionUnitIds }));

    // Live: the leads of the same definition that no stored cell above holds. Only a co-pursued
    // lead can be one (a lead neither owned by a filtered team nor by a team in scope is in the
    // count only as co-pursued by one), so the candidates are the few co-pursued leads.
    const co = scope.teamIds || !unfiltered ? this.repo.coPursuedCondition(filter, scope) : null;
    if (co) {
      const rest = live().andWhere(co.sql, co.params);
      const ownedLead = this.repo.owningTeamCondition(filter, 'l.team_id');
      const storedParts = [...(scope.teamIds ? ['l.team_id = ANY(:restScopeTeams)'] : []), ...(ownedLead ? [ownedLead.sql] : [])];
      rest.andWhere(`NOT (${storedParts.join(' AND ')})`, { ...(ownedLead?.params ?? {}), restScopeTeams: scope.teamIds ?? [] });
      parts.push(grouped(rest) as unknown as SelectQueryBuilder<ObjectLiteral>);
    }
    return parts;
  }

  /**
   * The parts as one statement, UNION ALL (their rows have the same columns), with positional
   * parameters. Parts share parameter names only where they mean the same value (the scope's
   * and the filter's).
   */
  private unionAll(parts: Array<SelectQueryBuilder<ObjectLiteral>>): [string, unknown[]] {
    const sql = parts.map((qb) => `(${qb.getQuery()})`).join(' UNION ALL ');
    const params = Object.assign({}, ...parts.map((qb) => qb.getParameters())) as ObjectLiteral;
    return this.dataSource.driver.escapeQueryWithParameters(sql, params) as [string, unknown[]];
  }

  /**
   * Median days spent in each stage (of `stages`, else every one) by the leads in scope and
   * filter that have left it: exactly round(percentile_cont(0.5) over days_in_from_stage, 1),
   * without sorting every change in scope. The trigger-kept histograms of whole days (lead_stage_day_counts, split as the board's
   * totals) give each stage's count and, by cumulative counts, the day bucket holding its middle
   * change(s); only those buckets' exact values are then read, through the index on (from_stage,
   * days), and the same percentile_cont is taken over the one or two middle values. Both reads
   * see one snapshot (REPEATABLE READ), so the counts and the values agree, and the histogram's
   * count of the picked buckets lets each stage's read walk in from the nearer end of them and
   * stop at its middle values (OFFSET … LIMIT): every change walked costs a probe of its lead for
   * the scope, and reading whole buckets was ~3,000 probes (most of the funnel's time) at 100,000 leads.
   */
  async medianDays(scope: ResolvedLeadScope, filter: LeadFilter, stages?: LeadStage[]): Promise<Array<{ stage: LeadStage; median: string | null }>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const days = 'sc.days_in_from_stage';
      const changes = (qb: SelectQueryBuilder<Lead>) =>
        qb.innerJoin(LeadStageChange, 'sc', `sc.lead_id = l.id AND sc.from_stage IS NOT NULL AND ${days} IS NOT NULL`);
      const grouped = (qb: SelectQueryBuilder<Lead>) =>
        changes(qb)
          .select('sc.from_stage', 'stage')
          .addSelect(`floor(${days})::int`, 'day')
          .addSelect('count(*)::int', 'n')
          .groupBy('sc.from_stage')
          .addGroupBy(`floor(${days})`);
      const sum = (qb: SelectQueryBuilder<ObjectLiteral>) =>
        qb.select('s.stage', 'stage').addSelect('s.day', 'day').addSelect('sum(s.changes)::int', 'n').groupBy('s.stage').addGroupBy('s.day');
      const parts = this.storedAndLive({ team: 'lead_stage_day_counts', region: 'lead_region_stage_day_counts' }, scope, filter, sum, grouped, em);
      const buckets: DayBucketRow[] = parts.length ? await em.query(...this.unionAll(parts)) : [];

      // Only the stages asked for (the funnel shows none for 已签约, 搁置, 终止): fewer buckets read.
      const picks = middleBuckets(buckets).filter((p) => !stages || stages.includes(p.stage));
      if (picks.length === 0) return [];
      // Each stage's middle values: its changes in the picked buckets, in days order from the
      // nearer end, skipping to the middle. Ties hold equal days, so either direction finds the same values.
      const params: Record<string, unknown> = {};
      const middles = picks.map((p, k) => {
        const fromTop = p.count - 1 - p.hi < p.lo;
        Object.assign(params, { [`mStage${k}`]: p.stage, [`mFrom${k}`]: p.fromDay, [`mTo${k}`]: p.toDay });
        return changes(this.repo.applyFilter(this.repo.within(scope, em), filter))
          .select('sc.from_stage', 'stage')
          .addSelect(days, 'days')
          .andWhere(`sc.from_stage = :mStage${k} AND ${days} >= :mFrom${k} AND ${days} < :mTo${k}`)
          .orderBy(days, fromTop ? 'DESC' : 'ASC')
          .offset(fromTop ? p.count - 1 - p.hi : p.lo)
          .limit(p.hi - p.lo + 1);
      });
      const rows = await em
        .createQueryBuilder()
        .select('x.stage', 'stage')
        .addSelect('round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x.days)::numeric, 1)::text', 'median')
        .from(`(${middles.map((qb) => `(${qb.getQuery()})`).join(' UNION ALL ')})`, 'x')
        .setParameters(Object.assign({}, ...middles.map((qb) => qb.getParameters()), params) as Record<string, unknown>)
        .groupBy('x.stage')
        .getRawMany<{ stage: LeadStage; median: string }>();
      return rows;
    });
  }
}

/** One day bucket of a stage's histogram of days spent: `n` changes left `stage` after [day, day + 1) days. */
interface DayBucketRow {
  stage: LeadStage;
  day: number;
  n: number;
}

/** Where a stage's median lies: days in [fromDay, toDay), holding `count` values; the middle ones numbered lo and hi from there. */
export interface MedianPick {
  stage: LeadStage;
  fromDay: number;
  toDay: number;
  count: number;
  lo: number;
  hi: number;
}

/**
 * For each stage of the histogram rows (several rows may hold one bucket: stored and live
 * parts), the bucket(s) holding the values percentile_cont(0.5) interpolates between: rows
 * floor((n - 1) / 2) and ceil((n - 1) / 2), counted from 0 in ascending order.
 */
export function middleBuckets(rows: DayBucketRow[]): MedianPick[] {
  const byStage = new Map<LeadStage, Map<number, number>>();
  for (const r of rows) {
    const n = Number(r.n);
    if (!n) continue;
    const stage = byStage.get(r.stage) ?? new Map<number, number>();
    stage.set(Number(r.day), (stage.get(Number(r.day)) ?? 0) + n);
    byStage.set(r.stage, stage);
  }
  const picks: MedianPick[] = [];
  for (const [stage, counts] of byStage) {
    const sorted = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((t, [, n]) => t + n, 0);
    if (total === 0) continue;
    const first = Math.floor((total - 1) / 2);
    const second = Math.ceil((total - 1) / 2);
    let before = 0;
    let from: { day: number; before: number } | null = null;
    let toDay = 0;
    let through = 0;
    for (const [day, n] of sorted) {
      if (!from && first < before + n) from = { day, before };
      if (second < before + n) {
        toDay = day + 1;
        through = before + n;
        break;
      }
      before += n;
    }
    if (!from) continue;
    picks.push({ stage, fromDay: from.day, toDay, count: through - from.before, lo: first - from.before, hi: second - from.before });
  }
  return picks;
}

/** Live leads of one stage and furthest stage reached; amounts in 0.0001 万元 units, as text. */
export interface StageCellRow {
  stage: LeadStage;
  furthest: number;
  count: number;
  intended: string;
  signed: string;
}
