/** The team key of lead_stage_totals' city-wide cells (all teams together). */
export const CITY_TEAM_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Recomputes lead_stage_totals (entities/lead-stage-total.entity.ts) and the region cells summed
 * from it (lead_region_stage_totals) from the leads, for writers that bypass their triggers (a bulk
 * load under session_replication_role = replica). Run in one transaction with the load.
 */
export const REBUILD_LEAD_STAGE_TOTALS_SQL = `
  DELETE FROM lead_stage_totals;
  INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT team_id, stage, furthest_stage_ordinal, count(*), sum(intended_amount * 10000)::bigint, sum(signed_amount * 10000)::bigint
    FROM leads WHERE deleted_at IS NULL GROUP BY team_id, stage, furthest_stage_ordinal;
  INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT '${CITY_TEAM_KEY}', stage, furthest_stage_ordinal, sum(leads), sum(intended_units), sum(signed_units)
    FROM lead_stage_totals GROUP BY stage, furthest_stage_ordinal;
  SELECT lead_region_stage_totals_rebuild();`;
