import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { PageQuery } from '../../common/pagination/page';
import { LeadClaimKind, LeadClaimStatus } from '../entities/lead-claim.entity';

export class CreateLeadClaimDto {
  @ApiProperty() @IsUUID() enterpriseId: string;
  @ApiProperty() @IsUUID() industryChainId: string;

  @ApiPropertyOptional({ description: '申请的招商队；本人只属于一个队时可省略' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiProperty({ enum: LeadClaimKind, description: 'co_pursue 联合跟进 / transfer 转交' })
  @IsEnum(LeadClaimKind)
  kind: LeadClaimKind;

  @ApiProperty({ description: '申请理由' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class DecideLeadClaimDto {
  @ApiProperty({ description: 'true 同意 / false 驳回' })
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class LeadClaimQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LeadClaimStatus }) @IsOptional() @IsEnum(LeadClaimStatus) status?: LeadClaimStatus;
}

/** GET /lead-claims/export.xlsx: the list's status filter, without paging. */
export class LeadClaimExportQuery {
  @ApiPropertyOptional({ enum: LeadClaimStatus }) @IsOptional() @IsEnum(LeadClaimStatus) status?: LeadClaimStatus;
}

class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class LeadClaimView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: LeadClaimKind }) kind: LeadClaimKind;
  @ApiProperty({ enum: LeadClaimStatus }) status: LeadClaimStatus;
  @ApiProperty() reason: string;
  @ApiProperty({ type: Ref }) requestingTeam: Ref;
  @ApiProperty({ type: Ref }) requestedBy: Ref;
  @ApiProperty({ description: '持有线索的招商队（只显示名称）' }) holdingTeamName: string;
  @ApiProperty() holdingStage: string;
  @ApiProperty({ nullable: true, type: String, description: '仅当你能查看该线索时给出' }) leadId: string | null;
  @ApiProperty({ type: Ref }) enterprise: Ref;
  @ApiProperty({ type: Ref }) industryChain: Ref;
  @ApiProperty({ description: '你能否裁定' }) canDecide: boolean;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}
