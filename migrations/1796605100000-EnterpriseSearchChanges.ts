import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A count of the committed writes that can change which companies a search matches, so a search's
 * total (科技: 41,547 of 200,000 names, 120 ms to count) is counted once and reused until the next
 * such write, in every API process alike (enterprises-search.repository.ts).
 *
 * The count is the sum of `changes`. Each writing statement adds one row: it takes the rows no
 * other transaction holds (SKIP LOCKED: a writer never waits for another, not even behind a long
 * import) and puts back one row worth their sum + 1. So the sum a reader sees grows by one with
 * every committed writing statement and by nothing else, the table stays a few rows long, and a
 * reader's snapshot pairs one sum with one state of the names.
 */
const MARK_FUNCTION = `
CREATE FUNCTION enterprise_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH taken AS (
    DELETE FROM enterprise_search_changes c
     WHERE c.id IN (SELECT t.id FROM enterprise_search_changes t FOR UPDATE SKIP LOCKED)
    RETURNING c.changes)
  INSERT INTO enterprise_search_changes (changes) SELECT 1 + COALESCE(sum(changes), 0) FROM taken;
  RETURN NULL;
END
$$`;

/** The columns a match or a company's liveness reads (notes, tags, dates change no search's total). */
const SEARCHED_COLUMNS = 'search_text, search_grams, credit_code, pinyin_initials, pinyin_full, pinyin_grams, merged_into_id, archived_at';

export class EnterpriseSearchChanges1796605100000 implements MigrationInterface {
    name = 'EnterpriseSearchChanges1796605100000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "enterprise_search_changes" ("id" bigserial NOT NULL, "changes" bigint NOT NULL, CONSTRAINT "pk_enterprise_search_changes" PRIMARY KEY ("id"))`);
        await queryRunner.query(`INSERT INTO "enterprise_search_changes" ("changes") VALUES (1)`);
        await queryRunner.query(MARK_FUNCTION);
        await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_write AFTER INSERT OR DELETE OR TRUNCATE ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION enterprise_search_mark()`);
        await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_update AFTER UPDATE OF ${SEARCHED_COLUMNS} ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION enterprise_search_mark()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER enterprise_search_mark_update ON enterprises`);
        await queryRunner.query(`DROP TRIGGER enterprise_search_mark_write ON enterprises`);
        await queryRunner.query(`DROP FUNCTION enterprise_search_mark()`);
        await queryRunner.query(`DROP TABLE "enterprise_search_changes"`);
    }
}
