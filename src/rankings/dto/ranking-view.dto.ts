import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { makePeriod, PACE_LABELS, PaceConvention, Period, periodBounds, periodLabel, PeriodType, previousYearOf } from '../../common/time/period';
import { ReportFrameView, toReportPeriodView } from '../../common/time/report-period.dto';
import { Metric } from '../../metrics/metric';
import { MetricProgressView } from '../../targets/dto/target-view.dto';
import type { Ranking, RankingChange, RankingChangeItem, RankingRow } from '../entities/ranking.entity';
import { rankingTotals, RankingTotalMetric, RankingTotals } from '../ranking-totals';
import { describeFormula, ScoreBreakdown, ScoringFormula, SizeBand } from '../scoring';

/** Metric → number (weights, points): only the metrics that count. */
export class MetricNumbers implements Partial<Record<Metric, number>> {
  @ApiPropertyOptional({ description: '对接企业数' }) enterprises_contacted?: number;
  @ApiPropertyOptional({ description: '走访次数' }) visits?: number;
  @ApiPropertyOptional({ description: '新增线索' }) new_leads?: number;
  @ApiPropertyOptional({ description: '签约项目数' }) signed_projects?: number;
  @ApiPropertyOptional({ description: '签约金额（万元）' }) signed_amount?: number;
  @ApiPropertyOptional({ description: '注册落地项目数' }) projects_registered?: number;
  @ApiPropertyOptional({ description: '开工项目数' }) projects_started?: number;
  @ApiPropertyOptional({ description: '完成投资（万元）' }) completed_investment?: number;
  @ApiPropertyOptional({ description: '实际到位资金（万元）' }) funds_in_place?: number;
}

export class SigningWeight {
  @ApiProperty({ description: '签约得分的权重' }) weight: number;
  @ApiProperty({ description: '其中按签约项目数计的份额' }) countShare: number;
  @ApiProperty({ description: '其中按签约金额计的份额' }) amountShare: number;
}

export class SizeBandView implements SizeBand {
  @ApiProperty({ example: '亿元以上' }) label: string;
  @ApiProperty({ example: '10000', description: '下限（万元，含）' }) min: string;
  @ApiProperty({ type: String, nullable: true, example: '50000', description: '上限（万元，不含）；null 为不设上限' }) max: string | null;
  @ApiProperty({ description: '期内应签约的该档项目数' }) required: number;
  @ApiProperty({ description: '每少一个扣分' }) penalty: number;
}

export class FormulaDeductions {
  @ApiProperty({ description: '每个逾期未开工项目扣分' }) pastStartDeadline: number;
}

/** The scoring formula (config/scoring.json, or the one given when publishing). */
export class ScoringFormulaView implements ScoringFormula {
  @ApiProperty({ type: SigningWeight }) signing: SigningWeight;
  @ApiProperty({ type: MetricNumbers, description: '各指标权重' }) weights: MetricNumbers;
  @ApiProperty({ description: '完成率封顶（如 1.2 为 120%）' }) completionCap: number;
  @ApiProperty({ type: [SizeBandView] }) sizeBands: SizeBandView[];
  @ApiProperty({ type: FormulaDeductions }) deductions: FormulaDeductions;
}

/** Metric → exact points (decimal strings, 6 places). */
export class MetricExactPoints implements Partial<Record<Metric, string>> {
  @ApiPropertyOptional({ description: '对接企业数' }) enterprises_contacted?: string;
  @ApiPropertyOptional({ description: '走访次数' }) visits?: string;
  @ApiPropertyOptional({ description: '新增线索' }) new_leads?: string;
  @ApiPropertyOptional({ description: '注册落地项目数' }) projects_registered?: string;
  @ApiPropertyOptional({ description: '开工项目数' }) projects_started?: string;
  @ApiPropertyOptional({ description: '完成投资（万元）' }) completed_investment?: string;
  @ApiPropertyOptional({ description: '实际到位资金（万元）' }) funds_in_place?: string;
}

export class ScoreExactView {
  @ApiProperty({ example: '23.333333', description: '总分精确值（保留 6 位小数）' }) total: string;
  @ApiProperty({ example: '13.333333', description: '签约得分精确值' }) signing: string;
  @ApiProperty({ type: MetricExactPoints, description: '各指标得分精确值' }) metrics: MetricExactPoints;
  @ApiProperty({ example: '0.000000', description: '规模档次扣分精确值' }) bandPenalty: string;
  @ApiProperty({ example: '0.000000', description: '逾期未开工扣分精确值' }) deduction: string;
}

export class ScoreBreakdownView implements ScoreBreakdown {
  @ApiProperty({ description: '总分：各项精确值相加后四舍五入保留两位小数（只舍入一次）' }) total: number;
  @ApiProperty({ description: '签约得分（两位小数；分项按最大余数法舍入，分项之和等于总分）' }) signing: number;
  @ApiProperty({ type: MetricNumbers, description: '各指标得分（两位小数）' }) metrics: MetricNumbers;
  @ApiProperty({ description: '规模档次扣分' }) bandPenalty: number;
  @ApiProperty({ description: '其他扣分（逾期未开工）' }) deduction: number;
  @ApiPropertyOptional({ type: ScoreExactView, description: '各项未舍入的精确值；精确计分之前发布的通报没有' }) exact?: ScoreExactView;
}

export class RankingTotalMetricView implements RankingTotalMetric {
  @ApiProperty({ enum: Object.values(Metric) }) metric: Metric;
  @ApiProperty({ example: '签约金额（万元）' }) label: string;
  @ApiProperty({ example: '500000', description: '参与排名单位的目标之和' }) target: string;
  @ApiProperty({ example: '250000', description: '同一批单位的完成数之和' }) actual: string;
  @ApiProperty({ example: '50.00', description: '总完成率（%）= 完成之和 ÷ 目标之和' }) completion: string;
  @ApiProperty({ example: '-50.00', description: '总完成率 − 序时进度（百分点）' }) aheadBy: string;
  @ApiProperty({ description: '计入该指标的单位数（有该指标目标的单位）' }) units: number;
}

export class RankingTotalsView implements RankingTotals {
  @ApiProperty({ example: '合计' }) label: string;
  @ApiProperty({ description: '参与排名的单位数' }) units: number;
  @ApiProperty({ type: [RankingTotalMetricView] }) metrics: RankingTotalMetricView[];
}

export class RankingAssignee {
  @ApiProperty({ enum: ['team', 'unit'] }) type: 'team' | 'unit';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class RankingRowView implements RankingRow {
  @ApiProperty({ description: '名次；同分同名次（1, 2, 2, 4）' }) rank: number;
  @ApiProperty({ type: RankingAssignee }) assignee: RankingAssignee;
  @ApiProperty({ type: ScoreBreakdownView }) score: ScoreBreakdownView;
  @ApiProperty({ type: [MetricProgressView] }) metrics: MetricProgressView[];
}

/** The period a published 通报 was for, from its stored columns. */
export function periodOfRanking(r: Pick<Ranking, 'periodType' | 'year' | 'quarter' | 'half' | 'month' | 'rangeFrom' | 'rangeTo'>): Period {
  return makePeriod({ ...r, type: r.periodType, from: r.rangeFrom, to: r.rangeTo });
}

/**
 * GET /rankings/preview: a ranking on the current figures (RankingsService.compute), or a
 * published one in that shape: its frame (period, 数据截至, 序时进度 and the convention it was
 * read by, the 同比 period), the rows and the 合计 row.
 */
export class RankingResultView extends ReportFrameView {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['team', 'unit'] }) level: 'team' | 'unit';
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ type: Number, nullable: true, description: '已发布通报的版本号；试算为 null' }) version: number | null;
  @ApiProperty({ type: String, nullable: true, description: '更正说明（更正版本）；否则为 null' }) correctionNote: string | null;
  @ApiProperty({ type: ScoringFormulaView }) formula: ScoringFormulaView;
  @ApiProperty({ description: '评分公式的文字说明（由所用公式生成：config/scoring.json 或发布时给定）' }) formulaText: string;
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
  @ApiProperty({ type: RankingTotalsView, description: '合计行：参与排名单位的目标、完成之和及总完成率' }) totals: RankingTotalsView;
}

export class RankingRowsPageView {
  @ApiProperty({ example: 0, description: '本页第一行在（查找后的）排名中的位置，0 起' }) offset: number;
  @ApiProperty({ example: 50, description: '每页行数' }) limit: number;
  @ApiProperty({ example: 3000, description: '可翻页的总行数：全部行，按名称查找时为名称匹配的行数' }) total: number;
  @ApiProperty({ type: String, nullable: true, description: '按名称查找的片段；未查找为 null' }) q: string | null;
}

/**
 * GET /rankings/preview: the ranking's header (frame, formula, 合计 of every row, the number of
 * rows) with one page of its rows; GET /rankings/preview/all gives every row at once.
 */
export class RankingPreviewPageView extends RankingResultView {
  @ApiProperty({ type: RankingRowsPageView }) page: RankingRowsPageView;
}

/**
 * The page of `result` at `offset` (`limit` rows) of its rows whose name holds `q` (when given),
 * with its whole header and 合计: each row's rank stays its rank in the whole ranking.
 */
export function toRankingPreviewPageView(result: RankingResultView, offset: number, limit: number, q: string | null): RankingPreviewPageView {
  const needle = q?.toLowerCase();
  const rows = needle ? result.rows.filter((r) => r.assignee.name.toLowerCase().includes(needle)) : result.rows;
  return { ...result, rows: rows.slice(offset, offset + limit), page: { offset, limit, total: rows.length, q } };
}

/** A published ranking in the shape of a computed one, for the spreadsheet. */
export function toRankingResultView(r: Ranking): RankingResultView {
  const period = periodOfRanking(r);
  const { start, end } = periodBounds(period);
  return {
    title: r.title,
    period: toReportPeriodView(period),
    dataAsOf: r.dataAsOf,
    countedFrom: start,
    countedUntil: [end, firstOfNextMonth(r.dataAsOf)].sort()[0] as string,
    paceConvention: r.paceConvention,
    paceLabel: PACE_LABELS[r.paceConvention],
    timeElapsed: r.timeElapsed,
    previousPeriodLabel: periodLabel(previousYearOf(period)),
    level: r.level,
    asOf: r.asOf,
    version: r.version,
    correctionNote: r.correctionNote,
    formula: r.formula,
    formulaText: describeFormula(r.formula),
    rows: r.rows,
    totals: rankingTotals(r.rows, r.timeElapsed),
  };
}

const firstOfNextMonth = (date: string): string => {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

export class RankingChangeItemView implements RankingChangeItem {
  @ApiProperty({ enum: ['rank', 'score', 'target', 'actual'], description: 'rank 名次 / score 得分 / target 指标目标 / actual 完成数' }) what: 'rank' | 'score' | 'target' | 'actual';
  @ApiPropertyOptional({ enum: Object.values(Metric), description: '指标（target、actual 时）' }) metric?: Metric;
  @ApiProperty({ example: '签约金额（万元）完成' }) label: string;
  @ApiProperty({ type: String, nullable: true, description: '更正前；该单位或指标原来没有时为 null' }) before: string | null;
  @ApiProperty({ type: String, nullable: true, description: '更正后；该单位或指标已不在时为 null' }) after: string | null;
}

export class RankingChangeView implements RankingChange {
  @ApiProperty({ type: RankingAssignee }) assignee: RankingAssignee;
  @ApiProperty({ type: [RankingChangeItemView] }) changes: RankingChangeItemView[];
}

/** GET /rankings, GET /rankings/:id/versions: a published ranking, without its rows and formula. */
export class PublishedRankingView implements Omit<Ranking, 'rows' | 'formula' | 'correctionOf'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['year', 'half', 'quarter', 'ytd', 'range'] }) periodType: PeriodType;
  @ApiProperty() year: number;
  @ApiProperty({ description: '季度；非季度排名为 0' }) quarter: number;
  @ApiProperty({ description: '1 上半年 / 2 下半年；非半年排名为 0' }) half: number;
  @ApiProperty({ description: '1–N月的 N；其他为 0' }) month: number;
  @ApiProperty({ type: String, nullable: true, description: '区间首月（periodType=range）' }) rangeFrom: string | null;
  @ApiProperty({ type: String, nullable: true, description: '区间末月（periodType=range）' }) rangeTo: string | null;
  @ApiProperty({ example: '2022年1–10月', description: '期间名称' }) periodLabel: string;
  @ApiProperty({ description: '通报系列：期间|层级|区域层级；同一系列的各版本相同' }) seriesKey: string;
  @ApiProperty({ enum: ['team', 'unit'] }) level: 'team' | 'unit';
  @ApiProperty({ type: String, nullable: true, description: '参与排名的区域层级（按区域排名时）' }) regionLevel: string | null;
  @ApiProperty({ example: '83.33', description: '发布时的序时进度（%）' }) timeElapsed: string;
  @ApiProperty({ enum: ['months', 'days'], description: '序时进度口径' }) paceConvention: PaceConvention;
  @ApiProperty({ example: '2022-10-31', description: '数据截至' }) dataAsOf: string;
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ description: '版本号：首次发布为 1，每次更正加 1' }) version: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '被更正的版本' }) correctionOfId: string | null;
  @ApiProperty({ type: String, nullable: true, description: '更正说明' }) correctionNote: string | null;
  @ApiProperty({ type: [RankingChangeView], nullable: true, description: '相对被更正版本的变化（各单位的名次、得分、指标目标与完成：原值 → 新值）；首版为 null' }) changes: RankingChangeView[] | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '取代本版本的更正版本；现行版本为 null' }) supersededById: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '被取代的时间' }) supersededAt: Date | null;
  @ApiProperty({ description: '是否已被更正版本取代（已取代的版本仍可查阅，内容不变）' }) superseded: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) publishedById: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt: Date;
}

/** A published ranking as listed: everything but its rows and formula. */
export function toPublishedRankingView({ rows: _rows, formula: _formula, correctionOf: _of, ...rest }: Ranking): PublishedRankingView {
  return { ...rest, periodLabel: periodLabel(periodOfRanking(rest)), superseded: rest.supersededById !== null };
}

/** GET /rankings/:id, POST /rankings: a published ranking as stored. */
export class PublishedRankingDetailView extends PublishedRankingView implements Omit<Ranking, 'correctionOf'> {
  @ApiProperty({ type: ScoringFormulaView }) formula: ScoringFormulaView;
  @ApiProperty({ description: '评分公式的文字说明（由发布时所用公式生成）' }) formulaText: string;
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
  @ApiProperty({ type: RankingTotalsView, description: '合计行：由存档的各行数字相加，通报发布后不变' }) totals: RankingTotalsView;
}

/** A published ranking with its formula in words and its 合计 row (both derived from what was stored). */
export function toPublishedRankingDetailView(r: Ranking): PublishedRankingDetailView {
  return { ...toPublishedRankingView(r), formula: r.formula, rows: r.rows, formulaText: describeFormula(r.formula), totals: rankingTotals(r.rows, r.timeElapsed) };
}
