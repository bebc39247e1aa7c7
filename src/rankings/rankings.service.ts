import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { VersionedCache } from '../common/cache/versioned-cache';
import { PreparedJson, prepareJson } from '../common/http/prepared-json';
import { AuthUser, Role } from '../common/auth/auth-user';
import { commonErrors, notFound } from '../common/errors/app-error';
import { Period, periodBounds, periodLabel, timeElapsedNow } from '../common/time/period';
import { businessDate } from '../common/time/business-time';
import { MetricsService } from '../metrics/metrics.service';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { progressOf } from '../targets/progress';
import { TargetsService } from '../targets/targets.service';
import { AccessRepository } from '../access/access.repository';
import { PublishRankingDto, RankingQuery } from './dto/ranking.dto';
import { PublishedRankingView, RankingResultView, toPublishedRankingView } from './dto/ranking-view.dto';
import { Ranking, RankingRow } from './entities/ranking.entity';
import { RankingFiguresReadModel } from './ranking-figures.read-model';
import { rankingErrors } from './rankings.errors';
import { rankingTotals } from './ranking-totals';
import { DEFAULT_FORMULA, describeFormula, formulaProblems, score, ScoringFormula } from './scoring';

/** A computed ranking and its body, as the preview sends it. */
export interface RankingPreview {
  result: RankingResultView;
  body: PreparedJson;
}

/** Names in ranking order (Chinese collation); one collator, not one per comparison. */
const byName = new Intl.Collator('zh-CN');

/** Rankings (通报排名): teams or units with targets in a period, ordered by the formula's score. */
@Injectable()
export class RankingsService {
  /**
   * Previews per period and level, recomputed when the counted figures are (each refresh of
   * the metrics view), when the period's targets change, or on a new day (deadlines move): a
   * ranking of 3,000 teams takes about a second to compute, and its 4 MB of JSON
   * are 50 ms to serialise and send (gzipped once, a tenth of that).
   */
  private readonly previews = new VersionedCache<RankingPreview>(32);
  /**
   * Managers' previews: the full one's rows cut to a scope, keyed by exactly the rows kept (a
   * hash of their ids), so two managers share an entry only when they would see the same rows,
   * and a manager whose scope changes gets a new key, never another scope's rows.
   */
  private readonly scopedPreviews = new VersionedCache<RankingPreview>(64);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: TargetsService,
    private readonly metrics: MetricsService,
    private readonly scope: AccessRepository,
    private readonly figures: RankingFiguresReadModel,
    private readonly audit: AuditService,
    @Inject(DEFAULT_FORMULA) private readonly defaultFormula: ScoringFormula,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /** The ranking on the current figures with the default formula, every row (the admin's preview, the dashboard), cached. */
  async preview(query: RankingQuery): Promise<RankingPreview> {
    return (await this.fullPreview(query)).preview;
  }

  /**
   * The unpublished preview as `actor` may read it: an admin every row; a manager the rows of
   * the teams in their scope (a unit ranking: the units they see whole, AccessRepository.unitsSeenWhole),
   * each with the figures and the rank it has in the full ranking. Kept ranks, not ranks recomputed
   * among their own teams: a preview is read to know where one's teams will stand in the 通报
   * about to be published, and that 通报 ranks them against everyone. Members read only published 通报.
   */
  async previewFor(actor: AuthUser, query: RankingQuery): Promise<RankingPreview> {
    if (actor.role === Role.Member) throw commonErrors('FORBIDDEN');
    const { key, version, preview } = await this.fullPreview(query);
    if (actor.role === Role.Admin) return preview;
    const ids = preview.result.rows.map((r) => r.assignee.id);
    const seen = query.level === 'team' ? new Set(await this.scope.visibleTeamIds(actor)) : await this.scope.unitsSeenWhole(actor, ids);
    const rows = preview.result.rows.filter((r) => seen?.has(r.assignee.id));
    const rowsKey = createHash('sha256').update(rows.map((r) => r.assignee.id).join(',')).digest('base64url');
    return this.scopedPreviews.get(`${key}|${rowsKey}`, version, async () => {
      // The 合计 row of a manager's preview adds up the rows they see, not the whole ranking.
      const result = { ...preview.result, title: `${preview.result.title}（分管范围，名次按全体排名）`, rows, totals: rankingTotals(rows, preview.result.timeElapsed) };
      return { result, body: await prepareJson(result) };
    });
  }

  private async fullPreview(query: RankingQuery): Promise<{ key: string; version: string; preview: RankingPreview }> {
    const period = periodOfQuery(query);
    const key = [period.type, period.year, period.quarter ?? 0, query.level, query.regionLevel ?? ''].join('|');
    const version = await this.metrics.figuresVersion(period.year, period);
    const preview = await this.previews.get(key, version, async () => {
      const result = await this.compute(query);
      return { result, body: await prepareJson(result) };
    });
    return { key, version, preview };
  }

  /** Computes a ranking without publishing it (what the dashboard and a preview show). */
  async compute(query: RankingQuery, formulaInput?: Record<string, unknown>, title?: string): Promise<RankingResultView> {
    const formula = formulaInput ? this.checkFormula(formulaInput) : this.defaultFormula;
    const period = periodOfQuery(query);
    // Units are ranked against their peers: counties with counties, not with the city above them.
    const regionLevel = query.regionLevel ?? 'county';
    const targets = (await this.targets.forPeriod(period, query.level)).filter((t) => query.level === 'team' || t.regionUnit?.level === regionLevel);
    if (targets.length === 0) throw rankingErrors('RANKING_NO_TARGETS', { period: periodLabel(period), level: query.level });
    const ids = targets.map((t) => (query.level === 'team' ? (t.teamId as string) : (t.regionUnitId as string)));
    const { start, end } = periodBounds(period);
    const [actuals, asOf, bands, late] = await Promise.all([
      query.level === 'team' ? this.metrics.forTeams(period, ids) : this.metrics.forUnits(period, ids),
      this.metrics.asOf(),
      // A unit's signing sizes and late projects are placed as its figures are (config attribution).
      this.figures.firstSigningAmounts(query.level, ids, start, end, this.rules.attribution.signed_amount),
      this.pastStartDeadline(query.level, ids, end),
    ]);
    const elapsed = timeElapsedNow(period);
    const scored = targets.map((t, i) => {
      const id = ids[i] as string;
      const actual = actuals.get(id) as NonNullable<ReturnType<typeof actuals.get>>;
      return {
        assignee: { type: query.level, id, name: (query.level === 'team' ? t.team?.name : t.regionUnit?.name) ?? '' },
        score: score(formula, { target: t.values, actual, signingAmounts: bands.get(id) ?? [], pastStartDeadline: late.get(id) ?? 0 }),
        metrics: progressOf(t.values, actual, elapsed),
        code: t.regionUnit?.code ?? '',
      };
    });
    // Highest score first; equal scores share a rank (1, 2, 2, 4) and list by code, then name.
    scored.sort((a, b) => b.score.total - a.score.total || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || byName.compare(a.assignee.name, b.assignee.name));
    const rows: RankingRow[] = [];
    scored.forEach((s, i) => {
      const previous = rows[i - 1];
      const rank = previous && scored[i - 1]?.score.total === s.score.total ? previous.rank : i + 1;
      rows.push({ rank, assignee: s.assignee, score: s.score, metrics: s.metrics });
    });
    const label = periodLabel(period);
    const timeElapsed = (elapsed * 100).toFixed(2);
    return {
      title: title ?? `${label}招商引资工作通报排名（${query.level === 'team' ? '招商队' : '区域'}）`,
      period: { ...period, label, start, end },
      level: query.level,
      timeElapsed,
      asOf,
      formula,
      formulaText: describeFormula(formula),
      rows,
      totals: rankingTotals(rows, timeElapsed),
    };
  }

  /** Publishes a ranking on freshly recomputed figures; the stored rows never change afterwards. */
  async publish(actor: AuthUser, dto: PublishRankingDto): Promise<Ranking> {
    if (dto.formula) this.checkFormula(dto.formula);
    await this.metrics.refresh();
    const result = await this.compute(dto, dto.formula, dto.title);
    return this.dataSource.transaction(async (em) => {
      const ranking = await em.getRepository(Ranking).save(
        em.getRepository(Ranking).create({
          title: result.title,
          periodType: result.period.type,
          year: result.period.year,
          quarter: result.period.quarter ?? 0,
          level: result.level,
          formula: result.formula,
          rows: result.rows,
          timeElapsed: result.timeElapsed,
          asOf: result.asOf,
          publishedById: actor.id,
        }),
      );
      await this.audit.record(em, actor, { action: 'publish', entity: 'ranking', entityId: ranking.id, after: { title: ranking.title, level: ranking.level, rows: ranking.rows.length } });
      return ranking;
    });
  }

  async list(): Promise<PublishedRankingView[]> {
    const rows = await this.dataSource.getRepository(Ranking).find({ order: { publishedAt: 'DESC' }, take: 200 });
    return rows.map(toPublishedRankingView);
  }

  async get(id: string): Promise<Ranking> {
    const ranking = await this.dataSource.getRepository(Ranking).findOneBy({ id });
    if (!ranking) throw notFound('ranking');
    return ranking;
  }

  private checkFormula(input: Record<string, unknown>): ScoringFormula {
    const problems = formulaProblems(input);
    if (problems.length) throw commonErrors('VALIDATION_FAILED', problems, `评分公式不合法：${problems[0]?.message}`);
    return input as unknown as ScoringFormula;
  }

  /**
   * Projects past their planned start date that have not started (立项未开工 beyond the deadline),
   * judged on the period's last day, or today while it runs: a closed period's ranking does not
   * change with what became late after it.
   */
  private async pastStartDeadline(level: 'team' | 'unit', ids: string[], end: string): Promise<Map<string, number>> {
    const lastDay = businessDate(new Date(Date.parse(`${end}T00:00:00+08:00`) - 1));
    const today = businessDate(new Date());
    return this.figures.pastStartDeadline(level, ids, lastDay < today ? lastDay : today, this.rules.attribution.projects_started);
  }
}

function periodOfQuery(query: RankingQuery): Period {
  return query.periodType === 'year' ? { type: 'year', year: query.year } : { type: 'quarter', year: query.year, quarter: query.quarter };
}
