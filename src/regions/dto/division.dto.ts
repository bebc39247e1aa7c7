import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { RegionLevel } from '../entities/region-unit.entity';

/** A province or city of the official division list, for the picker. */
export class DivisionView {
  @ApiProperty({ example: '150500' }) code: string;
  @ApiProperty({ example: '通辽市' }) name: string;
}

export class DivisionImportDto {
  @ApiProperty({ example: '150000', description: '省级行政区划代码（6 位，如 150000 内蒙古自治区）' })
  @IsString()
  @Matches(/^\d{2}0000$/, { message: '省份代码须为 6 位省级行政区划代码（如 150000）' })
  provinceCode: string;

  @ApiProperty({ example: '150500', description: '市级行政区划代码（6 位，如 150500 通辽市）' })
  @IsString()
  @Matches(/^\d{4}00$/, { message: '城市代码须为 6 位市级行政区划代码（如 150500）' })
  cityCode: string;

  @ApiPropertyOptional({ default: false, description: '同时导入村（居）委会' })
  @IsOptional()
  @IsBoolean({ message: '是否包含村须为布尔值' })
  includeVillages?: boolean;

  @ApiPropertyOptional({ default: true, description: '只预览、不写入（默认 true：先预览）' })
  @IsOptional()
  @IsBoolean({ message: '是否预览须为布尔值' })
  dryRun?: boolean;
}

/**
 * What the import does with one unit of the list: creates it; matches one already there (same code,
 * or same name under the same parent; a missing code is filled in); leaves alone one that already
 * carries data (leads, projects, teams, targets … point at it); or reports a conflict and skips it
 * and everything below it.
 */
export enum DivisionAction {
  Create = 'create',
  Match = 'match',
  Keep = 'keep',
  Conflict = 'conflict',
}

export class DivisionCounts {
  @ApiProperty() create: number;
  @ApiProperty() match: number;
  @ApiProperty() keep: number;
  @ApiProperty() conflict: number;
}

export class DivisionLevelCounts extends DivisionCounts {
  @ApiProperty({ enum: RegionLevel }) level: RegionLevel;
}

export class DivisionImportItem {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: RegionLevel }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String, description: '上级单位的区划代码；市级为 null' }) parentCode: string | null;
  @ApiProperty({ enum: DivisionAction }) action: DivisionAction;
  @ApiProperty({ nullable: true, type: String, description: '已有单位的 ID（匹配、保留、冲突时）' }) regionId: string | null;
  @ApiProperty({ description: '匹配时是否补填区划代码' }) fillsCode: boolean;
  @ApiProperty({ nullable: true, type: String, description: '保留或冲突的原因' }) reason: string | null;
  @ApiProperty({ description: '因冲突而跳过的下级单位数' }) skippedBelow: number;
}

export class DivisionImportReport {
  @ApiProperty({ type: DivisionView }) province: DivisionView;
  @ApiProperty({ type: DivisionView }) city: DivisionView;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() includeVillages: boolean;
  @ApiProperty({ nullable: true, type: String, description: '市级单位的 ID（导入后或已存在时）' }) cityRegionId: string | null;
  @ApiProperty({ type: DivisionCounts }) totals: DivisionCounts;
  @ApiProperty({ type: [DivisionLevelCounts] }) byLevel: DivisionLevelCounts[];
  @ApiProperty({ type: [DivisionImportItem], description: '每个单位的处理结果，按层级与代码排序' }) items: DivisionImportItem[];
}
