import { Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { UnitReportQuery, UnitReportView } from './dto/unit-report.dto';
import { FiguresReadModel } from './figures.read-model';
import { Metric, METRIC_LABELS, METRICS } from './metric';
import { metricsErrors } from './metrics.errors';
import { MetricsService } from './metrics.service';
import { ATTRIBUTION_LABELS } from './reporting-rules';

/** First day of month `ym` (YYYY-MM) and first day after month `ym`, as YYYY-MM-DD. */
export function monthRange(from: string, to: string): { start: string; end: string } {
  const [y, m] = to.split('-').map(Number) as [number, number];
  const end = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { start: `${from}-01`, end };
}

/**
 * The 通报 table: one row per child unit of a parent (the city's counties), a 市本级 row (what
 * lands at, or the teams homed at, the parent itself) and the 合计 row of the parent's whole
 * subtree, which for every summable indicator is exactly the sum of the rows above it.
 */
@Injectable()
export class UnitReportService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly figures: FiguresReadModel,
    private readonly scope: AccessRepository,
  ) {}

  async report(actor: AuthUser, query: UnitReportQuery): Promise<UnitReportView> {
    if (query.to < query.from) throw metricsErrors('REPORT_RANGE_INVALID', [{ field: 'to', message: '截止月份不能早于起始月份' }]);
    const tree = await this.figures.unitWithChildren(query.parentUnitId ?? null);
    if (!tree) throw notFound('region-unit');
    const seen = await this.scope.unitsSeenWhole(actor, [tree.unit.id]);
    if (seen && !seen.has(tree.unit.id)) throw notFound('region-unit');
    const view = query.view ?? 'configured';
    const { start, end } = monthRange(query.from, query.to);
    const parentId = tree.unit.id;
    const childIds = tree.children.map((c) => c.id);
    const [children, whole, own] = await Promise.all([
      this.metrics.unitFigures(childIds, start, end, view),
      this.metrics.unitFigures([parentId], start, end, view),
      this.metrics.unitFigures([parentId], start, end, view, true),
    ]);
    const attribution = this.metrics.attributionOf(view);
    const parent = { id: parentId, name: tree.unit.name };
    const isCity = tree.unit.level === 'city';
    return {
      parent,
      from: query.from,
      to: query.to,
      view,
      indicators: METRICS.map((m) => ({
        metric: m,
        label: METRIC_LABELS[m],
        attribution: attribution[m],
        attributionLabel: ATTRIBUTION_LABELS[attribution[m]],
        summable: m !== Metric.EnterprisesContacted,
      })),
      rows: [
        ...tree.children.map((c) => ({ kind: 'unit' as const, label: c.name, unit: { id: c.id, name: c.name }, values: children.get(c.id) as Record<Metric, string> })),
        { kind: 'city_level' as const, label: isCity ? '市本级' : `${tree.unit.name}本级`, unit: parent, values: own.get(parentId) as Record<Metric, string> },
        { kind: 'total' as const, label: isCity ? '全市' : `${tree.unit.name}合计`, unit: parent, values: whole.get(parentId) as Record<Metric, string> },
      ],
    };
  }
}
