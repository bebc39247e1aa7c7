import { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueOutboxNotifications1795626726746 implements MigrationInterface {
    name = 'QueueOutboxNotifications1795626726746';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"notification_deliveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"notification_id\" uuid NOT NULL, \"channel\" character varying(16) NOT NULL, \"target\" character varying(254) NOT NULL, \"status\" character varying(16) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"last_error\" text, \"delivered_at\" TIMESTAMP(3) WITH TIME ZONE, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_notification_deliveries_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_notification_deliveries\" ON \"notification_deliveries\"  (\"notification_id\", \"channel\", \"target\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"notification_kind\" AS ENUM('follow_up_due', 'follow_up_overdue', 'lead_idle', 'lead_protection_expired', 'lead_response_due', 'lead_response_overdue', 'lead_claim_filed', 'lead_claim_decided', 'weekly_digest', 'project_registered', 'project_progress_due', 'project_problem_overdue')");
        await queryRunner.query("CREATE TABLE \"notification_preferences\" (\"user_id\" uuid NOT NULL, \"kind\" \"public\".\"notification_kind\" NOT NULL, \"channels\" character varying array NOT NULL DEFAULT '{in_app}', CONSTRAINT \"pk_notification_preferences_user_id_kind\" PRIMARY KEY (\"user_id\", \"kind\"))");
        await queryRunner.query("CREATE TABLE \"notifications\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid, \"team_id\" uuid, \"recipient_key\" character varying(40) NOT NULL, \"kind\" \"public\".\"notification_kind\" NOT NULL, \"title\" character varying(200) NOT NULL, \"body\" text NOT NULL, \"link_type\" character varying(32), \"link_id\" uuid, \"dedupe_key\" character varying(200) NOT NULL, \"read_at\" TIMESTAMP(3) WITH TIME ZONE, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_notifications_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_notifications_unread\" ON \"notifications\"  (\"user_id\") WHERE read_at IS NULL AND user_id IS NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_notifications_user_created\" ON \"notifications\"  (\"user_id\", \"created_at\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_notifications_dedupe\" ON \"notifications\"  (\"recipient_key\", \"dedupe_key\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"webhook_format\" AS ENUM('json', 'wecom', 'dingtalk')");
        await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid, \"team_id\" uuid, \"url\" character varying(500) NOT NULL, \"format\" \"public\".\"webhook_format\" NOT NULL DEFAULT 'json', \"secret\" character varying(128) NOT NULL, \"is_active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_webhook_endpoints_owner\" CHECK ((user_id IS NULL) <> (team_id IS NULL)), CONSTRAINT \"pk_webhook_endpoints_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_webhook_endpoints_user_id\" ON \"webhook_endpoints\"  (\"user_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_webhook_endpoints_team_id\" ON \"webhook_endpoints\"  (\"team_id\") ");
        await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"op\" character varying(8) NOT NULL DEFAULT 'add', \"job_name\" character varying(64) NOT NULL, \"job_id\" character varying(200) NOT NULL, \"payload\" jsonb NOT NULL DEFAULT '{}', \"run_at\" TIMESTAMP(3) WITH TIME ZONE, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"published_at\" TIMESTAMP(3) WITH TIME ZONE, \"attempts\" integer NOT NULL DEFAULT '0', \"last_error\" text, CONSTRAINT \"pk_outbox_messages_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_outbox_messages_pending\" ON \"outbox_messages\"  (\"id\") WHERE published_at IS NULL");
        await queryRunner.query("ALTER TABLE \"interactions\" ADD \"follow_up_version\" integer NOT NULL DEFAULT '0'");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"interactions\" DROP COLUMN \"follow_up_version\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_outbox_messages_pending\"");
        await queryRunner.query("DROP TABLE \"outbox_messages\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_webhook_endpoints_team_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_webhook_endpoints_user_id\"");
        await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
        await queryRunner.query("DROP TYPE \"public\".\"webhook_format\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_notifications_dedupe\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_user_created\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_unread\"");
        await queryRunner.query("DROP TABLE \"notifications\"");
        await queryRunner.query("DROP TABLE \"notification_preferences\"");
        await queryRunner.query("DROP TYPE \"public\".\"notification_kind\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_notification_deliveries\"");
        await queryRunner.query("DROP TABLE \"notification_deliveries\"");
    }
}
