import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { periodBounds, periodLabel } from '../../common/time/period';
import { Metric } from '../../metrics/metric';
import { MetricProgressView, PeriodView } from '../../targets/dto/target-view.dto';
import { periodOf } from '../../targets/target-period';
import type { Ranking, RankingRow } from '../entities/ranking.entity';
import type { ScoreBreakdown, ScoringFormula, SizeBand } from '../scoring';

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

export class ScoreBreakdownView implements ScoreBreakdown {
  @ApiProperty({ description: '总分' }) total: number;
  @ApiProperty({ description: '签约得分' }) signing: number;
  @ApiProperty({ type: MetricNumbers, description: '各指标得分' }) metrics: MetricNumbers;
  @ApiProperty({ description: '规模档次扣分' }) bandPenalty: number;
  @ApiProperty({ description: '其他扣分（逾期未开工）' }) deduction: number;
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
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
}

/** A published ranking in the shape of a computed one, for the spreadsheet. */
export function toRankingResultView(r: Ranking): RankingResultView {
  const period = periodOf(r);
  return { title: r.title, period: { ...period, label: periodLabel(period), ...periodBounds(period) }, level: r.level, timeElapsed: r.timeElapsed, asOf: r.asOf, formula: r.formula, rows: r.rows };
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
  @ApiProperty({ type: [RankingRowView] }) rows: RankingRowView[];
}
