import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { PageQuery } from '../../common/pagination/page';
import type { Type } from '@nestjs/common';
import type { IndustryChain } from '../entities/industry-chain.entity';
import type { SourceRegion } from '../entities/source-region.entity';

export class CreateIndustryChainDto {
  @ApiProperty({ example: '玉米生物' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;

  @ApiPropertyOptional({ default: true, description: '停用后不再供新记录选择，历史记录保留' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateIndustryChainDto extends PartialType(CreateIndustryChainDto) {}

export class CreateSourceRegionDto extends CreateIndustryChainDto {
  @ApiPropertyOptional({ default: false, description: '主攻方向（如京津冀）' })
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean;
}

export class UpdateSourceRegionDto extends PartialType(CreateSourceRegionDto) {}

export class ReferenceQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '是否包含已停用项' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

/** An industry chain (产业链) as the service returns it (the entity). */
export class IndustryChainView implements IndustryChain {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '玉米生物' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() sortOrder: number;
  @ApiProperty({ description: '停用后不再供新记录选择，历史记录保留' }) isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

/** A source region (招商重点区域) as the service returns it (the entity). */
export class SourceRegionView extends IndustryChainView implements SourceRegion {
  @ApiProperty({ description: '主攻方向（如京津冀）' }) isPrimary: boolean;
}

/** The response view of each reference list, by the list's create DTO. */
export const REFERENCE_VIEWS = new Map<Type<unknown>, Type<unknown>>([
  [CreateIndustryChainDto, IndustryChainView],
  [CreateSourceRegionDto, SourceRegionView],
]);
