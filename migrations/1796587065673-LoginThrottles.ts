import { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottles1796587065673 implements MigrationInterface {
    name = 'LoginThrottles1796587065673';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"login_throttle_scope\" AS ENUM('account', 'address')");
        await queryRunner.query("CREATE TABLE \"login_throttles\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"scope\" \"public\".\"login_throttle_scope\" NOT NULL, \"username\" character varying(64) NOT NULL, \"address\" character varying(64) NOT NULL, \"failures\" integer NOT NULL, \"locked_until\" TIMESTAMP(3) WITH TIME ZONE, \"last_failure_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_login_throttles_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_login_throttles_locked_until\" ON \"login_throttles\"  (\"locked_until\") ");
        await queryRunner.query("CREATE INDEX \"ix_login_throttles_last_failure_at\" ON \"login_throttles\"  (\"last_failure_at\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_login_throttles_key\" ON \"login_throttles\"  (\"scope\", \"username\", \"address\") ");
        await queryRunner.query("ALTER TABLE \"users\" DROP COLUMN \"locked_until\"");
        await queryRunner.query("ALTER TABLE \"users\" DROP COLUMN \"failed_login_count\"");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"users\" ADD \"failed_login_count\" integer NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE \"users\" ADD \"locked_until\" TIMESTAMP(3) WITH TIME ZONE");
        await queryRunner.query("DROP INDEX \"public\".\"uq_login_throttles_key\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_login_throttles_last_failure_at\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_login_throttles_locked_until\"");
        await queryRunner.query("DROP TABLE \"login_throttles\"");
        await queryRunner.query("DROP TYPE \"public\".\"login_throttle_scope\"");
    }
}
