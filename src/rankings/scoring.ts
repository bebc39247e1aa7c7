import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toUnits } from '../common/money/wan-yuan';
import { Metric, METRICS, MetricValues } from '../metrics/metric';
import { completionRatio } from '../targets/progress';
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

export interface ScoreBreakdown {
  total: number;
  signing: number;
  metrics: Partial<Record<Metric, number>>;
  bandPenalty: number;
  deduction: number;
}

const SIGNING_METRICS: ReadonlySet<Metric> = new Set([Metric.SignedProjects, Metric.SignedAmount]);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Scores one team or unit by the formula. */
export function score(f: ScoringFormula, input: ScoreInput): ScoreBreakdown {
  const part = (metric: Metric) => {
    const target = input.target[metric];
    return target === undefined ? null : Math.min(completionRatio(input.actual[metric], target), f.completionCap);
  };
  const count = part(Metric.SignedProjects);
  const amount = part(Metric.SignedAmount);
  const signing = ((count ?? 0) * f.signing.countShare + (amount ?? 0) * f.signing.amountShare) * f.signing.weight;
  const metrics: Partial<Record<Metric, number>> = {};
  for (const [metric, weight] of Object.entries(f.weights) as Array<[Metric, number]>) {
    const p = part(metric);
    if (p !== null) metrics[metric] = round2(p * weight);
  }
  let bandPenalty = 0;
  const amounts = input.signingAmounts.map(toUnits);
  for (const band of f.sizeBands) {
    const [min, max] = [toUnits(band.min), band.max === null ? null : toUnits(band.max)];
    const inBand = amounts.filter((a) => a >= min && (max === null || a < max)).length;
    bandPenalty += Math.max(0, band.required - inBand) * band.penalty;
  }
  const deduction = input.pastStartDeadline * f.deductions.pastStartDeadline;
  const sum = signing + Object.values(metrics).reduce((s, v) => s + (v ?? 0), 0) - bandPenalty - deduction;
  return { total: round2(sum), signing: round2(signing), metrics, bandPenalty, deduction };
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
