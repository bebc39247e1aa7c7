import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The interaction and lead views name a team as a sheet does (teamSheetNameSql: 「区域/队名」 when
 * another team bears the name), asking per row whether one does: without an index on the name
 * each row of a page read all 3,000 teams (27 ms of a member's 50-row interaction page).
 */
export class TeamsNameIndex1796603700000 implements MigrationInterface {
    name = 'TeamsNameIndex1796603700000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE INDEX \"ix_teams_name\" ON \"teams\" (\"name\") ");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_teams_name\"");
    }
}
