import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795625306159 implements MigrationInterface {
    name = 'Init1795625306159';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"user_role\" AS ENUM('admin', 'manager', 'member')");
        await queryRunner.query("CREATE TABLE \"users\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"username\" character varying(64) NOT NULL, \"display_name\" character varying(64) NOT NULL, \"role\" \"public\".\"user_role\" NOT NULL, \"password_hash\" text NOT NULL, \"is_active\" boolean NOT NULL DEFAULT true, \"token_version\" integer NOT NULL DEFAULT '0', \"failed_login_count\" integer NOT NULL DEFAULT '0', \"locked_until\" TIMESTAMP(3) WITH TIME ZONE, \"phone\" character varying(20), \"email\" character varying(254), \"last_login_at\" TIMESTAMP(3) WITH TIME ZONE, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_users_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_users_username\" ON \"users\"  (\"username\") ");
        await queryRunner.query("CREATE TABLE \"refresh_tokens\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"family_id\" uuid NOT NULL, \"token_version\" integer NOT NULL, \"secret_hash\" bytea NOT NULL, \"expires_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"revoked_at\" TIMESTAMP(3) WITH TIME ZONE, \"replaced_by_id\" uuid, \"user_agent\" character varying(256), \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_refresh_tokens_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_user_id\" ON \"refresh_tokens\"  (\"user_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_family_id\" ON \"refresh_tokens\"  (\"family_id\") ");
        await queryRunner.query("CREATE TABLE \"audit_log\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"actor_id\" uuid, \"actor_name\" character varying(64), \"action\" character varying(32) NOT NULL, \"entity\" character varying(64) NOT NULL, \"entity_id\" character varying(64) NOT NULL, \"changes\" jsonb NOT NULL DEFAULT '{}', \"request_id\" character varying(64), \"at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_audit_log_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_audit_log_at\" ON \"audit_log\"  (\"at\") ");
        await queryRunner.query("CREATE INDEX \"ix_audit_log_actor_at\" ON \"audit_log\"  (\"actor_id\", \"at\") ");
        await queryRunner.query("CREATE INDEX \"ix_audit_log_entity\" ON \"audit_log\"  (\"entity\", \"entity_id\") ");
        await queryRunner.query("CREATE TABLE \"industry_chains\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(64) NOT NULL, \"description\" character varying(500), \"sort_order\" integer NOT NULL DEFAULT '0', \"is_active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_industry_chains_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"ix_industry_chains_name\" ON \"industry_chains\"  (\"name\") ");
        await queryRunner.query("CREATE TABLE \"source_regions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(64) NOT NULL, \"description\" character varying(500), \"sort_order\" integer NOT NULL DEFAULT '0', \"is_active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"is_primary\" boolean NOT NULL DEFAULT false, CONSTRAINT \"pk_source_regions_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"ix_source_regions_name\" ON \"source_regions\"  (\"name\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"region_level\" AS ENUM('city', 'county', 'township', 'village')");
        await queryRunner.query("CREATE TABLE \"region_units\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(64) NOT NULL, \"level\" \"public\".\"region_level\" NOT NULL, \"code\" character varying(12), \"parent_id\" uuid, \"path\" text NOT NULL, \"sort_order\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_region_units_parent_name\" UNIQUE (\"parent_id\", \"name\"), CONSTRAINT \"ck_region_units_code\" CHECK (code IS NULL OR code ~ '^[0-9]{6,12}$'), CONSTRAINT \"pk_region_units_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_region_units_code\" ON \"region_units\"  (\"code\") WHERE code IS NOT NULL");
        // Subtree lookups are `path LIKE 'prefix%'`: text_pattern_ops lets them use the index in any collation.
        await queryRunner.query("CREATE INDEX \"ix_region_units_path\" ON \"region_units\" (\"path\" text_pattern_ops)");
        await queryRunner.query("CREATE INDEX \"ix_region_units_parent_id\" ON \"region_units\"  (\"parent_id\") ");
        await queryRunner.query("CREATE TABLE \"teams\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(64) NOT NULL, \"region_unit_id\" uuid NOT NULL, \"leader_id\" uuid, \"description\" character varying(500), \"is_archived\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_teams_region_name\" UNIQUE (\"region_unit_id\", \"name\"), CONSTRAINT \"pk_teams_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_teams_region_unit_id\" ON \"teams\"  (\"region_unit_id\") ");
        await queryRunner.query("CREATE TABLE \"manager_scopes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"region_unit_id\" uuid, \"team_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_manager_scopes_one_target\" CHECK ((region_unit_id IS NULL) <> (team_id IS NULL)), CONSTRAINT \"pk_manager_scopes_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_manager_scopes_team\" ON \"manager_scopes\"  (\"user_id\", \"team_id\") WHERE team_id IS NOT NULL");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_manager_scopes_region\" ON \"manager_scopes\"  (\"user_id\", \"region_unit_id\") WHERE region_unit_id IS NOT NULL");
        await queryRunner.query("CREATE TABLE \"team_members\" (\"team_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"joined_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_team_members_team_id_user_id\" PRIMARY KEY (\"team_id\", \"user_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_team_members_user_id\" ON \"team_members\"  (\"user_id\") ");
        await queryRunner.query("CREATE TABLE \"team_focus_chains\" (\"team_id\" uuid NOT NULL, \"industry_chain_id\" uuid NOT NULL, CONSTRAINT \"pk_team_focus_chains_team_id_industry_chain_id\" PRIMARY KEY (\"team_id\", \"industry_chain_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_team_focus_chains_team_id\" ON \"team_focus_chains\"  (\"team_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_team_focus_chains_industry_chain_id\" ON \"team_focus_chains\"  (\"industry_chain_id\") ");
        await queryRunner.query("CREATE TABLE \"team_focus_source_regions\" (\"team_id\" uuid NOT NULL, \"source_region_id\" uuid NOT NULL, CONSTRAINT \"pk_team_focus_source_regions_team_id_source_region_id\" PRIMARY KEY (\"team_id\", \"source_region_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_team_focus_source_regions_team_id\" ON \"team_focus_source_regions\"  (\"team_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_team_focus_source_regions_source_region_id\" ON \"team_focus_source_regions\"  (\"source_region_id\") ");
        await queryRunner.query("ALTER TABLE \"refresh_tokens\" ADD CONSTRAINT \"fk_refresh_tokens_user_id\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"region_units\" ADD CONSTRAINT \"fk_region_units_parent_id\" FOREIGN KEY (\"parent_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"teams\" ADD CONSTRAINT \"fk_teams_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"teams\" ADD CONSTRAINT \"fk_teams_leader_id\" FOREIGN KEY (\"leader_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" ADD CONSTRAINT \"fk_manager_scopes_user_id\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" ADD CONSTRAINT \"fk_manager_scopes_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" ADD CONSTRAINT \"fk_manager_scopes_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"team_members\" ADD CONSTRAINT \"fk_team_members_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"team_members\" ADD CONSTRAINT \"fk_team_members_user_id\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"team_focus_chains\" ADD CONSTRAINT \"fk_team_focus_chains_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"team_focus_chains\" ADD CONSTRAINT \"fk_team_focus_chains_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"team_focus_source_regions\" ADD CONSTRAINT \"fk_team_focus_source_regions_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
        await queryRunner.query("ALTER TABLE \"team_focus_source_regions\" ADD CONSTRAINT \"fk_team_focus_source_regions_source_region_id\" FOREIGN KEY (\"source_region_id\") REFERENCES \"source_regions\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"team_focus_source_regions\" DROP CONSTRAINT \"fk_team_focus_source_regions_source_region_id\"");
        await queryRunner.query("ALTER TABLE \"team_focus_source_regions\" DROP CONSTRAINT \"fk_team_focus_source_regions_team_id\"");
        await queryRunner.query("ALTER TABLE \"team_focus_chains\" DROP CONSTRAINT \"fk_team_focus_chains_industry_chain_id\"");
        await queryRunner.query("ALTER TABLE \"team_focus_chains\" DROP CONSTRAINT \"fk_team_focus_chains_team_id\"");
        await queryRunner.query("ALTER TABLE \"team_members\" DROP CONSTRAINT \"fk_team_members_user_id\"");
        await queryRunner.query("ALTER TABLE \"team_members\" DROP CONSTRAINT \"fk_team_members_team_id\"");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" DROP CONSTRAINT \"fk_manager_scopes_team_id\"");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" DROP CONSTRAINT \"fk_manager_scopes_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"manager_scopes\" DROP CONSTRAINT \"fk_manager_scopes_user_id\"");
        await queryRunner.query("ALTER TABLE \"teams\" DROP CONSTRAINT \"fk_teams_leader_id\"");
        await queryRunner.query("ALTER TABLE \"teams\" DROP CONSTRAINT \"fk_teams_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"region_units\" DROP CONSTRAINT \"fk_region_units_parent_id\"");
        await queryRunner.query("ALTER TABLE \"refresh_tokens\" DROP CONSTRAINT \"fk_refresh_tokens_user_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_team_focus_source_regions_source_region_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_team_focus_source_regions_team_id\"");
        await queryRunner.query("DROP TABLE \"team_focus_source_regions\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_team_focus_chains_industry_chain_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_team_focus_chains_team_id\"");
        await queryRunner.query("DROP TABLE \"team_focus_chains\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_team_members_user_id\"");
        await queryRunner.query("DROP TABLE \"team_members\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_manager_scopes_region\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_manager_scopes_team\"");
        await queryRunner.query("DROP TABLE \"manager_scopes\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_teams_region_unit_id\"");
        await queryRunner.query("DROP TABLE \"teams\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_region_units_path\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_region_units_parent_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_region_units_code\"");
        await queryRunner.query("DROP TABLE \"region_units\"");
        await queryRunner.query("DROP TYPE \"public\".\"region_level\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_source_regions_name\"");
        await queryRunner.query("DROP TABLE \"source_regions\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_industry_chains_name\"");
        await queryRunner.query("DROP TABLE \"industry_chains\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_entity\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_actor_at\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_at\"");
        await queryRunner.query("DROP TABLE \"audit_log\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_family_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_user_id\"");
        await queryRunner.query("DROP TABLE \"refresh_tokens\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_users_username\"");
        await queryRunner.query("DROP TABLE \"users\"");
        await queryRunner.query("DROP TYPE \"public\".\"user_role\"");
    }
}
