import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads brought in from a city's earlier spreadsheets (POST /imports/leads) keep their historical
 * registration date in created_at and the moment they entered the system in imported_at: the
 * response rules' deadlines run from the latter, so an old lead is not escalated on arrival.
 */
export class LeadImportedAt1796601100000 implements MigrationInterface {
    name = 'LeadImportedAt1796601100000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"leads\" ADD \"imported_at\" TIMESTAMP(3) WITH TIME ZONE");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"imported_at\"");
    }
}
