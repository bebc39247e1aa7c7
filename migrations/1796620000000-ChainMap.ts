import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 产业链图谱 (issue 19): an industry chain's links (链节, 上游/中游/下游) and the companies placed on
 * them as 本地已有 / 已落地 / 目标企业, one placement per link and company.
 */
export class ChainMap1796620000000 implements MigrationInterface {
    name = 'ChainMap1796620000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TYPE \"public\".\"chain_segment\" AS ENUM('upstream', 'midstream', 'downstream')");
        await queryRunner.query("CREATE TABLE \"chain_links\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"chain_id\" uuid NOT NULL, \"segment\" \"public\".\"chain_segment\" NOT NULL, \"name\" character varying(64) NOT NULL, \"key_products\" character varying(1000), \"sort_order\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_chain_links_chain_name\" UNIQUE (\"chain_id\", \"name\"), CONSTRAINT \"pk_chain_links_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_chain_links_chain_order\" ON \"chain_links\"  (\"chain_id\", \"segment\", \"sort_order\") ");
        await queryRunner.query("CREATE TYPE \"public\".\"chain_placement\" AS ENUM('local', 'landed', 'target')");
        await queryRunner.query("CREATE TABLE \"chain_link_companies\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"link_id\" uuid NOT NULL, \"enterprise_id\" uuid NOT NULL, \"placement\" \"public\".\"chain_placement\" NOT NULL, \"note\" character varying(500), \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_chain_link_companies_link_enterprise\" UNIQUE (\"link_id\", \"enterprise_id\"), CONSTRAINT \"pk_chain_link_companies_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_chain_link_companies_enterprise\" ON \"chain_link_companies\"  (\"enterprise_id\") ");
        await queryRunner.query("ALTER TABLE \"chain_links\" ADD CONSTRAINT \"fk_chain_links_chain_id\" FOREIGN KEY (\"chain_id\") REFERENCES \"industry_chains\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"chain_link_companies\" ADD CONSTRAINT \"fk_chain_link_companies_link_id\" FOREIGN KEY (\"link_id\") REFERENCES \"chain_links\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"chain_link_companies\" ADD CONSTRAINT \"fk_chain_link_companies_enterprise_id\" FOREIGN KEY (\"enterprise_id\") REFERENCES \"enterprises\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"chain_link_companies\" DROP CONSTRAINT \"fk_chain_link_companies_enterprise_id\"");
        await queryRunner.query("ALTER TABLE \"chain_link_companies\" DROP CONSTRAINT \"fk_chain_link_companies_link_id\"");
        await queryRunner.query("ALTER TABLE \"chain_links\" DROP CONSTRAINT \"fk_chain_links_chain_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_chain_link_companies_enterprise\"");
        await queryRunner.query("DROP TABLE \"chain_link_companies\"");
        await queryRunner.query("DROP TYPE \"public\".\"chain_placement\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_chain_links_chain_order\"");
        await queryRunner.query("DROP TABLE \"chain_links\"");
        await queryRunner.query("DROP TYPE \"public\".\"chain_segment\"");
    }
}
