import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageLimit } from '../../common/pagination/page';
import { trim } from '../../common/http/transforms';
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

/** The rows a ranking has most, and so the furthest a page may start (3,000 teams with room to grow). */
export const MAX_RANKING_OFFSET = 100_000;

/** Default rows per page of the preview: a screen's worth, as the web page asks. */
export const RANKING_PAGE_SIZE = 50;

/**
 * GET /rankings/preview: the ranking's query and one page of its rows, by position in the
 * ranking (`offset`, `limit`) — a ranking is read by page number (名次 1–50, 51–100 …), and
 * its rows are fixed per figures' version, so an offset never skips or repeats a row.
 */
export class RankingPageQuery extends RankingQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RANKING_OFFSET, default: 0, description: '从第几行开始（0 为第一行）；超出总行数时 rows 为空' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_RANKING_OFFSET)
  offset?: number;

  @PageLimit(RANKING_PAGE_SIZE, '每页行数')
  limit?: number;

  @ApiPropertyOptional({ maxLength: 50, description: '按名称查找（招商队或区域单位名称片段）：只列名称含该片段的行，名次仍为全体排名中的名次' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  q?: string;
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
