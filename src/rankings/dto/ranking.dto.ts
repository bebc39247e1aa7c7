import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ReportPeriodQuery } from '../../common/time/report-period.dto';
import { RegionLevel } from '../../regions/entities/region-unit.entity';

/** A ranking's period (year, half-year, quarter, 1–N月 or a range of months), 数据截至 and level. */
export class RankingQuery extends ReportPeriodQuery {
  @ApiProperty({ enum: ['team', 'unit'], description: 'team 按招商队 / unit 按区域单位' })
  @IsIn(['team', 'unit'])
  level: 'team' | 'unit';

  @ApiPropertyOptional({ enum: RegionLevel, default: RegionLevel.County, description: 'level=unit 时参与排名的区域层级（默认旗县区）' })
  @IsOptional()
  @IsEnum(RegionLevel)
  regionLevel?: RegionLevel;
}

export class PublishRankingDto extends RankingQuery {
  @ApiPropertyOptional({ description: '标题；默认如「2022年1–10月招商引资工作通报排名（招商队）」' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: '评分公式；默认 config/scoring.json' })
  @IsOptional()
  @IsObject()
  formula?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: '更正：被更正的通报（该期间、该层级的现行版本）id；同一期间、层级已发布过时必填' })
  @IsOptional()
  @IsUUID()
  correctionOf?: string;

  @ApiPropertyOptional({ description: '更正说明（更正时必填）', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  correctionNote?: string;
}
