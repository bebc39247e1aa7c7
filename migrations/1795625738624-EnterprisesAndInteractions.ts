import { MigrationInterface, QueryRunner } from 'typeorm';

export class EnterprisesAndInteractions1795625738624 implements MigrationInterface {
    name = 'EnterprisesAndInteractions1795625738624';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"enterprises\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"normalized_name\" character varying(200) NOT NULL, \"short_name\" character varying(64), \"credit_code\" character(18), \"credit_code_checksum_overridden\" boolean NOT NULL DEFAULT false, \"industry_chain_id\" uuid, \"hq_province\" character varying(32), \"hq_city\" character varying(32), \"tags\" character varying array NOT NULL DEFAULT '{}', \"founded_on\" date, \"notes\" text, \"search_text\" text NOT NULL DEFAULT '', \"search_grams\" text array NOT NULL DEFAULT '{}', \"merged_into_id\" uuid, \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"archived_at\" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT \"pk_enterprises_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_industry_chain_id\" ON \"enterprises\"  (\"industry_chain_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_hq_province\" ON \"enterprises\"  (\"hq_province\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_enterprises_normalized_name\" ON \"enterprises\"  (\"normalized_name\") WHERE merged_into_id IS NULL");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_enterprises_credit_code\" ON \"enterprises\"  (\"credit_code\") WHERE credit_code IS NOT NULL AND merged_into_id IS NULL");
        // Substring search over names: GIN over two-character grams (see enterprise-name.ts).
        await queryRunner.query("CREATE INDEX \"ix_enterprises_search_grams\" ON \"enterprises\" USING gin (\"search_grams\")");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_tags\" ON \"enterprises\" USING gin (\"tags\")");
        await queryRunner.query("CREATE TABLE \"enterprise_contacts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"enterprise_id\" uuid NOT NULL, \"name\" character varying(64) NOT NULL, \"title\" character varying(64), \"mobile\" character varying(11), \"landline\" character varying(24), \"email\" character varying(254), \"wechat\" character varying(64), \"notes\" character varying(500), \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"archived_at\" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT \"pk_enterprise_contacts_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_enterprise_contacts_enterprise_id\" ON \"enterprise_contacts\"  (\"enterprise_id\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"interaction_type\" AS ENUM('visit', 'inbound_visit', 'call', 'video', 'promotion_event', 'signing_ceremony')");
        await queryRunner.query("CREATE TABLE \"interactions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"enterprise_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"author_id\" uuid NOT NULL, \"type\" \"public\".\"interaction_type\" NOT NULL, \"occurred_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"location\" character varying(200), \"summary\" text NOT NULL, \"outcome\" character varying(2000), \"next_follow_up_at\" TIMESTAMP(3) WITH TIME ZONE, \"follow_up_done_at\" TIMESTAMP(3) WITH TIME ZONE, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"deleted_at\" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT \"pk_interactions_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_interactions_author_id\" ON \"interactions\"  (\"author_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_interactions_open_follow_up\" ON \"interactions\"  (\"next_follow_up_at\") WHERE next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND deleted_at IS NULL");
        await queryRunner.query("CREATE INDEX \"ix_interactions_enterprise_occurred\" ON \"interactions\"  (\"enterprise_id\", \"occurred_at\") ");
        await queryRunner.query("CREATE INDEX \"ix_interactions_team_occurred\" ON \"interactions\"  (\"team_id\", \"occurred_at\") ");
        await queryRunner.query("CREATE TABLE \"interaction_participants\" (\"interaction_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, CONSTRAINT \"pk_interaction_participants_interaction_id_user_id\" PRIMARY KEY (\"interaction_id\", \"user_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_interaction_participants_interaction_id\" ON \"interaction_participants\"  (\"interaction_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_interaction_participants_user_id\" ON \"interaction_participants\"  (\"user_id\") ");
        await queryRunner.query("CREATE TABLE \"interaction_contacts\" (\"interaction_id\" uuid NOT NULL, \"contact_id\" uuid NOT NULL, CONSTRAINT \"pk_interaction_contacts_interaction_id_contact_id\" PRIMARY KEY (\"interaction_id\", \"contact_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_interaction_contacts_interaction_id\" ON \"interaction_contacts\"  (\"interaction_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_interaction_contacts_contact_id\" ON \"interaction_contacts\"  (\"contact_id\") ");
        await queryRunner.query("ALTER TABLE \"enterprises\" ADD CONSTRAINT \"fk_enterprises_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"enterprise_contacts\" ADD CONSTRAINT \"fk_enterprise_contacts_enterprise_id\" FOREIGN KEY (\"enterprise_id\") REFERENCES \"enterprises\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"interactions\" ADD CONSTRAINT \"fk_interactions_enterprise_id\" FOREIGN KEY (\"enterprise_id\") REFERENCES \"enterprises\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"interactions\" ADD CONSTRAINT \"fk_interactions_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"interactions\" ADD CONSTRAINT \"fk_interactions_author_id\" FOREIGN KEY (\"author_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"interaction_participants\" ADD CONSTRAINT \"fk_interaction_participants_interaction_id\" FOREIGN KEY (\"interaction_id\") REFERENCES \"interactions\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"interaction_participants\" ADD CONSTRAINT \"fk_interaction_participants_user_id\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"interaction_contacts\" ADD CONSTRAINT \"fk_interaction_contacts_interaction_id\" FOREIGN KEY (\"interaction_id\") REFERENCES \"interactions\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"interaction_contacts\" ADD CONSTRAINT \"fk_interaction_contacts_contact_id\" FOREIGN KEY (\"contact_id\") REFERENCES \"enterprise_contacts\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"interaction_contacts\" DROP CONSTRAINT \"fk_interaction_contacts_contact_id\"");
        await queryRunner.query("ALTER TABLE \"interaction_contacts\" DROP CONSTRAINT \"fk_interaction_contacts_interaction_id\"");
        await queryRunner.query("ALTER TABLE \"interaction_participants\" DROP CONSTRAINT \"fk_interaction_participants_user_id\"");
        await queryRunner.query("ALTER TABLE \"interaction_participants\" DROP CONSTRAINT \"fk_interaction_participants_interaction_id\"");
        await queryRunner.query("ALTER TABLE \"interactions\" DROP CONSTRAINT \"fk_interactions_author_id\"");
        await queryRunner.query("ALTER TABLE \"interactions\" DROP CONSTRAINT \"fk_interactions_team_id\"");
        await queryRunner.query("ALTER TABLE \"interactions\" DROP CONSTRAINT \"fk_interactions_enterprise_id\"");
        await queryRunner.query("ALTER TABLE \"enterprise_contacts\" DROP CONSTRAINT \"fk_enterprise_contacts_enterprise_id\"");
        await queryRunner.query("ALTER TABLE \"enterprises\" DROP CONSTRAINT \"fk_enterprises_industry_chain_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interaction_contacts_contact_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interaction_contacts_interaction_id\"");
        await queryRunner.query("DROP TABLE \"interaction_contacts\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interaction_participants_user_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interaction_participants_interaction_id\"");
        await queryRunner.query("DROP TABLE \"interaction_participants\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interactions_team_occurred\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interactions_enterprise_occurred\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interactions_open_follow_up\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_interactions_author_id\"");
        await queryRunner.query("DROP TABLE \"interactions\"");
        await queryRunner.query("DROP TYPE \"public\".\"interaction_type\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprise_contacts_enterprise_id\"");
        await queryRunner.query("DROP TABLE \"enterprise_contacts\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_enterprises_credit_code\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_enterprises_normalized_name\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_hq_province\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_industry_chain_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_tags\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_search_grams\"");
        await queryRunner.query("DROP TABLE \"enterprises\"");
    }
}
