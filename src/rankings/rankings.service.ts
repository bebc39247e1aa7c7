import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { VersionedCache } from '../common/cache/versioned-cache';
import { PreparedJson, prepareJson, QUICK_BROTLI } from '../common/http/prepared-json';
import { AuthUser, Role } from '../common/auth/auth-user';
import { AppError, commonErrors, notFound } from '../common/errors/app-error';
import { businessDate } from '../common/time/business-time';
import { lastDayBefore, Period, periodKey, periodLabel, targetPeriodOf } from '../common/time/period';
import { asOfOfQuery, frameView, periodOfQuery, reportFrame } from '../common/time/report-period.dto';
import { MetricsRefreshRegistry } from '../metrics/metrics-refresh.registry';
import { MetricsService } from '../metrics/metrics.service';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { progressOf } from '../targets/progress';
import { TargetsService } from '../targets/targets.service';
import { AccessRepository } from '../access/access.repository';
import { PublishRankingDto, RANKING_PAGE_SIZE, RankingPageQuery, RankingQuery } from './dto/ranking.dto';
import { PublishedRankingView, RankingResultView, toPublishedRankingView, toRankingPreviewPageView } from './dto/ranking-view.dto';
import { Ranking, RankingRow } from './entities/ranking.entity';
import { rankingChanges } from './ranking-changes';
import { RankingFiguresReadModel } from './ranking-figures.read-model';
import { RankingPreviewsRepository } from './ranking-previews.repository';
import { rankingErrors } from './rankings.errors';
import { rankingTotals } from './ranking-totals';
import { DEFAULT_FORMULA, describeFormula, formulaProblems, score, ScoringFormula } from './scoring';

/** A computed ranking and its body, as the preview sends it. */
export interface RankingPreview {
  result: RankingResultView;
  body: PreparedJson;
}

/**
 * The preview a caller may read: its rows, and its whole body prepared when asked (print,
 * GET /rankings/preview/all); the key and version it is kept under.
 */
export interface ReadablePreview {
  key: string;
  version: string;
  result: RankingResultView;
  body(): Promise<PreparedJson>;
}

/** Names in ranking order (Chinese collation); one collator, not one per comparison. */
const byName = new Intl.Collator('zh-CN');

/** Rankings (通报排名): teams or units with targets in a period, ordered by the formula's score. */
@Injectable()
export class RankingsService implements OnModuleInit {
  private readonly logger = new Logger(RankingsService.name);
  /**
   * Previews per period and level, recomputed when the counted figures are (each refresh of
   * the metrics view), when the period's targets change, or on a new day (deadlines move): a
   * ranking of 3,000 teams takes about a second to compute, and its 6.4 MB of JSON about a
   * second to serialise and compress (668 KB gzipped, 494 KB brotli), done once. Behind this per-process
   * cache, ranking_previews holds each preview of the current version for every process: the
   * worker stores the year's previews right after a refresh (warmPreviews).
   */
  private readonly previews = new VersionedCache<RankingPreview>(32);
  /**
   * Managers' previews: the full one's rows cut to a scope, keyed by exactly the rows kept (a
   * hash of their ids), so two managers share an entry only when they would see the same rows,
   * and a manager whose scope changes gets a new key, never another scope's rows.
   */
  private readonly scopedPreviews = new VersionedCache<RankingResultView>(64);
  /** Their whole bodies, prepared only for a caller who asks every row (print). */
  private readonly scopedBodies = new VersionedCache<PreparedJson>(64);
  /**
   * Pages of those previews (GET /rankings/preview), serialised and compressed on first request
   * (~2 ms for 50 rows) and kept per preview entry, page and name search: a page is ~100 KB of
   * JSON (7 KB brotli) where the whole 3,000-team preview is 6.4 MB.
   */
  private readonly pages = new VersionedCache<PreparedJson>(128);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: TargetsService,
    private readonly metrics: MetricsService,
    private readonly scope: AccessRepository,
    private readonly figures: RankingFiguresReadModel,
    private readonly audit: AuditService,
    private readonly stored: RankingPreviewsRepository,
    private readonly afterRefresh: MetricsRefreshRegistry,
    @Inject(DEFAULT_FORMULA) private readonly defaultFormula: ScoringFormula,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  onModuleInit(): void {
    this.afterRefresh.register('rankings', () => this.warmPreviews());
  }

  /**
   * The previews the screens open (this year's, by team and by county, 数据截至 today) computed
   * and stored for every process if the figures' version has none yet: run by the worker right
   * after a refresh, so no API request waits the second 3,000 teams take. A level without
   * targets has no preview to warm.
   */
  async warmPreviews(now: Date = new Date()): Promise<void> {
    const year = Number(businessDate(now).slice(0, 4));
    for (const level of ['team', 'unit'] as const) {
      await this.fullPreview(Object.assign(new RankingQuery(), { periodType: 'year', year, level })).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === 'RANKING_NO_TARGETS')) throw err;
      });
    }
  }

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
  async previewFor(actor: AuthUser, query: RankingQuery): Promise<ReadablePreview> {
    if (actor.role === Role.Member) throw commonErrors('FORBIDDEN');
    const { key, version, preview } = await this.fullPreview(query);
    if (actor.role === Role.Admin) return { key, version, result: preview.result, body: () => Promise.resolve(preview.body) };
    const ids = preview.result.rows.map((r) => r.assignee.id);
    const seen = query.level === 'team' ? new Set(await this.scope.visibleTeamIds(actor)) : await this.scope.unitsSeenWhole(actor, ids);
    const rows = preview.result.rows.filter((r) => seen?.has(r.assignee.id));
    const rowsKey = createHash('sha256').update(rows.map((r) => r.assignee.id).join(',')).digest('base64url');
    const scopedKey = `${key}|${rowsKey}`;
    // The 合计 row of a manager's preview adds up the rows they see, not the whole ranking.
    const result = await this.scopedPreviews.get(scopedKey, version, async () => ({
      ...preview.result,
      title: `${preview.result.title}（分管范围，名次按全体排名）`,
      rows,
      totals: rankingTotals(rows, preview.result.timeElapsed),
    }));
    return { key: scopedKey, version, result, body: () => this.scopedBodies.get(scopedKey, version, () => prepareJson(result)) };
  }

  /**
   * One page of the preview `actor` may read ({@link previewFor}): its header and 合计 (of every
   * row they may read) with the rows at `offset`…`offset + limit` — of the rows whose name holds
   * `q`, when given — as prepared bytes, kept per page for the preview's version.
   */
  async previewPage(actor: AuthUser, query: RankingPageQuery): Promise<PreparedJson> {
    const { key, version, result } = await this.previewFor(actor, query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? RANKING_PAGE_SIZE;
    const q = query.q ? query.q : null;
    return this.pages.get(JSON.stringify([key, offset, limit, q]), version, () => prepareJson(toRankingPreviewPageView(result, offset, limit, q), QUICK_BROTLI));
  }

  private async fullPreview(query: RankingQuery): Promise<{ key: string; version: string; preview: RankingPreview }> {
    const period = periodOfQuery(query);
    const key = [seriesKeyOf(period, query), asOfOfQuery(query)].join('|');
    const version = await this.metrics.figuresVersion(period.year, targetPeriodOf(period) ?? undefined);
    const preview = await this.previews.get(key, version, async () => {
      // Another process (the worker, after the refresh) may have computed it on this version.
      const stored = await this.stored.find(key, version);
      if (stored) {
        const result = JSON.parse(stored.json) as RankingResultView;
        return { result: { ...result, asOf: new Date(result.asOf) }, body: stored };
      }
      const result = await this.compute(query);
      const body = await prepareJson(result);
      // Shared for the other processes; failing to store it only costs them the computation.
      await this.stored.save(key, version, body).catch((err: unknown) => this.logger.warn(`ranking preview not stored: ${err instanceof Error ? err.message : String(err)}`));
      return { result, body };
    });
    return { key, version, preview };
  }

  /**
   * Computes a ranking without publishing it (what the dashboard and a preview show): the
   * period's targets (a 1–N月 or half-year ranking: the year's), the figures of the months counted
   * as of the 数据截至 date, 序时进度 by the bulletin convention (config/reporting.json
   * pace.bulletin), 同比 against the same months of the previous year.
   */
  async compute(query: RankingQuery, formulaInput?: Record<string, unknown>, title?: string): Promise<RankingResultView> {
    const formula = formulaInput ? this.checkFormula(formulaInput) : this.defaultFormula;
    const period = periodOfQuery(query);
    const frame = reportFrame(period, asOfOfQuery(query), this.rules.pace.bulletin);
    const targetPeriod = targetPeriodOf(period);
    // Units are ranked against their peers: counties with counties, not with the city above them.
    const regionLevel = query.regionLevel ?? 'county';
    const targets = (targetPeriod ? await this.targets.forPeriod(targetPeriod, query.level) : []).filter((t) => query.level === 'team' || t.regionUnit?.level === regionLevel);
    if (targets.length === 0) throw rankingErrors('RANKING_NO_TARGETS', { period: periodLabel(period), level: query.level });
    const ids = targets.map((t) => (query.level === 'team' ? (t.teamId as string) : (t.regionUnitId as string)));
    const totals = (window: typeof frame.window) => (query.level === 'team' ? this.metrics.forTeams(window, ids) : this.metrics.forUnits(window, ids));
    const [actuals, previous, asOf, bands, late] = await Promise.all([
      totals(frame.window),
      totals(frame.previousWindow),
      this.metrics.asOf(),
      // A unit's signing sizes and late projects are placed as its figures are (config attribution).
      this.figures.firstSigningAmounts(query.level, ids, frame.window.start, frame.window.end, this.rules.attribution.signed_amount),
      // Late starts judged on the 数据截至 date, at most the period's last day: a closed period's
      // ranking does not change with what became late after it.
      this.figures.pastStartDeadline(query.level, ids, [frame.dataAsOf, lastDayBefore(frame.period.end)].sort()[0] as string, this.rules.attribution.projects_started),
    ]);
    const scored = targets.map((t, i) => {
      const id = ids[i] as string;
      const actual = actuals.get(id) as NonNullable<ReturnType<typeof actuals.get>>;
      return {
        assignee: { type: query.level, id, name: (query.level === 'team' ? t.team?.name : t.regionUnit?.name) ?? '' },
        score: score(formula, { target: t.values, actual, signingAmounts: bands.get(id) ?? [], pastStartDeadline: late.get(id) ?? 0 }),
        metrics: progressOf(t.values, actual, frame.pace, previous.get(id)),
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
    return {
      ...frameView(frame),
      title: title ?? `${frame.period.label}招商引资工作通报排名（${query.level === 'team' ? '招商队' : '区域'}）`,
      level: query.level,
      asOf,
      version: null,
      correctionNote: null,
      formula,
      formulaText: describeFormula(formula),
      rows,
      totals: rankingTotals(rows, frame.timeElapsed),
    };
  }

  /**
   * Publishes a 通报 on freshly recomputed figures; the stored rows never change afterwards. The
   * first publication of a period and level (and region level) is version 1; publishing it again
   * is a correction: it must name the current version (`correctionOf`) and say why
   * (`correctionNote`), becomes the next version with what changed, and marks the corrected one
   * superseded (still readable, unchanged).
   */
  async publish(actor: AuthUser, dto: PublishRankingDto): Promise<Ranking> {
    if (dto.formula) this.checkFormula(dto.formula);
    await this.metrics.refresh();
    const result = await this.compute(dto, dto.formula, dto.title);
    const period = periodOfQuery(dto);
    const seriesKey = seriesKeyOf(period, dto);
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Ranking);
      const current = await repo.findOne({ where: { seriesKey, supersededById: IsNull() }, lock: { mode: 'pessimistic_write' } });
      const id = randomUUID();
      if (current) {
        const missing = [
          ...(dto.correctionOf ? [] : [{ field: 'correctionOf', message: `correctionOf 必须提供：该期间已发布第 ${current.version} 版（${current.id}）` }]),
          ...(dto.correctionNote ? [] : [{ field: 'correctionNote', message: 'correctionNote 必须提供：更正须说明原因' }]),
        ];
        if (missing.length) throw rankingErrors('RANKING_CORRECTION_REQUIRED', missing);
        if (dto.correctionOf !== current.id) {
          const older = await repo.findOneBy({ id: dto.correctionOf as string, seriesKey });
          if (older) throw rankingErrors('RANKING_NOT_CURRENT_VERSION', { currentId: current.id, currentVersion: current.version });
          throw rankingErrors('RANKING_NOT_A_VERSION', [{ field: 'correctionOf', message: 'correctionOf 不是该期间、该层级通报的版本' }]);
        }
        // The partial unique index keeps one current version per series: retire this one first.
        await repo.update({ id: current.id }, { supersededById: id, supersededAt: new Date() });
      } else if (dto.correctionOf || dto.correctionNote) {
        throw rankingErrors('RANKING_NOTHING_TO_CORRECT', [{ field: dto.correctionOf ? 'correctionOf' : 'correctionNote', message: '该期间、该层级尚无已发布的通报，无可更正' }]);
      }
      const ranking = await repo.save(
        repo.create({
          id,
          title: result.title,
          periodType: period.type,
          year: period.year,
          quarter: period.quarter ?? 0,
          half: period.half ?? 0,
          month: period.month ?? 0,
          rangeFrom: period.from ?? null,
          rangeTo: period.to ?? null,
          seriesKey,
          regionLevel: dto.level === 'unit' ? (dto.regionLevel ?? 'county') : null,
          level: result.level,
          formula: result.formula,
          rows: result.rows,
          timeElapsed: result.timeElapsed,
          asOf: result.asOf,
          dataAsOf: result.dataAsOf,
          paceConvention: result.paceConvention,
          version: current ? current.version + 1 : 1,
          correctionOfId: current?.id ?? null,
          correctionNote: current ? (dto.correctionNote as string) : null,
          changes: current ? rankingChanges(current.rows, result.rows) : null,
          supersededById: null,
          supersededAt: null,
          publishedById: actor.id,
        }),
      );
      await this.audit.record(em, actor, {
        action: current ? 'correct' : 'publish',
        entity: 'ranking',
        entityId: ranking.id,
        after: { title: ranking.title, level: ranking.level, rows: ranking.rows.length, version: ranking.version, correctionOf: ranking.correctionOfId, correctionNote: ranking.correctionNote },
      });
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

  /** Every version of the 通报 `id` belongs to (same period, level and region level), first first. */
  async versions(id: string): Promise<PublishedRankingView[]> {
    const ranking = await this.get(id);
    const rows = await this.dataSource.getRepository(Ranking).find({ where: { seriesKey: ranking.seriesKey }, order: { version: 'ASC' } });
    return rows.map(toPublishedRankingView);
  }

  private checkFormula(input: Record<string, unknown>): ScoringFormula {
    const problems = formulaProblems(input);
    if (problems.length) throw commonErrors('VALIDATION_FAILED', problems, `评分公式不合法：${problems[0]?.message}`);
    return input as unknown as ScoringFormula;
  }
}

/** The series a 通报 belongs to: its period, level and (for units) the region level ranked. */
function seriesKeyOf(period: Period, q: Pick<RankingQuery, 'level' | 'regionLevel'>): string {
  return [periodKey(period), q.level, q.level === 'unit' ? (q.regionLevel ?? 'county') : ''].join('|');
}
