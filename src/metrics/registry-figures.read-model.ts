import { countedSigning, joinRanges, projectKeyOf, projectKeyRange, SummaryKeys, ZERO_KEY } from './counting-rules.read-model';

/**
 * Summaries of the project registry and of signings by industry chain, per owning team
 * (projects without a team under the all-zero team key), refreshed with team_month_metrics:
 * the dashboard sums a few thousand of these rows for any scope instead of scanning every
 * project and every month of reported progress for each caller.
 *
 * The conversion counts are per signing cohort (signed_month: the month of projects.signed_on,
 * null for projects entered without a signing), so a period picks the projects it signed; the
 * rates built on them are defined once in conversion-rates.ts. Of the cohort's projects:
 * 履约 (performing) = 到位资金 or 完成投资 reported above zero in some month; 落地 (landed) =
 * registered or beyond; 开工 (started) = started or beyond; 投产 (operating) = completed or
 * operating; contract_amount = their signed amounts (合同投资额); funds_in_place = every month's
 * 实际到位资金 reported for them.
 *
 * A read model over the registry (projects) and the pipeline (signings, leads).
 */

/** The other domains' tables the summaries read. */
export const READS = ['projects', 'project_monthly_progress', 'project_monthly_funds', 'project_year_plans', 'signings', 'leads'] as const;

/**
 * Rows of projects without a team are kept per unit (unit_key: the project's unit, the all-zero
 * id if none; the all-zero id on a team's rows), so a refresh recomputes one unit's of them.
 */
const unitKeyOf = (p: string) => `CASE WHEN ${p}.team_id IS NULL THEN COALESCE(${p}.region_unit_id, ${ZERO_KEY}) ELSE ${ZERO_KEY} END`;

/** A project (alias `p`) of the keys: its team's, or (no team) its unit's. */
const projectOfKeys = (p: string, k: SummaryKeys) => `(${p}.team_id = ANY(${k.teams}) OR (${p}.team_id IS NULL AND ${projectKeyOf(p)} = ANY(${k.units})))`;

/**
 * A project's progress or funds summed (`select`, over rows `x` of `from`, 'FROM <table> x'),
 * joined to project `p`: grouped for every project, or, restricted to keys (a few thousand
 * projects), per project by its index — their rows are a small part of the table.
 */
const perProject = (keys: SummaryKeys | undefined, from: string, select: string, alias: string): string =>
  keys
    ? `LEFT JOIN LATERAL (SELECT ${select} ${from} WHERE x.project_id = p.id) ${alias} ON true`
    : `LEFT JOIN (SELECT x.project_id, ${select} ${from} GROUP BY x.project_id) ${alias} ON ${alias}.project_id = p.id`;

/** team_project_figures' rows: every team's and unit's, or those of `keys` (teams, and units' projects without a team). */
export const teamProjectFiguresSql = (keys?: SummaryKeys): string => `
SELECT COALESCE(p.team_id, ${ZERO_KEY}) AS team_key, p.team_id,
       date_trunc('month', p.signed_on)::date AS signed_month,
       count(*)::int AS projects,
       COALESCE(sum(p.total_investment), 0)::numeric(20,4) AS total_investment,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL))::int AS contracted,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (pm.months_with_investment > 0 OR pf.has_funds)))::int AS performing,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.registered_on IS NOT NULL OR p.lifecycle IN ('registered', 'preparation', 'construction', 'operating'))))::int AS landed,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.started_on IS NOT NULL OR p.lifecycle IN ('construction', 'operating'))))::int AS started,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.completed_on IS NOT NULL OR p.lifecycle = 'operating')))::int AS operating,
       COALESCE(sum(p.signed_amount) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS contract_amount,
       COALESCE(sum(pf.funds) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS funds_in_place,
       ${unitKeyOf('p')} AS unit_key
  FROM projects p
  ${perProject(keys, 'FROM project_monthly_progress x', 'count(*) FILTER (WHERE x.completed_investment > 0) AS months_with_investment', 'pm')}
  ${perProject(keys, 'FROM project_monthly_funds x', 'sum(x.amount) AS funds, bool_or(x.amount > 0) AS has_funds', 'pf')}${keys ? `
 WHERE ${projectOfKeys('p', keys)}` : ''}
 GROUP BY p.team_id, ${unitKeyOf('p')}, date_trunc('month', p.signed_on)`;

export const TEAM_PROJECT_FIGURES_SQL = teamProjectFiguresSql();

/**
 * Condition: range `r` (a team's, or a unit's projects without a team) holds project `q`'s row
 * dated `at`: `at` lies in the years the range's months meet (a range ends at a year's end).
 */
const yearRange = (q: string, at: string) => `${projectKeyRange(q)} AND ${at} >= date_trunc('year', r.from_month::timestamp) AND ${at} < r.to_month`;

/**
 * Per team and calendar year: the year plans' planned investment and the investment reported
 * in the year (every row, or those of `keys`' ranges' years).
 */
export const teamProjectYearsSql = (keys?: SummaryKeys): string => `
SELECT COALESCE(x.team_id, ${ZERO_KEY}) AS team_key, x.team_id, x.year,
       COALESCE(sum(x.planned), 0)::numeric(20,4) AS annual_plan,
       COALESCE(sum(x.completed), 0)::numeric(20,4) AS completed,
       x.unit_key
  FROM (SELECT q.team_id, ${unitKeyOf('q')} AS unit_key, y.year, y.planned_investment AS planned, 0::numeric AS completed
          FROM project_year_plans y JOIN projects q ON q.id = y.project_id${joinRanges(keys, yearRange('q', 'make_date(y.year, 1, 1)'))}
        UNION ALL
        SELECT q.team_id, ${unitKeyOf('q')}, extract(year FROM m.month)::int, 0, m.completed_investment
          FROM project_monthly_progress m JOIN projects q ON q.id = m.project_id${joinRanges(keys, yearRange('q', 'm.month'))}) x
 GROUP BY x.team_id, x.unit_key, x.year`;

export const TEAM_PROJECT_YEARS_SQL = teamProjectYearsSql();

/** Counted signings (项目认定) per signing team, industry chain (the lead's) and month: amounts, and first signings counted. */
export const teamChainSigningsSql = (keys?: SummaryKeys): string => `
SELECT s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)::date AS month,
       COALESCE(sum(s.amount), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE s.kind = 'initial'))::int AS signed_projects
  FROM signings s JOIN leads l ON l.id = s.lead_id
 WHERE ${countedSigning('s')}${keys ? ` AND s.team_id = ANY(${keys.teams})` : ''}
 GROUP BY s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)`;

export const TEAM_CHAIN_SIGNINGS_SQL = teamChainSigningsSql();
