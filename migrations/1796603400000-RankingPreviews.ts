import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ranking previews stored for every API process (issue 18): the worker computes the preview of
 * the current figures right after each refresh, the API reads it instead of computing it again.
 */
export class RankingPreviews1796603400000 implements MigrationInterface {
    name = 'RankingPreviews1796603400000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"ranking_previews\" (\"key\" character varying(200) NOT NULL, \"version\" character varying(200) NOT NULL, \"json\" text NOT NULL, \"gzip\" bytea NOT NULL, \"computed_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_ranking_previews_key\" PRIMARY KEY (\"key\"))");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP TABLE \"ranking_previews\"");
    }
}
