import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * lead_region_stage_totals: the live leads of every region unit's teams (at or below it), per
 * stage and furthest stage reached — so a county manager's board reads a few dozen rows where it
 * summed a few thousand team cells. Kept from lead_stage_totals' team cells by a trigger on that
 * table (in the writing transaction, so exact at every commit): a team cell's change is added to
 * each region on the team's path, city first, so concurrent moves lock in one order. A team
 * moving to another region carries its cells along; a region moving in the tree rebuilds them.
 */
const SHIFT_FUNCTION = `
CREATE FUNCTION lead_region_stage_totals_shift(p_region uuid, p_stage lead_stage, p_furthest smallint, p_leads int, p_intended bigint, p_signed bigint)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO lead_region_stage_totals AS r (region_unit_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT a.id, p_stage, p_furthest, p_leads, p_intended, p_signed
    FROM region_units u, unnest(string_to_array(rtrim(u.path, '/'), '/')::uuid[]) WITH ORDINALITY AS a(id, depth)
   WHERE u.id = p_region
   ORDER BY a.depth
  ON CONFLICT (region_unit_id, stage, furthest_stage_ordinal) DO UPDATE
     SET leads = r.leads + EXCLUDED.leads,
         intended_units = r.intended_units + EXCLUDED.intended_units,
         signed_units = r.signed_units + EXCLUDED.signed_units
$$`;

/** A team cell's change (lead_stage_totals), added to the regions above its team. */
const CELL_FUNCTION = `
CREATE FUNCTION lead_region_stage_totals_track_cell() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cell lead_stage_totals;
  region uuid;
  d_leads int;
  d_intended bigint;
  d_signed bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cell := OLD;
    d_leads := -OLD.leads; d_intended := -OLD.intended_units; d_signed := -OLD.signed_units;
  ELSIF TG_OP = 'INSERT' THEN
    cell := NEW;
    d_leads := NEW.leads; d_intended := NEW.intended_units; d_signed := NEW.signed_units;
  ELSE
    cell := NEW;
    d_leads := NEW.leads - OLD.leads; d_intended := NEW.intended_units - OLD.intended_units; d_signed := NEW.signed_units - OLD.signed_units;
  END IF;
  IF (d_leads, d_intended, d_signed) = (0, 0, 0) THEN RETURN NULL; END IF;
  -- The city-wide cells (all-zero key) have no team, so no region: nothing matches.
  SELECT t.region_unit_id INTO region FROM teams t WHERE t.id = cell.team_id;
  IF region IS NOT NULL THEN
    PERFORM lead_region_stage_totals_shift(region, cell.stage, cell.furthest_stage_ordinal, d_leads, d_intended, d_signed);
  END IF;
  RETURN NULL;
END
$$`;

/** A team moved to another region unit: its cells leave the old path and join the new. */
const TEAM_FUNCTION = `
CREATE FUNCTION lead_region_stage_totals_track_team() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cell lead_stage_totals;
BEGIN
  FOR cell IN SELECT * FROM lead_stage_totals WHERE team_id = NEW.id ORDER BY stage, furthest_stage_ordinal LOOP
    PERFORM lead_region_stage_totals_shift(OLD.region_unit_id, cell.stage, cell.furthest_stage_ordinal, -cell.leads, -cell.intended_units, -cell.signed_units);
    PERFORM lead_region_stage_totals_shift(NEW.region_unit_id, cell.stage, cell.furthest_stage_ordinal, cell.leads, cell.intended_units, cell.signed_units);
  END LOOP;
  RETURN NULL;
END
$$`;

/** Recomputes every region's cells from the team cells: after a bulk load (bench), and when a region moves. */
export const REBUILD_FUNCTION = `
CREATE FUNCTION lead_region_stage_totals_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM lead_region_stage_totals;
  INSERT INTO lead_region_stage_totals (region_unit_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT a.id, s.stage, s.furthest_stage_ordinal, sum(s.leads), sum(s.intended_units), sum(s.signed_units)
    FROM lead_stage_totals s JOIN teams t ON t.id = s.team_id JOIN region_units u ON u.id = t.region_unit_id,
         unnest(string_to_array(rtrim(u.path, '/'), '/')::uuid[]) AS a(id)
   GROUP BY 1, 2, 3;
$$`;

const REGION_MOVED_FUNCTION = `
CREATE FUNCTION lead_region_stage_totals_region_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lead_region_stage_totals_rebuild();
  RETURN NULL;
END
$$`;

export class PipelineRegionTotals1796567871669 implements MigrationInterface {
    name = 'PipelineRegionTotals1796567871669';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"lead_region_stage_totals\" (\"region_unit_id\" uuid NOT NULL, \"stage\" \"public\".\"lead_stage\" NOT NULL, \"furthest_stage_ordinal\" smallint NOT NULL, \"leads\" integer NOT NULL DEFAULT '0', \"intended_units\" bigint NOT NULL DEFAULT '0', \"signed_units\" bigint NOT NULL DEFAULT '0', CONSTRAINT \"pk_lead_region_stage_totals_region_unit_id_stage_furthest_stage_ordinal\" PRIMARY KEY (\"region_unit_id\", \"stage\", \"furthest_stage_ordinal\"))");
        await queryRunner.query(SHIFT_FUNCTION);
        await queryRunner.query(CELL_FUNCTION);
        await queryRunner.query(TEAM_FUNCTION);
        await queryRunner.query(REBUILD_FUNCTION);
        await queryRunner.query(REGION_MOVED_FUNCTION);
        await queryRunner.query(`CREATE TRIGGER lead_region_stage_totals_track_cell AFTER INSERT OR UPDATE OR DELETE ON lead_stage_totals
            FOR EACH ROW EXECUTE FUNCTION lead_region_stage_totals_track_cell()`);
        await queryRunner.query(`CREATE TRIGGER lead_region_stage_totals_track_team AFTER UPDATE OF region_unit_id ON teams
            FOR EACH ROW WHEN (OLD.region_unit_id IS DISTINCT FROM NEW.region_unit_id) EXECUTE FUNCTION lead_region_stage_totals_track_team()`);
        await queryRunner.query(`CREATE TRIGGER lead_region_stage_totals_rebuild AFTER UPDATE OF path ON region_units
            FOR EACH STATEMENT EXECUTE FUNCTION lead_region_stage_totals_region_moved()`);
        await queryRunner.query('SELECT lead_region_stage_totals_rebuild()');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP TRIGGER lead_region_stage_totals_rebuild ON region_units');
        await queryRunner.query('DROP TRIGGER lead_region_stage_totals_track_team ON teams');
        await queryRunner.query('DROP TRIGGER lead_region_stage_totals_track_cell ON lead_stage_totals');
        await queryRunner.query('DROP FUNCTION lead_region_stage_totals_region_moved()');
        await queryRunner.query('DROP FUNCTION lead_region_stage_totals_rebuild()');
        await queryRunner.query('DROP FUNCTION lead_region_stage_totals_track_team()');
        await queryRunner.query('DROP FUNCTION lead_region_stage_totals_track_cell()');
        await queryRunner.query('DROP FUNCTION lead_region_stage_totals_shift(uuid, lead_stage, smallint, int, bigint, bigint)');
        await queryRunner.query("DROP TABLE \"lead_region_stage_totals\"");
    }
}
