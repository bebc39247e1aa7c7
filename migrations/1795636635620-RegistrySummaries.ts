import { MigrationInterface, QueryRunner } from 'typeorm';
import { TEAM_CHAIN_SIGNINGS_SQL, TEAM_PROJECT_FIGURES_SQL, TEAM_PROJECT_YEARS_SQL } from '../src/metrics/registry-figures.sql';

/**
 * Registry and per-chain signing summaries beside team_month_metrics (registry-figures.sql.ts),
 * refreshed with it; each has the unique index REFRESH … CONCURRENTLY needs.
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
