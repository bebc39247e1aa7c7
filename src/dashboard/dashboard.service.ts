import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuthUser, Role } from '../common/auth/auth-user';
import { VersionedCache } from '../common/cache/versioned-cache';
import { AppError } from '../common/errors/app-error';
import { fromNumeric, sumWanYuan, toUnits } from '../common/money/wan-yuan';
import { MonthWindow, Period, periodKey, targetPeriodOf } from '../common/time/period';
import { asOfOfQuery, frameView, periodOfQuery, ReportPeriodQuery, reportFrame } from '../common/time/report-period.dto';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { PipelineService } from '../leads/pipeline.service';
import { Metric, zeroMetrics } from '../metrics/metric';
import { MetricsService } from '../metrics/metrics.service';
import { RankingsService } from '../rankings/rankings.service';
import { AccessRepository } from '../access/access.repository';
import { yearOnYear } from '../metrics/year-on-year';
import { completionPercent } from '../targets/progress';
import { DashboardReadModel } from './dashboard.read-model';
import { DashboardView, toConversionView } from './dto/dashboard.dto';

/** The months a trend chart shows, `YYYY-MM`: the months counted (the period's, up to the 数据截至 month). */
function monthsOf(window: MonthWindow): string[] {
  const months: string[] = [];
  for (let [y, m] = [Number(window.start.slice(0, 4)), Number(window.start.slice(5, 7))]; `${y}-${String(m).padStart(2, '0')}-01` < window.end; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/** The dashboard's period: the query's, a year by default (this year's, Beijing time). */
export type DashboardPeriodQuery = Omit<ReportPeriodQuery, 'periodType' | 'year'> & Partial<Pick<ReportPeriodQuery, 'periodType' | 'year'>>;

/**
 * The city dashboard in one call, for a wall screen that refreshes every minute: counted
 * figures come from the refreshed view, the pipeline from the trigger-kept totals.
 * Everything is limited to the caller's scope.
 */
@Injectable()
export class DashboardService {
  private readonly counted = new VersionedCache<Awaited<ReturnType<DashboardService['countedFigures']>>>(256);

  constructor(
    private readonly figures: DashboardReadModel,
    private readonly metrics: MetricsService,
    private readonly pipeline: PipelineService,
    private readonly rankings: RankingsService,
    private readonly scope: AccessRepository,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /**
   * The dashboard: the pipeline live (it reads kept totals), everything else as of the last
   * refresh of the metrics view — computed once per caller's scope and refresh, because a wall
   * screen asks every minute and the registry and conversion figures scan every project.
   */
  async dashboard(actor: AuthUser, query: DashboardPeriodQuery = {}): Promise<DashboardView> {
    const asOf = asOfOfQuery(query);
    const period = periodOfQuery({ ...query, periodType: query.periodType ?? 'year', year: query.year ?? Number(asOf.slice(0, 4)) });
    const teamIds = await this.scope.visibleTeamIds(actor);
    const version = await this.metrics.figuresVersion(period.year, targetPeriodOf(period) ?? undefined);
    const scopeKey = teamIds ? createHash('sha1').update(teamIds.sort().join(',')).digest('base64url') : 'all';
    const [pipeline, counted] = await Promise.all([
      this.pipeline.board(actor, {}),
      this.counted.get(`${actor.role === Role.Admin ? 'admin' : actor.id}|${periodKey(period)}|${asOf}`, `${version}|${scopeKey}`, () =>
        this.countedFigures(actor, period, asOf, teamIds),
      ),
    ]);
    return { ...counted, pipeline };
  }

  private async countedFigures(actor: AuthUser, period: Period, asOfDate: string, teamIds: string[] | null): Promise<Omit<DashboardView, 'pipeline'>> {
    // A live screen: 序时进度 by the live convention (config/reporting.json pace.live).
    const frame = reportFrame(period, asOfDate, this.rules.pace.live);
    const year = period.year;
    const visible = this.scope.visibleTeamIdsSql(actor);
    const { start, end } = frame.window;
    // 本月 is the last month counted (1–N月's N): the 数据截至 month within the period, the
    // period's last month once it is past, its first when it has not begun (nothing counted).
    const countedMonths = monthsOf(frame.window);
    const month = `${countedMonths.at(-1) ?? start.slice(0, 7)}-01`;
    const targetPeriod = targetPeriodOf(period);

    const [asOf, trends, before, target, reg, c, byCounty, byChain, ranking] = await Promise.all([
      this.metrics.asOf(),
      this.metrics.monthly(start, end, visible),
      this.metrics.monthly(frame.previousWindow.start, frame.previousWindow.end, visible),
      targetPeriod ? this.figures.signedAmountTarget(targetPeriod, teamIds, actor.id) : { amount: '0', n: 0 },
      // Registry and conversion figures from the summaries refreshed with the metrics view.
      this.figures.registry(year, teamIds),
      this.figures.conversion(start, end, teamIds),
      this.figures.byCounty(start, end, teamIds, this.rules.attribution.signed_amount),
      this.figures.byChain(start, end, teamIds),
      // 前五后五 come from the unpublished preview, which is for admins and managers: a member
      // learns ranks from the published 通报.
      actor.role === Role.Member
        ? null
        : this.rankings.preview({ ...frame.period, periodType: period.type, asOf: asOfDate, level: 'team' }).then(({ result }) => result, (err: unknown) => {
            if (err instanceof AppError && err.code === 'RANKING_NO_TARGETS') return null;
            throw err;
          }),
    ]);
    // 签约项目数 and 签约金额 of the year: the counting rules' months (team_month_metrics), the
    // same figures the trends and the county and chain tables show, never a second rule.
    const signedOf = (months: typeof trends) => ({
      projects: months.reduce((n, t) => n + Number(t[Metric.SignedProjects]), 0),
      amount: sumWanYuan(months.map((t) => t[Metric.SignedAmount])),
    });
    const [signed, signedBefore] = [signedOf(trends), signedOf(before)];
    const current = trends.find((t) => `${t.month}-01` === month);
    const rows = (ranking?.rows ?? []).filter((r) => !teamIds || teamIds.includes(r.assignee.id));
    const brief = (r: (typeof rows)[number]) => ({ rank: r.rank, team: r.assignee, score: r.score.total });
    return {
      ...frameView(frame),
      year,
      label: frame.period.label,
      asOf,
      thisMonth: {
        month: month.slice(0, 7),
        enterprisesContacted: Number(current?.[Metric.EnterprisesContacted] ?? 0),
        visits: Number(current?.[Metric.Visits] ?? 0),
        newLeads: Number(current?.[Metric.NewLeads] ?? 0),
      },
      signing: {
        projects: signed.projects,
        amount: fromNumeric(signed.amount),
        target: target.n ? fromNumeric(target.amount) : null,
        completion: completionPercent(signed.amount, target.n ? target.amount : null),
        yoy: { projects: yearOnYear(String(signed.projects), String(signedBefore.projects)), amount: yearOnYear(signed.amount, signedBefore.amount) },
      },
      conversion: toConversionView(c),
      registry: {
        projects: reg.projects,
        totalInvestment: fromNumeric(reg.total_investment),
        annualPlan: fromNumeric(reg.annual_plan),
        completedYtd: fromNumeric(reg.completed_ytd),
        planCompletion: toUnits(fromNumeric(reg.annual_plan)) === 0n ? null : completionPercent(fromNumeric(reg.completed_ytd), fromNumeric(reg.annual_plan)),
      },
      topTeams: rows.slice(0, 5).map(brief),
      bottomTeams: rows.slice(-5).reverse().map(brief),
      trends: countedMonths.map((key) => trends.find((m) => m.month === key) ?? { month: key, ...zeroMetrics() }).map((m) => ({
        month: m.month,
        enterprisesContacted: Number(m[Metric.EnterprisesContacted]),
        visits: Number(m[Metric.Visits]),
        newLeads: Number(m[Metric.NewLeads]),
        signedProjects: Number(m[Metric.SignedProjects]),
        signedAmount: m[Metric.SignedAmount],
      })),
      byCounty: byCounty.map((r) => ({ id: r.id, name: r.name, code: r.code, signedAmount: fromNumeric(r.signed_amount), signedProjects: r.signed_projects })),
      byChain: byChain.map((r) => ({ id: r.id, name: r.name, signedAmount: fromNumeric(r.signed_amount), signedProjects: r.signed_projects })),
    };
  }
}
