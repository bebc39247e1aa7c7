import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts of committed writes per topic: the answers an API process keeps may be reused until
 * their topic's count moves (src/database/change-marks.ts). Company search's count
 * (EnterpriseSearchChanges) becomes the topic 'enterprise_search' of this one table and
 * function; 'registry' (the registry summary) and 'pipeline' (the funnel) join it (issue 18).
 *
 * The count is the sum of `changes` over the topic's rows. Each writing statement adds one: it
 * takes the topic's rows no other transaction holds (SKIP LOCKED: a writer never waits for
 * another, not even behind a long import) and puts back one row worth their sum + 1. So the sum a
 * reader sees grows by one with every committed writing statement and by nothing else, each topic
 * stays a few rows long, and a reader's snapshot pairs one sum with one state of the tables.
 */
const MARK_FUNCTION = `
CREATE FUNCTION change_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY TG_ARGV LOOP
    WITH taken AS (
      DELETE FROM change_marks c
       WHERE c.id IN (SELECT m.id FROM change_marks m WHERE m.topic = t FOR UPDATE SKIP LOCKED)
      RETURNING c.changes)
    INSERT INTO change_marks (topic, changes) SELECT t, 1 + COALESCE(sum(changes), 0) FROM taken;
  END LOOP;
  RETURN NULL;
END
$$`;

/** The columns a company search's match or a company's liveness reads (notes, tags, dates change no search's total). */
const SEARCHED_COLUMNS = 'search_text, search_grams, credit_code, pinyin_initials, pinyin_full, pinyin_grams, merged_into_id, archived_at';

/**
 * Each topic's tables: every write to them marks it (statement triggers, TRUNCATE too). The cells
 * and totals kept by trigger from these tables (project_summary_cells, lead_stage_totals …) move
 * only with them. Who sees which team is access_scope_versions' part of the answers' keys.
 */
const TOPIC_TABLES: Array<[topic: string, tables: string[]]> = [
  // The summary's cells, live starts and owners' projects, plans, reports, and its groups' names and order.
  ['registry', ['projects', 'project_year_plans', 'project_monthly_progress', 'region_units', 'industry_chains']],
  // The funnel's leads (stage, furthest stage, filters), co-pursuing teams and days spent per stage.
  ['pipeline', ['leads', 'lead_co_teams', 'lead_stage_changes']],
];

export class ChangeMarks1796615000000 implements MigrationInterface {
  name = 'ChangeMarks1796615000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "change_marks" ("id" bigserial NOT NULL, "topic" text NOT NULL, "changes" bigint NOT NULL, CONSTRAINT "pk_change_marks" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_change_marks_topic" ON "change_marks" ("topic")`);
    await queryRunner.query(`INSERT INTO "change_marks" ("topic", "changes") SELECT 'enterprise_search', 1 + COALESCE(sum("changes"), 0) FROM "enterprise_search_changes"`);
    await queryRunner.query(`INSERT INTO "change_marks" ("topic", "changes") VALUES ('registry', 1), ('pipeline', 1)`);
    await queryRunner.query(MARK_FUNCTION);

    await queryRunner.query(`DROP TRIGGER enterprise_search_mark_update ON enterprises`);
    await queryRunner.query(`DROP TRIGGER enterprise_search_mark_write ON enterprises`);
    await queryRunner.query(`DROP FUNCTION enterprise_search_mark()`);
    await queryRunner.query(`DROP TABLE "enterprise_search_changes"`);
    await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_write AFTER INSERT OR DELETE OR TRUNCATE ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION change_mark('enterprise_search')`);
    await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_update AFTER UPDATE OF ${SEARCHED_COLUMNS} ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION change_mark('enterprise_search')`);

    for (const [topic, tables] of TOPIC_TABLES) {
      for (const table of tables) {
        await queryRunner.query(`CREATE TRIGGER "${topic}_mark_${table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION change_mark('${topic}')`);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [topic, tables] of TOPIC_TABLES) {
      for (const table of tables) await queryRunner.query(`DROP TRIGGER "${topic}_mark_${table}" ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER enterprise_search_mark_update ON enterprises`);
    await queryRunner.query(`DROP TRIGGER enterprise_search_mark_write ON enterprises`);
    await queryRunner.query(`CREATE TABLE "enterprise_search_changes" ("id" bigserial NOT NULL, "changes" bigint NOT NULL, CONSTRAINT "pk_enterprise_search_changes" PRIMARY KEY ("id"))`);
    await queryRunner.query(`INSERT INTO "enterprise_search_changes" ("changes") SELECT 1 + COALESCE(sum("changes"), 0) FROM "change_marks" WHERE "topic" = 'enterprise_search'`);
    await queryRunner.query(`
CREATE FUNCTION enterprise_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH taken AS (
    DELETE FROM enterprise_search_changes c
     WHERE c.id IN (SELECT t.id FROM enterprise_search_changes t FOR UPDATE SKIP LOCKED)
    RETURNING c.changes)
  INSERT INTO enterprise_search_changes (changes) SELECT 1 + COALESCE(sum(changes), 0) FROM taken;
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_write AFTER INSERT OR DELETE OR TRUNCATE ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION enterprise_search_mark()`);
    await queryRunner.query(`CREATE TRIGGER enterprise_search_mark_update AFTER UPDATE OF ${SEARCHED_COLUMNS} ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION enterprise_search_mark()`);
    await queryRunner.query(`DROP FUNCTION change_mark()`);
    await queryRunner.query(`DROP TABLE "change_marks"`);
  }
}
