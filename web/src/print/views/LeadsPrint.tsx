import { useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { LeadView } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { beijingDate, toBeijingYmd } from '../../format/date';
import { describeQuery, exportQuery, leadListQuery } from '../../pages/leads/lead-list-query';
import { printAmount, printDay } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { xlsxUrl } from '../query';

/** The most a printout lists (the list endpoint's page maximum); the .xlsx lists every lead. */
const PRINT_LIMIT = 200;

const COLUMNS: Array<PrintColumn<LeadView>> = [
  { key: 'seq', title: '序号', numeric: true, render: (_l, i) => String(i + 1) },
  { key: 'title', title: '项目名称', wrap: true, render: (l) => l.title },
  { key: 'enterprise', title: '企业', wrap: true, render: (l) => l.enterprise.name },
  { key: 'chain', title: '产业链', wrap: true, render: (l) => l.industryChain.name },
  { key: 'team', title: '招商队', wrap: true, render: (l) => l.team.name },
  { key: 'owner', title: '负责人', render: (l) => l.owner.name },
  { key: 'target', title: '拟落地', render: (l) => l.targetRegionUnit?.name ?? '' },
  { key: 'amount', title: '意向投资', numeric: true, render: (l) => printAmount(l.intendedAmount) },
  { key: 'stage', title: '阶段', render: (l) => l.stageLabel },
  { key: 'expected', title: '预计签约', numeric: true, render: (l) => printDay(l.expectedSignDate) },
  { key: 'last', title: '最近对接', numeric: true, render: (l) => printDay(toBeijingYmd(l.lastActivityAt)) },
  { key: 'registered', title: '登记日期', numeric: true, render: (l) => printDay(toBeijingYmd(l.createdAt)) },
];

/** 线索清单 / 闲置线索清单: the lead list as the page shows it (GET /leads with the address's filters and sort). */
export default function LeadsPrint() {
  const [params] = useSearchParams();
  const { user } = useAuth();
  const role = user?.role ?? 'member';
  const query = leadListQuery(params, role);
  const report = useLoad(() => ok(api.GET('/api/v1/leads', { params: { query: { ...query, limit: PRINT_LIMIT } } })), [JSON.stringify(query)]);
  const data = report.data;
  const today = beijingDate();
  const title = query.idle ? '闲置线索清单' : '招商线索清单';
  return (
    <PrintFrame
      title={data ? title : undefined}
      asOf={today}
      facts={[['条件', describeQuery(query, role).join('；')], ...(data ? ([['线索数', `${data.total} 条`]] as Array<[string, string]>) : [])]}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/leads/export.xlsx', exportQuery(query)), name: `招商线索台账-${today}.xlsx` }}
      notes={
        data
          ? [
              ...(data.items.length < data.total ? [`共 ${data.total} 条，此处列出前 ${data.items.length} 条；完整清单请下载 Excel。`] : []),
              '意向投资为登记时的意向投资额；最近对接为最近一次对接记录或阶段变更的日期。',
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      {data && <PrintTable<LeadView> testId="print-table-leads" columns={COLUMNS} rows={data.items} rowKey={(l) => l.id} empty="没有符合条件的线索" />}
    </PrintFrame>
  );
}
