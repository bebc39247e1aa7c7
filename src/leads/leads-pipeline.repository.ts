import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ResolvedLeadScope } from '../access/access.repository';
import { queryPrepared } from '../database/prepared';
import { LeadFilter } from './dto/lead.dto';
import { LeadStage } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';
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
    const live = () => this.repo.applyFilter(this.repo.within(scope), filter);
    if (!filtersOnlyTeams(filter)) return (await grouped(live()).getRawMany<StageCellRow>());
    // Every board request repeats the statements below: prepared, they are planned once per connection.
    const prepared = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) => queryPrepared<StageCellRow>(this.dataSource, ...qb.getQueryAndParameters());

    const unfiltered = !filter.teamId && !filter.regionUnitId;
    const sum = (table: string) =>
      this.dataSource
        .createQueryBuilder()
        .from(table, 's')
        .select('s.stage', 'stage')
        .addSelect('s.furthest_stage_ordinal', 'furthest')
        .addSelect('sum(s.leads)::int', 'count')
        .addSelect('sum(s.intended_units)::text', 'intended')
        .addSelect('sum(s.signed_units)::text', 'signed')
        .groupBy('s.stage')
        .addGroupBy('s.furthest_stage_ordinal');
    // Stored: the leads owned by a team in scope and in the filter.
    const totals = sum('lead_stage_totals');
    // A manager's whole scope: the cells of the region units they manage (a few dozen rows each)
    // and of the teams outside them, rather than every team's.
    const regions = unfiltered && scope.byRegion?.regionUnitIds.length ? scope.byRegion : null;
    if (regions) totals.andWhere('s.team_id = ANY(:otherTeams)', { otherTeams: regions.otherTeamIds });
    else if (scope.teamIds) totals.andWhere('s.team_id = ANY(:scopeTeams)', { scopeTeams: scope.teamIds });
    // The whole city at once: its own cells (a few dozen rows) rather than every team's.
    else if (unfiltered) totals.andWhere('s.team_id = :city', { city: CITY_TEAM_KEY });
    const owned = this.repo.owningTeamCondition(filter, 's.team_id');
    if (owned) totals.andWhere(owned.sql, owned.params);
    const regionTotals = regions ? prepared(sum('lead_region_stage_totals').where('s.region_unit_id = ANY(:regionUnits)', { regionUnits: regions.regionUnitIds })) : Promise.resolve([]);

    // Live: the leads of the same definition that no stored cell above holds. Only a co-pursued
    // lead can be one (a lead neither owned by a filtered team nor by a team in scope is in the
    // count only as co-pursued by one), so the candidates are the few co-pursued leads.
    let coPursued: Promise<StageCellRow[]> = Promise.resolve([]);
    const co = scope.teamIds || !unfiltered ? this.repo.coPursuedCondition(filter, scope) : null;
    if (co) {
      const rest = live().andWhere(co.sql, co.params);
      const ownedLead = this.repo.owningTeamCondition(filter, 'l.team_id');
      const storedParts = [...(scope.teamIds ? ['l.team_id = ANY(:restScopeTeams)'] : []), ...(ownedLead ? [ownedLead.sql] : [])];
      rest.andWhere(`NOT (${storedParts.join(' AND ')})`, { ...(ownedLead?.params ?? {}), restScopeTeams: scope.teamIds ?? [] });
      coPursued = prepared(grouped(rest));
    }
    const teamTotals = regions && regions.otherTeamIds.length === 0 ? Promise.resolve([]) : prepared(totals);
    const [own, byRegion, other] = await Promise.all([teamTotals, regionTotals, coPursued]);
    return [...own, ...byRegion, ...other];
  }

  /** Median days spent in each stage by the leads in scope and filter that have left it. */
  async medianDays(scope: ResolvedLeadScope, filter: LeadFilter): Promise<Array<{ stage: LeadStage; median: string | null }>> {
    const scopedIds = this.repo.applyFilter(this.repo.within(scope), filter).select('l.id');
    return this.dataSource.transaction(async (em) => {
      // The city's 250,000 stage changes sort in memory with this, on disk (three times slower) with the default 4 MB.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      return em
        .createQueryBuilder()
        .select('sc.from_stage', 'stage')
        .addSelect('round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text', 'median')
        .from('lead_stage_changes', 'sc')
        .where(`sc.lead_id IN (${scopedIds.getQuery()})`)
        .andWhere('sc.from_stage IS NOT NULL')
        .setParameters(scopedIds.getParameters())
        .groupBy('sc.from_stage')
        .getRawMany();
    });
  }
}

/** Live leads of one stage and furthest stage reached; amounts in 0.0001 万元 units, as text. */
export interface StageCellRow {
  stage: LeadStage;
  furthest: number;
  count: number;
  intended: string;
  signed: string;
}
