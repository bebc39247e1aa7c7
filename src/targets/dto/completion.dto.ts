import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportFrameView, ReportPeriodQuery } from '../../common/time/report-period.dto';
import { Metric } from '../../metrics/metric';
import { MetricProgressView, PeriodView, TargetAssignee } from './target-view.dto';

export const COMPLETION_LEVELS = ['unit', 'team'] as const;
export type CompletionLevel = (typeof COMPLETION_LEVELS)[number];

/** 指标任务完成情况: the shared report period and 数据截至, and whose targets (区域单位 or 招商队). */
export class CompletionQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({ enum: COMPLETION_LEVELS, default: 'unit', description: 'unit 按区域单位 / team 按招商队' })
  @IsOptional()
  @IsIn(COMPLETION_LEVELS, { message: 'level 只能是 unit（区域单位）或 team（招商队）' })
  level?: CompletionLevel;
}

/** A metric the report has a column group for. */
export class CompletionMetricColumn {
  @ApiProperty({ enum: Metric }) metric: Metric;
  @ApiProperty({ example: '签约金额（万元）' }) label: string;
  @ApiProperty({ description: '金额（万元）指标；否则为个数' }) amount: boolean;
  @ApiProperty({ description: '合计行是否相加本指标：对接企业数是去重的企业数，各行相加会重复计算同一企业，合计留空' }) summable: boolean;
}

export class CompletionRow {
  @ApiProperty({ type: TargetAssignee }) assignee: TargetAssignee;
  @ApiProperty({ type: [MetricProgressView], description: '各指标的目标、完成、完成率（%）、超/欠进度（百分点），与 GET /targets/progress 同一计算' }) metrics: MetricProgressView[];
}

export class CompletionTotal {
  @ApiProperty({ example: '合计' }) label: string;
  @ApiProperty({ description: '相加的行数' }) rows: number;
  @ApiProperty({ type: [MetricProgressView], description: '可相加指标的 Σ目标、Σ完成，完成率 = Σ完成 ÷ Σ目标（不是各行完成率的平均）' }) metrics: MetricProgressView[];
}

/** GET /targets/completion: the report's frame, one row per unit or team with a target, and the 合计 where adding up is meaningful. */
export class CompletionReport extends ReportFrameView {
  @ApiProperty({ enum: COMPLETION_LEVELS }) level: CompletionLevel;
  @ApiProperty({ type: PeriodView, nullable: true, description: '对照的指标期间' }) targetPeriod: PeriodView | null;
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ type: [CompletionMetricColumn], description: '有指标的各项（表的列组），按固定顺序' }) metrics: CompletionMetricColumn[];
  @ApiProperty({ type: [CompletionRow] }) rows: CompletionRow[];
  @ApiProperty({ type: CompletionTotal, nullable: true, description: '合计；所列区域单位有上下级关系（相加会重复计算）时为 null' }) total: CompletionTotal | null;
  @ApiProperty({ type: String, nullable: true, description: '没有合计行的原因' }) totalNote: string | null;
}
