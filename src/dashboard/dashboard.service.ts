import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { holdsAnyTeam, withinRegion } from '../access/region-subtree.sql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { VersionedCache } from '../common/cache/versioned-cache';
import { AppError } from '../common/errors/app-error';
import { fromNumeric } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { Period, periodLabel, timeElapsedNow } from '../common/time/period';
import { PipelineService } from '../leads/pipeline.service';
import { Metric, zeroMetrics } from '../metrics/metric';
import { MetricsService } from '../metrics/metrics.service';
import { RankingsService } from '../rankings/rankings.service';
import { AccessRepository, managedUnitsSql } from '../access/access.repository';
import { completionRatio } from '../targets/progress';
import { DashboardView } from './dto/dashboard.dto';

const pct = (part: number, whole: number): string | null => (whole === 0 ? null : ((part * 100) / whole).toFixed(2));

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const teamFilter = (column: string, index: number) => (visible ? `AND ${column} IN (SELECT * FROM unnest($${index}::uuid[]))` : '');
    const params = (...p: unknown[]) => (teamIds ? [...p, teamIds] : p);

    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;

    const [asOf, trends, monthNow, signedYtd, targetAmount, registry, conversion, byCounty, byChain, ranking] = await Promise.all([
      this.metrics.asOf(),
      this.metrics.monthly(`${year}-01-01`, `${year + 1}-01-01`, visible),
      // This month is this month whatever year the screen shows; this year's trends already hold it.
      year === y ? null : this.metrics.monthly(month, nextMonth, visible),
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE kind = 'initial')::int AS projects, COALESCE(sum(amount), 0)::text AS amount
           FROM signings WHERE signed_on >= $1 AND signed_on < $2 ${teamFilter('team_id', 3)}`,
        params(`${year}-01-01`, `${year + 1}-01-01`),
      ) as Promise<Array<{ projects: number; amount: string }>>,
      // The year's signed-amount targets in scope (a manager's: of their units and teams, not of
      // the units above them), each counted once: a target inside a unit that has one is part of it.
      this.dataSource.query(
        `WITH g AS (
           SELECT g.id, (g.values->>'signed_amount')::numeric AS amount, g.region_unit_id IS NOT NULL AS is_unit, COALESCE(u.path, tr.path) AS path
             FROM targets g
             LEFT JOIN region_units u ON u.id = g.region_unit_id
             LEFT JOIN teams t ON t.id = g.team_id LEFT JOIN region_units tr ON tr.id = t.region_unit_id
            WHERE g.period_type = 'year' AND g.year = $1 AND g.values->>'signed_amount' IS NOT NULL
              ${teamIds ? `AND (g.team_id = ANY($2) OR g.region_unit_id IN (${managedUnitsSql('$3')}))` : ''})
         SELECT COALESCE(sum(g.amount), 0)::text AS amount, count(*)::int AS n FROM g
          WHERE NOT EXISTS (SELECT 1 FROM g o WHERE o.is_unit AND o.id <> g.id AND ${withinRegion('g', 'o')})`,
        teamIds ? [year, teamIds, actor.id] : [year],
      ) as Promise<Array<{ amount: string; n: number }>>,
      // Registry and conversion figures from the summaries refreshed with the metrics view.
      this.dataSource.query(
        `SELECT COALESCE(sum(f.projects), 0)::int AS projects, COALESCE(sum(f.total_investment), 0)::text AS total_investment,
                (SELECT COALESCE(sum(y.annual_plan), 0) FROM team_project_years y WHERE y.year = $1 ${teamFilter('y.team_id', 2)})::text AS annual_plan,
                (SELECT COALESCE(sum(y.completed), 0) FROM team_project_years y WHERE y.year = $1 ${teamFilter('y.team_id', 2)})::text AS completed_ytd
           FROM team_project_figures f WHERE TRUE ${teamFilter('f.team_id', 2)}`,
        params(year),
      ) as Promise<Array<{ projects: number; total_investment: string; annual_plan: string; completed_ytd: string }>>,
      this.dataSource.query(
        `SELECT COALESCE(sum(f.contracted), 0)::int AS contracted, COALESCE(sum(f.performing), 0)::int AS performing,
                COALESCE(sum(f.landed), 0)::int AS landed, COALESCE(sum(f.started), 0)::int AS started, COALESCE(sum(f.operating), 0)::int AS operating,
                COALESCE(sum(f.contract_amount), 0)::text AS contract_amount, COALESCE(sum(f.funds_in_place), 0)::text AS funds_in_place
           FROM team_project_figures f WHERE TRUE ${teamFilter('f.team_id', 1)}`,
        params(),
      ) as Promise<Array<{ contracted: number; performing: number; landed: number; started: number; operating: number; contract_amount: string; funds_in_place: string }>>,
      this.dataSource.query(
        `SELECT c.id, c.name, c.code, COALESCE(sum(m.signed_amount), 0)::text AS signed_amount, COALESCE(sum(m.signed_projects), 0)::int AS signed_projects
           FROM region_units c
           LEFT JOIN region_units r ON ${withinRegion('r', 'c')}
           LEFT JOIN team_month_metrics m ON m.region_unit_id = r.id AND m.month >= $1 AND m.month < $2 ${teamFilter('m.team_id', 3)}
          WHERE c.level = 'county'
            ${teamIds ? `AND ${holdsAnyTeam('c', '$3')}` : ''}
          GROUP BY c.id, c.name, c.code ORDER BY c.code NULLS LAST, c.name`,
        params(`${year}-01-01`, `${year + 1}-01-01`),
      ) as Promise<Array<{ id: string; name: string; code: string | null; signed_amount: string; signed_projects: number }>>,
      this.dataSource.query(
        `SELECT ch.id, ch.name, COALESCE(sum(s.signed_amount), 0)::text AS signed_amount, COALESCE(sum(s.signed_projects), 0)::int AS signed_projects
           FROM industry_chains ch
           LEFT JOIN team_chain_signings s ON s.industry_chain_id = ch.id AND s.month >= $1 AND s.month < $2 ${teamFilter('s.team_id', 3)}
          GROUP BY ch.id, ch.name, ch.sort_order ORDER BY ch.sort_order, ch.name`,
        params(`${year}-01-01`, `${year + 1}-01-01`),
      ) as Promise<Array<{ id: string; name: string; signed_amount: string; signed_projects: number }>>,
      // 前五后五 come from the unpublished preview, which is for admins and managers: a member
      // learns ranks from the published 通报.
      actor.role === Role.Member
        ? null
        : this.rankings.preview({ periodType: 'year', year, level: 'team' }).then(({ result }) => result, (err: unknown) => {
            if (err instanceof AppError && err.code === 'RANKING_NO_TARGETS') return null;
            throw err;
          }),
    ]);
    const current = (monthNow ?? trends).find((t) => `${t.month}-01` === month);
    const s = signedYtd[0] as { projects: number; amount: string };
    const t = targetAmount[0] as { amount: string; n: number };
    const reg = registry[0] as { projects: number; total_investment: string; annual_plan: string; completed_ytd: string };
    const c = conversion[0] as { contracted: number; performing: number; landed: number; started: number; operating: number; contract_amount: string; funds_in_place: string };
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
        projects: s.projects,
        amount: fromNumeric(s.amount),
        target: t.n ? fromNumeric(t.amount) : null,
        completion: t.n ? (completionRatio(s.amount, t.amount) * 100).toFixed(2) : null,
      },
      conversion: {
        contractProjects: c.contracted,
        履约率: pct(c.performing, c.contracted),
        开工率: pct(c.started, c.contracted),
        资金到位率: Number(c.contract_amount) === 0 ? null : ((Number(c.funds_in_place) * 100) / Number(c.contract_amount)).toFixed(2),
        落地率: pct(c.landed, c.contracted),
        投产率: pct(c.operating, c.contracted),
      },
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
