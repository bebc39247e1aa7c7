import { MigrationInterface, QueryRunner } from 'typeorm';

/** Adds a signed delta to one cell of lead_stage_totals (upsert: safe under concurrency). */
const ADD_FUNCTION = `
CREATE FUNCTION lead_stage_totals_add(p_team uuid, p_stage lead_stage, p_furthest smallint, p_leads int, p_intended bigint, p_signed bigint)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO lead_stage_totals AS t (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  VALUES (p_team, p_stage, p_furthest, p_leads, p_intended, p_signed)
  ON CONFLICT (team_id, stage, furthest_stage_ordinal) DO UPDATE
     SET leads = t.leads + EXCLUDED.leads,
         intended_units = t.intended_units + EXCLUDED.intended_units,
         signed_units = t.signed_units + EXCLUDED.signed_units
$$`;

/**
 * Keeps lead_stage_totals equal to a GROUP BY over live leads. A move touches two cells; they
 * are always updated in key order, so two moves in opposite directions in one team cannot
 * deadlock on each other's cells.
 */
export const TRACK_FUNCTION = `
CREATE FUNCTION lead_stage_totals_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  has_old boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
  has_new boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
BEGIN
  IF has_old AND has_new AND (OLD.team_id, OLD.stage, OLD.furthest_stage_ordinal) = (NEW.team_id, NEW.stage, NEW.furthest_stage_ordinal) THEN
    IF (OLD.intended_amount, OLD.signed_amount) IS DISTINCT FROM (NEW.intended_amount, NEW.signed_amount) THEN
      PERFORM lead_stage_totals_add(NEW.team_id, NEW.stage, NEW.furthest_stage_ordinal, 0,
        ((NEW.intended_amount - OLD.intended_amount) * 10000)::bigint, ((NEW.signed_amount - OLD.signed_amount) * 10000)::bigint);
    END IF;
    RETURN NULL;
  END IF;
  IF has_old AND has_new AND (NEW.team_id::text, NEW.stage::text, NEW.furthest_stage_ordinal) < (OLD.team_id::text, OLD.stage::text, OLD.furthest_stage_ordinal) THEN
    PERFORM lead_stage_totals_add(NEW.team_id, NEW.stage, NEW.furthest_stage_ordinal, 1, (NEW.intended_amount * 10000)::bigint, (NEW.signed_amount * 10000)::bigint);
    has_new := false;
  END IF;
  IF has_old THEN
    PERFORM lead_stage_totals_add(OLD.team_id, OLD.stage, OLD.furthest_stage_ordinal, -1, -(OLD.intended_amount * 10000)::bigint, -(OLD.signed_amount * 10000)::bigint);
  END IF;
  IF has_new THEN
    PERFORM lead_stage_totals_add(NEW.team_id, NEW.stage, NEW.furthest_stage_ordinal, 1, (NEW.intended_amount * 10000)::bigint, (NEW.signed_amount * 10000)::bigint);
  END IF;
  RETURN NULL;
END
$$`;

export class PipelineTotals1795634890242 implements MigrationInterface {
    name = 'PipelineTotals1795634890242';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE \"lead_stage_totals\" (\"team_id\" uuid NOT NULL, \"stage\" \"public\".\"lead_stage\" NOT NULL, \"furthest_stage_ordinal\" smallint NOT NULL, \"leads\" integer NOT NULL DEFAULT '0', \"intended_units\" bigint NOT NULL DEFAULT '0', \"signed_units\" bigint NOT NULL DEFAULT '0', CONSTRAINT \"pk_lead_stage_totals_team_id_stage_furthest_stage_ordinal\" PRIMARY KEY (\"team_id\", \"stage\", \"furthest_stage_ordinal\"))");
        await queryRunner.query(ADD_FUNCTION);
        await queryRunner.query(TRACK_FUNCTION);
        await queryRunner.query(`CREATE TRIGGER lead_stage_totals_track AFTER INSERT OR DELETE
            OR UPDATE OF team_id, stage, furthest_stage_ordinal, intended_amount, signed_amount, deleted_at ON leads
            FOR EACH ROW EXECUTE FUNCTION lead_stage_totals_track()`);
        await queryRunner.query(`INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
            SELECT team_id, stage, furthest_stage_ordinal, count(*), sum(intended_amount * 10000)::bigint, sum(signed_amount * 10000)::bigint
              FROM leads WHERE deleted_at IS NULL GROUP BY team_id, stage, furthest_stage_ordinal`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP TRIGGER lead_stage_totals_track ON leads');
        await queryRunner.query('DROP FUNCTION lead_stage_totals_track()');
        await queryRunner.query('DROP FUNCTION lead_stage_totals_add(uuid, lead_stage, smallint, int, bigint, bigint)');
        await queryRunner.query("DROP TABLE \"lead_stage_totals\"");
    }
}
