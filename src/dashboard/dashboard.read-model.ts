import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managedUnitsSql } from '../access/access.repository';
import { holdsAnyTeam, regionPathOf, withinRegion } from '../access/region-subtree.sql';
import { TargetPeriod } from '../common/time/period';

/**
 * The other domains' tables (and the metrics domain's summary views) the dashboard reads.
 */
export const READS = [
  'targets',
  'region_units',
  'teams',
  'industry_chains',
  'team_project_figures',
  'team_project_years',
  'team_month_metrics',
  'team_chain_signings',
] as const;

/**
 * The dashboard's figures in the caller's scope: `teamIds` are the teams the caller sees,
 * null for an admin (everything). Each answers in one round trip over the summary views
 * refreshed with the metrics view, or over the small tables beside them.
 */
@Injectable()
export class DashboardReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The signed-amount targets of a year or a quarter in scope (a manager's: of their units and teams, not of
   * the units above them, `managerId` being the caller), each counted once: a target inside a
   * unit that has one is part of it. The sum (numeric text) and how many there are.
   */
  async signedAmountTarget(period: TargetPeriod, teamIds: string[] | null, managerId: string): Promise<{ amount: string; n: number }> {
    const rows: Array<{ amount: string; n: number }> = await this.dataSource.query(
      `WITH g AS (
         SELECT g.id, (g.values->>'signed_amount')::numeric AS amount, g.region_unit_id IS NOT NULL AS is_unit, ${regionPathOf('u', 'tr')} AS path
           FROM targets g
           LEFT JOIN region_units u ON u.id = g.region_unit_id
           LEFT JOIN teams t ON t.id = g.team_id LEFT JOIN region_units tr ON tr.id = t.region_unit_id
          WHERE g.period_type = $2 AND g.year = $1 AND g.quarter = $3 AND g.values->>'signed_amount' IS NOT NULL
            ${teamIds ? `AND (g.team_id = ANY($4) OR g.region_unit_id IN (${managedUnitsSql('$5')}))` : ''})
       SELECT COALESCE(sum(g.amount), 0)::text AS amount, count(*)::int AS n FROM g
        WHERE NOT EXISTS (SELECT 1 FROM g o WHERE o.is_unit AND o.id <> g.id AND ${withinRegion('g', 'o')})`,
      teamIds ? [period.year, period.type, period.quarter ?? 0, teamIds, managerId] : [period.year, period.type, period.quarter ?? 0],
    );
    return rows[0] as { amount: string; n: number };
  }

  /** Registry totals: projects and their total investment, the year's planned and completed investment (万元, numeric text). */
  async registry(year: number, teamIds: string[] | null): Promise<{ projects: number; total_investment: string; annual_plan: string; completed_ytd: string }> {
    const rows: Array<{ projects: number; total_investment: string; annual_plan: string; completed_ytd: string }> = await this.dataSource.query(
      `SELECT COALESCE(sum(f.projects), 0)::int AS projects, COALESCE(sum(f.total_investment), 0)::text AS total_investment,
              (SELECT COALESCE(sum(y.annual_plan), 0) FROM team_project_years y WHERE y.year = $1 ${teamFilter(teamIds, 'y.team_id', 2)})::text AS annual_plan,
              (SELECT COALESCE(sum(y.completed), 0) FROM team_project_years y WHERE y.year = $1 ${teamFilter(teamIds, 'y.team_id', 2)})::text AS completed_ytd
         FROM team_project_figures f WHERE TRUE ${teamFilter(teamIds, 'f.team_id', 2)}`,
      params(teamIds, year),
    );
    return rows[0] as { projects: number; total_investment: string; annual_plan: string; completed_ytd: string };
  }

  /**
   * Conversion counts of the signing cohort [from, to) — the projects first signed in those
   * months — with its contract amount and the funds in place (万元, numeric text).
   */
  async conversion(from: string, to: string, teamIds: string[] | null): Promise<ConversionCounts> {
    const rows: ConversionCounts[] = await this.dataSource.query(
      `SELECT COALESCE(sum(f.contracted), 0)::int AS contracted, COALESCE(sum(f.performing), 0)::int AS performing,
              COALESCE(sum(f.landed), 0)::int AS landed, COALESCE(sum(f.started), 0)::int AS started, COALESCE(sum(f.operating), 0)::int AS operating,
              COALESCE(sum(f.contract_amount), 0)::text AS contract_amount, COALESCE(sum(f.funds_in_place), 0)::text AS funds_in_place
         FROM team_project_figures f WHERE f.signed_month >= $1 AND f.signed_month < $2 ${teamFilter(teamIds, 'f.team_id', 3)}`,
      params(teamIds, from, to),
    );
    return rows[0] as ConversionCounts;
  }

  /**
   * Signings in [from, to) per county — where they land or by the team that brought them in
   * (`place`, the configured attribution of 签约金额) — and a 市本级 row (what lands at the city
   * itself, or its own teams') when it has any. A manager's counties: those holding their teams,
   * and any other their teams' signings land in.
   */
  async byCounty(
    from: string,
    to: string,
    teamIds: string[] | null,
    place: 'landing' | 'team',
  ): Promise<Array<{ id: string; name: string; code: string | null; signed_amount: string; signed_projects: number }>> {
    const column = place === 'landing' ? 'm.landing_unit_id' : 'm.region_unit_id';
    return this.dataSource.query(
      `SELECT id, name, code, signed_amount, signed_projects FROM (
         SELECT c.id, c.name, c.code, 0 AS city_level, COALESCE(sum(m.signed_amount), 0)::text AS signed_amount, COALESCE(sum(m.signed_projects), 0)::int AS signed_projects
           FROM region_units c
           LEFT JOIN region_units r ON ${withinRegion('r', 'c')}
           LEFT JOIN team_month_metrics m ON ${column} = r.id AND m.month >= $1 AND m.month < $2 ${teamFilter(teamIds, 'm.team_id', 3)}
          WHERE c.level = 'county'
          GROUP BY c.id, c.name, c.code
         ${teamIds ? `HAVING bool_or(${holdsAnyTeam('c', '$3')}) OR COALESCE(sum(m.signed_projects), 0) > 0 OR COALESCE(sum(m.signed_amount), 0) <> 0` : ''}
         UNION ALL
         SELECT c.id, '市本级', c.code, 1, COALESCE(sum(m.signed_amount), 0)::text, COALESCE(sum(m.signed_projects), 0)::int
           FROM region_units c
           JOIN team_month_metrics m ON ${column} = c.id AND m.month >= $1 AND m.month < $2 ${teamFilter(teamIds, 'm.team_id', 3)}
          WHERE c.level = 'city'
          GROUP BY c.id, c.code
         HAVING sum(m.signed_projects) > 0 OR sum(m.signed_amount) <> 0
       ) rows ORDER BY city_level, code NULLS LAST, name`,
      params(teamIds, from, to),
    );
  }

  /** Signings in [from, to) per industry chain (the lead's), every chain in its sort order. */
  async byChain(from: string, to: string, teamIds: string[] | null): Promise<Array<{ id: string; name: string; signed_amount: string; signed_projects: number }>> {
    return this.dataSource.query(
      `SELECT ch.id, ch.name, COALESCE(sum(s.signed_amount), 0)::text AS signed_amount, COALESCE(sum(s.signed_projects), 0)::int AS signed_projects
         FROM industry_chains ch
         LEFT JOIN team_chain_signings s ON s.industry_chain_id = ch.id AND s.month >= $1 AND s.month < $2 ${teamFilter(teamIds, 's.team_id', 3)}
        GROUP BY ch.id, ch.name, ch.sort_order ORDER BY ch.sort_order, ch.name`,
      params(teamIds, from, to),
    );
  }
}

/** Conversion counts of a signing cohort (DashboardReadModel.conversion). */
export interface ConversionCounts {
  contracted: number;
  performing: number;
  landed: number;
  started: number;
  operating: number;
  contract_amount: string;
  funds_in_place: string;
}

/** Condition limiting `column` to the teams in parameter `$index` (nothing for an admin). */
const teamFilter = (teamIds: string[] | null, column: string, index: number): string => (teamIds ? `AND ${column} IN (SELECT * FROM unnest($${index}::uuid[]))` : '');

/** The parameters, with the team ids last when there are any. */
const params = (teamIds: string[] | null, ...p: unknown[]): unknown[] => (teamIds ? [...p, teamIds] : p);
