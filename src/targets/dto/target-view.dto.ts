import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Period, periodLabel } from '../../common/time/period';
import { YearOnYearView } from '../../metrics/dto/metric-values.dto';
import { Metric } from '../../metrics/metric';
import type { TargetRevision } from '../entities/target-revision.entity';
import type { Target, TargetValues } from '../entities/target.entity';
import type { MetricProgress, ProgressStatus } from '../progress';
import { ReportFrameView } from '../../common/time/report-period.dto';
import { periodOf } from '../target-period';

/** A period as the service shows it: the period and its label. */
export class PeriodView implements Period {
  @ApiProperty({ enum: ['year', 'quarter'] }) type: 'year' | 'quarter';
  @ApiProperty({ example: 2022 }) year: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: '季度（type=quarter 时）' }) quarter?: number;
  @ApiProperty({ example: '2022年第一季度' }) label: string;
}

/** Target values by metric, as decimal strings (counts too); only the metrics that have a target. */
export class TargetValuesView implements TargetValues {
  @ApiPropertyOptional({ description: '对接企业数', example: '120' }) enterprises_contacted?: string;
  @ApiPropertyOptional({ description: '走访次数', example: '300' }) visits?: string;
  @ApiPropertyOptional({ description: '新增线索', example: '40' }) new_leads?: string;
  @ApiPropertyOptional({ description: '签约项目数', example: '12' }) signed_projects?: string;
  @ApiPropertyOptional({ description: '签约金额（万元）', example: '5919500' }) signed_amount?: string;
  @ApiPropertyOptional({ description: '注册落地项目数', example: '8' }) projects_registered?: string;
  @ApiPropertyOptional({ description: '开工项目数', example: '6' }) projects_started?: string;
  @ApiPropertyOptional({ description: '完成投资（万元）', example: '680600' }) completed_investment?: string;
  @ApiPropertyOptional({ description: '实际到位资金（万元）', example: '320000' }) funds_in_place?: string;
}

export class TargetAssignee {
  @ApiProperty({ enum: ['unit', 'team'] }) type: 'unit' | 'team';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** A target as the API shows it, with what the caller may do to it (TargetsService). */
export class TargetViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ type: TargetAssignee, description: '区域单位或招商队' }) assignee: TargetAssignee;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '分解来源（上级区域的指标）；下达的指标为 null' }) parentId: string | null;
  @ApiProperty({ type: TargetValuesView }) values: TargetValuesView;
  @ApiProperty({ description: '加压目标（分解合计超过上级）' }) isStretch: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
  /** Whether the caller may split this (a unit's) target among teams. */
  @ApiProperty({ description: '我能否把这个（区域的）指标分解到各队' }) canSplit: boolean;
  /** Whether the caller may change or remove it: an admin any; a manager the shares split within their units. */
  @ApiProperty({ description: '我能否修改或删除：管理员全部；负责人为其区域内分解的指标' }) canEdit: boolean;
}

/** A target (loaded with its unit or team, for the name) as the API shows it; what the caller may do is the service's to say. */
export function toTargetView(t: Target, may: { canSplit: boolean; canEdit: boolean }): TargetViewDto {
  const period = periodOf(t);
  return {
    id: t.id,
    period: { ...period, label: periodLabel(period) },
    assignee: t.teamId ? { type: 'team', id: t.teamId, name: t.team?.name ?? '' } : { type: 'unit', id: t.regionUnitId as string, name: t.regionUnit?.name ?? '' },
    parentId: t.parentId,
    values: t.values,
    isStretch: t.isStretch,
    version: t.version,
    updatedAt: t.updatedAt,
    canSplit: may.canSplit,
    canEdit: may.canEdit,
  };
}

export class TargetRevisionView {
  @ApiProperty({ type: TargetValuesView }) values: TargetValuesView;
  @ApiProperty() isStretch: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ format: 'date-time' }) at: Date;
}

/** One revision of a target's values as the API shows it. */
export function toTargetRevisionView(h: TargetRevision): TargetRevisionView {
  return { values: h.values, isStretch: h.isStretch, actorId: h.actorId, at: h.at };
}

/** GET /targets/:id, POST /targets/:id/split: the shares the caller may see, what is left unassigned (of all shares), the history. */
export class TargetDetailView extends TargetViewDto {
  @ApiProperty({ type: [TargetViewDto], description: '我能看到的各队分解' }) children: TargetViewDto[];
  @ApiProperty({ type: TargetValuesView, description: '未分解余量（按全部分解计算；超分解时为负）' }) unassigned: TargetValuesView;
  @ApiProperty({ type: [TargetRevisionView], description: '修改历史，最新在前' }) history: TargetRevisionView[];
}

export class MetricProgressView implements MetricProgress {
  @ApiProperty({ enum: Metric }) metric: Metric;
  @ApiProperty({ example: '签约金额（万元）' }) label: string;
  @ApiProperty({ example: '500000' }) target: string;
  @ApiProperty({ example: '200000' }) actual: string;
  @ApiProperty({ example: '40.00', description: '完成率（%），两位小数' }) completion: string;
  @ApiProperty({ example: '-10.00', description: '完成率减序时进度（百分点）；负数为滞后' }) aheadBy: string;
  @ApiProperty({ enum: ['done', 'on_track', 'behind'] }) status: ProgressStatus;
  @ApiPropertyOptional({ type: YearOnYearView, description: '同比（上年同期）；此前发布的通报没有' }) yoy?: YearOnYearView;
}

export class TargetProgressRow {
  @ApiProperty({ type: TargetViewDto }) target: TargetViewDto;
  @ApiProperty({ type: [MetricProgressView] }) metrics: MetricProgressView[];
}

/** GET /targets/progress (TargetProgressService.progress): the report's frame (period, 数据截至, 序时进度 and its convention), the target period and each target's progress. */
export class TargetProgressReport extends ReportFrameView {
  @ApiProperty({ type: PeriodView, nullable: true, description: '对照的指标期间（1–N月、半年对照年度指标；跨年区间没有指标期间，为 null）' }) targetPeriod: PeriodView | null;
  /** When the counted figures were last recomputed. */
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ type: [TargetProgressRow] }) rows: TargetProgressRow[];
}
