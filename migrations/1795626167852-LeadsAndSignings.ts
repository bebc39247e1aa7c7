import { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadsAndSignings1795626167852 implements MigrationInterface {
    name = 'LeadsAndSignings1795626167852';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"lead_source\" AS ENUM('door_to_door', 'business_referral', 'resident_office', 'agency', 'online', 'exhibition', 'other')");
        await queryRunner.query("CREATE TYPE \"public\".\"lead_stage\" AS ENUM('lead', 'contacted', 'site_visit', 'negotiating', 'signed', 'on_hold', 'lost')");
        await queryRunner.query("CREATE TABLE \"leads\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"title\" character varying(200) NOT NULL, \"enterprise_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"owner_id\" uuid NOT NULL, \"industry_chain_id\" uuid NOT NULL, \"target_region_unit_id\" uuid, \"source_region_id\" uuid, \"intended_amount\" numeric(18,4) NOT NULL DEFAULT '0', \"expected_sign_date\" date, \"source\" \"public\".\"lead_source\" NOT NULL, \"is_anchor\" boolean NOT NULL DEFAULT false, \"stage\" \"public\".\"lead_stage\" NOT NULL DEFAULT 'lead', \"stage_entered_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"furthest_stage_ordinal\" smallint NOT NULL DEFAULT '0', \"side_state_reason\" character varying(500), \"signed_on\" date, \"signed_amount\" numeric(18,4) NOT NULL DEFAULT '0', \"notes\" character varying(2000), \"version\" integer NOT NULL DEFAULT '1', \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"deleted_at\" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT \"ck_leads_intended_amount\" CHECK (intended_amount >= 0), CONSTRAINT \"pk_leads_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_leads_owner_id\" ON \"leads\"  (\"owner_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_leads_target_region_unit_id\" ON \"leads\"  (\"target_region_unit_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_leads_created_at\" ON \"leads\"  (\"created_at\") ");
        await queryRunner.query("CREATE INDEX \"ix_leads_collision\" ON \"leads\"  (\"enterprise_id\", \"industry_chain_id\") WHERE stage <> 'lost' AND deleted_at IS NULL");
        await queryRunner.query("CREATE INDEX \"ix_leads_team_stage\" ON \"leads\"  (\"team_id\", \"stage\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"lead_claim_kind\" AS ENUM('co_pursue', 'transfer')");
        await queryRunner.query("CREATE TYPE \"public\".\"lead_claim_status\" AS ENUM('pending', 'approved', 'rejected', 'withdrawn')");
        await queryRunner.query("CREATE TABLE \"lead_claims\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"lead_id\" uuid NOT NULL, \"requesting_team_id\" uuid NOT NULL, \"requested_by_id\" uuid NOT NULL, \"kind\" \"public\".\"lead_claim_kind\" NOT NULL, \"reason\" character varying(1000) NOT NULL, \"status\" \"public\".\"lead_claim_status\" NOT NULL DEFAULT 'pending', \"decided_by_id\" uuid, \"decided_at\" TIMESTAMP(3) WITH TIME ZONE, \"decision_note\" character varying(1000), \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_lead_claims_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_lead_claims_requesting_team_id\" ON \"lead_claims\"  (\"requesting_team_id\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_lead_claims_pending\" ON \"lead_claims\"  (\"lead_id\", \"requesting_team_id\") WHERE status = 'pending'");
        await queryRunner.query("CREATE TABLE \"lead_co_teams\" (\"lead_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_lead_co_teams_lead_id_team_id\" PRIMARY KEY (\"lead_id\", \"team_id\"))");
        await queryRunner.query("CREATE INDEX \"ix_lead_co_teams_team_id\" ON \"lead_co_teams\"  (\"team_id\") ");
        await queryRunner.query("CREATE TABLE \"lead_stage_changes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"lead_id\" uuid NOT NULL, \"from_stage\" \"public\".\"lead_stage\", \"to_stage\" \"public\".\"lead_stage\" NOT NULL, \"reason\" character varying(500), \"days_in_from_stage\" numeric(10,3), \"actor_id\" uuid, \"at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_lead_stage_changes_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_lead_stage_changes_lead_at\" ON \"lead_stage_changes\"  (\"lead_id\", \"at\") ");
        await queryRunner.query("CREATE TABLE \"signing_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"held_on\" date NOT NULL, \"is_online\" boolean NOT NULL DEFAULT false, \"location\" character varying(200), \"description\" character varying(2000), \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_signing_events_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE TYPE \"public\".\"signing_kind\" AS ENUM('initial', 'supplement')");
        await queryRunner.query("CREATE TYPE \"public\".\"agreement_type\" AS ENUM('framework', 'investment', 'formal_contract')");
        await queryRunner.query("CREATE TABLE \"signings\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"lead_id\" uuid NOT NULL, \"kind\" \"public\".\"signing_kind\" NOT NULL, \"agreement_type\" \"public\".\"agreement_type\" NOT NULL, \"amount\" numeric(18,4) NOT NULL, \"signed_on\" date NOT NULL, \"parties\" character varying(500), \"signing_event_id\" uuid, \"team_id\" uuid NOT NULL, \"notes\" character varying(2000), \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_signings_amount\" CHECK (amount > 0), CONSTRAINT \"pk_signings_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_signings_signed_on\" ON \"signings\"  (\"signed_on\") ");
        await queryRunner.query("CREATE INDEX \"ix_signings_signing_event_id\" ON \"signings\"  (\"signing_event_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_signings_lead_id\" ON \"signings\"  (\"lead_id\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_signings_initial\" ON \"signings\"  (\"lead_id\") WHERE kind = 'initial'");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_enterprise_id\" FOREIGN KEY (\"enterprise_id\") REFERENCES \"enterprises\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_owner_id\" FOREIGN KEY (\"owner_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_target_region_unit_id\" FOREIGN KEY (\"target_region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_source_region_id\" FOREIGN KEY (\"source_region_id\") REFERENCES \"source_regions\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"lead_claims\" ADD CONSTRAINT \"fk_lead_claims_lead_id\" FOREIGN KEY (\"lead_id\") REFERENCES \"leads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"lead_claims\" ADD CONSTRAINT \"fk_lead_claims_requesting_team_id\" FOREIGN KEY (\"requesting_team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" ADD CONSTRAINT \"fk_lead_co_teams_lead_id\" FOREIGN KEY (\"lead_id\") REFERENCES \"leads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" ADD CONSTRAINT \"fk_lead_co_teams_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"lead_stage_changes\" ADD CONSTRAINT \"fk_lead_stage_changes_lead_id\" FOREIGN KEY (\"lead_id\") REFERENCES \"leads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"signings\" ADD CONSTRAINT \"fk_signings_lead_id\" FOREIGN KEY (\"lead_id\") REFERENCES \"leads\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"signings\" ADD CONSTRAINT \"fk_signings_signing_event_id\" FOREIGN KEY (\"signing_event_id\") REFERENCES \"signing_events\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"signings\" DROP CONSTRAINT \"fk_signings_signing_event_id\"");
        await queryRunner.query("ALTER TABLE \"signings\" DROP CONSTRAINT \"fk_signings_lead_id\"");
        await queryRunner.query("ALTER TABLE \"lead_stage_changes\" DROP CONSTRAINT \"fk_lead_stage_changes_lead_id\"");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" DROP CONSTRAINT \"fk_lead_co_teams_team_id\"");
        await queryRunner.query("ALTER TABLE \"lead_co_teams\" DROP CONSTRAINT \"fk_lead_co_teams_lead_id\"");
        await queryRunner.query("ALTER TABLE \"lead_claims\" DROP CONSTRAINT \"fk_lead_claims_requesting_team_id\"");
        await queryRunner.query("ALTER TABLE \"lead_claims\" DROP CONSTRAINT \"fk_lead_claims_lead_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_source_region_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_target_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_industry_chain_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_owner_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_team_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_enterprise_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_signings_initial\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_lead_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_signing_event_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_signings_signed_on\"");
        await queryRunner.query("DROP TABLE \"signings\"");
        await queryRunner.query("DROP TYPE \"public\".\"agreement_type\"");
        await queryRunner.query("DROP TYPE \"public\".\"signing_kind\"");
        await queryRunner.query("DROP TABLE \"signing_events\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_lead_stage_changes_lead_at\"");
        await queryRunner.query("DROP TABLE \"lead_stage_changes\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_lead_co_teams_team_id\"");
        await queryRunner.query("DROP TABLE \"lead_co_teams\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_lead_claims_pending\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_lead_claims_requesting_team_id\"");
        await queryRunner.query("DROP TABLE \"lead_claims\"");
        await queryRunner.query("DROP TYPE \"public\".\"lead_claim_status\"");
        await queryRunner.query("DROP TYPE \"public\".\"lead_claim_kind\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_team_stage\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_collision\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_created_at\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_target_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_owner_id\"");
        await queryRunner.query("DROP TABLE \"leads\"");
        await queryRunner.query("DROP TYPE \"public\".\"lead_source\"");
        // Shared by leads and lead_stage_changes: dropped after both tables.
        await queryRunner.query("DROP TYPE \"public\".\"lead_stage\"");
    }
}
