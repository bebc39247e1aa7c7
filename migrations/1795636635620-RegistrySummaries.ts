import { MigrationInterface, QueryRunner } from 'typeorm';

// The summaries as they stood when this migration was written, copied from
// src/metrics/registry-figures.sql.ts (commit 91e8200): a migration must not change once
// applied, so it never imports the live SQL.
const ZERO_TEAM = `'00000000-0000-0000-0000-000000000000'::uuid`;

const TEAM_PROJECT_FIGURES_SQL = `
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

export const TEAM_PROJECT_YEARS_SQL = `
SELECT COALESCE(q.team_id, ${ZERO_TEAM}) AS team_key, q.team_id, x.year,
       COALESCE(sum(x.planned), 0)::numeric(20,4) AS annual_plan,
       COALESCE(sum(x.completed), 0)::numeric(20,4) AS completed
  FROM (SELECT project_id, year, planned_investment AS planned, 0::numeric AS completed FROM project_year_plans
        UNION ALL
        SELECT project_id, extract(year FROM month)::int, 0, completed_investment FROM project_monthly_progress) x
  JOIN projects q ON q.id = x.project_id
 GROUP BY q.team_id, x.year`;

const TEAM_CHAIN_SIGNINGS_SQL = `
SELECT s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)::date AS month,
       COALESCE(sum(s.amount), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE s.kind = 'initial'))::int AS signed_projects
  FROM signings s JOIN leads l ON l.id = s.lead_id
 GROUP BY s.team_id, l.industry_chain_id, date_trunc('month', s.signed_on)`;

/**
 * Registry and per-chain signing summaries beside team_month_metrics, refreshed with it;
 * each has the unique index REFRESH … CONCURRENTLY needs.
 */
export class RegistrySummaries1795636635620 implements MigrationInterface {
    name = 'RegistrySummaries1795636635620';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_project_figures" AS ${TEAM_PROJECT_FIGURES_SQL}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_project_figures" ON "team_project_figures" ("team_key")');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_project_years" AS ${TEAM_PROJECT_YEARS_SQL}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_project_years" ON "team_project_years" ("team_key", "year")');
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_chain_signings" AS ${TEAM_CHAIN_SIGNINGS_SQL}`);
        await queryRunner.query('CREATE UNIQUE INDEX "ux_team_chain_signings" ON "team_chain_signings" ("team_id", "industry_chain_id", "month")');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP MATERIALIZED VIEW "team_chain_signings"');
        await queryRunner.query('DROP MATERIALIZED VIEW "team_project_years"');
        await queryRunner.query('DROP MATERIALIZED VIEW "team_project_figures"');
    }
}
