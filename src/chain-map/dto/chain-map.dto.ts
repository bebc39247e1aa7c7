import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { IsWanYuan } from '../../common/money/wan-yuan';
import { ReportPeriodQuery, ReportPeriodView } from '../../common/time/report-period.dto';
import { LeadSource, LeadStage } from '../../leads/entities/lead-stage';
import { ChainPlacement } from '../entities/chain-link-company.entity';
import { ChainSegment } from '../entities/chain-link.entity';

const nullable = ValidateIf((_o, v) => v !== null);

export class CreateChainLinkDto {
  @ApiProperty({ format: 'uuid', description: '所属产业链' })
  @IsUUID('all', { message: '产业链 chainId 须为 UUID' })
  chainId: string;

  @ApiProperty({ enum: ChainSegment, description: 'upstream 上游 / midstream 中游 / downstream 下游' })
  @IsEnum(ChainSegment, { message: '环节 segment 须为 upstream、midstream 或 downstream' })
  segment: ChainSegment;

  @ApiProperty({ example: '玉米淀粉', description: '链节名称（同一产业链内不重复）' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '食用淀粉、变性淀粉', description: '关键产品' })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(1000)
  keyProducts?: string | null;

  @ApiPropertyOptional({ default: 0, description: '同一环节内的顺序' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;
}

/** The chain of a link is fixed: a link is moved by deleting it and adding it to the other chain. */
export class UpdateChainLinkDto extends PartialType(OmitType(CreateChainLinkDto, ['chainId'] as const)) {}

export class PlaceCompanyDto {
  @ApiProperty({ format: 'uuid', description: '企业库中的企业' })
  @IsUUID('all', { message: '企业 enterpriseId 须为 UUID' })
  enterpriseId: string;

  @ApiProperty({ enum: ChainPlacement, description: 'local 本地已有 / landed 已落地 / target 目标企业' })
  @IsEnum(ChainPlacement, { message: '类型 placement 须为 local、landed 或 target' })
  placement: ChainPlacement;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class UpdatePlacementDto extends PartialType(PickType(PlaceCompanyDto, ['placement', 'note'] as const)) {}

/** 目标企业 → 线索: what the new lead needs beyond the company and the chain (both from the link). */
export class TargetToLeadDto {
  @ApiPropertyOptional({ example: '某某公司玉米淀粉项目', description: '线索名称；默认「企业名·链节」' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: '所属招商队；本人只属于一个队时可省略' })
  @IsOptional()
  @IsUUID('all', { message: '招商队 teamId 须为 UUID' })
  teamId?: string;

  @ApiPropertyOptional({ description: '负责人；默认本人（管理者、管理员须指定队员）' })
  @IsOptional()
  @IsUUID('all', { message: '负责人 ownerId 须为 UUID' })
  ownerId?: string;

  @ApiPropertyOptional({ example: '0', default: '0', description: '意向投资额（万元），十进制字符串' })
  @IsOptional()
  @IsWanYuan({ min: 'zero' })
  intendedAmount?: string;

  @ApiPropertyOptional({ enum: LeadSource, default: LeadSource.Other, description: '招商方式' })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;
}

/** GET /industry-chains/{id}/graph: the period whose leads, signings and amounts each link shows. */
export class ChainGraphQuery extends OmitType(ReportPeriodQuery, ['asOf'] as const) {}

// ── Views ──────────────────────────────────────────────────────────────────────────────────

export class ChainLinkView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) chainId: string;
  @ApiProperty({ enum: ChainSegment }) segment: ChainSegment;
  @ApiProperty({ example: '上游' }) segmentLabel: string;
  @ApiProperty({ example: '玉米淀粉' }) name: string;
  @ApiProperty({ type: String, nullable: true }) keyProducts: string | null;
  @ApiProperty() sortOrder: number;
}

export class PlacementCountsView {
  @ApiProperty({ description: '本地已有' }) local: number;
  @ApiProperty({ description: '已落地' }) landed: number;
  @ApiProperty({ description: '目标企业' }) target: number;
}

export class ChainLinkFiguresView {
  @ApiProperty({ description: '期间内登记的线索数（链节上企业在本产业链的线索，限本人可见范围）' }) leads: number;
  @ApiProperty({ description: '期间内签约的项目数（链节上企业在本产业链的项目，限本人可见范围）' }) signedProjects: number;
  @ApiProperty({ example: '12000', description: '期间内签约项目的签约额（万元），十进制字符串' }) signedAmount: string;
}

export class ChainGraphLinkView extends ChainLinkView {
  @ApiProperty({ type: PlacementCountsView, description: '各类企业数' }) companies: PlacementCountsView;
  @ApiProperty({ description: '补链：没有本地已有或已落地的企业' }) isGap: boolean;
  @ApiProperty({ type: ChainLinkFiguresView }) figures: ChainLinkFiguresView;
}

export class ChainGraphSegmentView {
  @ApiProperty({ enum: ChainSegment }) segment: ChainSegment;
  @ApiProperty({ example: '上游' }) label: string;
  @ApiProperty({ type: [ChainGraphLinkView] }) links: ChainGraphLinkView[];
}

class ChainRefView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '玉米生物' }) name: string;
}

export class ChainGraphView {
  @ApiProperty({ type: ChainRefView }) chain: ChainRefView;
  @ApiProperty({ type: ReportPeriodView, description: '统计期间' }) period: ReportPeriodView;
  @ApiProperty({ type: [ChainGraphSegmentView], description: '上游、中游、下游，各含其链节' }) segments: ChainGraphSegmentView[];
  @ApiProperty({ description: '补链链节数' }) gapCount: number;
  @ApiProperty({ type: ChainLinkFiguresView, description: '各链节合计（同一企业在多个链节时按链节各计一次）' }) totals: ChainLinkFiguresView;
}

export class ChainLinkCompanyView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ example: '通辽梅花生物科技有限公司' }) enterpriseName: string;
  @ApiProperty({ enum: ChainPlacement }) placement: ChainPlacement;
  @ApiProperty({ example: '目标企业' }) placementLabel: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: '本人可见范围内该企业在本产业链的在办线索数' }) leadCount: number;
}

export class ChainLinkLeadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty({ example: '线索' }) stageLabel: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() teamName: string;
  @ApiProperty({ example: '5000', description: '意向投资额（万元）' }) intendedAmount: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class ChainLinkDetailView extends ChainLinkView {
  @ApiProperty({ type: ChainRefView }) chain: ChainRefView;
  @ApiProperty({ type: [ChainLinkCompanyView] }) companies: ChainLinkCompanyView[];
  @ApiProperty({ type: [ChainLinkLeadView], description: '链节上企业在本产业链的线索（限本人可见范围，最新在前）' }) leads: ChainLinkLeadView[];
}
