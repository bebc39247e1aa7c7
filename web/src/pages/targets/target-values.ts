import type { TargetValues } from '../../api/views';
import { normalizeAmount } from '../../format/decimal';
import { isAmountMetric, METRICS, type Metric } from '../../format/metrics';

/** A metric as typed: counts in an InputNumber (number), amounts as the exact string typed. */
export type ValuesForm = Partial<Record<Metric, number | string | null>>;

/** What the API takes: counts as integers, 万元 as decimal strings; blank metrics left out (no target). */
export function toApiValues(form: ValuesForm | undefined, only?: readonly Metric[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const m of only ?? METRICS) {
    const v = form?.[m];
    if (v === undefined || v === null || v === '') continue;
    out[m] = isAmountMetric(m) ? normalizeAmount(String(v)) : Number(v);
  }
  return out;
}

export function toFormValues(values: TargetValues): ValuesForm {
  const out: ValuesForm = {};
  for (const m of METRICS) {
    const v = values[m];
    if (v !== undefined) out[m] = isAmountMetric(m) ? v : Number(v);
  }
  return out;
}

/** The form's value of a metric as a decimal string for exact sums ("" when blank). */
export function asDecimal(v: number | string | null | undefined): string {
  if (v === undefined || v === null) return '';
  const s = normalizeAmount(String(v));
  return /^\d+(\.\d+)?$/.test(s) ? s : '';
}


export function metricsOf(values: TargetValues): Metric[] {
  return METRICS.filter((m) => values[m] !== undefined);
}
