import { useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { MetricProgress, ProgressReport } from '../../api/views';
import { isAmountMetric } from '../../format/metrics';
import { printAmount, printCount, printPercent, printPoints } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { periodFromSearch } from '../query';

type Row = ProgressReport['rows'][number];
type Line = { row: Row; p: MetricProgress; first: boolean };

const LEVEL_LABEL = { unit: '区域单位', team: '招商队' } as const;

/** 指标任务完成情况: each unit's (or team's) targets, what is done, 完成率, 序时进度 and 超/欠进度. */
export default function CompletionPrint() {
  const [params] = useSearchParams();
  const level = params.get('level') === 'team' ? 'team' : 'unit';
  const query = periodFromSearch(params);
  const report = useLoad(() => ok(api.GET('/api/v1/targets/progress', { params: { query } })), [JSON.stringify(query)]);
  const data = report.data;
  const lines: Line[] = (data?.rows ?? []).filter((r) => r.target.assignee.type === level).flatMap((row) => row.metrics.map((p, i) => ({ row, p, first: i === 0 })));
  const figure = (p: MetricProgress, v: string) => (isAmountMetric(p.metric) ? printAmount(v) : printCount(v));
  const columns: Array<PrintColumn<Line>> = [
    { key: 'assignee', title: LEVEL_LABEL[level], wrap: true, render: (l) => (l.first ? l.row.target.assignee.name : '') },
    { key: 'metric', title: '指标', wrap: true, render: (l) => l.p.label },
    { key: 'target', title: '目标', numeric: true, render: (l) => figure(l.p, l.p.target) },
    { key: 'actual', title: '完成', numeric: true, render: (l) => figure(l.p, l.p.actual) },
    { key: 'completion', title: '完成率', numeric: true, render: (l) => printPercent(l.p.completion) },
    { key: 'elapsed', title: '序时进度', numeric: true, render: () => printPercent(data?.timeElapsed) },
    { key: 'aheadBy', title: '超/欠进度（百分点）', numeric: true, render: (l) => printPoints(l.p.aheadBy) },
  ];
  return (
    <PrintFrame
      title={data ? `${data.period.label}指标任务完成情况（${LEVEL_LABEL[level]}）` : undefined}
      period={data?.period.label}
      asOf={data?.dataAsOf}
      facts={data ? [['序时进度', `${data.timeElapsed}%（${data.paceLabel}）`]] : []}
      units="金额单位：万元"
      notes={['完成率 = 完成 ÷ 目标；超/欠进度 = 完成率 − 序时进度，负数为欠进度。']}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Line> columns={columns} rows={lines} rowKey={(l) => `${l.row.target.id}:${l.p.metric}`} />
    </PrintFrame>
  );
}
