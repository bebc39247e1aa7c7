import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { reportQuery, type ReportPeriod } from '../reporting/report';

/** The figures the map colours the counties by. */
export type MapFigure = 'signed_amount' | 'funds_in_place' | 'projects_started' | 'three_un';

export const FIGURES: ReadonlyArray<{ value: MapFigure; label: string; amount: boolean }> = [
  { value: 'signed_amount', label: '签约金额', amount: true },
  { value: 'funds_in_place', label: '到位资金', amount: true },
  { value: 'projects_started', label: '开工项目数', amount: false },
  { value: 'three_un', label: '三未项目数', amount: false },
];

export type CountyFigures = Record<MapFigure, string>;

export interface CountyRow {
  id: string;
  name: string;
  code: string | null;
  /** null: the county is outside the user's scope (a county's 分管领导 sees his own). */
  figures: CountyFigures | null;
}

export interface MapData {
  city: { id: string; name: string; code: string | null };
  periodLabel: string;
  dataAsOf: string;
  counties: CountyRow[];
}

/** A project drawn as a point: those in the user's scope that carry a location. */
export type ProjectPoint = Schemas['ProjectPointView'];

/** At most this many points, the largest projects first: beyond it the map is a blot. */
export const POINT_LIMIT = 1000;

export async function loadPoints(): Promise<{ count: number; items: ProjectPoint[] }> {
  return ok(api.GET('/api/v1/registry/locations', { params: { query: { limit: POINT_LIMIT } } }));
}

/**
 * The map's data for a period: the city's county units (GET /regions), each one's 签约金额,
 * 到位资金 and 开工项目数 by where projects land (GET /reporting/units?view=landing, the 通报's
 * figures) and its 三未项目数 (GET /registry/three-un/counties). A manager of one county is refused the
 * city's table: his county's own 通报 (parentUnitId = the county, its 合计 row) gives his figures,
 * and the counties the server refuses stay without figures.
 */
export async function loadMapData(period: ReportPeriod, asOf: string): Promise<MapData> {
  const roots = await ok(api.GET('/api/v1/regions', { params: { query: { parentId: 'root', level: 'city', limit: 200 } } }));
  const city = roots.items[0];
  if (!city) throw new Error('尚未设置市级区划');
  const [counties, threeUn] = await Promise.all([
    ok(api.GET('/api/v1/regions', { params: { query: { parentId: city.id, level: 'county', limit: 200 } } })),
    ok(api.GET('/api/v1/registry/three-un/counties')),
  ]);
  const query = reportQuery(period, asOf, 'landing');
  const unitsReport = (parentUnitId?: string) => ok(api.GET('/api/v1/reporting/units', { params: { query: { ...query, ...(parentUnitId ? { parentUnitId } : {}) } } }));
  const refused = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 403);

  const values = new Map<string, Record<string, string>>();
  let frame: { periodLabel: string; dataAsOf: string } | undefined;
  try {
    const report = await unitsReport(city.id);
    frame = { periodLabel: report.frame.period.label, dataAsOf: report.frame.dataAsOf };
    for (const r of report.rows) if (r.kind === 'unit') values.set(r.unit.id, r.values as unknown as Record<string, string>);
  } catch (e) {
    if (!refused(e)) throw e;
    const own = await Promise.all(counties.items.map((c) => unitsReport(c.id).catch((err: unknown) => (refused(err) ? null : Promise.reject(err)))));
    own.forEach((report, i) => {
      if (!report) return;
      frame ??= { periodLabel: report.frame.period.label, dataAsOf: report.frame.dataAsOf };
      const total = report.rows.find((r) => r.kind === 'total');
      if (total) values.set(counties.items[i]!.id, total.values as unknown as Record<string, string>);
    });
  }
  const threeUnCounts = new Map(threeUn.counties.map((c) => [c.regionUnit.id, c.count]));
  return {
    city: { id: city.id, name: city.name, code: city.code },
    periodLabel: frame?.periodLabel ?? '',
    dataAsOf: frame?.dataAsOf ?? asOf,
    counties: [...counties.items].sort((a, b) => a.sortOrder - b.sortOrder || (a.code ?? '').localeCompare(b.code ?? '')).map((c) => {
      const v = values.get(c.id);
      return {
        id: c.id,
        name: c.name,
        code: c.code,
        figures: v
          ? { signed_amount: v.signed_amount ?? '0', funds_in_place: v.funds_in_place ?? '0', projects_started: v.projects_started ?? '0', three_un: String(threeUnCounts.get(c.id) ?? 0) }
          : null,
      };
    }),
  };
}
