import { ApiProperty } from '@nestjs/swagger';
import { ReportFrameView } from '../../common/time/report-period.dto';
import { YearOnYearView } from '../../metrics/dto/metric-values.dto';
import { PipelineBoardView } from '../../leads/dto/pipeline.dto';
import { COHORT_EXPLANATION, CONVERSION_RATES, ConversionRateKey, conversionRates, RateUnit } from '../../metrics/conversion-rates';
import { RankingAssignee } from '../../rankings/dto/ranking-view.dto';
import type { ConversionCounts } from '../dashboard.read-model';

export class DashboardThisMonth {
  @ApiProperty({ example: '2022-06' }) month: string;
  @ApiProperty({ description: '对接企业数' }) enterprisesContacted: number;
  @ApiProperty({ description: '走访次数' }) visits: number;
  @ApiProperty({ description: '新增线索' }) newLeads: number;
}

export class DashboardSigningYoy {
  @ApiProperty({ type: YearOnYearView, description: '签约项目数同比' }) projects: YearOnYearView;
  @ApiProperty({ type: YearOnYearView, description: '签约额同比（万元）' }) amount: YearOnYearView;
}

export class DashboardSigning {
  @ApiProperty({ description: '期间签约项目数（首次签约，截至数据截至月份）' }) projects: number;
  @ApiProperty({ example: '5919500', description: '期间签约额（万元）' }) amount: string;
  @ApiProperty({ type: String, nullable: true, example: '8000000', description: '签约额目标（万元；1–N月、半年为年度目标）；范围内没有目标时为 null' }) target: string | null;
  @ApiProperty({ type: String, nullable: true, example: '73.99', description: '目标完成率（%），精确计算后四舍五入保留两位小数；没有目标时为 null' }) completion: string | null;
  @ApiProperty({ type: DashboardSigningYoy, description: '同比（上年同期同样的月份）' }) yoy: DashboardSigningYoy;
}

/** One of the five rates of the year's signing cohort, with the terms it came from and its definition (src/metrics/conversion-rates.ts). */
export class ConversionRateView {
  @ApiProperty({ enum: CONVERSION_RATES.map((d) => d.key), example: 'funds_in_place_rate' }) key: ConversionRateKey;
  @ApiProperty({ example: '资金到位率' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: '45.30', description: '比率（%），精确计算后四舍五入保留两位小数；分母为 0 时为 null' }) value: string | null;
  @ApiProperty({ example: '90600', description: '分子：项目数，或金额（万元）' }) numerator: string;
  @ApiProperty({ example: '200000', description: '分母：签约项目数，或合同投资额（万元）' }) denominator: string;
  @ApiProperty({ enum: ['projects', 'wan_yuan'], description: '分子分母的单位：projects 个项目 / wan_yuan 万元' }) unit: RateUnit;
  @ApiProperty({ example: '资金到位率 = 签约项目实际到位资金 ÷ 合同投资额', description: '口径说明' }) explanation: string;
}

/**
 * Conversion of the year's signing cohort (the projects first signed that year): each rate in
 * percent with two decimals, null when nothing was signed; `rates` gives each with its terms
 * and its explanation.
 */
export class DashboardConversion {
  @ApiProperty({ description: '签约批次的签约项目数（当年首次签约的项目）' }) contractProjects: number;
  @ApiProperty({ type: String, nullable: true, example: '80.00' }) 履约率: string | null;
  @ApiProperty({ type: String, nullable: true, example: '60.00' }) 开工率: string | null;
  @ApiProperty({ type: String, nullable: true, example: '45.30' }) 资金到位率: string | null;
  @ApiProperty({ type: String, nullable: true, example: '70.00' }) 落地率: string | null;
  @ApiProperty({ type: String, nullable: true, example: '30.00' }) 投产率: string | null;
  @ApiProperty({ description: '统计对象（签约批次）说明' }) cohort: string;
  @ApiProperty({ type: [ConversionRateView], description: '五个比率：数值、分子、分母、名称与口径说明' }) rates: ConversionRateView[];
}

/** The conversion block from a cohort's counts (numeric text from DashboardReadModel.conversion). */
export function toConversionView(c: ConversionCounts): DashboardConversion {
  const rates = conversionRates({
    contracted: c.contracted,
    performing: c.performing,
    landed: c.landed,
    started: c.started,
    operating: c.operating,
    contractAmount: c.contract_amount,
    fundsInPlace: c.funds_in_place,
  });
  const byLabel = Object.fromEntries(rates.map((r) => [r.label, r.value])) as Record<'履约率' | '开工率' | '资金到位率' | '落地率' | '投产率', string | null>;
  return { contractProjects: c.contracted, ...byLabel, cohort: COHORT_EXPLANATION, rates };
}

export class DashboardRegistry {
  @ApiProperty({ description: '项目库项目数' }) projects: number;
  @ApiProperty({ example: '680600', description: '总投资（万元）' }) totalInvestment: string;
  @ApiProperty({ example: '120000', description: '年度计划投资（万元）' }) annualPlan: string;
  @ApiProperty({ example: '56000', description: '年内累计完成投资（万元）' }) completedYtd: string;
  @ApiProperty({ type: String, nullable: true, example: '46.67', description: '年度计划完成率（%）；没有年度计划时为 null' }) planCompletion: string | null;
}

export class DashboardTeamRow {
  @ApiProperty() rank: number;
  @ApiProperty({ type: RankingAssignee }) team: RankingAssignee;
  @ApiProperty({ example: 86.5, description: '总分（数值）' }) score: number;
}

export class DashboardTrend {
  @ApiProperty({ example: '2022-06' }) month: string;
  @ApiProperty() enterprisesContacted: number;
  @ApiProperty() visits: number;
  @ApiProperty() newLeads: number;
  @ApiProperty() signedProjects: number;
  @ApiProperty({ example: '5919500', description: '签约额（万元）' }) signedAmount: string;
}

export class DashboardCountyRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: '行政区划代码' }) code: string | null;
  @ApiProperty({ example: '5919500', description: '签约额（万元）' }) signedAmount: string;
  @ApiProperty() signedProjects: number;
}

export class DashboardChainRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '5919500', description: '签约额（万元）' }) signedAmount: string;
  @ApiProperty() signedProjects: number;
}

/** GET /dashboard (DashboardService.dashboard, which returns this type): its frame (period, 数据截至, 序时进度 by the live convention) and figures. */
export class DashboardView extends ReportFrameView {
  @ApiProperty({ example: 2022 }) year: number;
  @ApiProperty({ example: '2022年', description: '期间名称' }) label: string;
  @ApiProperty({ format: 'date-time', description: '统计数据的计算时间' }) asOf: Date;
  @ApiProperty({ type: DashboardThisMonth }) thisMonth: DashboardThisMonth;
  @ApiProperty({ type: PipelineBoardView, description: '在谈项目看板（实时）' }) pipeline: PipelineBoardView;
  @ApiProperty({ type: DashboardSigning }) signing: DashboardSigning;
  @ApiProperty({ type: DashboardConversion }) conversion: DashboardConversion;
  @ApiProperty({ type: DashboardRegistry }) registry: DashboardRegistry;
  @ApiProperty({ type: [DashboardTeamRow], description: '得分前五的招商队（按未发布的排名预览；组员为空，名次以已发布的通报为准）' }) topTeams: DashboardTeamRow[];
  @ApiProperty({ type: [DashboardTeamRow], description: '得分后五的招商队，最低在前' }) bottomTeams: DashboardTeamRow[];
  @ApiProperty({ type: [DashboardTrend], description: '月度趋势' }) trends: DashboardTrend[];
  @ApiProperty({ type: [DashboardCountyRow], description: '分旗县区签约额：按签约金额的归属口径（config/reporting.json attribution.signed_amount，默认按项目落地地），另有市本级一行（有数时）' }) byCounty: DashboardCountyRow[];
  @ApiProperty({ type: [DashboardChainRow], description: '分产业链签约额' }) byChain: DashboardChainRow[];
}
