import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class SearchQuery {
  @ApiProperty({ description: '名称片段、信用代码前缀，或拼音（首字母 mh、全拼 meihua）', example: 'mh' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5, description: '每类最多返回几条' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class SearchHit {
  @ApiProperty() id: string;
  @ApiProperty({ description: '名称（企业名称、线索名称、项目名称）' }) name: string;
  @ApiProperty({ description: '一行说明：简称与产业链、企业与阶段、旗县区与建设阶段', example: '梅花生物 · 玉米生物' }) detail: string;
}

export class SearchGroup {
  @ApiProperty({ type: [SearchHit] }) items: SearchHit[];
  @ApiProperty({ description: '可见范围内的匹配总数（可能多于 items）' }) total: number;
}

/** What one search box finds, by kind, each within what the caller may see. */
export class SearchView {
  @ApiProperty({ example: 'mh' }) q: string;
  @ApiProperty({ type: SearchGroup, description: '企业（企业库，全员可查）' }) enterprises: SearchGroup;
  @ApiProperty({ type: SearchGroup, description: '线索（本人可见范围内）' }) leads: SearchGroup;
  @ApiProperty({ type: SearchGroup, description: '项目库项目（本人可见范围内）' }) projects: SearchGroup;
}
