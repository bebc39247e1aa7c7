import { Tag, Typography } from 'antd';
import type { MetricProgress } from '../api/views';
import { formatPoints, isAmountMetric, METRIC_SHORT, STATUS_COLOR, STATUS_LABEL } from '../format/metrics';
import { amountUnit } from '../format/money';
import { MetricValue } from './MetricValue';
import { ProgressBar } from './ProgressBar';
import { ResponsiveTable } from './ResponsiveTable';

export function Points({ p }: { p: MetricProgress }) {
  const n = Number(p.aheadBy);
  return <Typography.Text type={p.status === 'done' || n >= 0 ? 'success' : 'danger'}>{formatPoints(p.aheadBy)}</Typography.Text>;
}

/** Every metric of one target against 序时进度. */
export function MetricsTable({ metrics, elapsed }: { metrics: MetricProgress[]; elapsed: string }) {
  // Counts and amounts share the columns here: the amount rows at least read in one unit.
  const unit = amountUnit(metrics.filter((p) => isAmountMetric(p.metric)).flatMap((p) => [p.target, p.actual]));
  return (
    <ResponsiveTable<MetricProgress>
      size="small"
      rowKey="metric"
      pagination={false}
      dataSource={metrics}
      scroll={{ x: 760 }}
      columns={[
        { title: '指标', dataIndex: 'label', render: (_, p) => METRIC_SHORT[p.metric] ?? p.label },
        { title: '目标', render: (_, p) => <MetricValue metric={p.metric} value={p.target} unit={unit} /> },
        { title: '完成', render: (_, p) => <MetricValue metric={p.metric} value={p.actual} unit={unit} /> },
        { title: '完成率', width: 240, render: (_, p) => <ProgressBar completion={p.completion} elapsed={elapsed} status={p.status} /> },
        { title: '较序时进度', render: (_, p) => <Points p={p} /> },
        { title: '状态', render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{STATUS_LABEL[p.status]}</Tag> },
      ]}
    />
  );
}
