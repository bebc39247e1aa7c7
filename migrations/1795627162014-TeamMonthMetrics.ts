import { MigrationInterface, QueryRunner } from 'typeorm';
import { TEAM_MONTH_METRICS_SQL } from '../src/metrics/counting-rules.sql';

/**
 * The counting rules as a materialized view (see counting-rules.sql.ts), refreshed
 * concurrently by a scheduled job, and the new-lead credit column it counts by.
 * A later change to the rules is a new migration that recreates the view.
 */
export class TeamMonthMetrics1795627162014 implements MigrationInterface {
    name = 'TeamMonthMetrics1795627162014';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"leads\" ADD \"registered_team_id\" uuid");
        await queryRunner.query("UPDATE \"leads\" SET \"registered_team_id\" = \"team_id\"");
        await queryRunner.query(`CREATE MATERIALIZED VIEW "team_month_metrics" AS ${TEAM_MONTH_METRICS_SQL}`);
        await queryRunner.query("CREATE UNIQUE INDEX \"ux_team_month_metrics\" ON \"team_month_metrics\" (\"team_key\", \"region_unit_id\", \"month\")");
        await queryRunner.query("CREATE INDEX \"ix_team_month_metrics_month\" ON \"team_month_metrics\" (\"month\", \"team_id\")");
        await queryRunner.query("CREATE TABLE \"metric_refreshes\" (\"id\" smallint PRIMARY KEY DEFAULT 1 CHECK (\"id\" = 1), \"refreshed_at\" timestamptz(3) NOT NULL)");
        await queryRunner.query("INSERT INTO \"metric_refreshes\" (\"refreshed_at\") VALUES (now())");
        // Indexes the view's sources need to stay fast at scale.
        await queryRunner.query("CREATE INDEX \"ix_signings_team_signed_on\" ON \"signings\" (\"team_id\", \"signed_on\")");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_team_signed_on\"");
        await queryRunner.query("DROP TABLE \"metric_refreshes\"");
        await queryRunner.query("DROP MATERIALIZED VIEW \"team_month_metrics\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"registered_team_id\"");
    }
}
