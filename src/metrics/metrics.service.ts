import { Injectable, Logger } from '@nestjs/common';
import { withinRegion } from '../access/region-subtree.sql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fromNumeric } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { Period, periodBounds } from '../common/time/period';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/jobs';
import { METRICS, MetricValues, zeroMetrics } from './metric';
import { SUMMARY_VIEWS } from './registry-figures.sql';

/** Arbitrary constant: one refresh at a time across all worker processes. */
const REFRESH_LOCK = 7_301_043;

const SUMS = METRICS.map((m) => `COALESCE(sum(m.${m}), 0)::text AS ${m}`).join(', ');

type Row = { key: string } & Record<string, string>;

/**
 * Actual figures by the counting rules (counting-rules.sql.ts), read from the
 * team_month_metrics view: per team, per region unit (its whole subtree), per month.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Recomputes the summary views without blocking readers; skipped if another process is at it. */
  @JobHandler(JobName.RefreshMetrics)
  async refresh(): Promise<{ refreshed: boolean; ms: number }> {
    const started = Date.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [REFRESH_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return { refreshed: false, ms: 0 };
      try {
        for (const view of SUMMARY_VIEWS) await runner.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
        await runner.query('UPDATE metric_refreshes SET refreshed_at = now()');
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [REFRESH_LOCK]);
      }
    } finally {
      await runner.release();
    }
    const ms = Date.now() - started;
    if (ms > 5_000) this.logger.warn(`metrics refresh took ${ms} ms`);
    return { refreshed: true, ms };
  }

  /** When the figures were last recomputed. */
  async asOf(): Promise<Date> {
    const [row] = (await this.dataSource.query('SELECT refreshed_at FROM metric_refreshes')) as Array<{ refreshed_at: Date }>;
    return row?.refreshed_at ?? new Date(0);
  }

  /**
   * A string that changes whenever figures of `year` (or of one period of it) computed from
   * this view and the targets may: the view's last refresh, the targets' count and last
   * change, the day (deadlines move). Caches of rankings and dashboards key on it.
   */
  async figuresVersion(year: number, period?: Period): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT refreshed_at FROM metric_refreshes)::text AS as_of,
              (SELECT count(*) || '/' || COALESCE(max(updated_at)::text, '') FROM targets
                WHERE year = $1 AND ($2::text IS NULL OR (period_type::text = $2 AND quarter = $3))) AS targets`,
      [year, period?.type ?? null, period?.quarter ?? 0],
    )) as Array<{ as_of: string; targets: string }>;
    return `${row?.as_of}|${row?.targets}|${businessDate(new Date())}`;
  }

  /** Actuals per team for the period (teams with nothing get zeros). */
  async forTeams(period: Period, teamIds: string[]): Promise<Map<string, MetricValues>> {
    const { start, end } = periodBounds(period);
    const rows: Row[] = await this.dataSource.query(
      `SELECT m.team_id AS key, ${SUMS} FROM team_month_metrics m
        WHERE m.team_id = ANY($1) AND m.month >= $2 AND m.month < $3 GROUP BY m.team_id`,
      [teamIds, start, end],
    );
    return toMap(teamIds, rows);
  }

  /** Actuals per region unit: every team at or below it, and projects entered there without a team. */
  async forUnits(period: Period, unitIds: string[]): Promise<Map<string, MetricValues>> {
    const { start, end } = periodBounds(period);
    const rows: Row[] = await this.dataSource.query(
      `SELECT u.id AS key, ${SUMS}
         FROM region_units u
         JOIN region_units r ON ${withinRegion('r', 'u')}
         JOIN team_month_metrics m ON m.region_unit_id = r.id
        WHERE u.id = ANY($1) AND m.month >= $2 AND m.month < $3
        GROUP BY u.id`,
      [unitIds, start, end],
    );
    return toMap(unitIds, rows);
  }

  /** Month-by-month totals over the given teams (null: everything), for trend charts. */
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
    return rows.map((r) => ({ month: r.month as string, ...normalise(r) }));
  }
}

function normalise(r: Record<string, string>): MetricValues {
  const values = zeroMetrics();
  for (const m of METRICS) values[m] = fromNumeric(r[m] ?? '0');
  return values;
}

function toMap(keys: string[], rows: Row[]): Map<string, MetricValues> {
  const map = new Map<string, MetricValues>(keys.map((k) => [k, zeroMetrics()]));
  for (const r of rows) map.set(r.key, normalise(r));
  return map;
}
