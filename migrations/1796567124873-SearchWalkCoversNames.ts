import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchWalkCoversNames1796567124873 implements MigrationInterface {
    name = 'SearchWalkCoversNames1796567124873';

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The newest-first index carries search_text, so a name search walking it reads no table rows
        // (src/enterprises/enterprise-search.ts). Same name, columns and predicate: only INCLUDE is new.
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") INCLUDE (\"search_text\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }
}
