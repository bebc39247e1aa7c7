import { Inject, Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { asOfOfQuery, frameView, periodOfQuery, reportFrame } from '../common/time/report-period.dto';
import { UnitReportQuery, UnitReportView } from './dto/unit-report.dto';
import { FiguresReadModel, UnitRef } from './figures.read-model';
import { Metric, METRIC_LABELS, METRICS, MetricValues } from './metric';
import { MetricsService } from './metrics.service';
import { ATTRIBUTION_LABELS, REPORTING_RULES, ReportingRules } from './reporting-rules';
import { YearOnYear, yearOnYear } from './year-on-year';

/**
 * The 通报 table: one row per child unit of a parent (the city's counties), a 市本级 row (what
 * lands at, or the teams homed at, the parent itself) and the 合计 row of the parent's whole
 * subtree, which for every summable indicator is exactly the sum of the rows above it. Over
 * a report period (1–N月, a quarter, a campaign's months …) up to its 数据截至 date, each figure
 * with its 同比 — the same months of the year before.
 */
@Injectable()
export class UnitReportService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly figures: FiguresReadModel,
    private readonly scope: AccessRepository,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /**
   * The unit whose table is asked (the city's when none is named) and its children, if the
   * caller sees it whole. Named none and not seeing the city's, a manager of a county gets his
   * county's table (the 通报 menu entry opens on it), not a 404.
   */
  private async reportedUnit(actor: AuthUser, unitId: string | null): Promise<{ unit: UnitRef; children: UnitRef[] }> {
    const tree = await this.figures.unitWithChildren(unitId);
    if (!tree) throw notFound('region-unit');
    const seen = await this.scope.unitsSeenWhole(actor, [tree.unit.id]);
    if (!seen || seen.has(tree.unit.id)) return tree;
    const own = unitId ? null : await this.scope.topManagedUnit(actor);
    const ownTree = own ? await this.figures.unitWithChildren(own) : null;
    if (!ownTree) throw notFound('region-unit');
    return ownTree;
  }

  async report(actor: AuthUser, query: UnitReportQuery): Promise<UnitReportView> {
    const tree = await this.reportedUnit(actor, query.parentUnitId ?? null);
    const view = query.view ?? 'configured';
    const frame = reportFrame(periodOfQuery(query), asOfOfQuery(query), this.rules.pace.bulletin);
    const parentId = tree.unit.id;
    const childIds = tree.children.map((c) => c.id);
    const read = (w: { start: string; end: string }) =>
      Promise.all([
        this.metrics.unitFigures(childIds, w.start, w.end, view),
        this.metrics.unitFigures([parentId], w.start, w.end, view),
        this.metrics.unitFigures([parentId], w.start, w.end, view, true),
      ]);
    const [[children, whole, own], [childrenBefore, wholeBefore, ownBefore]] = await Promise.all([read(frame.window), read(frame.previousWindow)]);
    const row = (now: MetricValues, before: MetricValues) => ({
      values: now as Record<Metric, string>,
      yoy: Object.fromEntries(METRICS.map((m) => [m, yearOnYear(now[m], before[m])])) as Record<Metric, YearOnYear>,
    });
    const attribution = this.metrics.attributionOf(view);
    const parent = { id: parentId, name: tree.unit.name };
    const isCity = tree.unit.level === 'city';
    return {
      parent,
      frame: frameView(frame),
      view,
      indicators: METRICS.map((m) => ({
        metric: m,
        label: METRIC_LABELS[m],
        attribution: attribution[m],
        attributionLabel: ATTRIBUTION_LABELS[attribution[m]],
        summable: m !== Metric.EnterprisesContacted,
      })),
      rows: [
        ...tree.children.map((c) => ({ kind: 'unit' as const, label: c.name, unit: { id: c.id, name: c.name }, ...row(children.get(c.id) as MetricValues, childrenBefore.get(c.id) as MetricValues) })),
        { kind: 'city_level' as const, label: isCity ? '市本级' : `${tree.unit.name}本级`, unit: parent, ...row(own.get(parentId) as MetricValues, ownBefore.get(parentId) as MetricValues) },
        { kind: 'total' as const, label: isCity ? '全市' : `${tree.unit.name}合计`, unit: parent, ...row(whole.get(parentId) as MetricValues, wholeBefore.get(parentId) as MetricValues) },
      ],
    };
  }
}
