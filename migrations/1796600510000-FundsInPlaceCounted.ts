import { MigrationInterface, QueryRunner } from 'typeorm';

// The summary views as they stand with this migration (项目认定's filter of 1796600100000 included), copied from src/metrics/counting-rules.read-model.ts
// and src/metrics/registry-figures.read-model.ts (issue 15, item 3): a migration must not change
// once applied, so it never imports the live SQL. The "before" copies are for down().
const ZERO_TEAM = `'00000000-0000-0000-0000-000000000000'::uuid`;

// team_month_metrics gains funds_in_place (实际到位资金, by month reported, attributed like 完成投资).
const TEAM_MONTH_METRICS_SQL = `
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
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_projects', 1 FROM signings s WHERE s.kind = 'initial' AND s.review_status = 'approved'
  UNION ALL
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_amount', s.amount FROM signings s WHERE s.review_status = 'approved'
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

// team_project_figures gains the signing cohort (signed_month); 履约 counts 到位资金 too, and
// funds_in_place is 实际到位资金 (it was 完成投资).
export const TEAM_PROJECT_FIGURES_SQL = `
SELECT COALESCE(p.team_id, ${ZERO_TEAM}) AS team_key, p.team_id,
       date_trunc('month', p.signed_on)::date AS signed_month,
       count(*)::int AS projects,
       COALESCE(sum(p.total_investment), 0)::numeric(20,4) AS total_investment,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL))::int AS contracted,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (pm.months_with_investment > 0 OR pf.has_funds)))::int AS performing,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.registered_on IS NOT NULL OR p.lifecycle IN ('registered', 'preparation', 'construction', 'operating'))))::int AS landed,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.started_on IS NOT NULL OR p.lifecycle IN ('construction', 'operating'))))::int AS started,
       (count(*) FILTER (WHERE p.signed_on IS NOT NULL AND (p.completed_on IS NOT NULL OR p.lifecycle = 'operating')))::int AS operating,
       COALESCE(sum(p.signed_amount) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS contract_amount,
       COALESCE(sum(pf.funds) FILTER (WHERE p.signed_on IS NOT NULL), 0)::numeric(20,4) AS funds_in_place
  FROM projects p
  LEFT JOIN (SELECT project_id, count(*) FILTER (WHERE completed_investment > 0) AS months_with_investment
               FROM project_monthly_progress GROUP BY project_id) pm ON pm.project_id = p.id
  LEFT JOIN (SELECT project_id, sum(amount) AS funds, bool_or(amount > 0) AS has_funds
               FROM project_monthly_funds GROUP BY project_id) pf ON pf.project_id = p.id
 GROUP BY p.team_id, date_trunc('month', p.signed_on)`;

const TEAM_MONTH_METRICS_BEFORE_SQL = `
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
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_projects', 1 FROM signings s WHERE s.kind = 'initial' AND s.review_status = 'approved'
  UNION ALL
  SELECT s.team_id, NULL, date_trunc('month', s.signed_on)::date, 'signed_amount', s.amount FROM signings s WHERE s.review_status = 'approved'
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
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'completed_investment'), 0)::numeric(20,4) AS completed_investment
  FROM events e LEFT JOIN teams t ON t.id = e.team_id
 GROUP BY e.team_id, COALESCE(t.region_unit_id, e.project_region_id), e.month`;

const TEAM_PROJECT_FIGURES_BEFORE_SQL = `
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

/**
 * 实际到位资金 counted: team_month_metrics gets the funds_in_place indicator, and
 * team_project_figures the signing cohort the five rates (履约率, 开工率, 落地率, 投产率,
 * 资金到位率) are computed over. Both views are recreated with their indexes.
 */
export class FundsInPlaceCounted1796600510000 implements MigrationInterface {
    name = 'FundsInPlaceCounted1796600510000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await this.teamMonthMetrics(queryRunner, TEAM_MONTH_METRICS_SQL);
        await queryRunner.query('DROP MATERIALIZED VIEW "team_project_figures"');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_project_figures" AS ${TEAM_PROJECT_FIGURES_SQL}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_project_figures" ON "team_project_figures" ("team_key", "signed_month") NULLS NOT DISTINCT');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP MATERIALIZED VIEW "team_project_figures"');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_project_figures" AS ${TEAM_PROJECT_FIGURES_BEFORE_SQL}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_project_figures" ON "team_project_figures" ("team_key")');
        await this.teamMonthMetrics(queryRunner, TEAM_MONTH_METRICS_BEFORE_SQL);
    }

    private async teamMonthMetrics(queryRunner: QueryRunner, sql: string): Promise<void> {
        await queryRunner.query('DROP MATERIALIZED VIEW "team_month_metrics"');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${sql}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_month_metrics" ON "team_month_metrics" ("team_key", "region_unit_id", "month")');
        await queryRunner.query('CREATE INDEX "ix_team_month_metrics_month" ON "team_month_metrics" ("month", "team_id")');
    }
}
