import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { LeadStage } from '../entities/lead-stage';
import { RELEASE_REASON_PREFIX } from './lead.dto';

export enum LeadBulkAction {
  Reassign = 'reassign',
  Move = 'move',
  Release = 'release',
}

export const LEAD_BULK_ACTION_LABELS: Record<LeadBulkAction, string> = {
  [LeadBulkAction.Reassign]: '改派负责人',
  [LeadBulkAction.Move]: '变更阶段',
  [LeadBulkAction.Release]: '释放',
};

/** Leads one bulk action may name: a page of the list at most. */
export const LEAD_BULK_MAX = 200;

/** The fields each action takes (besides action and ids); any other is refused. */
export const LEAD_BULK_FIELDS: Record<LeadBulkAction, ReadonlyArray<'ownerId' | 'to' | 'reason'>> = {
  [LeadBulkAction.Reassign]: ['ownerId'],
  [LeadBulkAction.Move]: ['to', 'reason'],
  [LeadBulkAction.Release]: ['reason'],
};

/** POST /leads/bulk: one action on several leads, all or nothing. */
export class LeadBulkDto {
  @ApiProperty({ enum: LeadBulkAction, description: 'reassign 改派负责人；move 变更阶段；release 释放闲置线索（分管领导或管理员）' })
  @IsEnum(LeadBulkAction)
  action: LeadBulkAction;

  @ApiProperty({ type: [String], minItems: 1, maxItems: LEAD_BULK_MAX, description: `线索 id，1–${LEAD_BULK_MAX} 个，不重复` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEAD_BULK_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ description: 'reassign 时必填：新负责人，须为各线索所属招商队的在职队员' })
  @ValidateIf((o: LeadBulkDto) => o.action === LeadBulkAction.Reassign || o.ownerId !== undefined)
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ enum: LeadStage, description: 'move 时必填：目标阶段，规则同单条变更（已签约须登记签约）' })
  @ValidateIf((o: LeadBulkDto) => o.action === LeadBulkAction.Move || o.to !== undefined)
  @IsEnum(LeadStage)
  to?: LeadStage;

  @ApiPropertyOptional({ description: 'release 时必填；move 中后退、搁置、终止、重启时必填' })
  @ValidateIf((o: LeadBulkDto) => o.action === LeadBulkAction.Release || o.reason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500 - RELEASE_REASON_PREFIX.length)
  reason?: string;
}

export class LeadBulkResultView {
  @ApiProperty({ enum: LeadBulkAction }) action: LeadBulkAction;
  @ApiProperty({ description: '已处理的线索数（全部）' }) count: number;
  @ApiProperty({ type: [String] }) ids: string[];
}

/** One lead a bulk action could not be applied to, in the refusal's details. */
export interface LeadBulkFailure {
  id: string;
  title: string;
  code: string;
  message: string;
}
