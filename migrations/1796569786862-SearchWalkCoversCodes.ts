import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchWalkCoversCodes1796569786862 implements MigrationInterface {
    name = 'SearchWalkCoversCodes1796569786862';

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Every search now walks the newest companies first, a code-like one matching credit codes too:
        // the index carries credit_code beside search_text so the walk stays index-only.
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") INCLUDE (\"search_text\", \"credit_code\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") INCLUDE (\"search_text\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }
}
