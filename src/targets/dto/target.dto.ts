import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsWanYuan } from '../../common/money/wan-yuan';
import { INT4_MAX } from '../../common/entity-columns';

const COUNT = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsInt()(target, key);
  Min(0)(target, key);
  Max(10_000_000)(target, key);
};

/** Target values by metric; a metric left out has no target. Unknown metrics are refused. */
export class TargetValuesDto {
  @ApiPropertyOptional({ description: '对接企业数' }) @COUNT() enterprises_contacted?: number;
  @ApiPropertyOptional({ description: '走访次数' }) @COUNT() visits?: number;
  @ApiPropertyOptional({ description: '新增线索' }) @COUNT() new_leads?: number;
  @ApiPropertyOptional({ description: '签约项目数' }) @COUNT() signed_projects?: number;
  @ApiPropertyOptional({ description: '签约金额（万元）', example: '500000' }) @IsOptional() @IsWanYuan({ min: 'zero' }) signed_amount?: string;
  @ApiPropertyOptional({ description: '注册落地项目数' }) @COUNT() projects_registered?: number;
  @ApiPropertyOptional({ description: '开工项目数' }) @COUNT() projects_started?: number;
  @ApiPropertyOptional({ description: '完成投资（万元）' }) @IsOptional() @IsWanYuan({ min: 'zero' }) completed_investment?: string;
  @ApiPropertyOptional({ description: '实际到位资金（万元）' }) @IsOptional() @IsWanYuan({ min: 'zero' }) funds_in_place?: string;
}

export class PeriodDto {
  @ApiProperty({ enum: ['year', 'quarter'] })
  @IsIn(['year', 'quarter'])
  periodType: 'year' | 'quarter';

  @ApiProperty({ example: 2022 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: '季度（periodType=quarter 时必填）' })
  @ValidateIf((o: PeriodDto) => o.periodType === 'quarter' || o.quarter !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;
}

export class AssignTargetDto extends PeriodDto {
  @ApiPropertyOptional({ description: '区域单位（与 teamId 二选一）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional({ description: '招商队（与 regionUnitId 二选一）' }) @IsOptional() @IsUUID() teamId?: string;

  @ApiProperty({ type: TargetValuesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TargetValuesDto)
  values: TargetValuesDto;
}

export class UpdateTargetDto {
  @ApiProperty({ type: TargetValuesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TargetValuesDto)
  values: TargetValuesDto;

  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version: number;
}

export class AllocationDto {
  @ApiProperty() @IsUUID() teamId: string;

  @ApiProperty({ type: TargetValuesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TargetValuesDto)
  values: TargetValuesDto;
}

export class SplitTargetDto {
  @ApiProperty({ type: [AllocationDto], description: '分解到下级招商队；已分解过的队伍被更新' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AllocationDto)
  allocations: AllocationDto[];

  @ApiPropertyOptional({ description: '加压目标：允许分解合计超过上级指标' })
  @IsOptional()
  @IsBoolean()
  stretch?: boolean;
}

export class TargetQuery extends PeriodDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
}
