import { Alert, Empty, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MetricProgress, ProgressReport, TargetView } from '../../api/views';
import { MetricValue } from '../../components/MetricValue';
import { amountTitle } from '../../format/money';
import { MetricsTable, Points } from '../../components/MetricsTable';
import { ProgressBar, ProgressLegend } from '../../components/ProgressBar';
import { formatDate, formatDateTime } from '../../format/date';
import { metricHeader, METRIC_SHORT, METRICS, STATUS_COLOR, STATUS_LABEL, type Metric } from '../../format/metrics';
import { nest, type TreeRow } from './tree';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type Row = { target: TargetView; metrics: MetricProgress[] };

function AssigneeName({ t }: { t: TargetView }) {
  return (
    <Space size={4} wrap>
      <span>{t.assignee.name}</span>
      <Tag>{t.assignee.type === 'unit' ? '区域' : '招商队'}</Tag>
      {t.isStretch && <Tag color="orange">加压</Tag>}
    </Space>
  );
}

/**
 * 完成进度: each unit and team against its target in one metric at a time, the bar against the
 * 序时进度 line; the actual figures are counted by the service from the data, never typed in.
 */
export function ProgressPanel({ report, loading }: { report: ProgressReport | undefined; loading: boolean }) {
  const [metric, setMetric] = useState<Metric>('signed_amount');
  const [open, setOpen] = useState<Row | null>(null);
  if (!report) return null;
  const elapsed = report.timeElapsed;
  const present = METRICS.filter((m) => report.rows.some((r) => r.target.values[m] !== undefined));
  const shown: Metric = present.includes(metric) ? metric : (present[0] ?? metric);
  const of = (r: Row) => r.metrics.find((p) => p.metric === shown);
  const counts = { done: 0, on_track: 0, behind: 0 };
  for (const r of report.rows) {
    const p = of(r);
    if (p) counts[p.status]++;
  }
  const tree = nest(report.rows, (r) => r.target.id, (r) => r.target.parentId);
  // Target and completion of the shown metric read in one unit, named in both headers.
  const { unit } = metricHeader(shown, '', report.rows.flatMap((r) => [r.target.values[shown], of(r)?.actual]));
  const head = (label: string) => (unit ? amountTitle(label, unit) : label);

  return (
    <div data-testid="progress-panel">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Space orientation="vertical" size={0}>
          <Typography.Text>
            <span data-testid="progress-period">{report.period.label}</span> 序时进度 <Typography.Text strong data-testid="time-elapsed">{elapsed}%</Typography.Text>
            <Typography.Text type="secondary" data-testid="pace-label">
              （{report.paceLabel}）
            </Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary">
            数据截至 <span data-testid="data-as-of">{formatDate(report.dataAsOf)}</span>
            {report.targetPeriod && report.targetPeriod.label !== report.period.label && ` · 对照${report.targetPeriod.label}指标`}
            {` · 同比对照${report.previousPeriodLabel} · 计算于 ${formatDateTime(report.asOf)}`}
          </Typography.Text>
        </Space>
        <ProgressLegend elapsed={elapsed} />
      </Space>
      {report.rows.length === 0 ? (
        <Empty description="该期间尚未下达指标" />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Segmented<Metric> value={shown} onChange={setMetric} options={present.map((m) => ({ value: m, label: METRIC_SHORT[m] }))} />
            <Typography.Text type="secondary">
              已完成 {counts.done} · 正常 {counts.on_track} · 滞后 {counts.behind}
            </Typography.Text>
          </Space>
          <ResponsiveTable<TreeRow<Row>>
            key={`${report.period.label}-${shown}`}
            size="middle"
            loading={loading}
            dataSource={tree}
            pagination={false}
            scroll={{ x: 900 }}
            expandable={{ defaultExpandAllRows: true }}
            onRow={(r) => ({ 'data-testid': 'progress-row', 'data-assignee': r.target.assignee.name }) as never}
            columns={[
              { title: '单位 / 招商队', key: 'name', render: (_, r) => <AssigneeName t={r.target} /> },
              { title: head('目标'), key: 'target', render: (_, r) => <MetricValue metric={shown} value={r.target.values[shown]} unit={unit} bare /> },
              { title: head('完成'), key: 'actual', render: (_, r) => (of(r) ? <MetricValue metric={shown} value={of(r)!.actual} unit={unit} bare /> : '—') },
              {
                title: `完成率（竖线为序时进度 ${elapsed}%）`,
                key: 'completion',
                width: 280,
                sorter: (a, b) => Number(of(a)?.completion ?? -1) - Number(of(b)?.completion ?? -1),
                render: (_, r) => {
                  const p = of(r);
                  if (!p) return <Typography.Text type="secondary">{r.target.values[shown] === undefined ? '未下达该项' : '暂无统计'}</Typography.Text>;
                  return <ProgressBar completion={p.completion} elapsed={elapsed} status={p.status} />;
                },
              },
              { title: '较序时进度', key: 'ahead', render: (_, r) => (of(r) ? <Points p={of(r)!} /> : null) },
              { title: '状态', key: 'status', render: (_, r) => (of(r) ? <Tag color={STATUS_COLOR[of(r)!.status]}>{STATUS_LABEL[of(r)!.status]}</Tag> : null) },
              {
                title: '',
                key: 'all',
                render: (_, r) => (
                  <Typography.Link onClick={() => setOpen(r)} disabled={!r.metrics.length}>
                    全部指标
                  </Typography.Link>
                ),
              },
            ]}
          />
        </>
      )}
      {open && (
        <Modal open title={`${open.target.assignee.name}：${open.target.period.label}指标完成情况`} footer={null} width={860} onCancel={() => setOpen(null)}>
          {open.metrics.length ? <MetricsTable metrics={open.metrics} elapsed={elapsed} /> : <Alert type="info" title="暂无统计" />}
        </Modal>
      )}
    </div>
  );
}
