import { formatHundredths, percentHundredths } from '../common/math/percent';
import { fromNumeric, toUnits } from '../common/money/wan-yuan';

/**
 * The five conversion rates (转化率) officials ask for, each defined here and nowhere else:
 * its key, label, numerator and denominator in words, a one-sentence explanation shown beside
 * the figure, and how it is computed. GET /reporting/rates lists these definitions; the
 * dashboard returns each rate with them.
 *
 * Every rate is over a signing cohort (签约批次): the projects whose first signing
 * (projects.signed_on) falls in the chosen period — a 2022 dashboard counts 2022's signings,
 * whatever happened to earlier years' projects. The cohort's counts come from the
 * team_project_figures summary (registry-figures.read-model.ts), per signing month.
 *
 * Computed exactly: numerator ÷ denominator as integers (counts, or 万元 in 1/10,000 units),
 * × 100, rounded once, half up, to two decimals; no rate (null) when the denominator is 0.
 */

/** What a cohort's rates are computed from: its projects counted by state, and its money (万元 decimal strings). */
export interface CohortCounts {
  /** Signed projects of the cohort (签约项目数). */
  contracted: number;
  /** Of them, with 实际到位资金 or 完成投资 reported above zero in some month (履约). */
  performing: number;
  /** Of them, registered or beyond (落地). */
  landed: number;
  /** Of them, started or beyond (开工). */
  started: number;
  /** Of them, completed or operating (投产). */
  operating: number;
  /** Their contract amounts (合同投资额, projects.signed_amount: first signing plus supplements). */
  contractAmount: string;
  /** 实际到位资金 reported for them, every month and source. */
  fundsInPlace: string;
}

export type ConversionRateKey = 'performance_rate' | 'start_rate' | 'funds_in_place_rate' | 'landing_rate' | 'production_rate';

/** What numerator and denominator count: projects, or 万元. */
export type RateUnit = 'projects' | 'wan_yuan';

export interface ConversionRateDefinition {
  key: ConversionRateKey;
  label: string;
  numerator: string;
  denominator: string;
  /** One sentence a 招商局 official would accept, shown beside the figure and in exports' notes. */
  explanation: string;
  /** How the figure is computed, for whoever checks it. */
  computation: string;
  unit: RateUnit;
  /** Numerator and denominator of a cohort in the rate's unit: whole counts, or 万元 decimal strings. */
  terms(c: CohortCounts): { numerator: string; denominator: string };
}

const ROUNDING = '× 100，精确计算后四舍五入保留两位小数（只舍入一次）；分母为 0 时不计算';

/** The signing cohort, in words: shown with the rates. */
export const COHORT_EXPLANATION =
  '转化率的统计对象为所选期间签约的项目（签约批次，按项目首次签约日期计）：如 2022 年只计 2022 年签约的项目；直接录入、没有签约日期的项目不计入。';

const counts = (numerator: number, denominator: number) => ({ numerator: String(numerator), denominator: String(denominator) });

/** The five rates, in the order the dashboard shows them. */
export const CONVERSION_RATES: readonly ConversionRateDefinition[] = [
  {
    key: 'performance_rate',
    label: '履约率',
    numerator: '签约项目中已履约的项目数（填报过实际到位资金或完成投资）',
    denominator: '签约项目数',
    explanation: '履约率 = 签约项目中已有资金到位或完成投资的项目数 ÷ 签约项目数',
    computation: `同一签约批次中，任一月份实际到位资金或完成投资大于 0 的项目数 ÷ 该批次签约项目数 ${ROUNDING}`,
    unit: 'projects',
    terms: (c) => counts(c.performing, c.contracted),
  },
  {
    key: 'start_rate',
    label: '开工率',
    numerator: '签约项目中已开工的项目数（有开工日期，或处于开工建设、投产运行阶段）',
    denominator: '签约项目数',
    explanation: '开工率 = 签约项目中已开工的项目数 ÷ 签约项目数',
    computation: `同一签约批次中，记录了实际开工日期或阶段为开工建设、投产运行的项目数 ÷ 该批次签约项目数 ${ROUNDING}`,
    unit: 'projects',
    terms: (c) => counts(c.started, c.contracted),
  },
  {
    key: 'funds_in_place_rate',
    label: '资金到位率',
    numerator: '签约项目的实际到位资金（万元，各来源、各月份合计）',
    denominator: '签约项目的合同投资额（万元，首次签约与补充协议合计）',
    explanation: '资金到位率 = 签约项目实际到位资金 ÷ 合同投资额',
    computation: `同一签约批次各项目填报的实际到位资金之和 ÷ 该批次各项目签约额之和，以万元精确到 4 位小数的整数运算 ${ROUNDING}`,
    unit: 'wan_yuan',
    terms: (c) => ({ numerator: fromNumeric(c.fundsInPlace), denominator: fromNumeric(c.contractAmount) }),
  },
  {
    key: 'landing_rate',
    label: '落地率',
    numerator: '签约项目中已注册落地的项目数（有注册日期，或处于已注册及以后阶段）',
    denominator: '签约项目数',
    explanation: '落地率 = 签约项目中已注册落地的项目数 ÷ 签约项目数',
    computation: `同一签约批次中，记录了注册日期或阶段为已注册、前期手续、开工建设、投产运行的项目数 ÷ 该批次签约项目数 ${ROUNDING}`,
    unit: 'projects',
    terms: (c) => counts(c.landed, c.contracted),
  },
  {
    key: 'production_rate',
    label: '投产率',
    numerator: '签约项目中已竣工投产的项目数（有竣工日期，或处于投产运行阶段）',
    denominator: '签约项目数',
    explanation: '投产率 = 签约项目中已竣工投产的项目数 ÷ 签约项目数',
    computation: `同一签约批次中，记录了竣工投产日期或阶段为投产运行的项目数 ÷ 该批次签约项目数 ${ROUNDING}`,
    unit: 'projects',
    terms: (c) => counts(c.operating, c.contracted),
  },
];

/** numerator ÷ denominator × 100 as a decimal string with two places, rounded once, half up; null when the denominator is 0. */
export function exactPercent(numerator: bigint, denominator: bigint): string | null {
  const hundredths = percentHundredths(numerator, denominator);
  return hundredths === null ? null : formatHundredths(hundredths);
}

/** A rate of a cohort: its value with the terms it came from (counts, or 万元 decimal strings) and its definition's words. */
export interface ConversionRateValue {
  key: ConversionRateKey;
  label: string;
  value: string | null;
  numerator: string;
  denominator: string;
  unit: RateUnit;
  explanation: string;
}

/** The five rates of a cohort, in CONVERSION_RATES order. */
export function conversionRates(c: CohortCounts): ConversionRateValue[] {
  return CONVERSION_RATES.map((d) => {
    const { numerator, denominator } = d.terms(c);
    // 万元 in 1/10,000 units: both terms scaled alike, so the quotient is exact.
    const exact = d.unit === 'wan_yuan' ? toUnits : BigInt;
    return { key: d.key, label: d.label, value: exactPercent(exact(numerator), exact(denominator)), numerator, denominator, unit: d.unit, explanation: d.explanation };
  });
}
