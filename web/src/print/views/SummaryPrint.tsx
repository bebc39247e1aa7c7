import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { printAmount, printCount, printPercent, printPoints } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, isDate, majorFromSearch, xlsxUrl } from '../query';

type SummaryQuery = NonNullable<operations['RegistryController_summary']['parameters']['query']>;
type Row = Schemas['SummaryRow'];

const GROUP_LABEL: Record<SummaryQuery['groupBy'] & string, string> = { county: '旗县区', chain: '产业链', year: '年度' };
const CONSTRUCTION = [
  { type: 'new', label: '新建' },
  { type: 'continuing', label: '续建' },
  { type: 'rebuild', label: '改扩建' },
] as const;

/** GET /registry/summary's query from the address: 年度, 数据截至, 分组 and the registry filters. */
export function summaryQuery(params: URLSearchParams): SummaryQuery {
  const groupBy = params.get('groupBy');
  const year = params.get('year');
  return {
    ...(groupBy === 'chain' || groupBy === 'year' || groupBy === 'county' ? { groupBy } : {}),
    ...(year && /^\d{4}$/.test(year) ? { year: Number(year) } : {}),
    ...(isDate(params.get('asOf')) ? { asOf: params.get('asOf')! } : {}),
    ...majorFromSearch(params),
    ...filtersFromSearch(params, ['regionUnitId', 'industryChainId'] as const),
  };
}

const pct = (n: number | null) => printPercent(n);
const pts = (n: number | null) => printPoints(n);

function split(r: Row, type: string) {
  return r.byConstruction.find((b) => b.constructionType === type);
}

/** The columns of 项目汇总表.xlsx (src/projects/registry-export.service.ts SUMMARY_COLUMNS), in its order. */
function summaryColumns(groupLabel: string, label: (r: Row) => string): Array<PrintColumn<Row>> {
  return [
    { key: 'group', title: groupLabel, wrap: true, render: label },
    { key: 'projectCount', group: '本期', title: '项目数', numeric: true, render: (r) => printCount(r.projectCount) },
    { key: 'totalInvestment', group: '本期', title: '总投资', numeric: true, render: (r) => printAmount(r.totalInvestment) },
    { key: 'annualPlan', group: '本期', title: '年度计划投资', numeric: true, render: (r) => printAmount(r.annualPlan) },
    { key: 'completedInYear', group: '本期', title: '完成投资', numeric: true, render: (r) => printAmount(r.completedInYear) },
    { key: 'planDoneRate', group: '本期', title: '完成率', numeric: true, render: (r) => pct(r.planDoneRate) },
    { key: 'timeElapsedRate', group: '本期', title: '序时进度', numeric: true, render: (r) => pct(r.timeElapsedRate) },
    { key: 'aheadByPoints', group: '本期', title: '超/欠进度（百分点）', numeric: true, render: (r) => pts(r.aheadByPoints) },
    ...CONSTRUCTION.flatMap((c): Array<PrintColumn<Row>> => [
      { key: `${c.type}:projectCount`, group: c.label, title: '项目数', numeric: true, render: (r) => printCount(split(r, c.type)?.projectCount ?? 0) },
      { key: `${c.type}:annualPlan`, group: c.label, title: '年度计划投资', numeric: true, render: (r) => printAmount(split(r, c.type)?.annualPlan ?? '0') },
      { key: `${c.type}:completedInYear`, group: c.label, title: '完成投资', numeric: true, render: (r) => printAmount(split(r, c.type)?.completedInYear ?? '0') },
    ]),
    { key: 'previous:projectCount', group: '上年同期', title: '项目数', numeric: true, render: (r) => printCount(r.previous.projectCount) },
    { key: 'previous:annualPlan', group: '上年同期', title: '年度计划投资', numeric: true, render: (r) => printAmount(r.previous.annualPlan) },
    { key: 'previous:completedInYear', group: '上年同期', title: '完成投资', numeric: true, render: (r) => printAmount(r.previous.completedInYear) },
    { key: 'previous:planDoneRate', group: '上年同期', title: '完成率', numeric: true, render: (r) => pct(r.previous.planDoneRate) },
    { key: 'yoy:projectCount', group: '同比增减', title: '项目数', numeric: true, render: (r) => printCount(r.yoy.projectCount) },
    { key: 'yoy:annualPlan', group: '同比增减', title: '年度计划投资', numeric: true, render: (r) => printAmount(r.yoy.annualPlan) },
    { key: 'yoy:completedInYear', group: '同比增减', title: '完成投资', numeric: true, render: (r) => printAmount(r.yoy.completedInYear) },
    { key: 'yoy:pacePoints', group: '同比增减', title: '完成率（百分点）', numeric: true, render: (r) => pts(r.yoy.pacePoints) },
  ];
}

/** 项目汇总表: the registry by 旗县区 (or 产业链, or year) with the 新建 / 续建 / 改扩建 split and 同比, as its .xlsx. */
export default function SummaryPrint() {
  const [params] = useSearchParams();
  const query = summaryQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/registry/summary', { params: { query } })), [JSON.stringify(query)]);
  const data = report.data;
  const groupBy = data?.groupBy ?? 'county';
  const groupLabel = GROUP_LABEL[groupBy];
  const rows: Row[] = data ? [...data.groups, ...(data.total ? [data.total] : [])] : [];
  const columns = summaryColumns(groupLabel, (r) => (r === data?.total ? '合计' : groupBy === 'year' ? `${r.year}年` : (r.group?.name ?? '')));
  return (
    <PrintFrame
      title={data ? `${groupBy === 'year' ? `${data.year - 4}–${data.year}` : data.year}年项目汇总表（按${groupLabel}）` : undefined}
      asOf={data?.asOf}
      facts={data ? [['序时进度口径', data.paceConvention === 'months' ? '按月计' : '按日计'], ['同比', '上年同期'], ...(data.major === null ? [] : [['范围', data.major ? '重大项目' : '非重大项目'] as [string, string]])] : []}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/registry/summary.xlsx', query), name: '项目汇总表.xlsx' }}
      notes={[
        '项目数、总投资、年度计划投资为列入当年年度计划的项目；完成投资为当年1月至数据截至月的月报合计；完成率 = 完成投资 ÷ 年度计划投资；超/欠进度 = 完成率 − 序时进度（百分点）。',
        '新建、续建、改扩建三项相加等于本行；同比对照上年同期，增减 = 本期 − 上年同期。',
      ]}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Row>
        columns={columns}
        rows={rows}
        rowKey={(r, i) => (r === data?.total ? 'total' : `${r.group?.id ?? r.year}:${i}`)}
        rowKind={(r) => (r === data?.total ? 'total' : 'data')}
      />
    </PrintFrame>
  );
}
