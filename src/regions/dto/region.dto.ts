import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { trim } from '../../common/http/transforms';
import { RegionLevel, RegionUnit } from '../entities/region-unit.entity';

export class CreateRegionDto {
  @ApiProperty({ example: '开鲁县' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiProperty({ enum: RegionLevel, description: 'city 市 / county 旗县区 / township 乡镇街道 / village 村' })
  @IsEnum(RegionLevel)
  level: RegionLevel;

  @ApiPropertyOptional({ type: String, nullable: true, example: '150523', description: 'GB/T 2260 行政区划代码（6 位，乡镇可 9 或 12 位）' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: '区划代码须为 6、9 或 12 位数字（GB/T 2260）' })
  code?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '上级单位；市级单位不填' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;
}

export class UpdateRegionDto extends PartialType(OmitType(CreateRegionDto, ['level'] as const)) {}

export class RegionQuery extends PageQuery {
  @ApiPropertyOptional({ description: '只列此单位的直属下级；传 root 只列顶级' })
  @IsOptional()
  @Matches(/^(root|[0-9a-fA-F-]{36})$/, { message: '上级区域须为区域 ID 或 "root"' })
  parentId?: string;

  @ApiPropertyOptional({ enum: RegionLevel })
  @IsOptional()
  @IsEnum(RegionLevel)
  level?: RegionLevel;

  @ApiPropertyOptional({ description: '名称或代码片段' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class RegionView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: RegionLevel }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty() sortOrder: number;
}

export class RegionTreeNode extends RegionView {
  @ApiProperty({ type: () => [RegionTreeNode] }) children: RegionTreeNode[];
}

/** A region unit as RegionView. */
export const toRegionView = (r: RegionUnit): RegionView => ({
  id: r.id,
  name: r.name,
  level: r.level,
  code: r.code,
  parentId: r.parentId,
  sortOrder: r.sortOrder,
});
