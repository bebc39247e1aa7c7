import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuthUser, Role } from '../common/auth/auth-user';
import { VersionedCache } from '../common/cache/versioned-cache';
import { AppError } from '../common/errors/app-error';
import { fromNumeric, sumWanYuan } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { Period, periodLabel, timeElapsedNow } from '../common/time/period';
import { PipelineService } from '../leads/pipeline.service';
import { Metric, zeroMetrics } from '../metrics/metric';
import { MetricsService } from '../metrics/metrics.service';
import { RankingsService } from '../rankings/rankings.service';
import { AccessRepository } from '../access/access.repository';
import { completionRatio } from '../targets/progress';
import { DashboardReadModel } from './dashboard.read-model';
import { DashboardView, toConversionView } from './dto/dashboard.dto';

/** The months of `year` a trend chart shows, `YYYY-MM`: all twelve of a past year, this year's up to this month. */
function monthsOf(year: number, today: string): string[] {
  const thisYear = Number(today.slice(0, 4));
  const last = year < thisYear ? 12 : year === thisYear ? Number(today.slice(5, 7)) : 0;
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

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
  ) {}

  /**
   * The dashboard: the pipeline live (it reads kept totals), everything else as of the last
   * refresh of the metrics view — computed once per caller's scope and refresh, because a wall
   * screen asks every minute and the registry and conversion figures scan every project.
   */
  async dashboard(actor: AuthUser, year: number): Promise<DashboardView> {
    const teamIds = await this.scope.visibleTeamIds(actor);
    const version = await this.metrics.figuresVersion(year);
    const scopeKey = teamIds ? createHash('sha1').update(teamIds.sort().join(',')).digest('base64url') : 'all';
    const [pipeline, counted] = await Promise.all([
      this.pipeline.board(actor, {}),
      this.counted.get(`${actor.role === Role.Admin ? 'admin' : actor.id}|${year}`, `${version}|${scopeKey}`, () =>
        this.countedFigures(actor, year, teamIds),
      ),
    ]);
    return { ...counted, pipeline };
  }

  private async countedFigures(actor: AuthUser, year: number, teamIds: string[] | null): Promise<Omit<DashboardView, 'pipeline'>> {
    const period: Period = { type: 'year', year };
    const today = businessDate(new Date());
    const month = `${today.slice(0, 7)}-01`;
    const visible = this.scope.visibleTeamIdsSql(actor);

    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const [yearStart, nextYear] = [`${year}-01-01`, `${year + 1}-01-01`];

    const [asOf, trends, monthNow, target, reg, c, byCounty, byChain, ranking] = await Promise.all([
      this.metrics.asOf(),
      this.metrics.monthly(yearStart, nextYear, visible),
      // This month is this month whatever year the screen shows; this year's trends already hold it.
      year === y ? null : this.metrics.monthly(month, nextMonth, visible),
      this.figures.signedAmountTarget(year, teamIds, actor.id),
      // Registry and conversion figures from the summaries refreshed with the metrics view.
      this.figures.registry(year, teamIds),
      this.figures.conversion(yearStart, nextYear, teamIds),
      this.figures.byCounty(yearStart, nextYear, teamIds),
      this.figures.byChain(yearStart, nextYear, teamIds),
      // 前五后五 come from the unpublished preview, which is for admins and managers: a member
      // learns ranks from the published 通报.
      actor.role === Role.Member
        ? null
        : this.rankings.preview({ periodType: 'year', year, level: 'team' }).then(({ result }) => result, (err: unknown) => {
            if (err instanceof AppError && err.code === 'RANKING_NO_TARGETS') return null;
            throw err;
          }),
    ]);
    // 签约项目数 and 签约金额 of the year: the counting rules' months (team_month_metrics), the
    // same figures the trends and the county and chain tables show, never a second rule.
    const signed = {
      projects: trends.reduce((n, t) => n + Number(t[Metric.SignedProjects]), 0),
      amount: sumWanYuan(trends.map((t) => t[Metric.SignedAmount])),
    };
    const current = (monthNow ?? trends).find((t) => `${t.month}-01` === month);
    const rows = (ranking?.rows ?? []).filter((r) => !teamIds || teamIds.includes(r.assignee.id));
    const brief = (r: (typeof rows)[number]) => ({ rank: r.rank, team: r.assignee, score: r.score.total });
    const elapsed = timeElapsedNow(period);
    return {
      year,
      label: periodLabel(period),
      asOf,
      timeElapsed: (elapsed * 100).toFixed(2),
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
        completion: target.n ? (completionRatio(signed.amount, target.amount) * 100).toFixed(2) : null,
      },
      conversion: toConversionView(c),
      registry: {
        projects: reg.projects,
        totalInvestment: fromNumeric(reg.total_investment),
        annualPlan: fromNumeric(reg.annual_plan),
        completedYtd: fromNumeric(reg.completed_ytd),
        planCompletion: Number(reg.annual_plan) === 0 ? null : ((Number(reg.completed_ytd) * 100) / Number(reg.annual_plan)).toFixed(2),
      },
      topTeams: rows.slice(0, 5).map(brief),
      bottomTeams: rows.slice(-5).reverse().map(brief),
      trends: monthsOf(year, today).map((key) => trends.find((m) => m.month === key) ?? { month: key, ...zeroMetrics() }).map((m) => ({
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
