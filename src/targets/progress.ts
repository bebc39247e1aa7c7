import { exactCompletion, lt, percentOf, Rational, sub } from '../common/math/rational';
import { fromNumeric, toUnits } from '../common/money/wan-yuan';
import { Metric, METRIC_LABELS, METRICS, MetricValues } from '../metrics/metric';
import { YearOnYear, yearOnYear } from '../metrics/year-on-year';

export type { YearOnYear };
import { TargetValues } from './entities/target.entity';

export type ProgressStatus = 'done' | 'on_track' | 'behind';

export interface MetricProgress {
  metric: Metric;
  label: string;
  target: string;
  actual: string;
  /** Percent of the target reached, exact and rounded once half up to two decimals ("40.00"). */
  completion: string;
  /** Completion minus 序时进度 (超进度), in percentage points from the exact values (negative: behind). */
  aheadBy: string;
  status: ProgressStatus;
  /** 同比 (absent in 通报 published before it was reported). */
  yoy?: YearOnYear;
}

/**
 * Progress of each targeted metric against time, exactly: completion = actual ÷ target (a zero
 * target counts as met), 超进度 = completion − 序时进度, both rounded once for display; done once
 * the actual reaches the target; on track while the exact share done is at least the share of
 * the period gone (`pace`, a fraction of 1); behind otherwise — 40% done when 50% of the year
 * is gone is behind. With `previous` (the same months of last year) each metric carries its 同比.
 */
export function progressOf(values: TargetValues, actuals: MetricValues, pace: Rational, previous?: MetricValues): MetricProgress[] {
  const out: MetricProgress[] = [];
  for (const metric of METRICS) {
    const target = values[metric];
    if (target === undefined) continue;
    const actual = fromNumeric(actuals[metric]);
    const ratio = exactCompletion(actual, target);
    const status: ProgressStatus = toUnits(actual) >= toUnits(target) ? 'done' : lt(ratio, pace) ? 'behind' : 'on_track';
    out.push({
      metric,
      label: METRIC_LABELS[metric],
      target,
      actual,
      completion: percentOf(ratio),
      aheadBy: percentOf(sub(ratio, pace)),
      status,
      ...(previous ? { yoy: yearOnYear(actual, fromNumeric(previous[metric])) } : {}),
    });
  }
  return out;
}

/** Percent of `target` that `actual` is (exact, rounded once); null when there is no target. */
export function completionPercent(actual: string, target: string | null): string | null {
  return target === null ? null : percentOf(exactCompletion(actual, target));
}
