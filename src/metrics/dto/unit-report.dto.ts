import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ReportFrameView, ReportPeriodQuery } from '../../common/time/report-period.dto';
import { Metric } from '../metric';
import type { UnitView } from '../metrics.service';
import { MetricValuesView, MetricYearOnYearView } from './metric-values.dto';

/** GET /reporting/units: the 通报 table of a unit's counties over a month range. */
export class UnitReportQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({ description: '上级区划（默认：全市；看不到全市的分管领导默认为其分管的区划）；表中每个下级区划一行，另加本级与合计' })
  @IsOptional()
  @IsUUID('all', { message: '上级区划 parentUnitId 须为 UUID' })
  parentUnitId?: string;

  @ApiPropertyOptional({ enum: ['configured', 'landing', 'team'], default: 'configured', description: 'configured 按配置口径 / landing 按项目落地地 / team 按招商主体' })
  @IsOptional()
  @IsIn(['configured', 'landing', 'team'], { message: '口径 view 须为 configured、landing 或 team' })
  view?: UnitView;
}

export class ReportIndicatorView {
  @ApiProperty({ enum: Object.values(Metric) }) metric: Metric;
  @ApiProperty({ example: '签约金额（万元）' }) label: string;
  @ApiProperty({ enum: ['landing', 'team'], description: '本表此指标所用口径' }) attribution: 'landing' | 'team';
  @ApiProperty({ example: '按项目落地地（旗县区 / 市本级）' }) attributionLabel: string;
  @ApiProperty({ description: '各行之和等于合计行（对接企业数按企业去重，不可相加）' }) summable: boolean;
}

class UnitRefView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ReportRowView {
  @ApiProperty({ enum: ['unit', 'city_level', 'total'], description: 'unit 下级旗县区 / city_level 市本级 / total 合计（全市）' }) kind: 'unit' | 'city_level' | 'total';
  @ApiProperty({ example: '科尔沁区' }) label: string;
  @ApiProperty({ type: UnitRefView, description: '该行的区划（市本级与合计为上级区划本身）' }) unit: UnitRefView;
  @ApiProperty({ type: MetricValuesView, description: '各指标数值：金额为万元十进制字符串，其余为整数字符串' }) values: MetricValuesView;
  @ApiProperty({ type: MetricYearOnYearView, description: '各指标同比（上年同期、增减、增减百分比）' }) yoy: MetricYearOnYearView;
}

export class UnitReportView {
  @ApiProperty({ type: UnitRefView, description: '上级区划' }) parent: UnitRefView;
  @ApiProperty({ type: ReportFrameView, description: '统计期间、数据截至、序时进度（通报口径）与同比期间' }) frame: ReportFrameView;
  @ApiProperty({ enum: ['configured', 'landing', 'team'] }) view: UnitView;
  @ApiProperty({ type: [ReportIndicatorView], description: '各指标所用口径' }) indicators: ReportIndicatorView[];
  @ApiProperty({ type: [ReportRowView], description: '各下级区划、市本级、合计；可相加的指标各行之和精确等于合计' }) rows: ReportRowView[];
}
