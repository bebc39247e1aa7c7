import { formatMetric, isAmountMetric } from '../format/metrics';
import type { AmountUnit } from '../format/money';
import { Amount } from './Amount';

/** A metric's cell: an amount in its column's unit (bare when the header carries it), a count with its unit. */
export function MetricValue({ metric, value, unit, bare }: { metric: string; value: string | null | undefined; unit?: AmountUnit; bare?: boolean }) {
  return isAmountMetric(metric) ? <Amount value={value} unit={unit} bare={bare} /> : <>{formatMetric(metric, value)}</>;
}
