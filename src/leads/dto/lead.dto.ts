import { IsCalendarDate } from '../../common/time/business-time';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { fromNumeric, IsWanYuan } from '../../common/money/wan-yuan';
import { PageQuery } from '../../common/pagination/page';
import { businessDate, IsBusinessInstant } from '../../common/time/business-time';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS, LeadSource, LeadStage } from '../entities/lead-stage';
import type { LeadViewRow } from '../lead-views.read-model';
import { INT4_MAX } from '../../common/entity-columns';

const nullable = ValidateIf((_o, v) => v !== null);
const DAY_MS = 86_400_000;
/**
 * A calendar date `YYYY-MM-DD`. IsISO8601 alone lets 2022-04 and 2022-W17 through (the date
 * column then fails: 500) and 2022-117 or a date-time (read as some other day).
 */


export class CreateLeadDto {
  @ApiProperty({ example: '梅花生物玉米深加工二期' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty() @IsUUID() enterpriseId: string;

  @ApiPropertyOptional({ description: '所属招商队；本人只属于一个队时可省略' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: '负责人；默认本人' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiProperty() @IsUUID() industryChainId: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '拟落地旗县区' })
  @IsOptional()
  @nullable
  @IsUUID()
  targetRegionUnitId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '所涉载体（园区、土地、标准化厂房）' })
  @IsOptional()
  @nullable
  @IsUUID()
  carrierId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '所涉推介项目' })
  @IsOptional()
  @nullable
  @IsUUID()
  promotedProjectId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '招商重点区域（客商来源地）' })
  @IsOptional()
  @nullable
  @IsUUID()
  sourceRegionId?: string | null;

  @ApiProperty({ example: '50000', description: '意向投资额（万元），十进制字符串，最多 4 位小数' })
  @IsWanYuan({ min: 'zero' })
  intendedAmount: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-06-30' })
  @IsOptional()
  @nullable
  @IsCalendarDate()
  expectedSignDate?: string | null;

  @ApiProperty({ enum: LeadSource })
  @IsEnum(LeadSource)
  source: LeadSource;

  @ApiPropertyOptional({ description: '牵引性项目' })
  @IsOptional()
  @IsBoolean()
  isAnchor?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

/** Present in a PATCH means a value: null is refused for columns that cannot be empty. */
const definedOnly = ValidateIf((_o, v) => v !== undefined);

// skipNullProperties: false keeps title, amount, source and chain validated when sent as null;
// the fields nullable on purpose keep their own @IsOptional.
export class UpdateLeadDto extends PartialType(OmitType(CreateLeadDto, ['enterpriseId', 'teamId', 'ownerId', 'isAnchor'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: '负责人（须为该队在职队员）' })
  @definedOnly
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: '牵引性项目' })
  @definedOnly
  @IsBoolean()
  isAnchor?: boolean;

  @ApiProperty({ description: '读取时的 version；他人已修改时返回 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version: number;
}

export class TransitionDto {
  @ApiProperty({ enum: LeadStage })
  @IsEnum(LeadStage)
  to: LeadStage;

  @ApiPropertyOptional({ description: '后退、搁置、终止、重启时必填' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: '读取时的 version；他人已修改时返回 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version?: number;
}

/** Put before the manager's reason when a lead is released; the reason column holds 500 characters. */
export const RELEASE_REASON_PREFIX = '保护期满释放：';

export class ReleaseLeadDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500 - RELEASE_REASON_PREFIX.length)
  reason: string;
}

export const LEAD_SORTS = ['createdAt', 'updatedAt', 'intendedAmount', 'stageEnteredAt'] as const;

/**
 * Which of the caller's leads a list shows: mine (负责人是本人), team (the teams the caller
 * belongs to: 本队, owned or co-pursued), region (everything the caller's scope covers: 辖区).
 */
export const LEAD_LIST_SCOPES = ['mine', 'team', 'region'] as const;
export type LeadListScope = (typeof LEAD_LIST_SCOPES)[number];

/** Filters shared by the lead list and the pipeline board. */
export class LeadFilter extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ description: '招商队所属区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional({ description: '拟落地旗县区' }) @IsOptional() @IsUUID() targetRegionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() sourceRegionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @Transform(queryBoolean) @IsBoolean() isAnchor?: boolean;
  @ApiPropertyOptional({ description: '登记日期起（含）' }) @IsOptional() @IsBusinessInstant() from?: string;
  @ApiPropertyOptional({ description: '登记日期止（不含）' }) @IsOptional() @IsBusinessInstant() to?: string;
}

export class LeadQuery extends LeadFilter {
  @ApiPropertyOptional({ enum: LeadStage }) @IsOptional() @IsEnum(LeadStage) stage?: LeadStage;
  @ApiPropertyOptional({ description: '只列超过保护期无对接的线索', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  idle?: boolean;
  @ApiPropertyOptional({ description: '只列已逾期的线索（预计签约日期已过而未签约、未终止）；false 列其余的', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ enum: LEAD_LIST_SCOPES, description: 'mine 我负责的；team 本队（本人所在招商队牵头或联合跟进的）；region 辖区（范围内全部，默认）' })
  @IsOptional()
  @IsIn(LEAD_LIST_SCOPES)
  scope?: LeadListScope;
  @ApiPropertyOptional({ description: '项目名称或企业名称片段' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: LEAD_SORTS, default: 'createdAt' }) @IsOptional() @IsIn(LEAD_SORTS) sort?: (typeof LEAD_SORTS)[number];
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** A team co-pursuing the lead (联合跟进) and its agreed share of the credit. */
export class CoTeamRef extends Ref {
  @ApiProperty({ type: String, nullable: true, example: '30', description: '约定分成（%，最多两位小数）；未约定为 null。按约定分计时该队计入签约金额的此比例' })
  share: string | null;
}

/** PATCH /leads/:id/co-teams/:teamId: the share agreed for a co-pursuing team. */
export class CoTeamShareDto {
  @ApiProperty({ type: String, nullable: true, example: '30', description: '约定分成（%），大于 0 小于 100，最多两位小数；null 清除约定。同一线索各队合计须小于 100' })
  @IsDefined({ message: '约定分成 share 必填（可为 null）' })
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: '约定分成 share 须为字符串形式的百分数，如 "30" 或 "12.5"' })
  @Matches(/^(?!0+(\.0+)?$)\d{1,2}(\.\d{1,2})?$/, { message: '约定分成 share 须大于 0、小于 100，最多两位小数' })
  share: string | null;
}

export class LeadView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: Ref }) enterprise: Ref;
  @ApiProperty({ type: Ref }) team: Ref;
  @ApiProperty({ type: [CoTeamRef], description: '联合跟进的招商队及约定分成' }) coTeams: CoTeamRef[];
  @ApiProperty({ type: Ref }) owner: Ref;
  @ApiProperty({ type: Ref }) industryChain: Ref;
  @ApiProperty({ type: Ref, nullable: true }) targetRegionUnit: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) sourceRegion: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '所涉载体' }) carrier: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '所涉推介项目' }) promotedProject: Ref | null;
  @ApiProperty({ example: '50000' }) intendedAmount: string;
  @ApiProperty({ nullable: true, type: String }) expectedSignDate: string | null;
  @ApiProperty({ enum: LeadSource }) source: LeadSource;
  @ApiProperty() sourceLabel: string;
  @ApiProperty() isAnchor: boolean;
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ format: 'date-time' }) stageEnteredAt: Date;
  @ApiProperty({ nullable: true, type: String }) sideStateReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: '首次签约日期：首次签约已认定（或无需认定）时才有' }) signedOn: string | null;
  @ApiProperty({ example: '0', description: '计入统计的签约额（万元）：只计已认定的签约；待认定的签约见该线索的签约列表' }) signedAmount: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time', description: '最近一次对接或阶段变更' }) lastActivityAt: Date;
  @ApiProperty({ description: '超过保护期无对接（可被释放）' }) isIdle: boolean;
  @ApiProperty() idleDays: number;
  @ApiProperty({ description: '已逾期：预计签约日期已过（北京时间日历日）而线索仍未签约、未终止' }) isOverdue: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

/**
 * A lead as the API shows it, from its views row: idle when open and without a sign of life
 * for `protectionDays` (counted at `now`, in milliseconds); overdue when open and its expected
 * signing date is before `now`'s Beijing day.
 */
export function toLeadView(l: LeadViewRow, protectionDays: number, now = Date.now()): LeadView {
  const last = new Date(l.last_activity_at ?? l.created_at);
  const idleDays = Math.floor((now - last.getTime()) / DAY_MS);
  const open = l.stage !== LeadStage.Signed && l.stage !== LeadStage.Lost;
  return {
    id: l.id,
    title: l.title,
    enterprise: { id: l.enterprise_id, name: l.enterprise_name ?? '' },
    team: { id: l.team_id, name: l.team_name ?? '' },
    coTeams: l.co_teams.map((c) => ({ id: c.id, name: c.name, share: c.share === null || c.share === undefined ? null : fromNumeric(c.share) })),
    owner: { id: l.owner_id, name: l.owner_name ?? '' },
    industryChain: { id: l.industry_chain_id, name: l.chain_name ?? '' },
    targetRegionUnit: l.target_region_unit_id ? { id: l.target_region_unit_id, name: l.target_region_unit_name ?? '' } : null,
    sourceRegion: l.source_region_id ? { id: l.source_region_id, name: l.source_region_name ?? '' } : null,
    carrier: l.carrier_id ? { id: l.carrier_id, name: l.carrier_name ?? '' } : null,
    promotedProject: l.promoted_project_id ? { id: l.promoted_project_id, name: l.promoted_project_name ?? '' } : null,
    intendedAmount: fromNumeric(l.intended_amount),
    expectedSignDate: l.expected_sign_date,
    source: l.source,
    sourceLabel: LEAD_SOURCE_LABELS[l.source],
    isAnchor: l.is_anchor,
    stage: l.stage,
    stageLabel: LEAD_STAGE_LABELS[l.stage],
    stageEnteredAt: l.stage_entered_at,
    sideStateReason: l.side_state_reason,
    signedOn: l.signed_on,
    signedAmount: fromNumeric(l.signed_amount),
    notes: l.notes,
    version: l.version,
    lastActivityAt: last,
    isIdle: open && idleDays >= protectionDays,
    idleDays,
    // Strings compare as dates: both are YYYY-MM-DD.
    isOverdue: open && l.expected_sign_date !== null && l.expected_sign_date < businessDate(new Date(now)),
    createdAt: l.created_at,
    updatedAt: l.updated_at,
  };
}
