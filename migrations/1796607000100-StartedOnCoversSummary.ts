import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry summary counts the starts (开工) of a month not yet over live, by started_on range
 * (ProjectsRepository.summaryFigures): with the columns it groups and scopes by in the index, that
 * count is an index-only scan, not a heap visit per project (a county summary read 1,258 buffers,
 * now 295, with 2,000 starts in the live days of the bench data set).
 */
export class StartedOnCoversSummary1796607000100 implements MigrationInterface {
    name = 'StartedOnCoversSummary1796607000100';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP INDEX "public"."ix_projects_started_on"');
        await queryRunner.query(`CREATE INDEX "ix_projects_started_on" ON "projects" ("started_on")
            INCLUDE ("region_unit_id", "industry_chain_id", "team_id", "owner_user_id", "is_continuing", "nature")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP INDEX "public"."ix_projects_started_on"');
        await queryRunner.query('CREATE INDEX "ix_projects_started_on" ON "projects" ("started_on") ');
    }
}
