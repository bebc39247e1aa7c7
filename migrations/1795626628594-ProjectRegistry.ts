import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectRegistry1795626628594 implements MigrationInterface {
    name = 'ProjectRegistry1795626628594';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"project_nature\" AS ENUM('new', 'expansion', 'renovation', 'relocation')");
        await queryRunner.query("CREATE TYPE \"public\".\"project_level\" AS ENUM('region_major', 'city_key', 'county_key', 'general')");
        await queryRunner.query("CREATE TYPE \"public\".\"project_lifecycle\" AS ENUM('signed', 'registered', 'preparation', 'construction', 'operating', 'stalled')");
        await queryRunner.query("CREATE TABLE \"projects\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"lead_id\" uuid, \"enterprise_id\" uuid, \"team_id\" uuid, \"region_unit_id\" uuid, \"industry_chain_id\" uuid, \"total_investment\" numeric(18,4) NOT NULL DEFAULT '0', \"signed_amount\" numeric(18,4) NOT NULL DEFAULT '0', \"signed_on\" date, \"is_continuing\" boolean NOT NULL DEFAULT false, \"nature\" \"public\".\"project_nature\" NOT NULL DEFAULT 'new', \"level\" \"public\".\"project_level\" NOT NULL DEFAULT 'general', \"lifecycle\" \"public\".\"project_lifecycle\" NOT NULL DEFAULT 'signed', \"registered_on\" date, \"planned_start_on\" date, \"started_on\" date, \"planned_completion_on\" date, \"completed_on\" date, \"capacity\" text, \"expected_output_value\" numeric(18,4), \"expected_tax\" numeric(18,4), \"owner_user_id\" uuid, \"notes\" character varying(2000), \"version\" integer NOT NULL DEFAULT '1', \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_projects_signed_amount\" CHECK (signed_amount >= 0), CONSTRAINT \"ck_projects_total_investment\" CHECK (total_investment >= 0), CONSTRAINT \"pk_projects_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_projects_lead_id\" ON \"projects\"  (\"lead_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_enterprise_id\" ON \"projects\"  (\"enterprise_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_owner_user_id\" ON \"projects\"  (\"owner_user_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_created_at\" ON \"projects\"  (\"created_at\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_lifecycle\" ON \"projects\"  (\"lifecycle\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_team_id\" ON \"projects\"  (\"team_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_industry_chain_id\" ON \"projects\"  (\"industry_chain_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_projects_region_chain\" ON \"projects\"  (\"region_unit_id\", \"industry_chain_id\") ");
        await queryRunner.query("CREATE TABLE \"project_monthly_progress\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"month\" date NOT NULL, \"completed_investment\" numeric(18,4) NOT NULL, \"note\" character varying(1000), \"reported_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_project_monthly_progress_project_month\" UNIQUE (\"project_id\", \"month\"), CONSTRAINT \"ck_project_monthly_progress_completed\" CHECK (completed_investment >= 0), CONSTRAINT \"ck_project_monthly_progress_month\" CHECK (EXTRACT(DAY FROM month) = 1), CONSTRAINT \"pk_project_monthly_progress_id\" PRIMARY KEY (\"id\"))");
        // Yearly and period sums read (month, project_id, completed_investment) from the index alone.
        await queryRunner.query("CREATE INDEX \"ix_project_monthly_progress_month\" ON \"project_monthly_progress\" (\"month\", \"project_id\") INCLUDE (\"completed_investment\")");
        await queryRunner.query("CREATE TYPE \"public\".\"project_node\" AS ENUM('registered', 'preparation', 'construction', 'operating')");
        await queryRunner.query("CREATE TABLE \"project_nodes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"node\" \"public\".\"project_node\" NOT NULL, \"planned_on\" date, \"done_on\" date, \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_project_nodes_project_node\" UNIQUE (\"project_id\", \"node\"), CONSTRAINT \"pk_project_nodes_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE TYPE \"public\".\"project_problem_category\" AS ENUM('land', 'energy', 'funding', 'approval', 'power', 'environment', 'other')");
        await queryRunner.query("CREATE TYPE \"public\".\"project_problem_status\" AS ENUM('open', 'in_progress', 'resolved')");
        await queryRunner.query("CREATE TABLE \"project_problems\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"category\" \"public\".\"project_problem_category\" NOT NULL, \"description\" character varying(2000) NOT NULL, \"responsible_department\" character varying(200) NOT NULL, \"due_on\" date, \"status\" \"public\".\"project_problem_status\" NOT NULL DEFAULT 'open', \"resolved_at\" TIMESTAMP(3) WITH TIME ZONE, \"resolution\" character varying(2000), \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_project_problems_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_project_problems_open_due\" ON \"project_problems\"  (\"due_on\") WHERE status <> 'resolved'");
        await queryRunner.query("CREATE INDEX \"ix_project_problems_project_id\" ON \"project_problems\"  (\"project_id\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"project_signing_kind\" AS ENUM('initial', 'supplement')");
        await queryRunner.query("CREATE TABLE \"project_signings\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"signing_id\" uuid NOT NULL, \"kind\" \"public\".\"project_signing_kind\" NOT NULL, \"amount\" numeric(18,4) NOT NULL, \"signed_on\" date NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_project_signings_amount\" CHECK (amount > 0), CONSTRAINT \"pk_project_signings_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_project_signings_project_id\" ON \"project_signings\"  (\"project_id\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_project_signings_signing_id\" ON \"project_signings\"  (\"signing_id\") ");
        await queryRunner.query("CREATE TABLE \"project_year_plans\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"year\" smallint NOT NULL, \"planned_investment\" numeric(18,4) NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_project_year_plans_project_year\" UNIQUE (\"project_id\", \"year\"), CONSTRAINT \"ck_project_year_plans_planned\" CHECK (planned_investment >= 0), CONSTRAINT \"ck_project_year_plans_year\" CHECK (year BETWEEN 2000 AND 2100), CONSTRAINT \"pk_project_year_plans_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_project_year_plans_year\" ON \"project_year_plans\"  (\"year\", \"project_id\") ");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_lead_id\" FOREIGN KEY (\"lead_id\") REFERENCES \"leads\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_enterprise_id\" FOREIGN KEY (\"enterprise_id\") REFERENCES \"enterprises\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"projects\" ADD CONSTRAINT \"fk_projects_owner_user_id\" FOREIGN KEY (\"owner_user_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_monthly_progress\" ADD CONSTRAINT \"fk_project_monthly_progress_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_monthly_progress\" ADD CONSTRAINT \"fk_project_monthly_progress_reported_by_id\" FOREIGN KEY (\"reported_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_nodes\" ADD CONSTRAINT \"fk_project_nodes_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_problems\" ADD CONSTRAINT \"fk_project_problems_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_signings\" ADD CONSTRAINT \"fk_project_signings_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_signings\" ADD CONSTRAINT \"fk_project_signings_signing_id\" FOREIGN KEY (\"signing_id\") REFERENCES \"signings\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"project_year_plans\" ADD CONSTRAINT \"fk_project_year_plans_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"project_year_plans\" DROP CONSTRAINT \"fk_project_year_plans_project_id\"");
        await queryRunner.query("ALTER TABLE \"project_signings\" DROP CONSTRAINT \"fk_project_signings_signing_id\"");
        await queryRunner.query("ALTER TABLE \"project_signings\" DROP CONSTRAINT \"fk_project_signings_project_id\"");
        await queryRunner.query("ALTER TABLE \"project_problems\" DROP CONSTRAINT \"fk_project_problems_project_id\"");
        await queryRunner.query("ALTER TABLE \"project_nodes\" DROP CONSTRAINT \"fk_project_nodes_project_id\"");
        await queryRunner.query("ALTER TABLE \"project_monthly_progress\" DROP CONSTRAINT \"fk_project_monthly_progress_reported_by_id\"");
        await queryRunner.query("ALTER TABLE \"project_monthly_progress\" DROP CONSTRAINT \"fk_project_monthly_progress_project_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_owner_user_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_industry_chain_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_team_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_enterprise_id\"");
        await queryRunner.query("ALTER TABLE \"projects\" DROP CONSTRAINT \"fk_projects_lead_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_project_year_plans_year\"");
        await queryRunner.query("DROP TABLE \"project_year_plans\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_project_signings_signing_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_project_signings_project_id\"");
        await queryRunner.query("DROP TABLE \"project_signings\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_signing_kind\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_project_problems_project_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_project_problems_open_due\"");
        await queryRunner.query("DROP TABLE \"project_problems\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_problem_status\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_problem_category\"");
        await queryRunner.query("DROP TABLE \"project_nodes\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_node\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_project_monthly_progress_month\"");
        await queryRunner.query("DROP TABLE \"project_monthly_progress\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_region_chain\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_industry_chain_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_team_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_lifecycle\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_created_at\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_owner_user_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_projects_enterprise_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_projects_lead_id\"");
        await queryRunner.query("DROP TABLE \"projects\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_lifecycle\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_level\"");
        await queryRunner.query("DROP TYPE \"public\".\"project_nature\"");
    }
}
