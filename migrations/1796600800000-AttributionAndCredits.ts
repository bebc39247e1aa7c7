import { MigrationInterface, QueryRunner } from 'typeorm';

// The counting rules as they stand with this migration, copied from
// src/metrics/counting-rules.read-model.ts: a migration must not change once applied, so it
// never imports the live rules.
export const TEAM_MONTH_METRICS_SQL = `
WITH counted_signings AS (
  SELECT s.id, s.signed_on, s.landing_region_unit_id FROM signings s WHERE s.review_status = 'approved'
),
events AS (
  SELECT f.team_id, NULL::uuid AS project_region_id, NULL::uuid AS landing_unit_id,
         date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
         'enterprises_contacted' AS metric, 1::numeric AS value
    FROM (SELECT team_id, enterprise_id, min(occurred_at) AS first_at
            FROM interactions WHERE deleted_at IS NULL
           GROUP BY team_id, enterprise_id, extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')) f
  UNION ALL
  SELECT team_id, NULL, NULL, date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date, 'visits', 1
    FROM interactions WHERE deleted_at IS NULL AND type IN ('visit', 'inbound_visit')
  UNION ALL
  SELECT COALESCE(registered_team_id, team_id), NULL, NULL, date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date, 'new_leads', 1
    FROM leads WHERE deleted_at IS NULL
  UNION ALL
  SELECT c.team_id, NULL, s.landing_region_unit_id, date_trunc('month', s.signed_on)::date, 'signed_projects', c.projects
    FROM signing_credits c JOIN counted_signings s ON s.id = c.signing_id WHERE c.projects > 0
  UNION ALL
  SELECT c.team_id, NULL, s.landing_region_unit_id, date_trunc('month', s.signed_on)::date, 'signed_amount', c.amount
    FROM signing_credits c JOIN counted_signings s ON s.id = c.signing_id
  UNION ALL
  SELECT team_id, CASE WHEN team_id IS NULL THEN region_unit_id END, region_unit_id, date_trunc('month', registered_on)::date, 'projects_registered', 1
    FROM projects WHERE registered_on IS NOT NULL AND (team_id IS NOT NULL OR region_unit_id IS NOT NULL)
  UNION ALL
  SELECT team_id, CASE WHEN team_id IS NULL THEN region_unit_id END, region_unit_id, date_trunc('month', started_on)::date, 'projects_started', 1
    FROM projects WHERE started_on IS NOT NULL AND (team_id IS NOT NULL OR region_unit_id IS NOT NULL)
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, m.month, 'completed_investment', m.completed_investment
    FROM project_monthly_progress m JOIN projects p ON p.id = m.project_id
   WHERE p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, f.month, 'funds_in_place', f.amount
    FROM project_monthly_funds f JOIN projects p ON p.id = f.project_id
   WHERE p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL
)
SELECT e.team_id,
       -- A non-null key for the unique index REFRESH … CONCURRENTLY needs.
       COALESCE(e.team_id, '00000000-0000-0000-0000-000000000000'::uuid) AS team_key,
       COALESCE(t.region_unit_id, e.project_region_id) AS region_unit_id,
       COALESCE(e.landing_unit_id, t.region_unit_id, e.project_region_id) AS landing_unit_id,
       e.month,
       (count(*) FILTER (WHERE e.metric = 'enterprises_contacted'))::int AS enterprises_contacted,
       (count(*) FILTER (WHERE e.metric = 'visits'))::int AS visits,
       (count(*) FILTER (WHERE e.metric = 'new_leads'))::int AS new_leads,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'signed_projects'), 0)::int AS signed_projects,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'signed_amount'), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE e.metric = 'projects_registered'))::int AS projects_registered,
       (count(*) FILTER (WHERE e.metric = 'projects_started'))::int AS projects_started,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'completed_investment'), 0)::numeric(20,4) AS completed_investment,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'funds_in_place'), 0)::numeric(20,4) AS funds_in_place
  FROM events e LEFT JOIN teams t ON t.id = e.team_id
 GROUP BY e.team_id, COALESCE(t.region_unit_id, e.project_region_id), COALESCE(e.landing_unit_id, t.region_unit_id, e.project_region_id), e.month`;

export const UNIT_MONTH_CONTACTS_SQL = `
SELECT f.unit_id, f.home_only, date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
       count(*)::int AS enterprises_contacted
  FROM (
SELECT a.id AS unit_id, o.home_only, i.enterprise_id, min(i.occurred_at) AS first_at
  FROM interactions i
  JOIN teams t ON t.id = i.team_id
  JOIN region_units tr ON tr.id = t.region_unit_id
  JOIN region_units a ON (tr.path ~>=~ a.path AND tr.path ~<~ (a.path || '~'))
  JOIN (VALUES (false), (true)) o(home_only) ON NOT o.home_only OR a.id = tr.id
 WHERE i.deleted_at IS NULL
 GROUP BY a.id, o.home_only, i.enterprise_id, extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')) f
 GROUP BY f.unit_id, f.home_only, date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')`;

// The rules before this migration (1796600510000-FundsInPlaceCounted), for down().
const PREVIOUS_TEAM_MONTH_METRICS_SQL = `
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

// The county-level unit at or above region unit `unit` (a SQL expression), or the city unit
// for a unit directly under it or the city itself: where a project lands (落地旗县区 / 市本级).
const landingOf = (unit: string) => `(SELECT a.id FROM region_units u JOIN region_units a ON u.path LIKE a.path || '%'
   WHERE u.id = ${unit} AND a.level IN ('county', 'city') ORDER BY a.level = 'county' DESC LIMIT 1)`;

/**
 * Attribution that adds up (issue 15): signings carry their landing unit (落地旗县区 / 市本级),
 * filled for existing rows from the lead's 拟落地旗县区, else the registry project's unit, else the
 * signing team's home unit, each mapped up to its county (or the city); the signing credits
 * (signing_credits, one holder row for each existing signing) the counting rules now read;
 * agreed shares on co-pursuing teams; team_month_metrics recreated with the landing dimension;
 * unit_month_contacts counting each company once per unit.
 */
export class AttributionAndCredits1796600800000 implements MigrationInterface {
    name = 'AttributionAndCredits1796600800000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP MATERIALIZED VIEW \"team_month_metrics\"");

        await queryRunner.query("ALTER TABLE \"signings\" ADD \"landing_region_unit_id\" uuid");
        await queryRunner.query(`UPDATE "signings" s SET "landing_region_unit_id" = ${landingOf(`COALESCE(
            (SELECT l.target_region_unit_id FROM leads l WHERE l.id = s.lead_id),
            (SELECT p.region_unit_id FROM projects p WHERE p.lead_id = s.lead_id AND p.region_unit_id IS NOT NULL ORDER BY p.created_at LIMIT 1),
            (SELECT t.region_unit_id FROM teams t WHERE t.id = s.team_id))`)}`);
        await queryRunner.query("ALTER TABLE \"signings\" ALTER COLUMN \"landing_region_unit_id\" SET NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_signings_landing_region_unit_id\" ON \"signings\"  (\"landing_region_unit_id\") ");
        await queryRunner.query("ALTER TABLE \"signings\" ADD CONSTRAINT \"fk_signings_landing_region_unit_id\" FOREIGN KEY (\"landing_region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");

        await queryRunner.query("ALTER TABLE \"lead_co_teams\" ADD \"share\" numeric(5,2)");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" ADD CONSTRAINT \"ck_lead_co_teams_share\" CHECK (share IS NULL OR (share > 0 AND share < 100))");

        await queryRunner.query("CREATE TABLE \"signing_credits\" (\"signing_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"amount\" numeric(18,4) NOT NULL, \"projects\" smallint NOT NULL DEFAULT '0', CONSTRAINT \"ck_signing_credits_projects\" CHECK (projects IN (0, 1)), CONSTRAINT \"ck_signing_credits_amount\" CHECK (amount >= 0), CONSTRAINT \"pk_signing_credits_signing_id_team_id\" PRIMARY KEY (\"signing_id\", \"team_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_signing_credits_team_id\" ON \"signing_credits\"  (\"team_id\") ");
        await queryRunner.query("ALTER TABLE \"signing_credits\" ADD CONSTRAINT \"fk_signing_credits_signing_id\" FOREIGN KEY (\"signing_id\") REFERENCES \"signings\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"signing_credits\" ADD CONSTRAINT \"fk_signing_credits_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        // Every signing so far credited as before: the holder, the whole amount, the project once.
        await queryRunner.query("INSERT INTO \"signing_credits\" (\"signing_id\", \"team_id\", \"amount\", \"projects\") SELECT id, team_id, amount, CASE WHEN kind = 'initial' THEN 1 ELSE 0 END FROM \"signings\"");

        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${TEAM_MONTH_METRICS_SQL}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_team_month_metrics\" ON \"team_month_metrics\" (\"team_key\", \"region_unit_id\", \"landing_unit_id\", \"month\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_month\" ON \"team_month_metrics\" (\"month\", \"team_id\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_landing\" ON \"team_month_metrics\" (\"landing_unit_id\", \"month\")");
        await queryRunner.query(`CREATE MATERIALIZED VIEW "unit_month_contacts" AS ${UNIT_MONTH_CONTACTS_SQL}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_unit_month_contacts\" ON \"unit_month_contacts\" (\"unit_id\", \"home_only\", \"month\")");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP MATERIALIZED VIEW \"unit_month_contacts\"");
        await queryRunner.query("DROP MATERIALIZED VIEW \"team_month_metrics\"");
        await queryRunner.query("DROP TABLE \"signing_credits\"");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" DROP CONSTRAINT \"ck_lead_co_teams_share\"");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" DROP COLUMN \"share\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP CONSTRAINT \"fk_signings_landing_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_landing_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP COLUMN \"landing_region_unit_id\"");
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${PREVIOUS_TEAM_MONTH_METRICS_SQL}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_team_month_metrics\" ON \"team_month_metrics\" (\"team_key\", \"region_unit_id\", \"month\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_month\" ON \"team_month_metrics\" (\"month\", \"team_id\")");
    }
}
