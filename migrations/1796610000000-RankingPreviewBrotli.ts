import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ranking previews stored brotli-compressed too (issue 18): browsers take brotli, a quarter
 * smaller than gzip on the 3,000-team preview. The table is a cache of the current figures'
 * previews: its rows are dropped rather than filled, the worker stores them again at its next refresh.
 */
export class RankingPreviewBrotli1796610000000 implements MigrationInterface {
    name = 'RankingPreviewBrotli1796610000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DELETE FROM \"ranking_previews\"");
        await queryRunner.query("ALTER TABLE \"ranking_previews\" ADD \"br\" bytea NOT NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"ranking_previews\" DROP COLUMN \"br\"");
    }
}
