import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionLiveIndex1796586731208 implements MigrationInterface {
    name = 'SessionLiveIndex1796586731208';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_family_id\"");
        await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_live_family\" ON \"refresh_tokens\"  (\"family_id\") WHERE revoked_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_live_family\"");
        await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_family_id\" ON \"refresh_tokens\" USING btree (\"family_id\") ");
    }
}
