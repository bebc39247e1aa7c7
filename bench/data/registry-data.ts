import type { PoolClient } from 'pg';
import { count, Dataset, SIZE, withoutIndexes } from './common';

/**
 * SIZE.projects registry projects: every signed lead rolled up once (project + its
 * project_signings row, as the rollup job writes them), the rest entered directly (续建 and
 * new ones, 60% with a team, the others placed by county or township and kept at its county). Each gets a schedule
 * (registration, planned start, planned completion) and a lifecycle that agrees with it,
 * a year plan for every year of its construction inside the registry window (the current
 * year and SIZE.registryYears before it), and a completed-investment report for every
 * month it was being built, up to last month.
 */
export async function loadProjects(client: PoolClient, d: Dataset): Promise<string[]> {
  const firstYear = d.year - SIZE.registryYears;
  await client.query(
    `CREATE UNLOGGED TABLE bench_project AS
     WITH signed AS (
       SELECT l.id AS lead_id, s.id AS signing_id, l.enterprise_id, l.team_id, l.target_region_unit_id AS region_unit_id, l.industry_chain_id AS chain_id,
              l.title AS name, l.signed_on AS base, l.signed_amount, l.signed_on, l.owner_id
         FROM leads l JOIN signings s ON s.lead_id = l.id AND s.kind = 'initial'
        WHERE l.stage = 'signed' AND l.deleted_at IS NULL
        ORDER BY l.signed_on, l.id
        LIMIT $1
     ),
     -- A place named at county or township level; the project is kept at its county, as
     -- ProjectsService.countyOf records every entry (所在旗县区: a township counts as its county).
     units AS (
       SELECT CASE WHEN level = 'township' THEN parent_id ELSE id END AS id, (row_number() OVER (ORDER BY path) - 1)::int AS n
         FROM region_units WHERE level IN ('county', 'township')
     ),
     direct AS (
       SELECT NULL::uuid AS lead_id, NULL::uuid AS signing_id, e.id AS enterprise_id,
              CASE WHEN a.r_team < 0.6 THEN t.id END AS team_id,
              CASE WHEN a.r_team < 0.6 THEN t.county_id ELSE u.id END AS region_unit_id,
              e.chain_id, e.label || (ARRAY['年产20万吨精深加工项目', '新能源产业园项目', '技改扩能项目', '生产基地建设项目', '循环经济项目'])[1 + a.g % 5] AS name,
              (current_date - (a.r_base * 6.5 * 365)::int) AS base, 0::numeric AS signed_amount, NULL::date AS signed_on, NULL::uuid AS owner_id
         FROM (SELECT g, random() AS r_team, random() AS r_base, floor(random() * $2)::int AS ti, floor(random() * $3)::int AS ei, floor(random() * 300)::int AS ui
                 FROM generate_series(0, $1 - 1 - (SELECT count(*) FROM signed)) g) a
         JOIN bench_team t ON t.i = a.ti
         JOIN bench_enterprise e ON e.i = a.ei
         JOIN units u ON u.n = a.ui % (SELECT count(*) FROM units)
     )
     SELECT gen_random_uuid() AS id, x.*, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
       FROM (SELECT * FROM signed UNION ALL SELECT * FROM direct) x`,
    [SIZE.projects, SIZE.teams, SIZE.enterprises],
  );
  await withoutIndexes(client, ['projects', 'project_signings', 'project_year_plans', 'project_monthly_progress'], async () => {
    await client.query(
      `INSERT INTO projects (id, name, lead_id, enterprise_id, team_id, region_unit_id, industry_chain_id, total_investment, signed_amount, signed_on,
                             is_continuing, nature, level, lifecycle, registered_on, planned_start_on, started_on, planned_completion_on, completed_on,
                             expected_output_value, expected_tax, owner_user_id, created_at, updated_at)
       SELECT p.id, p.name, p.lead_id, p.enterprise_id, p.team_id, p.region_unit_id, p.chain_id, s.total, p.signed_amount, p.signed_on,
              p.lead_id IS NULL AND p.base < make_date($1, 1, 1) AND p.r6 < 0.7,
              (CASE WHEN p.r5 < 0.60 THEN 'new' WHEN p.r5 < 0.85 THEN 'expansion' WHEN p.r5 < 0.95 THEN 'renovation' ELSE 'relocation' END)::project_nature,
              (CASE WHEN p.r6 < 0.03 THEN 'region_major' WHEN p.r6 < 0.15 THEN 'city_key' WHEN p.r6 < 0.50 THEN 'county_key' ELSE 'general' END)::project_level,
              l.lifecycle::project_lifecycle,
              CASE WHEN l.lifecycle <> 'signed' AND s.registered_on <= current_date THEN s.registered_on END,
              s.planned_start, l.started_on, s.planned_completion, l.completed_on,
              round(s.total * 1.2, 2), round(s.total * 0.05, 2), p.owner_id,
              p.base + time '09:00', p.base + time '09:00'
         FROM bench_project p
         CROSS JOIN LATERAL (
           SELECT CASE WHEN p.lead_id IS NOT NULL THEN round(p.signed_amount * (1 + p.r1 * 0.5)::numeric, 2)
                       ELSE round((exp(ln(1000) + p.r1 * ln(1000)))::numeric, 2) END AS total,
                  p.base + (20 + p.r2 * 60)::int AS registered_on,
                  p.base + (60 + p.r2 * 240)::int AS planned_start,
                  p.base + (60 + p.r2 * 240)::int + (365 + p.r3 * 730)::int AS planned_completion
         ) s
         CROSS JOIN LATERAL (
           SELECT CASE WHEN s.planned_start > current_date THEN (CASE WHEN p.r4 < 0.4 THEN 'signed' WHEN p.r4 < 0.7 THEN 'registered' ELSE 'preparation' END)
                       WHEN p.r4 < 0.10 THEN 'preparation'
                       WHEN p.r4 < 0.15 THEN 'stalled'
                       WHEN s.planned_completion <= current_date - 30 AND p.r4 < 0.70 THEN 'operating'
                       ELSE 'construction' END AS lifecycle
         ) c
         CROSS JOIN LATERAL (
           SELECT c.lifecycle,
                  CASE WHEN c.lifecycle IN ('stalled', 'construction', 'operating') THEN LEAST(s.planned_start + (p.r5 * 90)::int, current_date - 1) END AS started_on,
                  CASE WHEN c.lifecycle = 'operating' THEN LEAST(s.planned_completion + (p.r5 * 60)::int, current_date - 1) END AS completed_on
         ) l`,
      [d.year],
    );
    await client.query(
      `INSERT INTO project_signings (project_id, signing_id, kind, amount, signed_on, created_at)
       SELECT p.id, p.signing_id, 'initial', p.signed_amount, p.signed_on, p.signed_on + time '10:00'
         FROM bench_project p WHERE p.signing_id IS NOT NULL`,
    );
    await client.query(
      `INSERT INTO project_year_plans (project_id, year, planned_investment)
       SELECT p.id, y, round(p.total_investment / (extract(year FROM p.planned_completion_on) - extract(year FROM p.planned_start_on) + 1) * (0.8 + random() * 0.4)::numeric, 2)
         FROM projects p
         CROSS JOIN LATERAL generate_series(GREATEST($1, extract(year FROM p.planned_start_on)::int), LEAST($2, extract(year FROM p.planned_completion_on)::int)) y`,
      [firstYear, d.year],
    );
    await client.query(
      `INSERT INTO project_monthly_progress (project_id, month, completed_investment, created_at, updated_at)
       SELECT p.id, m::date, round(COALESCE(pl.planned_investment, p.total_investment / 3) / 12 * (0.3 + random() * 1.2)::numeric, 2),
              LEAST(now(), m + interval '1 month 5 days'), LEAST(now(), m + interval '1 month 5 days')
         FROM projects p
         CROSS JOIN LATERAL generate_series(
           GREATEST(date_trunc('month', p.started_on), make_date($1, 1, 1)),
           LEAST(date_trunc('month', COALESCE(p.completed_on, CASE WHEN p.lifecycle = 'stalled' THEN p.started_on + 180 END, current_date)),
                 date_trunc('month', current_date) - interval '1 month'),
           interval '1 month') m
         LEFT JOIN project_year_plans pl ON pl.project_id = p.id AND pl.year = extract(year FROM m)
        WHERE p.started_on IS NOT NULL`,
      [firstYear],
    );
  });
  d.rows.projects = await count(client, 'projects');
  d.rows.project_signings = await count(client, 'project_signings');
  d.rows.project_year_plans = await count(client, 'project_year_plans');
  d.rows.project_monthly_progress = await count(client, 'project_monthly_progress');
  return ['projects', 'project_signings', 'project_year_plans', 'project_monthly_progress', 'bench_project'];
}

/** A team's year: what one team is asked for; a unit's target is its teams' sum (at least a fifth of one team's). */
const PER_TEAM: Array<[metric: string, value: number]> = [
  ['enterprises_contacted', 60],
  ['visits', 80],
  ['new_leads', 12],
  ['signed_projects', 2],
  ['signed_amount', 30_000],
  ['projects_registered', 1],
  ['projects_started', 1],
  ['completed_investment', 20_000],
];

/**
 * The year's targets (指标任务) of every region unit and every team, as an admin assigns
 * and splits them: a unit's parent is its parent unit's target, a team's the target of
 * its region unit (分解). One revision each, as the service keeps history.
 */
export async function loadTargets(client: PoolClient, d: Dataset): Promise<string[]> {
  const values = (scale: string) => `jsonb_build_object(${PER_TEAM.map(([m, v]) => `'${m}', round(${v} * ${scale})::text`).join(', ')})`;
  await client.query(
    `INSERT INTO targets (period_type, year, quarter, region_unit_id, values, created_by_id)
     SELECT 'year', $1, 0, u.id, ${values('GREATEST(COALESCE(n.teams, 0), 0.2)')}, (SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1)
       FROM region_units u
       LEFT JOIN (SELECT a.id::uuid AS id, count(*) AS teams
                    FROM teams t JOIN region_units r ON r.id = t.region_unit_id
                    CROSS JOIN LATERAL unnest(string_to_array(rtrim(r.path, '/'), '/')) a(id)
                   GROUP BY 1) n ON n.id = u.id`,
    [d.year],
  );
  await client.query(
    `UPDATE targets c SET parent_id = p.id
       FROM region_units r, targets p
      WHERE c.year = $1 AND c.region_unit_id = r.id AND p.region_unit_id = r.parent_id AND p.year = $1 AND p.period_type = 'year'`,
    [d.year],
  );
  await client.query(
    `INSERT INTO targets (period_type, year, quarter, team_id, parent_id, values, created_by_id)
     SELECT 'year', $1, 0, t.id, p.id, ${values('(0.7 + random() * 0.6)')}, (SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1)
       FROM teams t JOIN targets p ON p.region_unit_id = t.region_unit_id AND p.year = $1 AND p.period_type = 'year'`,
    [d.year],
  );
  await client.query(`INSERT INTO target_revisions (target_id, values, actor_id) SELECT id, values, created_by_id FROM targets WHERE year = $1`, [d.year]);
  d.rows.targets = await count(client, 'targets');
  return ['targets', 'target_revisions'];
}
