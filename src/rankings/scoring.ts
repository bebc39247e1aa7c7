import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, exactCompletion, exactDecimal, floorScaled, formatScaled, int, lt, mul, Rational, roundHalfUpScaled, sub, ZERO } from '../common/math/rational';
import { toUnits } from '../common/money/wan-yuan';
import { Metric, METRIC_LABELS, METRICS, MetricValues } from '../metrics/metric';
import { TargetValues } from '../targets/entities/target.entity';

export interface SizeBand {
  label: string;
  /** 万元, inclusive. */
  min: string;
  /** 万元, exclusive; null: no upper bound. */
  max: string | null;
  /** Projects in the band a unit is expected to sign in the period. */
  required: number;
  /** Points deducted per project short. */
  penalty: number;
}

/** The scoring formula of rankings (config/scoring.json, or given when publishing). */
export interface ScoringFormula {
  signing: { weight: number; countShare: number; amountShare: number };
  weights: Partial<Record<Metric, number>>;
  completionCap: number;
  sizeBands: SizeBand[];
  deductions: { pastStartDeadline: number };
}

export interface ScoreInput {
  target: TargetValues;
  actual: MetricValues;
  /** Amounts (万元) of the period's first signings. */
  signingAmounts: string[];
  /** Projects past their planned start without having started. */
  pastStartDeadline: number;
}

/**
 * A unit's score. `total` is the exact sum of the components rounded once, half up (away
 * from zero), to 2 decimals. The components shown beside it (`signing`, `metrics`,
 * `bandPenalty`, `deduction`) are the exact components in cents, apportioned by largest
 * remainder (尾差调整) so that signing + Σ metrics − bandPenalty − deduction equals `total`
 * to the cent; each is within 0.01 of its exact value. `exact` gives every component unrounded
 * (6 decimals) for anyone checking the arithmetic.
 */
export interface ScoreBreakdown {
  total: number;
  signing: number;
  metrics: Partial<Record<Metric, number>>;
  bandPenalty: number;
  deduction: number;
  /** The components before any rounding, as decimal strings with 6 places (absent in 通报 published before exact scoring). */
  exact?: { total: string; signing: string; metrics: Partial<Record<Metric, string>>; bandPenalty: string; deduction: string };
}

const SIGNING_METRICS: ReadonlySet<Metric> = new Set([Metric.SignedProjects, Metric.SignedAmount]);

/**
 * Apportions `parts` (exact) into cents whose sum is `total` cents: each part floored, the
 * missing cents given one each to the parts with the largest remainders (earlier parts first on
 * equal remainders). `total` must be the sum rounded: then every part is off by less than 0.01.
 */
function apportionCents(parts: Rational[], totalCents: bigint): bigint[] {
  const floors = parts.map((p) => floorScaled(p, 2));
  const remainders = parts.map((p, i) => sub(mul(p, int(100)), int(floors[i] as bigint)));
  let missing = totalCents - floors.reduce((s, v) => s + v, 0n);
  const order = parts.map((_p, i) => i).sort((a, b) => (lt(remainders[b] as Rational, remainders[a] as Rational) ? -1 : lt(remainders[a] as Rational, remainders[b] as Rational) ? 1 : a - b));
  const out = [...floors];
  for (const i of order) {
    if (missing <= 0n) break;
    if ((remainders[i] as Rational).n === 0n) break;
    out[i] = (out[i] as bigint) + 1n;
    missing -= 1n;
  }
  return out;
}

const cents = (v: bigint) => Number(formatScaled(v, 2));
const six = (r: Rational) => formatScaled(roundHalfUpScaled(r, 6), 6);

/** Scores one team or unit by the formula: every component exact, the total rounded once. */
export function score(f: ScoringFormula, input: ScoreInput): ScoreBreakdown {
  const cap = exactDecimal(f.completionCap);
  const part = (metric: Metric): Rational | null => {
    const target = input.target[metric];
    if (target === undefined) return null;
    const c = exactCompletion(input.actual[metric], target);
    return lt(cap, c) ? cap : c;
  };
  const count = part(Metric.SignedProjects) ?? ZERO;
  const amount = part(Metric.SignedAmount) ?? ZERO;
  const signing = mul(add(mul(count, exactDecimal(f.signing.countShare)), mul(amount, exactDecimal(f.signing.amountShare))), exactDecimal(f.signing.weight));
  const metricParts: Array<[Metric, Rational]> = [];
  for (const [metric, weight] of Object.entries(f.weights) as Array<[Metric, number]>) {
    const p = part(metric);
    if (p !== null) metricParts.push([metric, mul(p, exactDecimal(weight))]);
  }
  let bandPenalty = ZERO;
  const amounts = input.signingAmounts.map(toUnits);
  for (const band of f.sizeBands) {
    const [min, max] = [toUnits(band.min), band.max === null ? null : toUnits(band.max)];
    const inBand = amounts.filter((a) => a >= min && (max === null || a < max)).length;
    bandPenalty = add(bandPenalty, mul(int(Math.max(0, band.required - inBand)), exactDecimal(band.penalty)));
  }
  const deduction = mul(int(input.pastStartDeadline), exactDecimal(f.deductions.pastStartDeadline));
  const parts = [signing, ...metricParts.map(([, p]) => p), { n: -bandPenalty.n, d: bandPenalty.d }, { n: -deduction.n, d: deduction.d }];
  const exactTotal = parts.reduce(add, ZERO);
  const totalCents = roundHalfUpScaled(exactTotal, 2);
  const shown = apportionCents(parts, totalCents);
  const metrics: Partial<Record<Metric, number>> = {};
  const exactMetrics: Partial<Record<Metric, string>> = {};
  metricParts.forEach(([metric, p], i) => {
    metrics[metric] = cents(shown[i + 1] as bigint);
    exactMetrics[metric] = six(p);
  });
  return {
    total: cents(totalCents),
    signing: cents(shown[0] as bigint),
    metrics,
    bandPenalty: cents(-(shown[parts.length - 2] as bigint)),
    deduction: cents(-(shown[parts.length - 1] as bigint)),
    exact: { total: six(exactTotal), signing: six(signing), metrics: exactMetrics, bandPenalty: six(bandPenalty), deduction: six(deduction) },
  };
}

/**
 * The formula in words, from the formula itself (config/scoring.json or the one given when
 * publishing): what the ranking tables print above the scores.
 */
export function describeFormula(f: ScoringFormula): string {
  const cap = `${formatScaled(roundHalfUpScaled(mul(exactDecimal(f.completionCap), int(100)), 0), 0)}%`;
  // In the metrics' fixed order: a stored (jsonb) formula does not keep its keys' order.
  const weights = METRICS.filter((m) => f.weights[m] !== undefined).map((m) => `${METRIC_LABELS[m]}×${f.weights[m]}`).join(' + ');
  const bands = f.sizeBands.filter((b) => b.required > 0).map((b) => `${b.label}应签${b.required}个、每少1个扣${b.penalty}分`);
  return [
    `得分 = 签约得分 + 各指标得分 − 规模档次扣分 − 逾期未开工扣分。`,
    `签约得分 = (签约项目数完成率×${f.signing.countShare} + 签约金额完成率×${f.signing.amountShare}) × ${f.signing.weight}；`,
    `各指标得分 = 完成率 × 权重（${weights || '无'}）；完成率 = 完成 ÷ 目标（目标为 0 视为完成），封顶 ${cap}，未下达目标的指标不计分；`,
    `规模档次扣分：${bands.length ? bands.join('，') : '不扣分'}；逾期未开工项目每个扣 ${f.deductions.pastStartDeadline} 分。`,
    `各项按精确值相加，总分四舍五入保留两位小数（只舍入一次）；分项得分按最大余数法保留两位小数，分项之和等于总分。`,
  ].join('');
}

/**
 * Checks a formula: every weight names a known metric (the signing metrics are scored by
 * `signing`), numbers are finite and not negative. Returns the problems as field paths.
 */
export function formulaProblems(f: unknown, path = 'formula'): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const obj = (f ?? {}) as Partial<ScoringFormula>;
  const s = obj.signing as ScoringFormula['signing'] | undefined;
  if (!s || !isNum(s.weight) || !isNum(s.countShare) || !isNum(s.amountShare)) problems.push({ field: `${path}.signing`, message: 'signing 需要 weight、countShare、amountShare 三个非负数' });
  if (!obj.weights || typeof obj.weights !== 'object') problems.push({ field: `${path}.weights`, message: 'weights 必须是对象' });
  for (const [metric, weight] of Object.entries(obj.weights ?? {})) {
    if (!METRICS.includes(metric as Metric) || SIGNING_METRICS.has(metric as Metric)) problems.push({ field: `${path}.weights.${metric}`, message: `未知的指标「${metric}」` });
    else if (!isNum(weight)) problems.push({ field: `${path}.weights.${metric}`, message: '权重必须是非负数' });
  }
  if (!isNum(obj.completionCap) || (obj.completionCap as number) < 1) problems.push({ field: `${path}.completionCap`, message: 'completionCap 必须 ≥ 1' });
  if (!Array.isArray(obj.sizeBands)) problems.push({ field: `${path}.sizeBands`, message: 'sizeBands 必须是数组' });
  (obj.sizeBands ?? []).forEach((b, i) => {
    // Bounds must be strings: toUnits (exact bigint) cannot read a JSON number.
    const amount = (v: unknown) => typeof v === 'string' && /^\d+(\.\d{1,4})?$/.test(v);
    const ok = b && typeof b.label === 'string' && amount(b.min) && (b.max === null || amount(b.max)) && Number.isInteger(b.required) && b.required >= 0 && isNum(b.penalty);
    if (!ok) problems.push({ field: `${path}.sizeBands[${i}]`, message: '规模档次需要 label、min、max（万元字符串或 null）、required（整数）、penalty' });
  });
  if (!obj.deductions || !isNum(obj.deductions.pastStartDeadline)) problems.push({ field: `${path}.deductions.pastStartDeadline`, message: '必须是非负数' });
  return problems;
}

export const DEFAULT_FORMULA = Symbol('DEFAULT_FORMULA');

export function loadScoringFormula(file = join(process.cwd(), 'config', 'scoring.json')): ScoringFormula {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as ScoringFormula & { $comment?: string };
  const problems = formulaProblems(raw, file);
  if (problems.length) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  delete raw.$comment;
  return raw;
}
