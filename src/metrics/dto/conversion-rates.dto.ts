import { ApiProperty } from '@nestjs/swagger';
import { COHORT_EXPLANATION, CONVERSION_RATES, ConversionRateKey, RateUnit } from '../conversion-rates';

export class ConversionRateDefinitionView {
  @ApiProperty({ enum: CONVERSION_RATES.map((d) => d.key), example: 'funds_in_place_rate' }) key: ConversionRateKey;
  @ApiProperty({ example: '资金到位率' }) label: string;
  @ApiProperty({ example: '签约项目的实际到位资金（万元，各来源、各月份合计）', description: '分子' }) numerator: string;
  @ApiProperty({ example: '签约项目的合同投资额（万元，首次签约与补充协议合计）', description: '分母' }) denominator: string;
  @ApiProperty({ example: '资金到位率 = 签约项目实际到位资金 ÷ 合同投资额', description: '口径说明（与数值并列显示）' }) explanation: string;
  @ApiProperty({ description: '计算方法' }) computation: string;
  @ApiProperty({ enum: ['projects', 'wan_yuan'], description: '分子分母的单位：projects 个项目 / wan_yuan 万元' }) unit: RateUnit;
}

/** GET /reporting/rates: the five rates' definitions (src/metrics/conversion-rates.ts). */
export class ConversionRatesView {
  @ApiProperty({ example: COHORT_EXPLANATION, description: '统计对象：所选期间的签约批次' }) cohort: string;
  @ApiProperty({ type: [ConversionRateDefinitionView] }) rates: ConversionRateDefinitionView[];
}

export function toConversionRatesView(): ConversionRatesView {
  return {
    cohort: COHORT_EXPLANATION,
    rates: CONVERSION_RATES.map((d) => ({ key: d.key, label: d.label, numerator: d.numerator, denominator: d.denominator, explanation: d.explanation, computation: d.computation, unit: d.unit })),
  };
}
