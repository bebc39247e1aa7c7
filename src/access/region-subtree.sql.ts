/**
 * The region tree as SQL: which region units lie at or below which. Every region-subtree
 * question — a manager's region scope, a filter on 区域, a county's rollup — is built from
 * these fragments, so the materialised-path form is written once.
 */

/**
 * Condition: region row `inner` is region row `outer` or below it. Written as a range on the
 * materialised path (`~>=~` / `~<~`, which the text_pattern_ops index serves) rather than
 * `LIKE outer.path || '%'`, whose computed pattern no index can use. Path characters (hex,
 * '-', '/') all sort below '~'.
 */
export const withinRegion = (inner: string, outer: string): string =>
  `(${inner}.path ~>=~ ${outer}.path AND ${inner}.path ~<~ (${outer}.path || '~'))`;

/**
 * The materialised paths of region row `unit` and of every unit above it (text[]): the
 * prefixes of its path ending at a '/' (a path is its parent's path, its id and '/'). Looked up
 * by equality (`a.path = ANY(...)`), a unit's ancestors are a few index probes, where
 * withinRegion with the ancestor as the unknown side reads every path sorting below the unit's.
 */
export const pathsAtOrAbove = (unit: string): string =>
  `ARRAY(SELECT array_to_string((string_to_array(${unit}.path, '/'))[1:n], '/') || '/' FROM generate_series(1, cardinality(string_to_array(${unit}.path, '/')) - 1) n)`;

/** SELECT of the ids of the region units at or below unit `unit` (a parameter such as `:fRegion` or `$2`). */
export const unitsAtOrBelow = (unit: string): string =>
  `SELECT sub.id FROM region_units sub JOIN region_units top ON top.id = ${unit} WHERE ${withinRegion('sub', 'top')}`;

/** SELECT of the ids of the teams whose region unit is `unit` or below it. */
export const teamsAtOrBelow = (unit: string): string =>
  `SELECT tt.id FROM teams tt JOIN region_units ttr ON ttr.id = tt.region_unit_id
     JOIN region_units top ON top.id = ${unit} WHERE ${withinRegion('ttr', 'top')}`;

/** SELECT of the ids of the region units at or above the units of the teams selected by `teams` (a SELECT of team ids). */
export const unitsAtOrAboveTeams = (teams: string): string =>
  `SELECT a.id FROM teams vt JOIN region_units tr ON tr.id = vt.region_unit_id
     JOIN region_units a ON ${withinRegion('tr', 'a')} WHERE vt.id IN (${teams})`;

/** Condition: region row `unit` holds (at or below it) one of the teams in the uuid[] parameter `teamIds`. */
export const holdsAnyTeam = (unit: string, teamIds: string): string =>
  `EXISTS (SELECT 1 FROM teams vt JOIN region_units tr ON tr.id = vt.region_unit_id WHERE vt.id = ANY(${teamIds}) AND ${withinRegion('tr', unit)})`;

/** The materialised path of the first present of region rows `units` (a row joined to one unit or another), for withinRegion on a derived row. */
export const regionPathOf = (...units: string[]): string => `COALESCE(${units.map((u) => `${u}.path`).join(', ')})`;
