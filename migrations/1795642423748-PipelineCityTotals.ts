import { MigrationInterface, QueryRunner } from 'typeorm';
import { TRACK_FUNCTION as TEAM_CELLS_ONLY } from './1795634890242-PipelineTotals';

/**
 * lead_stage_totals gains city-wide cells under the all-zero team id, kept by the same trigger:
 * the admin's unfiltered board reads a handful of rows instead of summing every team's. The city
 * cells of a move are updated before its team cells, each pair in key order, so concurrent
 * moves still take their locks in one order.
 */
const TRACK_FUNCTION = `
CREATE OR REPLACE FUNCTION lead_stage_totals_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  has_old boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
  has_new boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
  city constant uuid := '00000000-0000-0000-0000-000000000000';
  team uuid;
BEGIN
  IF has_old AND has_new AND (OLD.team_id, OLD.stage, OLD.furthest_stage_ordinal) = (NEW.team_id, NEW.stage, NEW.furthest_stage_ordinal) THEN
    IF (OLD.intended_amount, OLD.signed_amount) IS DISTINCT FROM (NEW.intended_amount, NEW.signed_amount) THEN
      FOREACH team IN ARRAY ARRAY[city, NEW.team_id] LOOP
        PERFORM lead_stage_totals_add(team, NEW.stage, NEW.furthest_stage_ordinal, 0,
          ((NEW.intended_amount - OLD.intended_amount) * 10000)::bigint, ((NEW.signed_amount - OLD.signed_amount) * 10000)::bigint);
      END LOOP;
    END IF;
    RETURN NULL;
  END IF;
  -- The city's cells, then the team's: within each, the smaller key first.
  IF has_old AND has_new AND (NEW.stage::text, NEW.furthest_stage_ordinal) < (OLD.stage::text, OLD.furthest_stage_ordinal) THEN
    PERFORM lead_stage_totals_add(city, NEW.stage, NEW.furthest_stage_ordinal, 1, (NEW.intended_amount * 10000)::bigint, (NEW.signed_amount * 10000)::bigint);
    PERFORM lead_stage_totals_add(city, OLD.stage, OLD.furthest_stage_ordinal, -1, -(OLD.intended_amount * 10000)::bigint, -(OLD.signed_amount * 10000)::bigint);
  ELSE
    IF has_old THEN
      PERFORM lead_stage_totals_add(city, OLD.stage, OLD.furthest_stage_ordinal, -1, -(OLD.intended_amount * 10000)::bigint, -(OLD.signed_amount * 10000)::bigint);
    END IF;
    IF has_new THEN
      PERFORM lead_stage_totals_add(city, NEW.stage, NEW.furthest_stage_ordinal, 1, (NEW.intended_amount * 10000)::bigint, (NEW.signed_amount * 10000)::bigint);
    END IF;
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

export class PipelineCityTotals1795642423748 implements MigrationInterface {
    name = 'PipelineCityTotals1795642423748';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(TRACK_FUNCTION);
        await queryRunner.query(`INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
            SELECT '00000000-0000-0000-0000-000000000000', stage, furthest_stage_ordinal, sum(leads), sum(intended_units), sum(signed_units)
              FROM lead_stage_totals GROUP BY stage, furthest_stage_ordinal`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(TEAM_CELLS_ONLY.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        await queryRunner.query("DELETE FROM lead_stage_totals WHERE team_id = '00000000-0000-0000-0000-000000000000'");
    }
}
