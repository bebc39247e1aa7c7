import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { sum } from '../../format/decimal';
import { printAmount, printCount, printDay } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { xlsxUrl } from '../query';
import { orderEvents, type EventSort } from '../../pages/admin/event-order';

type SigningEvent = Schemas['SigningEventView'];
type Line = { kind: 'data'; seq: number; event: SigningEvent } | { kind: 'total'; events: SigningEvent[] };

const COLUMNS: Array<PrintColumn<Line>> = [
  { key: 'seq', title: '序号', numeric: true, render: (l) => (l.kind === 'data' ? String(l.seq) : '合计') },
  { key: 'name', title: '活动名称', wrap: true, render: (l) => (l.kind === 'data' ? l.event.name : `${l.events.length}场`) },
  { key: 'heldOn', title: '举办日期', numeric: true, render: (l) => (l.kind === 'data' ? printDay(l.event.heldOn) : '') },
  { key: 'online', title: '方式', render: (l) => (l.kind === 'data' ? (l.event.isOnline ? '网上签约' : '现场') : '') },
  { key: 'location', title: '地点', wrap: true, render: (l) => (l.kind === 'data' ? (l.event.location ?? '') : '') },
  { key: 'projects', title: '签约项目数', numeric: true, render: (l) => printCount(l.kind === 'data' ? l.event.projectCount : l.events.reduce((n, e) => n + e.projectCount, 0)) },
  { key: 'signings', title: '签约笔数', numeric: true, render: (l) => printCount(l.kind === 'data' ? l.event.signingCount : l.events.reduce((n, e) => n + e.signingCount, 0)) },
  { key: 'amount', title: '签约总额（万元）', numeric: true, render: (l) => printAmount(l.kind === 'data' ? l.event.totalAmount : sum(l.events.map((e) => e.totalAmount))) },
];

/** Every event of a listing, page by page (the list endpoint's pages hold at most 100). */
async function allEvents(year: number | undefined): Promise<SigningEvent[]> {
  const events: SigningEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.GET('/api/v1/signing-events', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}), ...(year ? { year } : {}) } } }));
    events.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return events;
}

/** 签约活动一览 (the list of signing events), as its .xlsx (GET /signing-events/xlsx): 序号 in the order chosen, and the 合计. */
export default function SigningEventsPrint() {
  const [params] = useSearchParams();
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined;
  const sort: EventSort = params.get('sort') === 'amount' ? 'amount' : 'heldOn';
  const report = useLoad(() => allEvents(year), [year]);
  const events = report.data ? orderEvents(report.data, sort) : [];
  const lines: Line[] = report.data ? [...events.map((event, i): Line => ({ kind: 'data', seq: i + 1, event })), { kind: 'total', events }] : [];
  return (
    <PrintFrame
      title={`${year ? `${year}年` : ''}签约活动一览`}
      facts={[['排序', sort === 'amount' ? '按签约总额从大到小' : '按日期从近到远']]}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/signing-events/xlsx', { year, sort }), name: '签约活动一览.xlsx' }}
      notes={['只计已认定的签约；补充签约计增加的金额。']}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Line> columns={COLUMNS} rows={lines} rowKey={(l) => (l.kind === 'data' ? l.event.id : 'total')} rowKind={(l) => l.kind} />
    </PrintFrame>
  );
}
