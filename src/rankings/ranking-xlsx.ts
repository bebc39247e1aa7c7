import { Writable } from 'node:stream';
import { ReportColumn, ReportValue, ReportWorkbook } from '../common/spreadsheet/report-workbook';
import { lastDayBefore } from '../common/time/period';
import { AMOUNT_METRICS, Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import { RankingResultView } from './dto/ranking-view.dto';

/** Who issues the 通报 and on which day (a published one: its publication day). */
export interface RankingIssue {
  issuer: string;
  issuedOn: string;
}

/**
 * The spreadsheet officials circulate, on the report workbook: title, the period line (period,
 * 数据截至, 序时进度, 同比, version, units), a two-row header (metric over 目标 / 完成 / 完成率),
 * 序时进度 and the score, then the score's components (签约得分, each weighted metric's points,
 * the deductions: they add up to the score); a 合计 row (the ranked units' targets and figures
 * added up, with the overall completion); then the formula, the weights and how the table reads,
 * any correction note, and 制表单位 / 制表日期. Amounts show only the decimals they have.
 */
export async function writeRankingXlsx(result: RankingResultView, issue: RankingIssue, out: Writable): Promise<void> {
  const metrics = METRICS.filter((m) => result.rows.some((r) => r.metrics.some((x) => x.metric === m)));
  const scoredMetrics = METRICS.filter((m) => m in result.formula.weights && result.rows.some((r) => r.score.metrics[m] !== undefined));
  const who = result.level === 'team' ? '招商队' : '单位';
  const columns: ReportColumn[] = [
    { header: '排名', format: 'index', width: 6 },
    { header: who, width: 22 },
    ...metrics.flatMap((m): ReportColumn[] => {
      const format = AMOUNT_METRICS.has(m) ? 'amount' : 'count';
      return [
        { group: METRIC_LABELS[m], header: '目标', format, width: 11 },
        { group: METRIC_LABELS[m], header: '完成', format, width: 11 },
        { group: METRIC_LABELS[m], header: '完成率', format: 'percent', width: 9 },
      ];
    }),
    { header: '序时进度', format: 'percent', width: 9 },
    { header: '得分', format: 'points', width: 9 },
    ...['签约得分', ...scoredMetrics.map((m) => `${METRIC_LABELS[m]}得分`), '规模档次扣分', '逾期未开工扣分'].map((header): ReportColumn => ({ group: '得分构成', header, format: 'points', width: 10 })),
  ];
  const book = new ReportWorkbook(out);
  const sheet = book.addSheet(
    {
      sheetName: '通报排名',
      title: result.title,
      // One line, as the 通报 has always stated it (units included, so the header stays on rows 3–4).
      facts: [
        `统计期间：${result.period.label}（${result.period.start} 至 ${lastDayBefore(result.period.end)}）  数据截至：${result.dataAsOf}  序时进度：${result.timeElapsed}%（口径：${result.paceLabel}）  同比：${result.previousPeriodLabel}  ${result.version === null ? '试算（未发布）' : `第${result.version}版`}  金额单位：万元`,
      ],
      issuer: issue.issuer,
      issuedOn: issue.issuedOn,
      frozenColumns: 2,
    },
    columns,
  );
  const figures = (byMetric: Map<Metric, { target: string; actual: string; completion: string }>): ReportValue[] =>
    metrics.flatMap((m) => {
      const p = byMetric.get(m);
      return p ? [p.target, p.actual, p.completion] : ['—', '—', '—'];
    });
  for (const r of result.rows) {
    sheet.addRow([
      r.rank,
      r.assignee.name,
      ...figures(new Map(r.metrics.map((x) => [x.metric, x]))),
      result.timeElapsed,
      r.score.total,
      r.score.signing,
      ...scoredMetrics.map((m) => r.score.metrics[m] ?? '—'),
      // Deductions as they count: negative.
      r.score.bandPenalty === 0 ? 0 : -r.score.bandPenalty,
      r.score.deduction === 0 ? 0 : -r.score.deduction,
    ]);
  }
  // 合计: the ranked units' targets and figures added up; the completion is Σ完成 ÷ Σ目标.
  const parts = 1 + scoredMetrics.length + 2;
  sheet.addRow(['合计', `${result.totals.label}（${result.totals.units}个${who}）`, ...figures(new Map(result.totals.metrics.map((x) => [x.metric, x]))), result.timeElapsed, ...Array.from({ length: 1 + parts }, () => null)], 'total');
  const f = result.formula;
  const weights = METRICS.filter((m) => f.weights[m] !== undefined).map((m) => `${METRIC_LABELS[m]} ${f.weights[m]}`);
  sheet.finish([
    `评分公式：${result.formulaText}`,
    `权重：签约得分 ${f.signing.weight}（其中签约项目数占 ${f.signing.countShare}、签约金额占 ${f.signing.amountShare}）${weights.length ? `；${weights.join('；')}` : ''}；逾期未开工项目每个扣 ${f.deductions.pastStartDeadline} 分。`,
    `说明：完成率 = 完成 ÷ 目标；序时进度${result.paceLabel}；得分构成各项相加等于得分，扣分记为负数；合计行为参与排名的${who}目标与完成分别相加，完成率 = Σ完成 ÷ Σ目标；未下达目标的指标记「—」。`,
    ...(result.correctionNote !== null ? [`更正说明（第${result.version}版）：${result.correctionNote}`] : []),
  ]);
  await book.commit();
}
