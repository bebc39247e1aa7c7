import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795637642321 implements MigrationInterface {
    name = 'IdempotencyKeys1795637642321';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"user_id\" uuid NOT NULL, \"key\" character varying(100) NOT NULL, \"fingerprint\" character(64) NOT NULL, \"status\" smallint, \"response\" jsonb, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_idempotency_keys_user_id_key\" PRIMARY KEY (\"user_id\", \"key\"))");
        await queryRunner.query("CREATE INDEX \"ix_idempotency_keys_user_created\" ON \"idempotency_keys\"  (\"user_id\", \"created_at\") ");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_idempotency_keys_user_created\"");
        await queryRunner.query("DROP TABLE \"idempotency_keys\"");
    }
}
