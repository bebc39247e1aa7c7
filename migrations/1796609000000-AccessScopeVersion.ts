import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows decide which teams and leads a user sees (AccessRepository), and the changes that matter. */
const SCOPE_TABLES: Array<[table: string, events: string]> = [
  ['team_members', 'INSERT OR UPDATE OR DELETE'],
  ['manager_scopes', 'INSERT OR UPDATE OR DELETE'],
  ['lead_co_teams', 'INSERT OR UPDATE OF lead_id, team_id OR DELETE'],
  ['teams', 'INSERT OR UPDATE OF region_unit_id OR DELETE'],
  ['region_units', 'INSERT OR UPDATE OF path OR DELETE'],
];

/**
 * A version of "who sees what" (issue 18): one number, raised once by every transaction that
 * changes a table a scope is read from. The session check reads it with the user, so each API
 * process may keep a user's resolved lead scope under that version and answer the next request
 * from it: the board's and the lead list's scope statement (one round trip of three, 2–4 ms of
 * database time for a county manager) is asked once per change, not once per request. A change
 * committed before a request's session check is always seen.
 *
 * Deferred constraint triggers raise it at commit, once per transaction (a transaction-local
 * setting remembers it did), so the counter's row lock is taken after every other lock of the
 * transaction: it can queue commits for a moment but never close a deadlock. TRUNCATE raises it
 * at once (statement triggers; constraint triggers cannot see it).
 */
export class AccessScopeVersion1796609000000 implements MigrationInterface {
  name = 'AccessScopeVersion1796609000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "access_scope_versions" ("id" smallint PRIMARY KEY CHECK ("id" = 1), "version" bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO "access_scope_versions" ("id", "version") VALUES (1, 1)`);
    await queryRunner.query(`
CREATE FUNCTION raise_access_scope_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('crm.access_scope_raised', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('crm.access_scope_raised', txid_current()::text, true);
    UPDATE access_scope_versions SET version = version + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END
$fn$`);
    for (const [table, events] of SCOPE_TABLES) {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER "trg_${table}_access_scope" AFTER ${events} ON "${table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_access_scope_version()`,
      );
      await queryRunner.query(`CREATE TRIGGER "trg_${table}_access_scope_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION raise_access_scope_version()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of SCOPE_TABLES) {
      await queryRunner.query(`DROP TRIGGER "trg_${table}_access_scope_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "trg_${table}_access_scope" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION raise_access_scope_version()`);
    await queryRunner.query(`DROP TABLE "access_scope_versions"`);
  }
}
