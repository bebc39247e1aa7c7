import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchIndexes1795634772181 implements MigrationInterface {
    name = 'SearchIndexes1795634772181';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\"  (\"created_at\", \"id\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
        // bpchar_pattern_ops: LIKE 'prefix%' on credit_code becomes an index range under any collation.
        await queryRunner.query("CREATE INDEX \"ix_enterprises_credit_code_prefix\" ON \"enterprises\" (\"credit_code\" bpchar_pattern_ops) WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_credit_code_prefix\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
    }
}
