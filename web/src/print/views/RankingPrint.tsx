import { useParams, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { RankingResult, RankingRow } from '../../api/views';
import { isAmountMetric, METRICS } from '../../format/metrics';
import { printAmount, printCount, printPercent, printPoints } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { periodFromSearch, xlsxUrl } from '../query';

type Totals = RankingResult['totals'];
/** What a trial ranking and a published one both state. */
type Sheet = Pick<RankingResult, 'title' | 'dataAsOf' | 'timeElapsed' | 'level' | 'version' | 'correctionNote' | 'formulaText' | 'rows' | 'totals'> & { periodLabel: string; paceLabel: string };
type Line = { kind: 'data'; row: RankingRow } | { kind: 'total'; totals: Totals };

const PACE_LABEL = { months: '按月计', days: '按日计' } as const;

/** The preview's query from the address: the report period plus 层级 (unit / team) and 区域层级. */
export function rankingPreviewQuery(params: URLSearchParams) {
  const level = params.get('level') === 'team' ? ('team' as const) : ('unit' as const);
  const regionLevel = params.get('regionLevel') === 'township' ? ('township' as const) : ('county' as const);
  return { ...periodFromSearch(params), level, regionLevel };
}

function metricColumns(result: Sheet): Array<PrintColumn<Line>> {
  const present = METRICS.filter((m) => result.rows.some((r) => r.metrics.some((x) => x.metric === m)));
  return present.flatMap((m): Array<PrintColumn<Line>> => {
    const label = result.totals.metrics.find((x) => x.metric === m)?.label ?? result.rows.flatMap((r) => r.metrics).find((x) => x.metric === m)!.label;
    const figure = (v: string | undefined) => (v === undefined ? '—' : isAmountMetric(m) ? printAmount(v) : printCount(v));
    const of = (l: Line) => (l.kind === 'data' ? l.row.metrics.find((x) => x.metric === m) : l.totals.metrics.find((x) => x.metric === m));
    return [
      { key: `${m}:target`, title: '目标', group: label, numeric: true, render: (l) => figure(of(l)?.target) },
      { key: `${m}:actual`, title: '完成', group: label, numeric: true, render: (l) => figure(of(l)?.actual) },
      { key: `${m}:completion`, title: '完成率', group: label, numeric: true, render: (l) => (of(l) ? printPercent(of(l)!.completion) : '—') },
    ];
  });
}

/** The ranking 通报 as printed: rank, unit, each metric's 目标 / 完成 / 完成率, the score; 合计; the formula. */
function RankingSheet({ result, loading, error, xlsx, versionNote }: { result: Sheet | undefined; loading: boolean; error: Parameters<typeof PrintFrame>[0]['error']; xlsx: { url: string; name: string }; versionNote: string | undefined }) {
  const columns: Array<PrintColumn<Line>> = result
    ? [
        { key: 'rank', title: '排名', numeric: true, render: (l) => (l.kind === 'data' ? String(l.row.rank) : '') },
        { key: 'name', title: result.level === 'team' ? '招商队' : '单位', wrap: true, render: (l) => (l.kind === 'data' ? l.row.assignee.name : `${l.totals.label}（${l.totals.units}个）`) },
        ...metricColumns(result),
        { key: 'score', title: '得分', numeric: true, render: (l) => (l.kind === 'data' ? printPoints(l.row.score.total) : '') },
        { key: 'signing', title: '签约得分', numeric: true, render: (l) => (l.kind === 'data' ? printPoints(l.row.score.signing) : '') },
        { key: 'deduction', title: '扣分', numeric: true, render: (l) => (l.kind === 'data' ? printPoints(-(l.row.score.bandPenalty + l.row.score.deduction) || 0) : '') },
      ]
    : [];
  const lines: Line[] = result ? [...result.rows.map((row): Line => ({ kind: 'data', row })), { kind: 'total', totals: result.totals }] : [];
  return (
    <PrintFrame
      title={result?.title}
      period={result?.periodLabel}
      asOf={result?.dataAsOf}
      facts={result ? [['序时进度', `${result.timeElapsed}%（${result.paceLabel}）`], ...(versionNote ? [['版本', versionNote] as [string, string]] : [])] : []}
      units="金额单位：万元"
      xlsx={xlsx}
      notes={result ? [`评分公式：${result.formulaText}`, ...(result.correctionNote ? [`更正说明：${result.correctionNote}`] : [])] : []}
      loading={loading}
      error={error}
    >
      <PrintTable<Line>
        columns={columns}
        rows={lines}
        rowKey={(l) => (l.kind === 'data' ? l.row.assignee.id : 'total')}
        rowKind={(l) => l.kind}
      />
    </PrintFrame>
  );
}

/** /print/ranking/:id — a published 通报 as circulated; /print/ranking/preview?… — today's trial ranking. */
export default function RankingPrint() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const preview = id === 'preview';
  const query = rankingPreviewQuery(params);
  const report = useLoad<Sheet>(
    () =>
      preview
        ? ok(api.GET('/api/v1/rankings/preview/all', { params: { query } })).then((r) => ({ ...r, periodLabel: r.period.label }))
        : ok(api.GET('/api/v1/rankings/{id}', { params: { path: { id } } })).then((r) => ({ ...r, paceLabel: PACE_LABEL[r.paceConvention] })),
    [id, preview ? JSON.stringify(query) : ''],
  );
  const xlsx = preview ? { url: xlsxUrl('/api/v1/rankings/preview.xlsx', query), name: '通报排名（试算）.xlsx' } : { url: xlsxUrl('/api/v1/rankings/{id}/xlsx', {}, { id }), name: '通报排名.xlsx' };
  const versionNote = report.data ? (report.data.version === null ? '试算（未发布）' : `第${report.data.version}版`) : undefined;
  return <RankingSheet result={report.data} loading={report.loading} error={report.error} xlsx={xlsx} versionNote={versionNote} />;
}
