import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { beijingDate } from '../../format/date';
import { printAmount } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, xlsxUrl } from '../query';

type Project = Schemas['ProjectView'];
type ProjectQuery = NonNullable<operations['ProjectsController_list']['parameters']['query']>;

/** The most a printout lists (the list endpoint's page maximum); the .xlsx lists every project. */
const PRINT_LIMIT = 200;

const COLUMNS: Array<PrintColumn<Project>> = [
  { key: 'seq', title: '序号', numeric: true, render: (_p, i) => String(i + 1) },
  { key: 'name', title: '项目名称', wrap: true, render: (p) => p.name },
  { key: 'enterprise', title: '业主企业', wrap: true, render: (p) => p.enterprise?.name ?? '' },
  { key: 'region', title: '旗县区', render: (p) => p.regionUnit?.name ?? '' },
  { key: 'chain', title: '产业链', wrap: true, render: (p) => p.industryChain?.name ?? '' },
  { key: 'total', title: '总投资', numeric: true, render: (p) => printAmount(p.totalInvestment) },
  { key: 'completed', title: '累计完成', numeric: true, render: (p) => printAmount(p.cumulativeCompleted) },
  { key: 'lifecycle', title: '阶段', render: (p) => p.lifecycleLabel },
  { key: 'level', title: '级别', render: (p) => p.levelLabel },
  { key: 'nature', title: '性质', render: (p) => (p.constructionLabel === p.natureLabel ? p.natureLabel : `${p.constructionLabel}·${p.natureLabel}`) },
];

/** GET /projects's filters from the address (项目库's filters, as the page passes them on). */
export function projectsPrintQuery(params: URLSearchParams): ProjectQuery {
  return {
    ...(filtersFromSearch(params, ['q', 'lifecycle', 'level', 'regionUnitId', 'industryChainId'] as const) as Partial<ProjectQuery>),
    ...(params.get('overdueNode') === 'true' ? { overdueNode: 'true' as const } : {}),
  };
}

/** 项目清单 as 项目库 lists it (GET /projects with its filters), for printing; the Excel is 项目清单.xlsx with the same filters. */
export default function ProjectsPrint() {
  const [params] = useSearchParams();
  const query = projectsPrintQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/projects', { params: { query: { ...query, sort: 'totalInvestment', order: 'desc', limit: PRINT_LIMIT } } })), [JSON.stringify(query)]);
  const data = report.data;
  const region = data?.items.find((p) => p.regionUnit?.id === query.regionUnitId)?.regionUnit?.name;
  const facts: Array<[string, string]> = [];
  if (region) facts.push(['旗县区', region]);
  if (query.overdueNode) facts.push(['范围', '节点逾期项目']);
  if (data) facts.push(['项目数', `${data.total} 个`]);
  return (
    <PrintFrame
      title={data ? (query.overdueNode ? '节点逾期项目清单' : '项目清单') : undefined}
      asOf={beijingDate()}
      facts={facts}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/registry/projects.xlsx', query), name: '项目清单.xlsx' }}
      notes={
        data
          ? [
              ...(data.items.length < data.total ? [`共 ${data.total} 个，此处按总投资从大到小列出前 ${data.items.length} 个；完整清单请下载 Excel。`] : []),
              '节点逾期：注册、前期手续、开工、投产任一节点计划日期已过仍未完成。累计完成为各月填报的完成投资之和。',
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      {data && <PrintTable<Project> testId="print-table-projects" columns={COLUMNS} rows={data.items} rowKey={(p) => p.id} empty="没有符合条件的项目" />}
    </PrintFrame>
  );
}
