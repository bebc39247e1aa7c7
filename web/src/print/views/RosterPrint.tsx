import { useParams, useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { printAmount } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { xlsxUrl } from '../query';

type Roster = Schemas['SigningRosterView'];
type Line = { kind: 'data'; item: Roster['items'][number] } | { kind: 'total'; total: Roster['total'] };

const COLUMNS: Array<PrintColumn<Line>> = [
  { key: 'seq', title: '序号', numeric: true, render: (l) => (l.kind === 'data' ? String(l.item.seq) : '合计') },
  { key: 'project', title: '项目名称', wrap: true, render: (l) => (l.kind === 'data' ? l.item.projectName : `${l.total.signings}笔`) },
  { key: 'investor', title: '投资方', wrap: true, render: (l) => (l.kind === 'data' ? l.item.enterprise.name : '') },
  { key: 'amount', title: '签约额（万元）', numeric: true, render: (l) => printAmount(l.kind === 'data' ? l.item.amount : l.total.amount) },
  { key: 'kind', title: '签约类型', render: (l) => (l.kind === 'data' ? l.item.kindLabel : '') },
  { key: 'landing', title: '落地旗县区', render: (l) => (l.kind === 'data' ? l.item.landingRegionUnit.name : '') },
  { key: 'chain', title: '所属产业链', wrap: true, render: (l) => (l.kind === 'data' ? (l.item.industryChain?.name ?? '') : '') },
  { key: 'team', title: '招商队', wrap: true, render: (l) => (l.kind === 'data' ? l.item.team.name : '') },
  { key: 'review', title: '认定状态', render: (l) => (l.kind === 'data' ? l.item.reviewStatusLabel : '') },
];

/** 网签项目清单 of a signing event (GET /signing-events/:id/roster), as its .xlsx: 序号, project, investor, amount, landing county, chain, and the 合计. */
export default function RosterPrint() {
  const { eventId = '' } = useParams();
  const [params] = useSearchParams();
  // The order the page showed (按签约额 or 按登记先后): the server numbers 序号 in it.
  const sort = params.get('sort') === 'amount' ? ('amount' as const) : undefined;
  const query = sort ? { sort } : {};
  const report = useLoad(() => ok(api.GET('/api/v1/signing-events/{id}/roster', { params: { path: { id: eventId }, query } })), [eventId, sort]);
  const data = report.data;
  const event = data?.event;
  const lines: Line[] = data ? [...data.items.map((item): Line => ({ kind: 'data', item })), { kind: 'total', total: data.total }] : [];
  const notes = data
    ? [
        `签约额合计 ${printAmount(data.total.amount)} 万元，即 ${data.total.amountYi} 亿元。`,
        ...(data.counted.signings !== data.total.signings
          ? [`其中已认定、计入签约统计的 ${data.counted.signings} 笔，${printAmount(data.counted.amount)} 万元（${data.counted.amountYi} 亿元）；待认定或不予认定的签约不计入。`]
          : []),
        '补充签约（增资扩产）的签约额为增加的金额。',
      ]
    : [];
  return (
    <PrintFrame
      title={event ? `${event.name}签约项目清单` : undefined}
      facts={data && event ? [['签约日期', event.heldOn], ...(event.location ? [['地点', event.location] as [string, string]] : []), ['签约项目', `${data.items.length} 笔，签约额 ${data.total.amountYi} 亿元`]] : []}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/signing-events/{id}/roster.xlsx', query, { id: eventId }), name: '签约项目清单.xlsx' }}
      notes={notes}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Line> columns={COLUMNS} rows={lines} rowKey={(l) => (l.kind === 'data' ? l.item.signingId : 'total')} rowKind={(l) => l.kind} />
    </PrintFrame>
  );
}
