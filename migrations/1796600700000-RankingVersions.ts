import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published 通报 become versioned series: a ranking records its period (also half-year, 1–N月 and
 * month ranges), 数据截至, the 序时进度 convention and its version; a correction names the version
 * it corrects, its note and what changed, and the corrected one is marked superseded.
 * Rankings published before: 序时进度 was read in days as of the publication day (or the period's
 * last day, if it had ended), unit rankings ranked counties (the default then); repeated
 * publications of one series become its versions in publication order.
 */
export class RankingVersions1796600700000 implements MigrationInterface {
    name = 'RankingVersions1796600700000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"half\" smallint NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"month\" smallint NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"range_from\" character varying(7)");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"range_to\" character varying(7)");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"series_key\" character varying(80)");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"region_level\" character varying(16)");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"data_as_of\" date");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"pace_convention\" character varying(8)");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"version\" integer NOT NULL DEFAULT '1'");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"correction_of_id\" uuid");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"correction_note\" text");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"changes\" jsonb");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"superseded_by_id\" uuid");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD \"superseded_at\" TIMESTAMP(3) WITH TIME ZONE");
        await queryRunner.query(`
            UPDATE rankings SET
              region_level = CASE WHEN level = 'unit' THEN 'county' END,
              series_key = CASE WHEN period_type = 'quarter' THEN 'quarter:' || year || ':' || quarter ELSE 'year:' || year END
                           || '|' || level || '|' || CASE WHEN level = 'unit' THEN 'county' ELSE '' END,
              pace_convention = 'days',
              data_as_of = LEAST((published_at AT TIME ZONE 'Asia/Shanghai')::date,
                                 (CASE WHEN period_type = 'quarter' THEN make_date(year, quarter * 3 - 2, 1) + interval '3 months'
                                       ELSE make_date(year + 1, 1, 1)::timestamp END)::date - 1)`);
        await queryRunner.query(`
            WITH v AS (
              SELECT id, row_number() OVER w AS version, lead(id) OVER w AS next_id, lead(published_at) OVER w AS next_at, lag(id) OVER w AS prev_id
                FROM rankings WINDOW w AS (PARTITION BY series_key ORDER BY published_at, id))
            UPDATE rankings r SET version = v.version, superseded_by_id = v.next_id, superseded_at = v.next_at, correction_of_id = v.prev_id,
                   correction_note = CASE WHEN v.prev_id IS NOT NULL THEN '同期重复发布（版本管理之前）' END
              FROM v WHERE v.id = r.id`);
        await queryRunner.query("ALTER TABLE \"rankings\" ALTER COLUMN \"series_key\" SET NOT NULL");
        await queryRunner.query("ALTER TABLE \"rankings\" ALTER COLUMN \"data_as_of\" SET NOT NULL");
        await queryRunner.query("ALTER TABLE \"rankings\" ALTER COLUMN \"pace_convention\" SET NOT NULL");
        await queryRunner.query("CREATE INDEX \"ix_rankings_correction_of_id\" ON \"rankings\"  (\"correction_of_id\") ");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_rankings_series_current\" ON \"rankings\"  (\"series_key\") WHERE superseded_by_id IS NULL");
        await queryRunner.query("CREATE UNIQUE INDEX \"uq_rankings_series_version\" ON \"rankings\"  (\"series_key\", \"version\") ");
        await queryRunner.query("ALTER TABLE \"rankings\" ADD CONSTRAINT \"fk_rankings_correction_of_id\" FOREIGN KEY (\"correction_of_id\") REFERENCES \"rankings\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE \"rankings\" DROP CONSTRAINT \"fk_rankings_correction_of_id\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_rankings_series_version\"");
        await queryRunner.query("DROP INDEX \"public\".\"uq_rankings_series_current\"");
        await queryRunner.query("DROP INDEX \"public\".\"ix_rankings_correction_of_id\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"superseded_at\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"superseded_by_id\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"changes\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"correction_note\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"correction_of_id\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"version\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"pace_convention\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"data_as_of\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"region_level\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"series_key\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"range_to\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"range_from\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"month\"");
        await queryRunner.query("ALTER TABLE \"rankings\" DROP COLUMN \"half\"");
    }
}
