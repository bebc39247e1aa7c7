import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PeriodDto } from '../../targets/dto/target.dto';

export class RankingQuery extends PeriodDto {
  @ApiProperty({ enum: ['team', 'unit'], description: 'team 按招商队 / unit 按区域单位' })
  @IsIn(['team', 'unit'])
  level: 'team' | 'unit';
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
