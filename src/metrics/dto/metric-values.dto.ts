import { ApiProperty } from '@nestjs/swagger';
import type { MetricValues } from '../metric';
import type { YearOnYear } from '../year-on-year';

/** Every indicator's value: 万元 decimal strings for amounts, whole counts as strings. */
export class MetricValuesView implements MetricValues {
  @ApiProperty({ description: '对接企业数', example: '120' }) enterprises_contacted: string;
  @ApiProperty({ description: '走访次数', example: '300' }) visits: string;
  @ApiProperty({ description: '新增线索', example: '40' }) new_leads: string;
  @ApiProperty({ description: '签约项目数', example: '12' }) signed_projects: string;
  @ApiProperty({ description: '签约金额（万元）', example: '5919500' }) signed_amount: string;
  @ApiProperty({ description: '注册落地项目数', example: '8' }) projects_registered: string;
  @ApiProperty({ description: '开工项目数', example: '6' }) projects_started: string;
  @ApiProperty({ description: '完成投资（万元）', example: '680600' }) completed_investment: string;
  @ApiProperty({ description: '实际到位资金（万元）', example: '320000' }) funds_in_place: string;
}

/** 同比 of one figure: the same months of the previous year, and the change. */
export class YearOnYearView implements YearOnYear {
  @ApiProperty({ example: '180000', description: '上年同期（同样的月份）' }) previous: string;
  @ApiProperty({ example: '20000', description: '比上年同期增减（精确）' }) change: string;
  @ApiProperty({ type: String, nullable: true, example: '11.11', description: '同比增减（%），精确计算后四舍五入保留两位小数；上年同期为 0 时为 null' }) changePercent: string | null;
}

/** Every indicator's 同比. */
export class MetricYearOnYearView implements Record<keyof MetricValues, YearOnYear> {
  @ApiProperty({ type: YearOnYearView, description: '对接企业数' }) enterprises_contacted: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '走访次数' }) visits: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '新增线索' }) new_leads: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '签约项目数' }) signed_projects: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '签约金额（万元）' }) signed_amount: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '注册落地项目数' }) projects_registered: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '开工项目数' }) projects_started: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '完成投资（万元）' }) completed_investment: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '实际到位资金（万元）' }) funds_in_place: YearOnYearView;
}
