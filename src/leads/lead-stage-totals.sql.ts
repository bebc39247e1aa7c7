/** The team key of lead_stage_totals' city-wide cells (all teams together). */
export const CITY_TEAM_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Recomputes lead_stage_totals (entities/lead-stage-total.entity.ts) and the region cells summed
 * from it (lead_region_stage_totals) from the leads, and the funnel's day histograms
 * (lead_stage_day_counts, lead_region_stage_day_counts) from their stage changes, for writers
 * that bypass their triggers (a bulk load under session_replication_role = replica). Run in one
 * transaction with the load.
 */
export const REBUILD_LEAD_STAGE_TOTALS_SQL = `
  DELETE FROM lead_stage_totals;
  INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT team_id, stage, furthest_stage_ordinal, count(*), sum(intended_amount * 10000)::bigint, sum(signed_amount * 10000)::bigint
    FROM leads WHERE deleted_at IS NULL GROUP BY team_id, stage, furthest_stage_ordinal;
  INSERT INTO lead_stage_totals (team_id, stage, furthest_stage_ordinal, leads, intended_units, signed_units)
  SELECT '${CITY_TEAM_KEY}', stage, furthest_stage_ordinal, sum(leads), sum(intended_units), sum(signed_units)
    FROM lead_stage_totals GROUP BY stage, furthest_stage_ordinal;
  SELECT lead_region_stage_totals_rebuild();
  DELETE FROM lead_stage_day_counts;
  INSERT INTO lead_stage_day_counts (team_id, stage, day, changes)
  SELECT l.team_id, sc.from_stage, floor(sc.days_in_from_stage)::int, count(*)
    FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id AND l.deleted_at IS NULL
   WHERE sc.from_stage IS NOT NULL AND sc.days_in_from_stage IS NOT NULL
   GROUP BY 1, 2, 3;
  INSERT INTO lead_stage_day_counts (team_id, stage, day, changes)
  SELECT '${CITY_TEAM_KEY}', stage, day, sum(changes) FROM lead_stage_day_counts GROUP BY stage, day;
  SELECT lead_region_stage_day_counts_rebuild();`;
