import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { printAmount, printCount, printPercent, printPoints } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, isDate } from '../query';

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
  const major = params.get('major');
  return {
    ...(groupBy === 'chain' || groupBy === 'year' || groupBy === 'county' ? { groupBy } : {}),
    ...(year && /^\d{4}$/.test(year) ? { year: Number(year) } : {}),
    ...(isDate(params.get('asOf')) ? { asOf: params.get('asOf')! } : {}),
    ...(major === 'true' || major === 'false' ? { major } : {}),
    ...filtersFromSearch(params, ['regionUnitId', 'industryChainId'] as const),
  };
}

function splitOf(row: Row, type: string): string {
  const s = row.byConstruction.find((b) => b.constructionType === type);
  return printCount(s?.projectCount ?? 0);
}

/** 项目汇总表: the registry by 旗县区 (or 产业链, or year) with the 新建 / 续建 split and 同比. */
export default function SummaryPrint() {
  const [params] = useSearchParams();
  const query = summaryQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/registry/summary', { params: { query } })), [JSON.stringify(query)]);
  const data = report.data;
  const month = data ? (data.asOf.slice(0, 4) === String(data.year) ? Number(data.asOf.slice(5, 7)) : 12) : 12;
  const period = data ? `${data.year}年1–${month}月` : undefined;
  const groupBy = data?.groupBy ?? 'county';
  const rows: Row[] = data ? [...data.groups, ...(data.total ? [data.total] : [])] : [];

  const columns: Array<PrintColumn<Row>> = [
    { key: 'group', title: GROUP_LABEL[groupBy], wrap: true, render: (r) => (groupBy === 'year' ? `${r.year}年` : (r.group?.name ?? '未指定')) },
    { key: 'projectCount', title: '合计', group: '项目数（个）', numeric: true, render: (r) => printCount(r.projectCount) },
    ...CONSTRUCTION.map((c): PrintColumn<Row> => ({ key: `count:${c.type}`, title: c.label, group: '项目数（个）', numeric: true, render: (r) => splitOf(r, c.type) })),
    { key: 'startedCount', title: '开工项目数（个）', numeric: true, render: (r) => printCount(r.startedCount) },
    { key: 'totalInvestment', title: '总投资', numeric: true, render: (r) => printAmount(r.totalInvestment) },
    { key: 'annualPlan', title: '本年', group: '年度计划投资', numeric: true, render: (r) => printAmount(r.annualPlan) },
    { key: 'annualPlanRate', title: '同比（%）', group: '年度计划投资', numeric: true, render: (r) => printPoints(r.yoy.annualPlanRate) },
    { key: 'completedInYear', title: `1–${month}月`, group: '完成投资', numeric: true, render: (r) => printAmount(r.completedInYear) },
    { key: 'previousCompleted', title: '上年同期', group: '完成投资', numeric: true, render: (r) => printAmount(r.previous.completedInYear) },
    { key: 'completedChange', title: '增减', group: '完成投资', numeric: true, render: (r) => printAmount(r.yoy.completedInYear) },
    { key: 'planDoneRate', title: '计划完成率', numeric: true, render: (r) => printPercent(r.planDoneRate) },
    { key: 'timeElapsedRate', title: '序时进度', numeric: true, render: (r) => printPercent(r.timeElapsedRate) },
    { key: 'aheadByPoints', title: '超/欠进度（百分点）', numeric: true, render: (r) => printPoints(r.aheadByPoints) },
  ];

  return (
    <PrintFrame
      title={data ? `${data.year}年项目汇总表` : undefined}
      period={period}
      asOf={data?.asOf}
      facts={data?.major == null ? [] : [['范围', data.major ? '重大项目' : '非重大项目']]}
      units="金额单位：万元"
      notes={['项目数为列入年度计划的项目；开工项目数为当年1月1日至数据截至日实际开工的项目。', '超/欠进度 = 计划完成率 − 序时进度，正数为超序时。']}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Row>
        columns={columns}
        rows={rows}
        rowKey={(r, i) => (r === data?.total ? 'total' : `${r.group?.id ?? r.year}:${i}`)}
        rowKind={(r) => (r === data?.total ? 'total' : 'data')}
        label={() => '合计'}
      />
    </PrintFrame>
  );
}
