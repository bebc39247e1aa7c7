import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (附件) of 对接记录 and projects: photos, contracts, licences. The bytes are in storage
 * (disk or S3); a row says whose file it is and what it is, one record per row (the CHECK).
 */
export class Attachments1796602000000 implements MigrationInterface {
    name = 'Attachments1796602000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"attachments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"interaction_id\" uuid, \"project_id\" uuid, \"file_name\" character varying(255) NOT NULL, \"content_type\" character varying(120) NOT NULL, \"size_bytes\" bigint NOT NULL, \"sha256\" character(64) NOT NULL, \"storage\" character varying(8) NOT NULL, \"storage_key\" character varying(300) NOT NULL, \"note\" character varying(200), \"uploaded_by_id\" uuid NOT NULL, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_attachments_one_record\" CHECK (num_nonnulls(interaction_id, project_id) = 1), CONSTRAINT \"pk_attachments_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_attachments_project\" ON \"attachments\"  (\"project_id\", \"created_at\") WHERE project_id IS NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_attachments_interaction\" ON \"attachments\"  (\"interaction_id\", \"created_at\") WHERE interaction_id IS NOT NULL");
        await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"fk_attachments_interaction_id\" FOREIGN KEY (\"interaction_id\") REFERENCES \"interactions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"fk_attachments_project_id\" FOREIGN KEY (\"project_id\") REFERENCES \"projects\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"fk_attachments_uploaded_by_id\" FOREIGN KEY (\"uploaded_by_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"fk_attachments_uploaded_by_id\"");
        await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"fk_attachments_project_id\"");
        await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"fk_attachments_interaction_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_attachments_interaction\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_attachments_project\"");
        await queryRunner.query("DROP TABLE \"attachments\"");
    }
}
