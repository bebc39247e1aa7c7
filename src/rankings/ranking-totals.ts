import { formatWanYuan, toUnits } from '../common/money/wan-yuan';
import { Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import type { RankingRow } from './entities/ranking.entity';
import { div, exactCompletion, exactDecimal, int, percentOf, sub } from '../common/math/rational';

/** One metric of the 合计 row. */
export interface RankingTotalMetric {
  metric: Metric;
  label: string;
  /** Σ the ranked units' targets for this metric. */
  target: string;
  /** Σ the same units' counted figures. */
  actual: string;
  /** Σ actual ÷ Σ target, percent, rounded once half up to 2 decimals (a zero target counts as met). */
  completion: string;
  /** completion − 序时进度, percentage points. */
  aheadBy: string;
  /** How many ranked units have a target for this metric (and are summed). */
  units: number;
}

/** The 合计 row of a ranking: the ranked units' figures and targets added up, with the overall completion. */
export interface RankingTotals {
  label: string;
  units: number;
  metrics: RankingTotalMetric[];
}

/**
 * Adds up the rows' targets and counted figures per metric, exactly (scaled bigints), over the
 * rows that have a target for it; the completion is Σ完成 ÷ Σ目标, not an average of completions.
 * Works on stored rows, so a published 通报 gets its 合计 row from exactly the figures it froze.
 */
export function rankingTotals(rows: RankingRow[], timeElapsed: string): RankingTotals {
  const metrics: RankingTotalMetric[] = [];
  for (const metric of METRICS) {
    const figures = rows.flatMap((r) => r.metrics.filter((m) => m.metric === metric));
    if (figures.length === 0) continue;
    const target = formatWanYuan(figures.reduce((s, m) => s + toUnits(m.target), 0n));
    const actual = formatWanYuan(figures.reduce((s, m) => s + toUnits(m.actual), 0n));
    const ratio = exactCompletion(actual, target);
    metrics.push({
      metric,
      label: METRIC_LABELS[metric],
      target,
      actual,
      completion: percentOf(ratio),
      // 序时进度 as the 通报 stored it, in percent.
      aheadBy: percentOf(sub(ratio, div(exactDecimal(timeElapsed), int(100)))),
      units: figures.length,
    });
  }
  return { label: '合计', units: rows.length, metrics };
}
