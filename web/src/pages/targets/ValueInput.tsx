import { InputNumber } from 'antd';
import { AmountInput } from '../../components/AmountInput';
import { isAmountMetric, METRIC_LABEL, type Metric } from '../../format/metrics';

type Props = { metric: Metric; value?: number | string | null; onChange?: (v: number | string | null) => void; id?: string; status?: '' | 'error' };

/** One metric's input: 万元 as typed (exact), counts as whole numbers. */
export function ValueInput({ metric, value, onChange, id, status }: Props) {
  if (isAmountMetric(metric)) {
    return (
      <AmountInput id={id} status={status} aria-label={METRIC_LABEL[metric]} placeholder="不设" value={value == null ? '' : String(value)} onChange={(v) => onChange?.(v)} />
    );
  }
  return (
    <InputNumber
      id={id}
      status={status}
      aria-label={METRIC_LABEL[metric]}
      min={0}
      max={10_000_000}
      precision={0}
      placeholder="不设"
      style={{ width: '100%' }}
      value={value === '' || value == null ? null : Number(value)}
      onChange={(v) => onChange?.(v)}
    />
  );
}
