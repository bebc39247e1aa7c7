import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 载体与推介项目库 (issue 19, part 3): carriers (园区/土地/标准化厂房) with exact area and price, the
 * projects the city markets (推介项目), and a lead's optional link to one of each.
 */
export class CarriersAndPromotedProjects1796630000000 implements MigrationInterface {
    name = 'CarriersAndPromotedProjects1796630000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"carrier_kind\" AS ENUM('park', 'land', 'factory')");
        await queryRunner.query("CREATE TYPE \"public\".\"area_unit\" AS ENUM('mu', 'sqm')");
        await queryRunner.query("CREATE TYPE \"public\".\"price_unit\" AS ENUM('wan_yuan_per_mu', 'yuan_per_sqm_month', 'yuan_per_sqm')");
        await queryRunner.query("CREATE TYPE \"public\".\"carrier_availability\" AS ENUM('available', 'negotiating', 'landed')");
        await queryRunner.query("CREATE TABLE \"carriers\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"kind\" \"public\".\"carrier_kind\" NOT NULL, \"name\" character varying(200) NOT NULL, \"region_unit_id\" uuid NOT NULL, \"parent_id\" uuid, \"industry_chain_id\" uuid, \"area\" numeric(18,4) NOT NULL, \"area_unit\" \"public\".\"area_unit\" NOT NULL, \"available_area\" numeric(18,4) NOT NULL, \"price\" numeric(18,4), \"price_unit\" \"public\".\"price_unit\", \"availability\" \"public\".\"carrier_availability\" NOT NULL DEFAULT 'available', \"conditions\" character varying(2000), \"address\" character varying(200), \"contact_name\" character varying(64), \"contact_phone\" character varying(32), \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_carriers_price\" CHECK (price IS NULL OR (price >= 0 AND price_unit IS NOT NULL)), CONSTRAINT \"ck_carriers_area\" CHECK (area >= 0 AND available_area >= 0 AND available_area <= area), CONSTRAINT \"pk_carriers_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_carriers_industry_chain_id\" ON \"carriers\"  (\"industry_chain_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_carriers_parent_id\" ON \"carriers\"  (\"parent_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_carriers_region_unit_id\" ON \"carriers\"  (\"region_unit_id\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"promoted_project_status\" AS ENUM('promoting', 'negotiating', 'landed')");
        await queryRunner.query("CREATE TABLE \"promoted_projects\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"industry_chain_id\" uuid NOT NULL, \"region_unit_id\" uuid NOT NULL, \"total_investment\" numeric(18,4) NOT NULL, \"expected_output_value\" numeric(18,4), \"expected_return\" character varying(500), \"description\" character varying(4000), \"contact_name\" character varying(64), \"contact_phone\" character varying(32), \"status\" \"public\".\"promoted_project_status\" NOT NULL DEFAULT 'promoting', \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_promoted_projects_total_investment\" CHECK (total_investment >= 0), CONSTRAINT \"pk_promoted_projects_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_promoted_projects_industry_chain_id\" ON \"promoted_projects\"  (\"industry_chain_id\") ");
        await queryRunner.query("CREATE INDEX \"ix_promoted_projects_region_unit_id\" ON \"promoted_projects\"  (\"region_unit_id\") ");
        await queryRunner.query("ALTER TABLE \"leads\" ADD \"carrier_id\" uuid");
        await queryRunner.query("ALTER TABLE \"leads\" ADD \"promoted_project_id\" uuid");
        await queryRunner.query("CREATE INDEX \"ix_leads_carrier_id\" ON \"leads\"  (\"carrier_id\") WHERE carrier_id IS NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_leads_promoted_project_id\" ON \"leads\"  (\"promoted_project_id\") WHERE promoted_project_id IS NOT NULL");
        await queryRunner.query("ALTER TABLE \"carriers\" ADD CONSTRAINT \"fk_carriers_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"carriers\" ADD CONSTRAINT \"fk_carriers_parent_id\" FOREIGN KEY (\"parent_id\") REFERENCES \"carriers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"carriers\" ADD CONSTRAINT \"fk_carriers_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"promoted_projects\" ADD CONSTRAINT \"fk_promoted_projects_industry_chain_id\" FOREIGN KEY (\"industry_chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"promoted_projects\" ADD CONSTRAINT \"fk_promoted_projects_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_carrier_id\" FOREIGN KEY (\"carrier_id\") REFERENCES \"carriers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"fk_leads_promoted_project_id\" FOREIGN KEY (\"promoted_project_id\") REFERENCES \"promoted_projects\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_promoted_project_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"fk_leads_carrier_id\"");
        await queryRunner.query("ALTER TABLE \"promoted_projects\" DROP CONSTRAINT \"fk_promoted_projects_region_unit_id\"");
        await queryRunner.query("ALTER TABLE \"promoted_projects\" DROP CONSTRAINT \"fk_promoted_projects_industry_chain_id\"");
        await queryRunner.query("ALTER TABLE \"carriers\" DROP CONSTRAINT \"fk_carriers_industry_chain_id\"");
        await queryRunner.query("ALTER TABLE \"carriers\" DROP CONSTRAINT \"fk_carriers_parent_id\"");
        await queryRunner.query("ALTER TABLE \"carriers\" DROP CONSTRAINT \"fk_carriers_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_promoted_project_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_leads_carrier_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"promoted_project_id\"");
        await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"carrier_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_promoted_projects_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_promoted_projects_industry_chain_id\"");
        await queryRunner.query("DROP TABLE \"promoted_projects\"");
        await queryRunner.query("DROP TYPE \"public\".\"promoted_project_status\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_carriers_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_carriers_parent_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_carriers_industry_chain_id\"");
        await queryRunner.query("DROP TABLE \"carriers\"");
        await queryRunner.query("DROP TYPE \"public\".\"carrier_availability\"");
        await queryRunner.query("DROP TYPE \"public\".\"price_unit\"");
        await queryRunner.query("DROP TYPE \"public\".\"area_unit\"");
        await queryRunner.query("DROP TYPE \"public\".\"carrier_kind\"");
    }
}
