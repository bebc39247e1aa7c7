import { fromNumeric, toUnits } from '../common/money/wan-yuan';
import { Metric, METRIC_LABELS, METRICS, MetricValues } from '../metrics/metric';
import { TargetValues } from './entities/target.entity';

export type ProgressStatus = 'done' | 'on_track' | 'behind';

export interface MetricProgress {
  metric: Metric;
  label: string;
  target: string;
  actual: string;
  /** Percent of the target reached, two decimals ("40.00"). */
  completion: string;
  /** Completion minus 序时进度, in percentage points (negative: behind). */
  aheadBy: string;
  status: ProgressStatus;
}

/**
 * Progress of each targeted metric against time: done once the actual reaches the target;
 * on track while the share done keeps pace with the share of the period gone (序时进度);
 * behind otherwise — 40% done when 50% of the year is gone is behind.
 */
export function progressOf(values: TargetValues, actuals: MetricValues, elapsed: number): MetricProgress[] {
  const out: MetricProgress[] = [];
  for (const metric of METRICS) {
    const target = values[metric];
    if (target === undefined) continue;
    const actual = fromNumeric(actuals[metric]);
    const ratio = completionRatio(actual, target);
    const completion = ratio * 100;
    // Done is judged on the exact amounts; the percentages are for display.
    const status: ProgressStatus = toUnits(actual) >= toUnits(target) ? 'done' : completion + 1e-9 >= elapsed * 100 ? 'on_track' : 'behind';
    out.push({
      metric,
      label: METRIC_LABELS[metric],
      target,
      actual,
      completion: completion.toFixed(2),
      aheadBy: (completion - elapsed * 100).toFixed(2),
      status,
    });
  }
  return out;
}

/** actual ÷ target; a zero target counts as fully met. Percentages are for display: the amounts stay exact. */
export function completionRatio(actual: string, target: string): number {
  const t = Number(target);
  if (t === 0) return 1;
  return Number(actual) / t;
}
