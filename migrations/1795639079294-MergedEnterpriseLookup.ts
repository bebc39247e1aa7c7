import { MigrationInterface, QueryRunner } from 'typeorm';

export class MergedEnterpriseLookup1795639079294 implements MigrationInterface {
    name = 'MergedEnterpriseLookup1795639079294';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE INDEX \"ix_enterprises_merged_normalized_name\" ON \"enterprises\"  (\"normalized_name\") WHERE merged_into_id IS NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_merged_credit_code\" ON \"enterprises\"  (\"credit_code\") WHERE merged_into_id IS NOT NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_merged_credit_code\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_merged_normalized_name\"");
    }
}
