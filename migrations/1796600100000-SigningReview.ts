import { MigrationInterface, QueryRunner } from 'typeorm';

// The views as they stand with this migration, copied from src/metrics/counting-rules.read-model.ts
// and src/metrics/registry-figures.read-model.ts (countedSigning expanded): a migration must not
// change once applied, so it never imports the live rules.
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

export const TEAM_CHAIN_SIGNINGS_SQL = `
SELECT s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)::date AS month,
       COALESCE(sum(s.amount), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE s.kind = 'initial'))::int AS signed_projects
  FROM signings s JOIN leads l ON l.id = s.lead_id
 WHERE s.review_status = 'approved'
 GROUP BY s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)`;

// The views as the earlier migrations made them (1795627162014-TeamMonthMetrics,
// 1795636635620-RegistrySummaries), for down().
const PREVIOUS_TEAM_MONTH_METRICS_SQL = TEAM_MONTH_METRICS_SQL
  .replace("FROM signings s WHERE s.kind = 'initial' AND s.review_status = 'approved'", "FROM signings s WHERE s.kind = 'initial'")
  .replace("'signed_amount', s.amount FROM signings s WHERE s.review_status = 'approved'", "'signed_amount', s.amount FROM signings s");
const PREVIOUS_TEAM_CHAIN_SIGNINGS_SQL = TEAM_CHAIN_SIGNINGS_SQL.replace("\n WHERE s.review_status = 'approved'", '');

/**
 * 项目认定 (issue 15 item 5): a signing's review status, who decided and when. Existing signings
 * are approved (the column default). A rejected first signing leaves room for the corrected one,
 * so the one-first-signing index skips rejected rows. The counting views count approved signings
 * only; the two notification kinds tell admins a signing awaits review and the team the decision.
 */
export class SigningReview1796600100000 implements MigrationInterface {
    name = 'SigningReview1796600100000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"signing_review_status\" AS ENUM('pending', 'approved', 'rejected')");
        await queryRunner.query("ALTER TABLE \"signings\" ADD \"review_status\" \"public\".\"signing_review_status\" NOT NULL DEFAULT 'approved'");
        await queryRunner.query("ALTER TABLE \"signings\" ADD \"reviewed_by_id\" uuid");
        await queryRunner.query("ALTER TABLE \"signings\" ADD \"reviewed_at\" TIMESTAMP(3) WITH TIME ZONE");
        await queryRunner.query("ALTER TABLE \"signings\" ADD \"review_note\" character varying(1000)");
        await queryRunner.query("CREATE INDEX \"ix_signings_review_pending\" ON \"signings\"  (\"created_at\") WHERE review_status = 'pending'");
        await queryRunner.query("DROP INDEX \"public\".\"uq_signings_initial\"");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_signings_initial\" ON \"signings\"  (\"lead_id\") WHERE kind = 'initial' AND review_status <> 'rejected'");
        await queryRunner.query("ALTER TYPE \"public\".\"notification_kind\" ADD VALUE 'signing_review_due'");
        await queryRunner.query("ALTER TYPE \"public\".\"notification_kind\" ADD VALUE 'signing_reviewed'");
        await this.recreateViews(queryRunner, TEAM_MONTH_METRICS_SQL, TEAM_CHAIN_SIGNINGS_SQL);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await this.recreateViews(queryRunner, PREVIOUS_TEAM_MONTH_METRICS_SQL, PREVIOUS_TEAM_CHAIN_SIGNINGS_SQL);
        // An enum value cannot be dropped: the type is rebuilt without the two kinds.
        await queryRunner.query("DELETE FROM \"notifications\" WHERE \"kind\" IN ('signing_review_due', 'signing_reviewed')");
        await queryRunner.query("DELETE FROM \"notification_preferences\" WHERE \"kind\" IN ('signing_review_due', 'signing_reviewed')");
        await queryRunner.query("ALTER TYPE \"public\".\"notification_kind\" RENAME TO \"notification_kind_old\"");
        await queryRunner.query("CREATE TYPE \"public\".\"notification_kind\" AS ENUM('follow_up_due', 'follow_up_overdue', 'lead_idle', 'lead_protection_expired', 'lead_response_due', 'lead_response_overdue', 'lead_claim_filed', 'lead_claim_decided', 'weekly_digest', 'project_registered', 'project_progress_due', 'project_problem_overdue')");
        await queryRunner.query("ALTER TABLE \"notification_preferences\" ALTER COLUMN \"kind\" TYPE \"public\".\"notification_kind\" USING \"kind\"::\"text\"::\"public\".\"notification_kind\"");
        await queryRunner.query("ALTER TABLE \"notifications\" ALTER COLUMN \"kind\" TYPE \"public\".\"notification_kind\" USING \"kind\"::\"text\"::\"public\".\"notification_kind\"");
        await queryRunner.query("DROP TYPE \"public\".\"notification_kind_old\"");
        // Under the old rule every signing counts again, pending and rejected ones too; a lead with a
        // rejected and a corrected first signing stops the old unique index: settle it by hand first.
        await queryRunner.query("DROP INDEX \"public\".\"uq_signings_initial\"");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_signings_initial\" ON \"signings\"  (\"lead_id\") WHERE kind = 'initial'");
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_review_pending\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP COLUMN \"review_note\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP COLUMN \"reviewed_at\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP COLUMN \"reviewed_by_id\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP COLUMN \"review_status\"");
        await queryRunner.query("DROP TYPE \"public\".\"signing_review_status\"");
    }

    /** Drops and recreates the two views on `signings` with their unique (REFRESH … CONCURRENTLY) and lookup indexes. */
    private async recreateViews(queryRunner: QueryRunner, teamMonthMetrics: string, teamChainSignings: string): Promise<void> {
        await queryRunner.query('DROP MATERIALIZED VIEW "team_month_metrics"');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${teamMonthMetrics}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_team_month_metrics\" ON \"team_month_metrics\" (\"team_key\", \"region_unit_id\", \"month\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_month\" ON \"team_month_metrics\" (\"month\", \"team_id\")");
        await queryRunner.query('DROP MATERIALIZED VIEW "team_chain_signings"');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_chain_signings" AS ${teamChainSignings}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_chain_signings" ON "team_chain_signings" ("team_id", "industry_chain_id", "month")');
    }
}
