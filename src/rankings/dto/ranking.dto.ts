import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { RegionLevel } from '../../regions/entities/region-unit.entity';
import { PeriodDto } from '../../targets/dto/target.dto';

export class RankingQuery extends PeriodDto {
  @ApiProperty({ enum: ['team', 'unit'], description: 'team 按招商队 / unit 按区域单位' })
  @IsIn(['team', 'unit'])
  level: 'team' | 'unit';

  @ApiPropertyOptional({ enum: RegionLevel, default: RegionLevel.County, description: 'level=unit 时参与排名的区域层级（默认旗县区）' })
  @IsOptional()
  @IsEnum(RegionLevel)
  regionLevel?: RegionLevel;
}

export class PublishRankingDto extends RankingQuery {
  @ApiPropertyOptional({ description: '标题；默认如「2022年第一季度招商引资工作通报排名（旗县区）」' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: '评分公式；默认 config/scoring.json' })
  @IsOptional()
  @IsObject()
  formula?: Record<string, unknown>;
}
