import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funnel's medians of days spent per stage, kept as histograms of whole days per owning team
 * (and the whole city under the all-zero key), per region unit, in the writing transaction — the
 * way lead_stage_totals keeps the board's counts. A change counts while its lead is live, under
 * the lead's current team: a change recorded, corrected or deleted moves one bucket; a lead
 * reassigned, deleted or restored carries all its changes. The funnel finds the bucket holding a
 * median by cumulative counts, then reads that bucket's exact values (index on from_stage, days),
 * so the median is exactly percentile_cont's over the scope without sorting every change in it.
 */
const ADD_FUNCTION = `
CREATE FUNCTION lead_stage_day_counts_add(p_team uuid, p_stage lead_stage, p_day int, p_changes int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO lead_stage_day_counts AS t (team_id, stage, day, changes)
  VALUES (p_team, p_stage, p_day, p_changes)
  ON CONFLICT (team_id, stage, day) DO UPDATE SET changes = t.changes + EXCLUDED.changes
$$`;

/** A stage change recorded, corrected or deleted: its bucket under its live lead's team, city first. */
const CHANGE_FUNCTION = `
CREATE FUNCTION lead_stage_day_counts_track_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  city constant uuid := '00000000-0000-0000-0000-000000000000';
  old_team uuid;
  new_team uuid;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.from_stage IS NOT NULL AND OLD.days_in_from_stage IS NOT NULL THEN
    -- A lead deleted outright (cascade) is gone here: its BEFORE DELETE trigger took its changes out.
    SELECT l.team_id INTO old_team FROM leads l WHERE l.id = OLD.lead_id AND l.deleted_at IS NULL;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.from_stage IS NOT NULL AND NEW.days_in_from_stage IS NOT NULL THEN
    SELECT l.team_id INTO new_team FROM leads l WHERE l.id = NEW.lead_id AND l.deleted_at IS NULL;
  END IF;
  IF old_team IS NOT NULL AND new_team IS NOT NULL AND (old_team, OLD.from_stage, floor(OLD.days_in_from_stage)::int) = (new_team, NEW.from_stage, floor(NEW.days_in_from_stage)::int) THEN
    RETURN NULL;
  END IF;
  IF old_team IS NOT NULL THEN
    PERFORM lead_stage_day_counts_add(city, OLD.from_stage, floor(OLD.days_in_from_stage)::int, -1);
  END IF;
  IF new_team IS NOT NULL THEN
    PERFORM lead_stage_day_counts_add(city, NEW.from_stage, floor(NEW.days_in_from_stage)::int, 1);
  END IF;
  IF old_team IS NOT NULL THEN
    PERFORM lead_stage_day_counts_add(old_team, OLD.from_stage, floor(OLD.days_in_from_stage)::int, -1);
  END IF;
  IF new_team IS NOT NULL THEN
    PERFORM lead_stage_day_counts_add(new_team, NEW.from_stage, floor(NEW.days_in_from_stage)::int, 1);
  END IF;
  RETURN NULL;
END
$$`;

/**
 * A lead reassigned, soft-deleted, restored (AFTER UPDATE) or deleted outright (BEFORE DELETE,
 * while its changes still exist): its changes leave the old team's buckets and join the new's;
 * the city's only when the lead stops or starts being live.
 */
const LEAD_FUNCTION = `
CREATE FUNCTION lead_stage_day_counts_track_lead() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  city constant uuid := '00000000-0000-0000-0000-000000000000';
  old_team uuid := CASE WHEN OLD.deleted_at IS NULL THEN OLD.team_id END;
  new_team uuid := CASE WHEN TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL THEN NEW.team_id END;
  b record;
BEGIN
  IF old_team IS DISTINCT FROM new_team THEN
    FOR b IN SELECT sc.from_stage AS stage, floor(sc.days_in_from_stage)::int AS day, count(*)::int AS n
               FROM lead_stage_changes sc
              WHERE sc.lead_id = OLD.id AND sc.from_stage IS NOT NULL AND sc.days_in_from_stage IS NOT NULL
              GROUP BY 1, 2 ORDER BY 1, 2 LOOP
      IF old_team IS NULL THEN
        PERFORM lead_stage_day_counts_add(city, b.stage, b.day, b.n);
      ELSIF new_team IS NULL THEN
        PERFORM lead_stage_day_counts_add(city, b.stage, b.day, -b.n);
      END IF;
      IF old_team IS NOT NULL THEN
        PERFORM lead_stage_day_counts_add(old_team, b.stage, b.day, -b.n);
      END IF;
      IF new_team IS NOT NULL THEN
        PERFORM lead_stage_day_counts_add(new_team, b.stage, b.day, b.n);
      END IF;
    END LOOP;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NULL;
END
$$`;

/** Adds a count to one bucket of every region unit on a region's path, top first. */
const REGION_SHIFT_FUNCTION = `
CREATE FUNCTION lead_region_stage_day_counts_shift(p_region uuid, p_stage lead_stage, p_day int, p_changes int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO lead_region_stage_day_counts AS r (region_unit_id, stage, day, changes)
  SELECT a.id, p_stage, p_day, p_changes
    FROM region_units u, unnest(string_to_array(rtrim(u.path, '/'), '/')::uuid[]) WITH ORDINALITY AS a(id, depth)
   WHERE u.id = p_region
   ORDER BY a.depth
  ON CONFLICT (region_unit_id, stage, day) DO UPDATE SET changes = r.changes + EXCLUDED.changes
$$`;

/** A team bucket's change, added to the regions above its team (the city's key has no team). */
const REGION_CELL_FUNCTION = `
CREATE FUNCTION lead_region_stage_day_counts_track_cell() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cell lead_stage_day_counts;
  delta int;
  region uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cell := OLD; delta := -OLD.changes;
  ELSIF TG_OP = 'INSERT' THEN
    cell := NEW; delta := NEW.changes;
  ELSE
    cell := NEW; delta := NEW.changes - OLD.changes;
  END IF;
  IF delta = 0 THEN RETURN NULL; END IF;
  SELECT t.region_unit_id INTO region FROM teams t WHERE t.id = cell.team_id;
  IF region IS NOT NULL THEN
    PERFORM lead_region_stage_day_counts_shift(region, cell.stage, cell.day, delta);
  END IF;
  RETURN NULL;
END
$$`;

/** A team moved to another region unit: its buckets leave the old path and join the new. */
const REGION_TEAM_FUNCTION = `
CREATE FUNCTION lead_region_stage_day_counts_track_team() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cell lead_stage_day_counts;
BEGIN
  FOR cell IN SELECT * FROM lead_stage_day_counts WHERE team_id = NEW.id ORDER BY stage, day LOOP
    PERFORM lead_region_stage_day_counts_shift(OLD.region_unit_id, cell.stage, cell.day, -cell.changes);
    PERFORM lead_region_stage_day_counts_shift(NEW.region_unit_id, cell.stage, cell.day, cell.changes);
  END LOOP;
  RETURN NULL;
END
$$`;

/** Every region's buckets from the team buckets: after a bulk load, and when a region moves. */
const REGION_REBUILD_FUNCTION = `
CREATE FUNCTION lead_region_stage_day_counts_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM lead_region_stage_day_counts;
  INSERT INTO lead_region_stage_day_counts (region_unit_id, stage, day, changes)
  SELECT a.id, s.stage, s.day, sum(s.changes)
    FROM lead_stage_day_counts s JOIN teams t ON t.id = s.team_id JOIN region_units u ON u.id = t.region_unit_id,
         unnest(string_to_array(rtrim(u.path, '/'), '/')::uuid[]) AS a(id)
   GROUP BY 1, 2, 3;
$$`;

const REGION_MOVED_FUNCTION = `
CREATE FUNCTION lead_region_stage_day_counts_region_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lead_region_stage_day_counts_rebuild();
  RETURN NULL;
END
$$`;

/** The team buckets (and the city's) from the changes of live leads. */
export const BACKFILL_SQL = `
  INSERT INTO lead_stage_day_counts (team_id, stage, day, changes)
  SELECT l.team_id, sc.from_stage, floor(sc.days_in_from_stage)::int, count(*)
    FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id AND l.deleted_at IS NULL
   WHERE sc.from_stage IS NOT NULL AND sc.days_in_from_stage IS NOT NULL
   GROUP BY 1, 2, 3;
  INSERT INTO lead_stage_day_counts (team_id, stage, day, changes)
  SELECT '00000000-0000-0000-0000-000000000000', stage, day, sum(changes) FROM lead_stage_day_counts GROUP BY stage, day;`;

export class PipelineStageDays1796603200000 implements MigrationInterface {
  name = 'PipelineStageDays1796603200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "lead_stage_day_counts" ("team_id" uuid NOT NULL, "stage" "public"."lead_stage" NOT NULL, "day" integer NOT NULL, "changes" integer NOT NULL DEFAULT \'0\', CONSTRAINT "pk_lead_stage_day_counts_team_id_stage_day" PRIMARY KEY ("team_id", "stage", "day"))',
    );
    await queryRunner.query(
      'CREATE TABLE "lead_region_stage_day_counts" ("region_unit_id" uuid NOT NULL, "stage" "public"."lead_stage" NOT NULL, "day" integer NOT NULL, "changes" integer NOT NULL DEFAULT \'0\', CONSTRAINT "pk_lead_region_stage_day_counts_region_unit_id_stage_day" PRIMARY KEY ("region_unit_id", "stage", "day"))',
    );
    await queryRunner.query('CREATE INDEX "ix_lead_stage_changes_from_days" ON "lead_stage_changes" ("from_stage", "days_in_from_stage") ');
    for (const fn of [ADD_FUNCTION, CHANGE_FUNCTION, LEAD_FUNCTION, REGION_SHIFT_FUNCTION, REGION_CELL_FUNCTION, REGION_TEAM_FUNCTION, REGION_REBUILD_FUNCTION, REGION_MOVED_FUNCTION]) {
      await queryRunner.query(fn);
    }
    await queryRunner.query(`CREATE TRIGGER lead_stage_day_counts_track_change AFTER INSERT OR DELETE
        OR UPDATE OF lead_id, from_stage, days_in_from_stage ON lead_stage_changes
        FOR EACH ROW EXECUTE FUNCTION lead_stage_day_counts_track_change()`);
    await queryRunner.query(`CREATE TRIGGER lead_stage_day_counts_track_lead AFTER UPDATE OF team_id, deleted_at ON leads
        FOR EACH ROW EXECUTE FUNCTION lead_stage_day_counts_track_lead()`);
    await queryRunner.query(`CREATE TRIGGER lead_stage_day_counts_track_lead_deleted BEFORE DELETE ON leads
        FOR EACH ROW EXECUTE FUNCTION lead_stage_day_counts_track_lead()`);
    await queryRunner.query(`CREATE TRIGGER lead_region_stage_day_counts_track_cell AFTER INSERT OR UPDATE OR DELETE ON lead_stage_day_counts
        FOR EACH ROW EXECUTE FUNCTION lead_region_stage_day_counts_track_cell()`);
    await queryRunner.query(`CREATE TRIGGER lead_region_stage_day_counts_track_team AFTER UPDATE OF region_unit_id ON teams
        FOR EACH ROW WHEN (OLD.region_unit_id IS DISTINCT FROM NEW.region_unit_id) EXECUTE FUNCTION lead_region_stage_day_counts_track_team()`);
    await queryRunner.query(`CREATE TRIGGER lead_region_stage_day_counts_rebuild AFTER UPDATE OF path ON region_units
        FOR EACH STATEMENT EXECUTE FUNCTION lead_region_stage_day_counts_region_moved()`);
    // The region trigger fires per team bucket inserted here; the rebuild then makes them exact in one pass.
    await queryRunner.query(BACKFILL_SQL);
    await queryRunner.query('SELECT lead_region_stage_day_counts_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER lead_region_stage_day_counts_rebuild ON region_units');
    await queryRunner.query('DROP TRIGGER lead_region_stage_day_counts_track_team ON teams');
    await queryRunner.query('DROP TRIGGER lead_region_stage_day_counts_track_cell ON lead_stage_day_counts');
    await queryRunner.query('DROP TRIGGER lead_stage_day_counts_track_lead_deleted ON leads');
    await queryRunner.query('DROP TRIGGER lead_stage_day_counts_track_lead ON leads');
    await queryRunner.query('DROP TRIGGER lead_stage_day_counts_track_change ON lead_stage_changes');
    await queryRunner.query('DROP FUNCTION lead_region_stage_day_counts_region_moved()');
    await queryRunner.query('DROP FUNCTION lead_region_stage_day_counts_rebuild()');
    await queryRunner.query('DROP FUNCTION lead_region_stage_day_counts_track_team()');
    await queryRunner.query('DROP FUNCTION lead_region_stage_day_counts_track_cell()');
    await queryRunner.query('DROP FUNCTION lead_region_stage_day_counts_shift(uuid, lead_stage, int, int)');
    await queryRunner.query('DROP FUNCTION lead_stage_day_counts_track_lead()');
    await queryRunner.query('DROP FUNCTION lead_stage_day_counts_track_change()');
    await queryRunner.query('DROP FUNCTION lead_stage_day_counts_add(uuid, lead_stage, int, int)');
    await queryRunner.query('DROP INDEX "public"."ix_lead_stage_changes_from_days"');
    await queryRunner.query('DROP TABLE "lead_region_stage_day_counts"');
    await queryRunner.query('DROP TABLE "lead_stage_day_counts"');
  }
}
