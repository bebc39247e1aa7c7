/**
 * Summaries of the project registry and of signings by industry chain, per owning team
 * (projects without a team under the all-zero team key), refreshed with team_month_metrics:
 * the dashboard sums a few thousand of these rows for any scope instead of scanning every
 * project and every month of reported progress for each caller.
 *
 * Conversion (转化率) counts follow the dashboard's definitions: of the signed projects
 * (signed_on set), 履约 = some investment reported, 落地 = registered or beyond, 开工 =
 * started or beyond, 投产 = completed or operating; 资金到位 = investment reported on them.
 *
 * A read model over the registry (projects) and the pipeline (signings, leads).
 */

/** The other domains' tables the summaries read. */
export const READS = ['projects', 'project_monthly_progress', 'project_year_plans', 'signings', 'leads'] as const;

const ZERO_TEAM = `'00000000-0000-0000-0000-000000000000'::uuid`;

export const TEAM_PROJECT_FIGURES_SQL = `
SELECT COALESCE(p.team_id, ${ZERO_TEAM}) AS team_key, p.team_id,
       count(*)::int AS projects,
       COALESCE(sum(p.total_investment), 0)::numeric(20,4) AS total_investment,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL))::int AS contracted,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND pm.months_with_investment > 0))::int AS performing,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.registered_on IS NOT NULL OR p.lifecycle IN ('registered', 'preparation', 'construction', 'operating'))))::int AS landed,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.started_on IS NOT NULL OR p.lifecycle IN ('construction', 'operating'))))::int AS started,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.completed_on IS NOT NULL OR p.lifecycle = 'operating')))::int AS operating,
       COALESCE(sum(p.signed_amount) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS contract_amount,
       COALESCE(sum(pm.completed) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS funds_in_place
  FROM projects p
  LEFT JOIN (SELECT project_id, sum(completed_investment) AS completed, count(*) FILTER (WHERE completed_investment > 0) AS months_with_investment
               FROM project_monthly_progress GROUP BY project_id) pm ON pm.project_id = p.id
 GROUP BY p.team_id`;

/** Per team and calendar year: the year plans' planned investment and the investment reported in the year. */
export const TEAM_PROJECT_YEARS_SQL = `
SELECT COALESCE(q.team_id, ${ZERO_TEAM}) AS team_key, q.team_id, x.year,
       COALESCE(sum(x.planned), 0)::numeric(20,4) AS annual_plan,
       COALESCE(sum(x.completed), 0)::numeric(20,4) AS completed
  FROM (SELECT project_id, year, planned_investment AS planned, 0::numeric AS completed FROM project_year_plans
        UNION ALL
        SELECT project_id, extract(year FROM month)::int, 0, completed_investment FROM project_monthly_progress) x
  JOIN projects q ON q.id = x.project_id
 GROUP BY q.team_id, x.year`;

/** Signings per signing team, industry chain (the lead's) and month: amounts, and first signings counted. */
export const TEAM_CHAIN_SIGNINGS_SQL = `
SELECT s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)::date AS month,
       COALESCE(sum(s.amount), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE s.kind = 'initial'))::int AS signed_projects
  FROM signings s JOIN leads l ON l.id = s.lead_id
 GROUP BY s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)`;

/** Every summary view MetricsService.refresh keeps, each with the unique index REFRESH … CONCURRENTLY needs. */
export const SUMMARY_VIEWS = ['team_month_metrics', 'unit_month_contacts', 'team_project_figures', 'team_project_years', 'team_chain_signings'] as const;
