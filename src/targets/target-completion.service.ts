import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser } from '../common/auth/auth-user';
import { Rational } from '../common/math/rational';
import { formatWanYuan, toUnits } from '../common/money/wan-yuan';
import { ReportColumn, ReportValue, ReportWorkbook, startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { lastDayBefore } from '../common/time/period';
import { AMOUNT_METRICS, Metric, METRIC_LABELS, METRICS, zeroMetrics } from '../metrics/metric';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { RegionsService } from '../regions/regions.service';
import { RegionTreeNode } from '../regions/dto/region.dto';
import { CompletionQuery, CompletionReport, CompletionTotal } from './dto/completion.dto';
import { TargetValues } from './entities/target.entity';
import { MetricProgress, progressOf } from './progress';
import { TargetProgressService } from './target-progress.service';

/** 对接企业数 counts distinct enterprises: two rows may have contacted the same one, so rows do not add up. */
const NOT_SUMMABLE: ReadonlySet<Metric> = new Set([Metric.EnterprisesContacted]);

/**
 * 指标任务完成情况: GET /targets/progress's figures laid out as the table officials circulate —
 * one row per unit (or team), per metric 目标 / 完成 / 完成率 / 超欠进度, 序时进度 once — and a
 * 合计 computed by the same progressOf on the summed targets and figures, against the same exact
 * 序时进度. Never a second count.
 */
@Injectable()
export class TargetCompletionService {
  constructor(
    private readonly progress: TargetProgressService,
    private readonly regions: RegionsService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async report(actor: AuthUser, query: CompletionQuery): Promise<CompletionReport> {
    const level = query.level ?? 'unit';
    const { report, pace } = await this.progress.measured(actor, query);
    const { rows: all, ...frame } = report;
    const rows = all.filter((r) => r.target.assignee.type === level).map((r) => ({ assignee: r.target.assignee, metrics: r.metrics }));
    const metrics = METRICS.filter((m) => rows.some((r) => r.metrics.some((x) => x.metric === m))).map((metric) => ({
      metric,
      label: METRIC_LABELS[metric],
      amount: AMOUNT_METRICS.has(metric),
      summable: !NOT_SUMMABLE.has(metric),
    }));
    const nested = level === 'unit' && rows.length > 1 ? await this.nested(rows.map((r) => r.assignee.id)) : false;
    const total = rows.length === 0 || nested ? null : totalOf(rows.map((r) => r.metrics), metrics.filter((m) => m.summable).map((m) => m.metric), pace);
    return {
      ...frame,
      level,
      metrics,
      rows,
      total,
      totalNote: nested ? '所列区域单位有上下级关系，相加会重复计算，不设合计行' : rows.length === 0 ? '没有指标' : null,
    };
  }

  /** 指标任务完成情况.xlsx: the report view as the table; the two-row header puts each metric over its four columns. */
  async xlsx(actor: AuthUser, query: CompletionQuery, res: Response): Promise<void> {
    const view = await this.report(actor, query);
    const who = view.level === 'team' ? '招商队' : '区域单位';
    const title = `${view.period.label}指标任务完成情况（按${who}）`;
    startXlsxDownload(res, `target-completion-${view.level}-${view.period.start}`, title);
    const book = new ReportWorkbook(res);
    const columns: ReportColumn[] = [
      { header: '序号', format: 'index' },
      { header: who, width: 18 },
      { header: '序时进度', format: 'percent' },
      ...view.metrics.flatMap((m): ReportColumn[] => [
        { group: m.label, header: '目标', format: m.amount ? 'amount' : 'count' },
        { group: m.label, header: '完成', format: m.amount ? 'amount' : 'count' },
        { group: m.label, header: '完成率', format: 'percent' },
        { group: m.label, header: '超/欠进度（百分点）', format: 'points' },
      ]),
    ];
    const sheet = book.addSheet(
      {
        sheetName: '指标任务完成情况',
        title,
        facts: [
          `统计期间：${view.period.label}（${view.period.start} 至 ${lastDayBefore(view.period.end)}）`,
          `数据截至：${view.dataAsOf}`,
          `序时进度：${view.timeElapsed}%（${view.paceLabel}）`,
          ...(view.targetPeriod ? [`对照指标：${view.targetPeriod.label}`] : []),
        ],
        units: '金额单位：万元',
        issuer: this.rules.issuer,
        issuedOn: businessDate(new Date()),
        frozenColumns: 2,
      },
      columns,
    );
    const cells = (metrics: MetricProgress[]): ReportValue[] =>
      view.metrics.flatMap((m) => {
        const p = metrics.find((x) => x.metric === m.metric);
        return p ? [p.target, p.actual, p.completion, p.aheadBy] : ['—', '—', '—', '—'];
      });
    view.rows.forEach((r, i) => sheet.addRow([i + 1, r.assignee.name, view.timeElapsed, ...cells(r.metrics)]));
    if (view.total) sheet.addRow(['合计', `${view.total.rows}个${who}`, view.timeElapsed, ...cells(view.total.metrics)], 'total');
    sheet.finish([
      `说明：完成为按通报口径由数据统计的实际值（不可填报）；完成率 = 完成 ÷ 目标；超/欠进度 = 完成率 − 序时进度（百分点），负数为欠进度；序时进度${view.paceLabel}。`,
      view.total
        ? `合计行为各行目标与完成分别相加，完成率 = Σ完成 ÷ Σ目标；${view.metrics.some((m) => !m.summable) ? '对接企业数为去重的企业数，各行相加会重复计算，合计留空（—）。' : ''}`
        : `${view.totalNote ?? ''}。`,
    ]);
    await book.commit();
  }

  /** Whether any of these units lies within another of them (their figures would be counted twice in a sum). */
  private async nested(unitIds: string[]): Promise<boolean> {
    const wanted = new Set(unitIds);
    const walk = (nodes: RegionTreeNode[], inside: boolean): boolean => nodes.some((n) => (wanted.has(n.id) && inside) || walk(n.children, inside || wanted.has(n.id)));
    return walk(await this.regions.tree(), false);
  }
}

/**
 * The 合计: per summable metric, the targets and figures of the rows that have it added up
 * exactly, then the same progressOf as every row (completion Σ完成 ÷ Σ目标, 超进度 against the
 * report's 序时进度).
 */
function totalOf(rows: MetricProgress[][], summable: Metric[], pace: Rational): CompletionTotal {
  const targets: TargetValues = {};
  const actuals = zeroMetrics();
  for (const metric of summable) {
    const figures = rows.flatMap((r) => r.filter((m) => m.metric === metric));
    if (figures.length === 0) continue;
    targets[metric] = formatWanYuan(figures.reduce((s, m) => s + toUnits(m.target), 0n));
    actuals[metric] = formatWanYuan(figures.reduce((s, m) => s + toUnits(m.actual), 0n));
  }
  return { label: '合计', rows: rows.length, metrics: progressOf(targets, actuals, pace) };
}
