import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { trim } from '../../common/http/transforms';
import { PageQuery } from '../../common/pagination/page';
import { LeadConflictResolution } from '../enterprise-merge.registry';
import { Enterprise, EnterpriseTag } from '../entities/enterprise.entity';

const nullable = ValidateIf((_o, v) => v !== null);

export class CreateEnterpriseDto {
  @ApiProperty({ example: '梅花生物科技集团股份有限公司' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '梅花生物' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  shortName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '91152201078371135X', description: '统一社会信用代码（18 位）' })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(32)
  creditCode?: string | null;

  @ApiPropertyOptional({ description: '仅管理员：校验位不符时仍然保存（部分早期代码不符合校验规则）' })
  @IsOptional()
  @IsBoolean()
  overrideChecksum?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsUUID()
  industryChainId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '北京市' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(32)
  hqProvince?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '北京市' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(32)
  hqCity?: string | null;

  @ApiPropertyOptional({ enum: EnterpriseTag, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(EnterpriseTag, { each: true })
  tags?: EnterpriseTag[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '2002-04-27', description: '成立日期' })
  @IsOptional()
  @nullable
  @IsISO8601({ strict: true })
  // IsISO8601 also takes 2022, 2022-04 and week dates, which the date column refuses with a 500.
  @Matches(/^\d{4}-\d{2}-\d{2}/, { message: '成立日期格式不正确，应如 2002-04-27' })
  foundedOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class UpdateEnterpriseDto extends PartialType(CreateEnterpriseDto) {}

export class EnterpriseQuery extends PageQuery {
  @ApiPropertyOptional({ description: '名称、简称片段或信用代码（前缀）', example: '梅花' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  industryChainId?: string;

  @ApiPropertyOptional({ example: '北京市' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  hqProvince?: string;

  @ApiPropertyOptional({ enum: EnterpriseTag })
  @IsOptional()
  @IsEnum(EnterpriseTag)
  tag?: EnterpriseTag;
}

export class MergeEnterpriseDto {
  @ApiProperty({ description: '被合并（消失）的企业；其联系人、对接记录、线索归入当前企业' })
  @IsUUID()
  sourceId: string;

  @ApiPropertyOptional({
    enum: LeadConflictResolution,
    description:
      '两企业在同一产业链各有在跟线索时的处理：保留首报（较早登记）的线索为持有方，较晚的线索终止；claim 由较晚线索的招商队向持有方提出联合跟进申请，按撞单流程裁定；co_pursue 直接成为联合跟进队。不填且有冲突时返回 409 并列出冲突线索',
  })
  @IsOptional()
  @IsEnum(LeadConflictResolution)
  leadConflicts?: LeadConflictResolution;
}

export class EnterpriseView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) shortName: string | null;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty() creditCodeChecksumOverridden: boolean;
  @ApiProperty({ nullable: true, type: String }) industryChainId: string | null;
  @ApiProperty({ nullable: true, type: String }) industryChainName: string | null;
  @ApiProperty({ nullable: true, type: String }) hqProvince: string | null;
  @ApiProperty({ nullable: true, type: String }) hqCity: string | null;
  @ApiProperty({ enum: EnterpriseTag, isArray: true }) tags: EnterpriseTag[];
  @ApiProperty({ nullable: true, type: String }) foundedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  // Times are Dates, or (from the search statement) already their ISO form: the JSON is the same, and the search skips parsing and formatting 150 of them a page.
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt: Date | string | null;
  @ApiProperty({ nullable: true, type: String, description: '已被合并到的企业' }) mergedIntoId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date | string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date | string;
}

/** What EnterpriseView shows of an enterprise: its columns and its chain's name (an entity loaded with its chain, or a search row). */
export type EnterpriseViewSource = Pick<
  Enterprise,
  'id' | 'name' | 'shortName' | 'creditCode' | 'creditCodeChecksumOverridden' | 'industryChainId' | 'hqProvince' | 'hqCity' | 'tags' | 'foundedOn' | 'notes' | 'mergedIntoId'
> &
  Pick<EnterpriseView, 'archivedAt' | 'createdAt' | 'updatedAt'> & { industryChain?: { name: string } | null };

/** An enterprise (with its industry chain, for the chain name) as EnterpriseView. */
export function toEnterpriseView(e: EnterpriseViewSource): EnterpriseView {
  return {
    id: e.id,
    name: e.name,
    shortName: e.shortName,
    creditCode: e.creditCode,
    creditCodeChecksumOverridden: e.creditCodeChecksumOverridden,
    industryChainId: e.industryChainId,
    industryChainName: e.industryChain?.name ?? null,
    hqProvince: e.hqProvince,
    hqCity: e.hqCity,
    tags: e.tags,
    foundedOn: e.foundedOn,
    notes: e.notes,
    archivedAt: e.archivedAt,
    mergedIntoId: e.mergedIntoId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
