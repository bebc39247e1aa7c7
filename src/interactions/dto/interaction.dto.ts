import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { PageQuery } from '../../common/pagination/page';
import { IsBusinessInstant } from '../../common/time/business-time';
import { INTERACTION_TYPE_LABELS, InteractionType } from '../entities/interaction.entity';
import type { InteractionViewRow } from '../interaction-views.read-model';

const nullable = ValidateIf((_o, v) => v !== null);

export class CreateInteractionDto {
  @ApiProperty()
  @IsUUID()
  enterpriseId: string;

  @ApiPropertyOptional({ description: '记在哪个招商队名下；本人只属于一个队时可省略' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiProperty({ enum: InteractionType, description: 'visit 外出拜访 / inbound_visit 来访考察 / call 电话 / video 视频会议 / promotion_event 推介会 / signing_ceremony 签约活动' })
  @IsEnum(InteractionType)
  type: InteractionType;

  @ApiProperty({ example: '2022-04-27', description: '日期（按北京时间）或带时区的时间' })
  @IsBusinessInstant()
  occurredAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '北京市朝阳区' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @ApiProperty({ description: '对接情况' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  summary: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '对接成效' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  outcome?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-05-10', description: '下次跟进日期；不能早于今天' })
  @IsOptional()
  @nullable
  @IsBusinessInstant()
  nextFollowUpAt?: string | null;

  @ApiPropertyOptional({ type: [String], description: '走访人员；默认为本人。只能是本队队员、分管本队的领导或管理员（已记录的人员修改时可保留）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participantIds?: string[];

  @ApiPropertyOptional({ type: [String], description: '对接的企业联系人' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contactIds?: string[];
}

export class UpdateInteractionDto extends PartialType(OmitType(CreateInteractionDto, ['enterpriseId', 'teamId'] as const)) {}

export class InteractionQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ description: '记录人' }) @IsOptional() @IsUUID() authorId?: string;
  @ApiPropertyOptional({ description: '参与走访的人员' }) @IsOptional() @IsUUID() participantId?: string;
  @ApiPropertyOptional({ enum: InteractionType }) @IsOptional() @IsEnum(InteractionType) type?: InteractionType;
  @ApiPropertyOptional({ description: '起始日期（含）' }) @IsOptional() @IsBusinessInstant() from?: string;
  @ApiPropertyOptional({ description: '截止日期（不含）' }) @IsOptional() @IsBusinessInstant() to?: string;
  @ApiPropertyOptional({ description: '只列此时间前到期、尚未跟进的记录' }) @IsOptional() @IsBusinessInstant() followUpDueBefore?: string;
}

class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class ContactRef extends Ref {
  @ApiProperty({ nullable: true, type: String, description: '职务' }) title: string | null;
  @ApiProperty({ nullable: true, type: String, description: '手机（今日页一键拨打）' }) mobile: string | null;
  @ApiProperty({ nullable: true, type: String, description: '座机' }) landline: string | null;
}

export class InteractionView {
  @ApiProperty() id: string;
  @ApiProperty({ type: Ref }) enterprise: Ref;
  @ApiProperty({ type: Ref }) team: Ref;
  @ApiProperty({ type: Ref }) author: Ref;
  @ApiProperty({ enum: InteractionType }) type: InteractionType;
  @ApiProperty() typeLabel: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: Date;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextFollowUpAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) followUpDoneAt: Date | null;
  @ApiProperty({ type: [Ref] }) participants: Ref[];
  @ApiProperty({ type: [ContactRef] }) contacts: ContactRef[];
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

/** An interaction as the API shows it, from its views row. */
export const toInteractionView = (i: InteractionViewRow): InteractionView => ({
  id: i.id,
  enterprise: { id: i.enterprise_id, name: i.enterprise_name ?? '' },
  team: { id: i.team_id, name: i.team_name ?? '' },
  author: { id: i.author_id, name: i.author_name ?? '' },
  type: i.type,
  typeLabel: INTERACTION_TYPE_LABELS[i.type],
  occurredAt: i.occurred_at,
  location: i.location,
  summary: i.summary,
  outcome: i.outcome,
  nextFollowUpAt: i.next_follow_up_at,
  followUpDoneAt: i.follow_up_done_at,
  participants: i.participants,
  contacts: i.contacts,
  createdAt: i.created_at,
  updatedAt: i.updated_at,
});

export class PostponeFollowUpDto {
  @ApiProperty({ type: String, example: '2022-05-10', description: '新的跟进日期（或时间）；不能早于今天，也不能早于本次对接日期' })
  @IsBusinessInstant()
  nextFollowUpAt: string;
}
