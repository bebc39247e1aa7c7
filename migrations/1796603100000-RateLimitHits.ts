import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limits' counters in PostgreSQL, for deployments without Redis: shared by every API
 * process. UNLOGGED: no WAL for one upsert per request, and after a crash the table comes back
 * empty, which only forgives the last minute's counts.
 */
export class RateLimitHits1796603100000 implements MigrationInterface {
    name = 'RateLimitHits1796603100000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE UNLOGGED TABLE \"rate_limit_hits\" (\"key\" character varying(128) NOT NULL, \"hits\" integer NOT NULL, \"window_ends_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"blocked_until\" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT \"pk_rate_limit_hits_key\" PRIMARY KEY (\"key\"))");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP TABLE \"rate_limit_hits\"");
    }
}
