import { Injectable, Logger } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { MonthWindow, Period } from '../common/time/period';
import { FiguresReadModel } from './figures.read-model';
import { MetricValues } from './metric';
import { MetricsRepository } from './metrics.repository';

/**
 * Actual figures by the counting rules (counting-rules.read-model.ts), read from the
 * team_month_metrics view: per team, per region unit (its whole subtree), per month.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);

  constructor(
    private readonly repository: MetricsRepository,
    private readonly figures: FiguresReadModel,
  ) {}

  /** Recomputes the summary views without blocking readers; skipped if another process is at it. */
  async refresh(): Promise<{ refreshed: boolean; ms: number }> {
    const started = Date.now();
    if (!(await this.repository.refreshViews())) return { refreshed: false, ms: 0 };
    const ms = Date.now() - started;
    if (ms > 5_000) this.logger.warn(`metrics refresh took ${ms} ms`);
    return { refreshed: true, ms };
  }

  /** When the figures were last recomputed. */
  async asOf(): Promise<Date> {
    return this.repository.lastRefresh();
  }

  /**
   * A string that changes whenever figures of `year` (or of one period of it) computed from
   * this view and the targets may: the view's last refresh, the targets' count and last
   * change, the day (deadlines move). Caches of rankings and dashboards key on it.
   */
  async figuresVersion(year: number, period?: Period): Promise<string> {
    const row = await this.figures.stamps(year, period);
    return `${row?.as_of}|${row?.targets}|${businessDate(new Date())}`;
  }

  /** Actuals per team over the months counted (countedWindow, or a period's bounds); teams with nothing get zeros. */
  async forTeams(window: MonthWindow, teamIds: string[]): Promise<Map<string, MetricValues>> {
    return this.repository.teamTotals(teamIds, window.start, window.end);
  }

  /** Actuals per region unit over the months counted: every team at or below it, and projects entered there without a team. */
  async forUnits(window: MonthWindow, unitIds: string[]): Promise<Map<string, MetricValues>> {
    return this.figures.unitTotals(unitIds, window.start, window.end);
  }

  /** Month-by-month totals over the given teams (null: everything), for trend charts. */
  async monthly(from: string, to: string, teamIdsSql: { sql: string; params: Record<string, unknown> } | null): Promise<Array<{ month: string } & MetricValues>> {
    return this.repository.monthly(from, to, teamIdsSql);
  }
}
