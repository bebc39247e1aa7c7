import { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueReconciliations1796590000000 implements MigrationInterface {
    name = 'QueueReconciliations1796590000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"queue_reconciliations\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"trigger\" character varying(32) NOT NULL, \"rollups\" integer NOT NULL, \"follow_ups\" integer NOT NULL, \"schedules\" integer NOT NULL, \"ran_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_queue_reconciliations_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_queue_reconciliations_ran_at\" ON \"queue_reconciliations\"  (\"ran_at\") ");
        await queryRunner.query("CREATE INDEX \"ix_notifications_dedupe_key\" ON \"notifications\"  (\"dedupe_key\") ");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_dedupe_key\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_queue_reconciliations_ran_at\"");
        await queryRunner.query("DROP TABLE \"queue_reconciliations\"");
    }
}
