/**
 * Which boundary feature draws which county unit. A feature names its unit by GB/T 2260 code
 * (`id` or `properties.adcode`, where the file carries one) or by name; a unit is matched by its
 * code first, then by its exact name. Units without a feature still get their table row; features
 * without a unit are drawn blank.
 */

/** The part of a GeoJSON feature (ECharts' compressed form or plain) the matching reads. */
export interface BoundaryFeature {
  id?: string | number;
  properties?: { name?: string; adcode?: string | number; cp?: [number, number] } | null;
}

export interface BoundaryFile {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
  UTF8Encoding?: boolean;
}

export interface MatchableUnit {
  id: string;
  name: string;
  code: string | null;
}

export interface FeatureMatch {
  /** unit id → the feature's name, which the map series' data uses. */
  byUnit: Map<string, string>;
  /** Units the file has no feature for (listed in the table, not on the map). */
  unmatchedUnits: MatchableUnit[];
  /** Feature names no unit claimed. */
  unmatchedFeatures: string[];
}

/** A feature's code as six digits ("150502"), if it carries one. */
export function featureCode(f: BoundaryFeature): string | null {
  const raw = f.properties?.adcode ?? f.id;
  if (raw === undefined || raw === null) return null;
  const code = String(raw);
  return /^\d{6}$/.test(code) ? code : null;
}

/** A unit's code cut to the county's six digits (GB/T 2260), if it carries one. */
const unitCode = (u: MatchableUnit): string | null => (u.code && /^\d{6}/.test(u.code) ? u.code.slice(0, 6) : null);

export function matchFeatures(features: readonly BoundaryFeature[], units: readonly MatchableUnit[]): FeatureMatch {
  const named = features.filter((f) => f.properties?.name).map((f) => ({ name: f.properties!.name!, code: featureCode(f) }));
  const taken = new Set<string>();
  const byUnit = new Map<string, string>();
  const claim = (u: MatchableUnit, pick: (f: { name: string; code: string | null }) => boolean) => {
    if (byUnit.has(u.id)) return;
    const f = named.find((x) => !taken.has(x.name) && pick(x));
    if (!f) return;
    taken.add(f.name);
    byUnit.set(u.id, f.name);
  };
  for (const u of units) {
    const code = unitCode(u);
    if (code) claim(u, (f) => f.code === code);
  }
  for (const u of units) claim(u, (f) => f.name === u.name.trim());
  return {
    byUnit,
    unmatchedUnits: units.filter((u) => !byUnit.has(u.id)),
    unmatchedFeatures: named.filter((f) => !taken.has(f.name)).map((f) => f.name),
  };
}
