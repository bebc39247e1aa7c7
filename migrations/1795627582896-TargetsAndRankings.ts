import { MigrationInterface, QueryRunner } from 'typeorm';

export class TargetsAndRankings1795627582896 implements MigrationInterface {
    name = 'TargetsAndRankings1795627582896';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"rankings\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"title\" character varying(200) NOT NULL, \"period_type\" character varying(8) NOT NULL, \"year\" smallint NOT NULL, \"quarter\" smallint NOT NULL DEFAULT '0', \"level\" character varying(8) NOT NULL, \"formula\" jsonb NOT NULL, \"rows\" jsonb NOT NULL, \"time_elapsed\" character varying(8) NOT NULL, \"as_of\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"published_by_id\" uuid, \"published_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_rankings_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_rankings_period\" ON \"rankings\"  (\"year\", \"period_type\", \"quarter\") ");
        await queryRunner.query("CREATE TABLE \"target_revisions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"target_id\" uuid NOT NULL, \"values\" jsonb NOT NULL, \"is_stretch\" boolean NOT NULL DEFAULT false, \"actor_id\" uuid, \"at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_target_revisions_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_target_revisions_target_at\" ON \"target_revisions\"  (\"target_id\", \"at\") ");
        await queryRunner.query("CREATE TABLE \"targets\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"period_type\" character varying(8) NOT NULL, \"year\" smallint NOT NULL, \"quarter\" smallint NOT NULL DEFAULT '0', \"region_unit_id\" uuid, \"team_id\" uuid, \"parent_id\" uuid, \"values\" jsonb NOT NULL, \"is_stretch\" boolean NOT NULL DEFAULT false, \"version\" integer NOT NULL DEFAULT '1', \"created_by_id\" uuid, \"created_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_targets_period\" CHECK ((period_type = 'year' AND quarter = 0) OR (period_type = 'quarter' AND quarter BETWEEN 1 AND 4)), CONSTRAINT \"ck_targets_assignee\" CHECK ((region_unit_id IS NULL) <> (team_id IS NULL)), CONSTRAINT \"pk_targets_id\" PRIMARY KEY (\"id\"))");
        await queryRunner.query("CREATE INDEX \"ix_targets_parent_id\" ON \"targets\"  (\"parent_id\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_targets_team_period\" ON \"targets\"  (\"team_id\", \"period_type\", \"year\", \"quarter\") WHERE team_id IS NOT NULL");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_targets_unit_period\" ON \"targets\"  (\"region_unit_id\", \"period_type\", \"year\", \"quarter\") WHERE region_unit_id IS NOT NULL");
        await queryRunner.query("ALTER TABLE \"targets\" ADD CONSTRAINT \"fk_targets_region_unit_id\" FOREIGN KEY (\"region_unit_id\") REFERENCES \"region_units\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"targets\" ADD CONSTRAINT \"fk_targets_team_id\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
        await queryRunner.query("ALTER TABLE \"targets\" ADD CONSTRAINT \"fk_targets_parent_id\" FOREIGN KEY (\"parent_id\") REFERENCES \"targets\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"targets\" DROP CONSTRAINT \"fk_targets_parent_id\"");
        await queryRunner.query("ALTER TABLE \"targets\" DROP CONSTRAINT \"fk_targets_team_id\"");
        await queryRunner.query("ALTER TABLE \"targets\" DROP CONSTRAINT \"fk_targets_region_unit_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_targets_unit_period\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_targets_team_period\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_targets_parent_id\"");
        await queryRunner.query("DROP TABLE \"targets\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_target_revisions_target_at\"");
        await queryRunner.query("DROP TABLE \"target_revisions\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_rankings_period\"");
        await queryRunner.query("DROP TABLE \"rankings\"");
    }
}
