import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fromNumeric } from '../common/money/wan-yuan';
import { inRangeMonths, SummaryKeys, teamMonthMetricsSql, unitContactFirstsSql, unitMonthContactsSql } from './counting-rules.read-model';
import { METRICS, MetricValues, zeroMetrics } from './metric';
import { teamChainSigningsSql, teamProjectFiguresSql, teamProjectYearsSql } from './registry-figures.read-model';

/** Arbitrary constant: one refresh at a time across all worker processes. */
const REFRESH_LOCK = 7_301_043;

/** The select list summing every metric of team_month_metrics rows `m`. */
export const SUMS = METRICS.map((m) => `COALESCE(sum(m.${m}), 0)::text AS ${m}`).join(', ');

/** A row of sums keyed by a team or unit id. */
export type KeyedSums = { key: string } & Record<string, string>;

/**
 * The summary views the counting rules fill (team_month_metrics and the registry summaries,
 * see counting-rules.read-model.ts and registry-figures.read-model.ts) and their refresh stamp.
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Recomputes the summary tables' rows of the keys changed since the last refresh (all of them
   * when asked, or when so many changed that a rebuild is cheaper) in one transaction, so no
   * reader sees half of it, and stamps the refresh; null (and nothing done) while another
   * process is at it.
   */
  async refreshViews(full = false): Promise<SummaryRefresh | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [REFRESH_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return null;
      try {
        // One snapshot for the marks taken and the rows recomputed: a mark committed later stays for the next refresh.
        await runner.startTransaction('REPEATABLE READ');
        try {
          const result = await refreshSummaries((sql, params) => runner.query(sql, params), full);
          await runner.commitTransaction();
          return result;
        } catch (err) {
          await runner.rollbackTransaction();
          throw err;
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [REFRESH_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /** When the summary views were last recomputed (the epoch if never). */
  async lastRefresh(): Promise<Date> {
    const [row] = (await this.dataSource.query('SELECT refreshed_at FROM metric_refreshes')) as Array<{ refreshed_at: Date }>;
    return row?.refreshed_at ?? new Date(0);
  }

  /** Actuals per team over months [start, end) (teams with nothing get zeros). */
  async teamTotals(teamIds: string[], start: string, end: string): Promise<Map<string, MetricValues>> {
    const rows: KeyedSums[] = await this.dataSource.query(
      `SELECT m.team_id AS key, ${SUMS} FROM team_month_metrics m
        WHERE m.team_id = ANY($1) AND m.month >= $2 AND m.month < $3 GROUP BY m.team_id`,
      [teamIds, start, end],
    );
    return toMetricMap(teamIds, rows);
  }

  /** Month-by-month totals over months [from, to) of the teams `teamIdsSql` selects (null: everything). */
  async monthly(from: string, to: string, teamIdsSql: { sql: string; params: Record<string, unknown> } | null): Promise<Array<{ month: string } & MetricValues>> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select(`to_char(m.month, 'YYYY-MM')`, 'month')
      .from('team_month_metrics', 'm')
      .where('m.month >= :from AND m.month < :to', { from, to })
      .groupBy('m.month')
      .orderBy('m.month');
    for (const metric of METRICS) qb.addSelect(`COALESCE(sum(m.${metric}), 0)::text`, metric);
    if (teamIdsSql) qb.andWhere(`m.team_id IN (${teamIdsSql.sql})`, teamIdsSql.params);
    const rows: Array<Record<string, string>> = await qb.getRawMany();
    return rows.map((r) => ({ month: r.month as string, ...normaliseMetrics(r) }));
  }
}

/** A row of summed metrics as canonical decimal strings. */
export function normaliseMetrics(r: Record<string, string>): MetricValues {
  const values = zeroMetrics();
  for (const m of METRICS) values[m] = fromNumeric(r[m] ?? '0');
  return values;
}

/** Rows of sums by key as a map over `keys`, zeros where a key has no row. */
export function toMetricMap(keys: string[], rows: KeyedSums[]): Map<string, MetricValues> {
  const map = new Map<string, MetricValues>(keys.map((k) => [k, zeroMetrics()]));
  for (const r of rows) map.set(r.key, normaliseMetrics(r));
  return map;
}

/** What a refresh did: rebuilt everything, or recomputed the keys it found marked (none: nothing changed). */
export interface SummaryRefresh {
  full: boolean;
  teams: number;
  units: number;
  teamless: boolean;
  enterprises: number;
}

/** Past this many changed keys of a kind, rebuilding everything is cheaper than key by key. */
const REBUILD_ABOVE = { teams: 600, units: 300, enterprises: 40_000 };

const ZERO_TEAM = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A uuid[] literal of ids read from the database (checked, so they may stand in the SQL). */
function uuidArray(ids: string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/**
 * The refresh itself, inside the caller's transaction (MetricsRepository.refreshViews; the
 * bench's loader runs it after a bulk load that bypassed the triggers): takes the keys the
 * triggers marked (metric_dirty_keys), and for those keys deletes each summary table's rows and
 * inserts them again from the counting rules restricted to the keys; everything when `full`, or
 * when an 'all' mark or too many keys say so. Stamps metric_refreshes: refreshed_at always,
 * changed_at when any figure may have changed (the figures' version caches key on).
 */
export async function refreshSummaries(query: Query, full = false): Promise<SummaryRefresh> {
  // Counted first (the caller's snapshot: REPEATABLE READ), so a flood of marks (a bulk write) is
  // cleared for a rebuild without being read. Every team_* kind keys a team.
  const counts = (await query(
    `SELECT CASE WHEN kind LIKE 'team%' THEN 'team' ELSE kind END AS kind, count(DISTINCT key)::int AS n FROM metric_dirty_keys GROUP BY 1`,
  )) as Array<{ kind: string; n: number }>;
  const count = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;
  const rebuild =
    full || counts.some((c) => c.kind === 'all') || count('team') > REBUILD_ABOVE.teams || count('unit') > REBUILD_ABOVE.units || count('enterprise') > REBUILD_ABOVE.enterprises;
  let marks: Mark[] = [];
  if (rebuild) await query('DELETE FROM metric_dirty_keys');
  else
    marks = (await query(
      `WITH taken AS (DELETE FROM metric_dirty_keys RETURNING kind, key, month)
       SELECT DISTINCT kind, key::text AS key, to_char(month, 'YYYY-MM-DD') AS month FROM taken`,
    )) as Mark[];
  const [teams, units, enterprises] = [keysOf(marks, TEAM_KINDS.all), keysOf(marks, ['unit']), keysOf(marks, ['enterprise'])];
  const teamless = marks.some((m) => m.kind === 'teamless');
  if (rebuild) {
    await rebuildSummaries(query);
  } else {
    // The keys' statements read little but are estimated large (ranges of unknown length): JIT
    // compiling them cost more than running them (78 of 380 ms of team_month_metrics at bench scale).
    await query('SET LOCAL jit = off');
    await recomputeKeys(query, marks);
    if (enterprises.length) await recomputeContacts(query, uuidArray(enterprises));
  }
  const changed = rebuild || counts.length > 0;
  await query(`UPDATE metric_refreshes SET refreshed_at = now()${changed ? ', changed_at = now()' : ''}`);
  return { full: rebuild, teams: teams.length, units: units.length, teamless, enterprises: enterprises.length };
}

/** A mark taken: its kind, key (null: every project without a team, or everything) and month (null: every month). */
interface Mark {
  kind: string;
  key: string | null;
  month: string | null;
}

/**
 * The kinds of team marks each summary table reads (a team_* kind says which tables its write
 * touched: team_contact an interaction, team_sign a lead or signing, team_project a project or
 * its rows; 'team', left from before them, every table).
 */
const TEAM_KINDS = {
  all: ['team', 'team_contact', 'team_sign', 'team_project'],
  projects: ['team', 'team_project'],
  chains: ['team', 'team_sign'],
};

/** The distinct keys of the marks of `kinds`. */
function keysOf(marks: Mark[], kinds: string[]): string[] {
  return [...new Set(marks.filter((m) => kinds.includes(m.kind)).map((m) => m.key as string))];
}

/** A period of a key to recompute: months [from, to) (YYYY-MM-DD; ±infinity for every month). */
interface Range {
  kind: 'team' | 'unit';
  key: string;
  from: string;
  to: string;
}

/**
 * The periods of the team marks of `teamKinds` and of the unit (and, with `teamless`, the
 * all-zero unit) marks: per key, every month when a mark says any month, otherwise from each
 * year's earliest marked month to the year's end — a write in a month can move a company's first
 * contact of the year to a later month of that year. A key's ranges never overlap, each ends at
 * a year's end (the yearly table reads them by year).
 */
function summaryRanges(marks: Mark[], teamKinds: string[], teamless: boolean): Range[] {
  const byKey = new Map<string, { kind: Range['kind']; key: string; whole: boolean; from: Map<string, string> }>();
  for (const m of marks) {
    // A project without a team changed: those without a unit either are kept under the all-zero unit (one with a unit comes with its unit's mark).
    const keyed: [Range['kind'], string] | null = teamKinds.includes(m.kind)
      ? ['team', m.key as string]
      : m.kind === 'unit'
        ? ['unit', m.key as string]
        : m.kind === 'teamless' && teamless
          ? ['unit', ZERO_TEAM]
          : null;
    if (!keyed) continue;
    const [kind, key] = keyed;
    const id = `${kind}:${key}`;
    const entry = byKey.get(id) ?? { kind, key, whole: false, from: new Map<string, string>() };
    byKey.set(id, entry);
    if (m.month === null) entry.whole = true;
    else {
      const year = m.month.slice(0, 4);
      const earliest = entry.from.get(year);
      if (!earliest || m.month < earliest) entry.from.set(year, m.month);
    }
  }
  const ranges: Range[] = [];
  for (const { kind, key, whole, from } of byKey.values()) {
    if (whole) ranges.push({ kind, key, from: '-infinity', to: 'infinity' });
    else for (const [year, month] of from) ranges.push({ kind, key, from: month, to: `${Number(year) + 1}-01-01` });
  }
  return ranges;
}

/** `ranges` as temporary table `name` (dropped at commit), analysed: the ranges drive index probes into interactions and progress. */
async function rangesTable(query: Query, name: string, ranges: Range[]): Promise<void> {
  await query(`CREATE TEMP TABLE ${name} (kind text NOT NULL, key uuid NOT NULL, from_month date NOT NULL, to_month date NOT NULL) ON COMMIT DROP`);
  await query(`INSERT INTO ${name} SELECT * FROM unnest($1::text[], $2::uuid[], $3::date[], $4::date[])`, [
    ranges.map((r) => r.kind),
    ranges.map((r) => r.key),
    ranges.map((r) => r.from),
    ranges.map((r) => r.to),
  ]);
  await query(`ANALYZE ${name}`);
}

/**
 * The team- and unit-keyed tables' rows of the marks' keys and periods, each table from the
 * marks of the writes it reads, deleted and inserted again by the rules restricted to them.
 */
async function recomputeKeys(query: Query, marks: Mark[]): Promise<void> {
  const none = uuidArray([]);
  const monthRanges = summaryRanges(marks, TEAM_KINDS.all, false);
  if (monthRanges.length) {
    const keys: SummaryKeys = { ranges: 'summary_month_ranges', teams: none, units: none };
    await rangesTable(query, keys.ranges, monthRanges);
    await query(`DELETE FROM team_month_metrics m USING ${keys.ranges} r
      WHERE ${inRangeMonths('r', 'm.month')} AND ((r.kind = 'team' AND m.team_key = r.key) OR (r.kind = 'unit' AND m.team_key = '${ZERO_TEAM}' AND m.region_unit_id = r.key))`);
    await query(`INSERT INTO team_month_metrics ${teamMonthMetricsSql(keys)}`);
    await query(`DROP TABLE ${keys.ranges}`);
  }
  // Projects without a team or a unit are kept under the all-zero unit (SummaryKeys).
  const teamless = marks.some((m) => m.kind === 'teamless');
  const projectTeams = keysOf(marks, TEAM_KINDS.projects);
  const projectUnits = [...keysOf(marks, ['unit']), ...(teamless ? [ZERO_TEAM] : [])];
  if (projectTeams.length || projectUnits.length) {
    const keys: SummaryKeys = { ranges: 'summary_year_ranges', teams: uuidArray(projectTeams), units: uuidArray(projectUnits) };
    await query(`DELETE FROM team_project_figures WHERE team_key = ANY(${keys.teams}) OR (team_key = '${ZERO_TEAM}' AND unit_key = ANY(${keys.units}))`);
    await query(`INSERT INTO team_project_figures ${teamProjectFiguresSql(keys)}`);
    await rangesTable(query, keys.ranges, summaryRanges(marks, TEAM_KINDS.projects, true));
    await query(`DELETE FROM team_project_years y USING ${keys.ranges} r
      WHERE ((r.kind = 'team' AND y.team_key = r.key) OR (r.kind = 'unit' AND y.team_key = '${ZERO_TEAM}' AND y.unit_key = r.key))
        AND make_date(y.year, 1, 1) >= date_trunc('year', r.from_month::timestamp) AND make_date(y.year, 1, 1) < r.to_month`);
    await query(`INSERT INTO team_project_years ${teamProjectYearsSql(keys)}`);
    await query(`DROP TABLE ${keys.ranges}`);
  }
  const chainTeams = keysOf(marks, TEAM_KINDS.chains);
  if (chainTeams.length) {
    // Kept per team whatever the period: no ranges.
    const keys: SummaryKeys = { ranges: '', teams: uuidArray(chainTeams), units: none };
    await query(`DELETE FROM team_chain_signings WHERE team_id = ANY(${keys.teams})`);
    await query(`INSERT INTO team_chain_signings ${teamChainSigningsSql(keys)}`);
  }
}

/**
 * 对接企业数 per unit after the interactions of `enterprises` changed: their first contacts per
 * unit and year recomputed, and each (unit, home_only, month) count moved by the rows that left
 * it and came into it — a count of unit_contact_firsts rows, as unitMonthContactsSql counts them,
 * without recounting a whole city's month for one company.
 */
async function recomputeContacts(query: Query, enterprises: string): Promise<void> {
  const month = `date_trunc('month', first_at AT TIME ZONE 'Asia/Shanghai')::date`;
  await query(`CREATE TEMP TABLE touched_contacts ON COMMIT DROP AS
    WITH gone AS (DELETE FROM unit_contact_firsts WHERE enterprise_id = ANY(${enterprises}) RETURNING unit_id, home_only, first_at)
    SELECT unit_id, home_only, ${month} AS month, -1 AS delta FROM gone`);
  await query(`WITH added AS (INSERT INTO unit_contact_firsts (unit_id, home_only, enterprise_id, first_at) ${unitContactFirstsSql(enterprises)} RETURNING unit_id, home_only, first_at)
    INSERT INTO touched_contacts SELECT unit_id, home_only, ${month}, 1 FROM added`);
  await query(`INSERT INTO unit_month_contacts AS u (unit_id, home_only, month, enterprises_contacted)
    SELECT unit_id, home_only, month, sum(delta) FROM touched_contacts GROUP BY unit_id, home_only, month HAVING sum(delta) <> 0
    ON CONFLICT (unit_id, home_only, month) DO UPDATE SET enterprises_contacted = u.enterprises_contacted + EXCLUDED.enterprises_contacted`);
  // A month no company is first contacted in has no row, as in the rule's count.
  await query(`DELETE FROM unit_month_contacts u USING touched_contacts k
    WHERE u.unit_id = k.unit_id AND u.home_only = k.home_only AND u.month = k.month AND u.enterprises_contacted = 0`);
  await query('DROP TABLE touched_contacts');
}

/** Every summary table rebuilt from the rules (readers keep the old rows until the transaction commits). */
async function rebuildSummaries(query: Query): Promise<void> {
  await query('DELETE FROM team_month_metrics');
  await query(`INSERT INTO team_month_metrics ${teamMonthMetricsSql()}`);
  await query('DELETE FROM team_project_figures');
  await query(`INSERT INTO team_project_figures ${teamProjectFiguresSql()}`);
  await query('DELETE FROM team_project_years');
  await query(`INSERT INTO team_project_years ${teamProjectYearsSql()}`);
  await query('DELETE FROM team_chain_signings');
  await query(`INSERT INTO team_chain_signings ${teamChainSigningsSql()}`);
  // Read by the refresh alone: emptied at once rather than row by row.
  await query('TRUNCATE unit_contact_firsts');
  await query(`INSERT INTO unit_contact_firsts (unit_id, home_only, enterprise_id, first_at) ${unitContactFirstsSql()}`);
  await query('DELETE FROM unit_month_contacts');
  await query(`INSERT INTO unit_month_contacts ${unitMonthContactsSql('unit_contact_firsts')}`);
}
