import { useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { LeadClaimView } from '../../api/views';
import { beijingDate, toBeijingYmd } from '../../format/date';
import { printDay } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { xlsxUrl } from '../query';

type Status = LeadClaimView['status'];

/** The most a printout lists (the list endpoint's page maximum); the .xlsx lists every claim. */
const PRINT_LIMIT = 200;

/** src/leads/export/lead-claim-export.service.ts: the workbook's words for kinds and states. */
const KIND: Record<LeadClaimView['kind'], string> = { co_pursue: '联合跟进', transfer: '转交' };
const STATUS: Record<Status, string> = { pending: '待裁定', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回' };

/** The columns of 撞单申请清单.xlsx. */
const COLUMNS: Array<PrintColumn<LeadClaimView>> = [
  { key: 'seq', title: '序号', numeric: true, render: (_c, i) => String(i + 1) },
  { key: 'enterprise', title: '企业', wrap: true, render: (c) => c.enterprise.name },
  { key: 'chain', title: '产业链', wrap: true, render: (c) => c.industryChain.name },
  { key: 'team', title: '申请招商队', wrap: true, render: (c) => c.requestingTeam.name },
  { key: 'by', title: '申请人', render: (c) => c.requestedBy.name },
  { key: 'kind', title: '申请类型', render: (c) => KIND[c.kind] },
  { key: 'reason', title: '申请理由', wrap: true, render: (c) => c.reason },
  { key: 'holder', title: '持有招商队', wrap: true, render: (c) => c.holdingTeamName },
  { key: 'stage', title: '持有方阶段', render: (c) => c.holdingStage },
  { key: 'status', title: '状态', render: (c) => STATUS[c.status] },
  { key: 'created', title: '申请日期', numeric: true, render: (c) => printDay(toBeijingYmd(c.createdAt)) },
  { key: 'decided', title: '裁定日期', numeric: true, render: (c) => (c.decidedAt ? printDay(toBeijingYmd(c.decidedAt)) : '') },
  { key: 'note', title: '裁定意见', wrap: true, render: (c) => c.decisionNote ?? '' },
];

/** 撞单申请清单 (GET /lead-claims, the status from the address), as the workbook lists it. */
export default function LeadClaimsPrint() {
  const [params] = useSearchParams();
  const raw = params.get('status');
  const status = raw && raw in STATUS ? (raw as Status) : undefined;
  const query = status ? { status } : {};
  const report = useLoad(() => ok(api.GET('/api/v1/lead-claims', { params: { query: { ...query, limit: PRINT_LIMIT } } })), [status]);
  const data = report.data;
  return (
    <PrintFrame
      title={data ? '撞单申请清单' : undefined}
      asOf={beijingDate()}
      facts={[...(status ? ([['状态', STATUS[status]]] as Array<[string, string]>) : []), ...(data ? ([['申请数', `${data.total} 件`]] as Array<[string, string]>) : [])]}
      xlsx={{ url: xlsxUrl('/api/v1/lead-claims/export.xlsx', query), name: '撞单申请清单.xlsx' }}
      notes={
        data
          ? [
              ...(data.items.length < data.total ? [`共 ${data.total} 件，此处列出最新的 ${data.items.length} 件；完整清单请下载 Excel。`] : []),
              '首报首谈：先登记并洽谈的招商队持有线索；他队申请联合跟进或转交，由同时分管双方的领导或管理员裁定。',
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      {data && <PrintTable<LeadClaimView> testId="print-table-claims" columns={COLUMNS} rows={data.items} rowKey={(c) => c.id} empty="没有撞单申请" />}
    </PrintFrame>
  );
}
