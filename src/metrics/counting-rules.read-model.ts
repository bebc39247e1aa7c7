/**
 * The counting rules, written once: every number progress, rankings and the dashboard show
 * comes from this view, per team (or, for projects entered without a team, per county) and
 * month (Beijing time).
 *
 * - 对接企业数 (enterprises_contacted): an enterprise counts for a team once a year, in the
 *   month of the team's first interaction with it that year — so quarters add up to the year.
 * - 走访次数 (visits): interactions of type visit (外出拜访) or inbound_visit (来访考察).
 * - 新增线索 (new_leads): leads by the team that registered them, in their creation month.
 * - 签约项目数 (signed_projects): first signings only, by the owning team at signing time.
 * - 签约金额 (signed_amount): first signings plus supplements' added amounts, same team rule.
 *   Both count counted signings only ({@link countedSigning}: 项目认定).
 * - 注册落地 / 开工 (projects_registered / projects_started): registry projects in the month
 *   of their registration / start date.
 * - 完成投资 (completed_investment): the monthly completed investment reported for projects.
 * - 实际到位资金 (funds_in_place): the money in place reported for projects (every source,
 *   fixed-asset or not), in the month reported, attributed like 完成投资.
 * Deleted interactions and leads never count.
 *
 * A read model: the rules count other domains' rows, so they name those tables here, once.
 */

/** The other domains' tables the counting rules read. */
export const READS = ['interactions', 'leads', 'signings', 'projects', 'project_monthly_progress', 'project_monthly_funds', 'teams'] as const;

/**
 * 项目认定: the one predicate saying whether a signing (row alias `s`) counts. A signing counts
 * once the city has approved it; where the deployment does not ask for review
 * (signingReview.required false) it is approved as it is recorded, so the rule does not depend
 * on the setting. Pending (待认定) and rejected (不予认定) signings count nowhere: not in the
 * views below, the rankings, an event's totals, the lead's signed amount or the registry.
 */
export const countedSigning = (s: string): string => `${s}.review_status = 'approved'`;

export const TEAM_MONTH_METRICS_SQL = `
WITH events AS (
  SELECT f.team_id, NULL::uuid AS project_region_id, date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
         'enterprises_contacted' AS metric, 1::numeric AS value
    FROM (SELECT team_id, enterprise_id, min(occurred_at) AS first_at
            FROM interactions WHERE deleted_at IS NULL
           GROUP BY team_id, enterprise_id, extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')) f
  UNION ALL
  SELECT team_id, NULL, date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date, 'visits', 1
    FROM interactions WHERE deleted_at IS NULL AND type IN ('visit', 'inbound_visit')
  UNION ALL
  SELECT COALESCE(registered_team_id, team_id), NULL, date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date, 'new_leads', 1
    FROM leads WHERE deleted_at IS NULL
  UNION ALL
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_projects', 1 FROM signings s WHERE s.kind = 'initial' AND ${countedSigning('s')}
  UNION ALL
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_amount', s.amount FROM signings s WHERE ${countedSigning('s')}
  UNION ALL
  SELECT team_id, CASE WHEN team_id IS NULL THEN region_unit_id END, date_trunc('month', registered_on)::date, 'projects_registered', 1
    FROM projects WHERE registered_on IS NOT NULL AND (team_id IS NOT NULL OR region_unit_id IS NOT NULL)
  UNION ALL
  SELECT team_id, CASE WHEN team_id IS NULL THEN region_unit_id END, date_trunc('month', started_on)::date, 'projects_started', 1
    FROM projects WHERE started_on IS NOT NULL AND (team_id IS NOT NULL OR region_unit_id IS NOT NULL)
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, m.month, 'completed_investment', m.completed_investment
    FROM project_monthly_progress m JOIN projects p ON p.id = m.project_id
   WHERE p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, f.month, 'funds_in_place', f.amount
    FROM project_monthly_funds f JOIN projects p ON p.id = f.project_id
   WHERE p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL
)
SELECT e.team_id,
       -- A non-null key for the unique index REFRESH … CONCURRENTLY needs.
       COALESCE(e.team_id, '00000000-0000-0000-0000-000000000000'::uuid) AS team_key,
       COALESCE(t.region_unit_id, e.project_region_id) AS region_unit_id,
       e.month,
       (count(*) FILTER (WHERE e.metric = 'enterprises_contacted'))::int AS enterprises_contacted,
       (count(*) FILTER (WHERE e.metric = 'visits'))::int AS visits,
       (count(*) FILTER (WHERE e.metric = 'new_leads'))::int AS new_leads,
       (count(*) FILTER (WHERE e.metric = 'signed_projects'))::int AS signed_projects,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'signed_amount'), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE e.metric = 'projects_registered'))::int AS projects_registered,
       (count(*) FILTER (WHERE e.metric = 'projects_started'))::int AS projects_started,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'completed_investment'), 0)::numeric(20,4) AS completed_investment,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'funds_in_place'), 0)::numeric(20,4) AS funds_in_place
  FROM events e LEFT JOIN teams t ON t.id = e.team_id
 GROUP BY e.team_id, COALESCE(t.region_unit_id, e.project_region_id), e.month`;
