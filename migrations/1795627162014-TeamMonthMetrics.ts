import { MigrationInterface, QueryRunner } from 'typeorm';

// The counting rules as they stood when this migration was written, copied from
// src/metrics/counting-rules.sql.ts (commit 32e3c88): a migration must not change once
// applied, so it never imports the live rules.
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
  SELECT team_id, NULL, date_trunc('month', signed_on)::date, 'signed_projects', 1 FROM signings WHERE kind = 'initial'
  UNION ALL
  SELECT team_id, NULL, date_trunc('month', signed_on)::date, 'signed_amount', amount FROM signings
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

/**
 * The counting rules as a materialized view, refreshed concurrently by a scheduled job,
 * and the new-lead credit column it counts by.
 * A later change to the rules is a new migration that recreates the view.
 */
export class TeamMonthMetrics1795627162014 implements MigrationInterface {
    name = 'TeamMonthMetrics1795627162014';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"leads\" ADD \"registered_team_id\" uuid");
        await queryRunner.query("UPDATE \"leads\" SET \"registered_team_id\" = \"team_id\"");
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${TEAM_MONTH_METRICS_SQL}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_team_month_metrics\" ON \"team_month_metrics\" (\"team_key\", \"region_unit_id\", \"month\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_month\" ON \"team_month_metrics\" (\"month\", \"team_id\")");
        await queryRunner.query("CREATE TABLE \"metric_refreshes\" (\"id\" smallint PRIMARY KEY DEFAULT 1 CHECK (\"id\" = 1), \"refreshed_at\" timestamptz(3) NOT NULL)");
        await queryRunner.query("INSERT INTO \"metric_refreshes\" (\"refreshed_at\") VALUES (now())");
        // Indexes the view's sources need to stay fast at scale.
        await queryRunner.query("CREATE INDEX \"ix_signings_team_signed_on\" ON \"signings\" (\"team_id\", \"signed_on\")");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_team_signed_on\"");
        await queryRunner.query("DROP TABLE \"metric_refreshes\"");
        await queryRunner.query("DROP MATERIALIZED VIEW \"team_month_metrics\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"registered_team_id\"");
    }
}
