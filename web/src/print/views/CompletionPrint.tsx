import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { MetricProgress } from '../../api/views';
import { printAmount, printCount, printPercent, printPoints } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { periodFromSearch, xlsxUrl } from '../query';

type Report = Schemas['CompletionReport'];
type Line = { kind: 'data'; index: number; name: string; metrics: MetricProgress[] } | { kind: 'total'; name: string; metrics: MetricProgress[] };

/** GET /targets/completion's query from the address: the report period and 层级. */
export function completionQuery(params: URLSearchParams) {
  return { ...periodFromSearch(params), level: params.get('level') === 'team' ? ('team' as const) : ('unit' as const) };
}

/** The columns of 指标任务完成情况.xlsx (src/targets/target-completion.service.ts): each metric over 目标 / 完成 / 完成率 / 超/欠进度. */
function completionColumns(report: Report, who: string): Array<PrintColumn<Line>> {
  return [
    { key: 'index', title: '序号', numeric: true, render: (l) => (l.kind === 'data' ? String(l.index) : '合计') },
    { key: 'name', title: who, wrap: true, render: (l) => l.name },
    { key: 'elapsed', title: '序时进度', numeric: true, render: () => printPercent(report.timeElapsed) },
    ...report.metrics.flatMap((m): Array<PrintColumn<Line>> => {
      const of = (l: Line) => l.metrics.find((x) => x.metric === m.metric);
      const figure = (v: string | undefined) => (v === undefined ? '—' : m.amount ? printAmount(v) : printCount(v));
      return [
        { key: `${m.metric}:target`, group: m.label, title: '目标', numeric: true, render: (l) => figure(of(l)?.target) },
        { key: `${m.metric}:actual`, group: m.label, title: '完成', numeric: true, render: (l) => figure(of(l)?.actual) },
        { key: `${m.metric}:completion`, group: m.label, title: '完成率', numeric: true, render: (l) => (of(l) ? printPercent(of(l)!.completion) : '—') },
        { key: `${m.metric}:aheadBy`, group: m.label, title: '超/欠进度（百分点）', numeric: true, render: (l) => (of(l) ? printPoints(of(l)!.aheadBy) : '—') },
      ];
    }),
  ];
}

/** 指标任务完成情况 by unit or by team (GET /targets/completion), as its .xlsx. */
export default function CompletionPrint() {
  const [params] = useSearchParams();
  const query = completionQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/targets/completion', { params: { query } })), [JSON.stringify(query)]);
  const data = report.data;
  const who = query.level === 'team' ? '招商队' : '区域单位';
  const lines: Line[] = data
    ? [
        ...data.rows.map((r, i): Line => ({ kind: 'data', index: i + 1, name: r.assignee.name, metrics: r.metrics })),
        ...(data.total ? [{ kind: 'total', name: `${data.total.rows}个${who}`, metrics: data.total.metrics } as Line] : []),
      ]
    : [];
  const columns = data ? completionColumns(data, who) : [];
  return (
    <PrintFrame
      title={data ? `${data.period.label}指标任务完成情况（按${who}）` : undefined}
      period={data?.period.label}
      asOf={data?.dataAsOf}
      facts={data ? [['序时进度', `${data.timeElapsed}%（${data.paceLabel}）`], ...(data.targetPeriod ? [['对照指标', data.targetPeriod.label] as [string, string]] : [])] : []}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/targets/completion.xlsx', query), name: '指标任务完成情况.xlsx' }}
      notes={
        data
          ? [
              `完成为按通报口径由数据统计的实际值；完成率 = 完成 ÷ 目标；超/欠进度 = 完成率 − 序时进度（百分点），负数为欠进度；序时进度${data.paceLabel}。`,
              data.total
                ? `合计行为各行目标与完成分别相加，完成率 = Σ完成 ÷ Σ目标；${data.metrics.some((m) => !m.summable) ? '对接企业数为去重的企业数，各行相加会重复计算，合计留空（—）。' : ''}`
                : `${data.totalNote ?? ''}。`,
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Line> columns={columns} rows={lines} rowKey={(l) => (l.kind === 'data' ? `${l.index}` : 'total')} rowKind={(l) => l.kind} />
    </PrintFrame>
  );
}
