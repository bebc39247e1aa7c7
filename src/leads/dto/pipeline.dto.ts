import { ApiProperty, OmitType } from '@nestjs/swagger';
import { LeadStage } from '../entities/lead-stage';
import { LeadFilter, LeadView } from './lead.dto';

export class StageFiguresView {
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty({ example: '实质性洽谈' }) label: string;
  @ApiProperty() count: number;
  @ApiProperty({ example: '5919500', description: '意向投资额（万元）' }) intendedAmount: string;
}

export class BoardStageView extends StageFiguresView {
  @ApiProperty({ example: '0.7', description: '成功概率（本地配置）' }) probability: string;
  @ApiProperty({ example: '3551700', description: '按概率加权的意向额（万元）' }) weightedAmount: string;
}

export class OpenPipelineFigures {
  @ApiProperty() count: number;
  @ApiProperty({ example: '5919500', description: '意向投资额（万元）' }) intendedAmount: string;
  @ApiProperty({ example: '3551700', description: '加权意向额（万元）' }) weightedAmount: string;
}

export class SignedFigures {
  @ApiProperty({ description: '已签约阶段的线索数（含签约尚待认定或不予认定的线索：阶段记录推进事实）' }) count: number;
  @ApiProperty({ example: '680600', description: '签约额（万元）：只计已认定（项目认定）的签约，待认定与不予认定的不计' }) signedAmount: string;
}

export class LostFigures {
  @ApiProperty() count: number;
  @ApiProperty({ example: '120000', description: '意向投资额（万元）' }) intendedAmount: string;
}

/** GET /pipeline/board */
export class PipelineBoardView {
  @ApiProperty({ type: [BoardStageView], description: '四个在谈阶段' }) stages: BoardStageView[];
  @ApiProperty({ type: OpenPipelineFigures, description: '在谈合计（不含已签约、终止）' }) open: OpenPipelineFigures;
  @ApiProperty({ type: StageFiguresView, description: '搁置' }) onHold: StageFiguresView;
  @ApiProperty({ type: SignedFigures }) signed: SignedFigures;
  @ApiProperty({ type: LostFigures }) lost: LostFigures;
}

export class FunnelStepView {
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty({ example: '初步接洽' }) label: string;
  @ApiProperty({ description: '曾到达该阶段的线索数' }) reached: number;
  @ApiProperty({ type: String, nullable: true, example: '62.50', description: '进入下一阶段的比例（%），两位小数；最后一阶段为 null' }) conversionToNext: string | null;
  @ApiProperty({ type: String, nullable: true, example: '14.5', description: '已离开该阶段的线索在该阶段停留天数的中位数' }) medianDays: string | null;
}

/** GET /pipeline/funnel */
export class PipelineFunnelView {
  @ApiProperty({ type: [FunnelStepView] }) steps: FunnelStepView[];
}

export class StageProbabilities {
  @ApiProperty({ example: '0.1' }) lead: string;
  @ApiProperty({ example: '0.2' }) contacted: string;
  @ApiProperty({ example: '0.4' }) site_visit: string;
  @ApiProperty({ example: '0.7' }) negotiating: string;
  @ApiProperty({ example: '1' }) signed: string;
}

export class IdleDaysByStage {
  @ApiProperty({ example: 30 }) lead: number;
  @ApiProperty({ example: 21 }) contacted: number;
  @ApiProperty({ example: 14 }) site_visit: number;
  @ApiProperty({ example: 14 }) negotiating: number;
}

/** GET /pipeline/rules (config/pipeline.json): also the type of the loaded rules (PipelineRules). */
export class PipelineRulesView {
  @ApiProperty({ type: StageProbabilities, description: '各阶段成功概率（0–1 的小数字符串）' }) stageProbabilities: StageProbabilities;
  @ApiProperty({ example: 90, description: '首报首谈保护期（天）' }) protectionDays: number;
  @ApiProperty({ type: IdleDaysByStage, description: '各在谈阶段无进展提醒天数' }) idleDaysByStage: IdleDaysByStage;
}

/** GET /pipeline/columns: the board's filters; `limit` is the cards per column (a column has no cursor: more is the lead list's). */
export class PipelineColumnsQuery extends OmitType(LeadFilter, ['cursor'] as const) {}

/** One column of the board: the stage's first page of the lead list, newest change first. */
export class PipelineColumnView {
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty({ example: '实质性洽谈' }) label: string;
  @ApiProperty({ type: [LeadView] }) items: LeadView[];
  @ApiProperty({ type: String, nullable: true, description: '该阶段线索列表（GET /leads?stage=…&sort=updatedAt&order=desc）下一页的 cursor；没有更多时为 null' })
  nextCursor: string | null;
  @ApiProperty({ description: '该阶段线索总数（同一范围与筛选）' }) total: number;
}

/** GET /pipeline/columns */
export class PipelineColumnsView {
  @ApiProperty({ type: [PipelineColumnView], description: '七列，依次：线索、初步接洽、考察对接、实质性洽谈、已签约、搁置、终止' })
  columns: PipelineColumnView[];
}
