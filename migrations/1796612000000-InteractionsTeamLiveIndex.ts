import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A team's live interactions in list order (issue 18). The interaction list counts every row the
 * caller sees and pages them newest first; on (team_id, occurred_at) each of a member's ~350
 * rows was a heap visit, twice (the total and the page), only to read deleted_at and id: 700 of
 * the page's 2,200 buffers. Partial on the live rows and carrying the id, both read from the
 * index alone.
 */
export class InteractionsTeamLiveIndex1796612000000 implements MigrationInterface {
    name = 'InteractionsTeamLiveIndex1796612000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE INDEX \"ix_interactions_team_live\" ON \"interactions\" (\"team_id\", \"occurred_at\", \"id\") WHERE deleted_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_interactions_team_live\"");
    }
}
