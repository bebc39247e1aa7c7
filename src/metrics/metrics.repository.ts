import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fromNumeric } from '../common/money/wan-yuan';
import { METRICS, MetricValues, zeroMetrics } from './metric';
import { SUMMARY_VIEWS } from './registry-figures.read-model';

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
   * Recomputes every summary view without blocking readers and stamps the refresh; false (and
   * nothing done) while another process is at it.
   */
  async refreshViews(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [REFRESH_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return false;
      try {
        for (const view of SUMMARY_VIEWS) await runner.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
        await runner.query('UPDATE metric_refreshes SET refreshed_at = now()');
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [REFRESH_LOCK]);
      }
    } finally {
      await runner.release();
    }
    return true;
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
