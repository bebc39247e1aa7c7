import { Inject, Injectable, Logger } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { MonthWindow, Period } from '../common/time/period';
import { FiguresReadModel } from './figures.read-model';
import { Metric, METRICS, MetricValues, zeroMetrics } from './metric';
import { MetricsRepository } from './metrics.repository';
import { Attribution, REPORTING_RULES, ReportingRules } from './reporting-rules';

/**
 * Which view a unit's figures are read in: `landing` (rows landing in the unit's subtree:
 * 落地旗县区 / 市本级), `team` (teams homed in it: 招商主体), or `configured` — per indicator as
 * config/reporting.json `attribution` says.
 */
export type UnitView = 'configured' | Attribution;

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
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /**
   * Recomputes the summary tables' rows of what changed since the last refresh (`full`: all
   * of them) without blocking readers; skipped if another process is at it. `changed`: some
   * figure may have changed (what the figures' version and the stored previews follow).
   */
  async refresh(full = false): Promise<{ refreshed: boolean; changed: boolean; ms: number }> {
    const started = Date.now();
    const done = await this.repository.refreshViews(full);
    if (!done) return { refreshed: false, changed: false, ms: 0 };
    const ms = Date.now() - started;
    if (ms > 5_000) this.logger.warn(`metrics refresh took ${ms} ms (${done.full ? 'full rebuild' : `${done.teams} teams, ${done.units} units, ${done.enterprises} enterprises`})`);
    return { refreshed: true, changed: done.full || done.teams + done.units + done.enterprises > 0 || done.teamless, ms };
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

  /** Actuals per region unit over the months counted, in `view` (targets and rankings: the configured one). */
  async forUnits(window: MonthWindow, unitIds: string[], view: UnitView = 'configured'): Promise<Map<string, MetricValues>> {
    return this.unitFigures(unitIds, window.start, window.end, view);
  }

  /** The view each indicator is read in under `view`. */
  attributionOf(view: UnitView): Record<Metric, Attribution> {
    return Object.fromEntries(METRICS.map((m) => [m, view === 'configured' ? this.rules.attribution[m] : view])) as Record<Metric, Attribution>;
  }

  /**
   * Actuals per region unit over months [start, end), each indicator in its view (see
   * attributionOf): the unit's whole subtree, or (`homeOnly`, a 市本级 row) what lands at / the
   * teams homed at the unit itself. 对接企业数 counts each company once per unit (it has no
   * landing place: both views read the contacts of the unit's teams).
   */
  async unitFigures(unitIds: string[], start: string, end: string, view: UnitView, homeOnly = false): Promise<Map<string, MetricValues>> {
    const out = new Map<string, MetricValues>(unitIds.map((id) => [id, zeroMetrics()]));
    if (unitIds.length === 0) return out;
    const attribution = this.attributionOf(view);
    const summed = METRICS.filter((m) => m !== Metric.EnterprisesContacted);
    const needs = (a: Attribution) => summed.some((m) => attribution[m] === a);
    const [landing, team, contacts] = await Promise.all([
      needs('landing') ? this.figures.unitSums(unitIds, start, end, 'landing_unit_id', homeOnly) : null,
      needs('team') ? this.figures.unitSums(unitIds, start, end, 'region_unit_id', homeOnly) : null,
      this.figures.unitContacts(unitIds, start, end, homeOnly),
    ]);
    for (const id of unitIds) {
      const values = out.get(id) as MetricValues;
      for (const m of summed) values[m] = ((attribution[m] === 'landing' ? landing : team) as Map<string, MetricValues>).get(id)?.[m] ?? '0';
      values[Metric.EnterprisesContacted] = String(contacts.get(id) ?? 0);
    }
    return out;
  }

  /** Month-by-month totals over the given teams (null: everything), for trend charts; 对接企业数 counted once over the set. */
  async monthly(from: string, to: string, teamIdsSql: { sql: string; params: Record<string, unknown> } | null): Promise<Array<{ month: string } & MetricValues>> {
    // 对接企业数 of the whole set, each company once: the teams' own counts would add up a
    // company two of the teams contacted twice.
    const [rows, contacts] = await Promise.all([this.repository.monthly(from, to, teamIdsSql), this.figures.contactsByMonth(from, to, teamIdsSql)]);
    const months = new Map(rows.map((r) => [r.month, r]));
    for (const month of contacts.keys()) if (!months.has(month)) months.set(month, { month, ...zeroMetrics() });
    for (const row of months.values()) row[Metric.EnterprisesContacted] = String(contacts.get(row.month) ?? 0);
    return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  }
}
