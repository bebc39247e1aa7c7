import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { printAmount, printCount } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, majorFromSearch, periodFromSearch, xlsxUrl } from '../query';
import { scheduleLines, type ScheduleLine } from '../schedule-lines';

type View = Schemas['ScheduleView'];
type Figure = 'totalInvestment' | 'annualPlan' | 'completedInPeriod' | 'completedInMonth' | 'fundsInPeriod' | 'fundsInMonth';

/** Pages of GET /registry/schedule a print view reads (500 projects each); beyond them the .xlsx has the whole table. */
const PAGE = 500;
const MAX_PAGES = 10;
const NO_CHAIN = '未指定产业链';

/** GET /registry/schedule's query from the address: the report period, 数据截至 and the registry filters. */
export function scheduleQuery(params: URLSearchParams) {
  return {
    ...periodFromSearch(params),
    ...majorFromSearch(params),
    ...filtersFromSearch(params, ['regionUnitId', 'industryChainId'] as const),
  };
}

/** Every page of the table, up to MAX_PAGES: the first page's frame, subtotals and total, all pages' rows. */
async function loadSchedule(query: ReturnType<typeof scheduleQuery>): Promise<View & { complete: boolean }> {
  const first = await ok(api.GET('/api/v1/registry/schedule', { params: { query: { ...query, limit: PAGE } } }));
  const items = [...first.items];
  let cursor = first.nextCursor;
  for (let page = 1; cursor && page < MAX_PAGES; page++) {
    const next = await ok(api.GET('/api/v1/registry/schedule', { params: { query: { ...query, limit: PAGE, cursor } } }));
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  return { ...first, items, complete: cursor === null };
}

function figure(l: ScheduleLine, key: Figure): string {
  const source = l.kind === 'data' ? l.row : l.kind === 'subtotal' ? l.group : l.total;
  return printAmount(source[key]);
}

/** The columns of 项目调度表.xlsx (src/projects/schedule-columns.ts) but 项目编号, the return's key, which is no reading for paper. */
function scheduleColumns(monthsLabel: string): Array<PrintColumn<ScheduleLine>> {
  return [
    { key: 'seq', title: '序号', numeric: true, render: (l) => (l.kind === 'data' ? String(l.row.seq) : '') },
    { key: 'region', title: '旗县区', render: (l) => (l.kind === 'data' ? l.row.regionLabel : l.kind === 'subtotal' ? l.group.regionLabel : '合计') },
    {
      key: 'chain',
      title: '产业链',
      wrap: true,
      render: (l) => (l.kind === 'data' ? (l.row.industryChain?.name ?? NO_CHAIN) : l.kind === 'subtotal' && l.group.level === 'chain' ? (l.group.industryChain?.name ?? NO_CHAIN) : ''),
    },
    { key: 'name', title: '项目名称', wrap: true, render: (l) => (l.kind === 'data' ? l.row.name : l.kind === 'subtotal' ? '小计' : '合计') },
    { key: 'capacity', title: '建设内容', wrap: true, render: (l) => (l.kind === 'data' ? (l.row.capacity ?? '') : `${printCount(l.kind === 'subtotal' ? l.group.projectCount : l.total.projectCount)}个项目`) },
    { key: 'totalInvestment', title: '总投资', numeric: true, render: (l) => figure(l, 'totalInvestment') },
    { key: 'annualPlan', title: '年度计划投资', numeric: true, render: (l) => figure(l, 'annualPlan') },
    { key: 'completedInPeriod', title: `${monthsLabel}完成投资`, numeric: true, render: (l) => figure(l, 'completedInPeriod') },
    { key: 'completedInMonth', title: '本月完成投资', numeric: true, render: (l) => figure(l, 'completedInMonth') },
    { key: 'fundsInPeriod', title: `${monthsLabel}到位资金`, numeric: true, render: (l) => figure(l, 'fundsInPeriod') },
    { key: 'fundsInMonth', title: '本月到位资金', numeric: true, render: (l) => figure(l, 'fundsInMonth') },
    { key: 'progress', title: '当前节点及进展', wrap: true, render: (l) => (l.kind === 'data' ? l.row.progressText : '') },
    {
      key: 'problems',
      title: '存在问题（卡点堵点）',
      wrap: true,
      render: (l) => (l.kind === 'data' ? l.row.problems.map((p, i) => <div key={i}>【{p.categoryLabel}】{p.description}</div>) : ''),
    },
    { key: 'departments', title: '责任部门', wrap: true, render: (l) => (l.kind === 'data' ? l.row.problems.map((p, i) => <div key={i}>{p.responsibleDepartment}</div>) : '') },
    { key: 'owner', title: '项目负责人', render: (l) => (l.kind === 'data' ? (l.row.owner ?? '') : '') },
  ];
}

const monthName = (ym: string) => `${Number(ym.slice(0, 4))}年${Number(ym.slice(5, 7))}月`;

/** 项目调度表: the registry by project, grouped by 旗县区 and 产业链 with subtotals and the 合计 (GET /registry/schedule), as its .xlsx. */
export default function SchedulePrint() {
  const [params] = useSearchParams();
  const query = scheduleQuery(params);
  const report = useLoad(() => loadSchedule(query), [JSON.stringify(query)]);
  const data = report.data;
  const { lines, partial } = data ? scheduleLines(data.items, data.groups, data.total) : { lines: [], partial: false };
  const cut = data && (!data.complete || partial);
  const monthText = data?.month ? monthName(data.month) : '—';
  return (
    <PrintFrame
      title={data?.title}
      period={data?.frame.period.label}
      asOf={data?.frame.dataAsOf}
      facts={data ? [['本月', monthText], ['序时进度', `${data.frame.timeElapsed}%`]] : []}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/registry/schedule.xlsx', query), name: '项目调度表.xlsx' }}
      notes={
        data
          ? [
              ...(cut ? [`本表列出前 ${data.items.length} 个项目（共 ${data.projectCount} 个），合计为全部项目；完整的调度表请下载 Excel。`] : []),
              `${data.monthsLabel}完成投资、到位资金计至数据截至所在月，本月为${monthText}；到位资金为各资金来源合计。`,
              '当前节点为第一个未完成的节点（全部完成为投产运行）；存在问题列出未解决的卡点堵点及其责任部门。',
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      {data && (
        <PrintTable<ScheduleLine>
          columns={scheduleColumns(data.monthsLabel)}
          rows={lines}
          rowKey={(l, i) => (l.kind === 'data' ? l.row.id : `${l.kind}:${i}`)}
          rowKind={(l) => l.kind}
        />
      )}
    </PrintFrame>
  );
}
