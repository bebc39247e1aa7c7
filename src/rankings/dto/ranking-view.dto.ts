import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { periodBounds, periodLabel } from '../../common/time/period';
import { Metric } from '../../metrics/metric';
import { MetricProgressView, PeriodView } from '../../targets/dto/target-view.dto';
import { periodOf } from '../../targets/target-period';
import type { Ranking, RankingRow } from '../entities/ranking.entity';
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

export class RankingPeriodView extends PeriodView {
  @ApiProperty({ example: '2022-01-01', description: '期间首日' }) start: string;
  @ApiProperty({ example: '2023-01-01', description: '期间结束后的第一天' }) end: string;
}

/** GET /rankings/preview: a ranking on the current figures (RankingsService.compute), or a published one in that shape. */
export class RankingResultView {
  @ApiProperty() title: string;
  @ApiProperty({ type: RankingPeriodView }) period: RankingPeriodView;
  @ApiProperty({ enum: ['team', 'unit'] }) level: 'team' | 'unit';
  @ApiProperty({ example: '48.22', description: '序时进度（%）' }) timeElapsed: string;
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ type: ScoringFormulaView }) formula: ScoringFormulaView;
  @ApiProperty({ description: '评分公式的文字说明（由所用公式生成：config/scoring.json 或发布时给定）' }) formulaText: string;
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
  @ApiProperty({ type: RankingTotalsView, description: '合计行：参与排名单位的目标、完成之和及总完成率' }) totals: RankingTotalsView;
}

/** A published ranking in the shape of a computed one, for the spreadsheet. */
export function toRankingResultView(r: Ranking): RankingResultView {
  const period = periodOf(r);
  return {
    title: r.title,
    period: { ...period, label: periodLabel(period), ...periodBounds(period) },
    level: r.level,
    timeElapsed: r.timeElapsed,
    asOf: r.asOf,
    formula: r.formula,
    formulaText: describeFormula(r.formula),
    rows: r.rows,
    totals: rankingTotals(r.rows, r.timeElapsed),
  };
}

/** GET /rankings: a published ranking, without its rows and formula. */
export class PublishedRankingView implements Omit<Ranking, 'rows' | 'formula'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['year', 'quarter'] }) periodType: 'year' | 'quarter';
  @ApiProperty() year: number;
  @ApiProperty({ description: '季度；年度排名为 0' }) quarter: number;
  @ApiProperty({ enum: ['team', 'unit'] }) level: 'team' | 'unit';
  @ApiProperty({ example: '48.22', description: '发布当天的序时进度（%）' }) timeElapsed: string;
  @ApiProperty({ format: 'date-time' }) asOf: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) publishedById: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt: Date;
}

/** A published ranking as listed: everything but its rows and formula. */
export function toPublishedRankingView({ rows: _rows, formula: _formula, ...rest }: Ranking): PublishedRankingView {
  return rest;
}

/** GET /rankings/:id, POST /rankings: a published ranking as stored. */
export class PublishedRankingDetailView extends PublishedRankingView implements Ranking {
  @ApiProperty({ type: ScoringFormulaView }) formula: ScoringFormulaView;
  @ApiProperty({ description: '评分公式的文字说明（由发布时所用公式生成）' }) formulaText: string;
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
  @ApiProperty({ type: RankingTotalsView, description: '合计行：由存档的各行数字相加，通报发布后不变' }) totals: RankingTotalsView;
}

/** A published ranking with its formula in words and its 合计 row (both derived from what was stored). */
export function toPublishedRankingDetailView(r: Ranking): PublishedRankingDetailView {
  return { ...r, formulaText: describeFormula(r.formula), totals: rankingTotals(r.rows, r.timeElapsed) };
}
