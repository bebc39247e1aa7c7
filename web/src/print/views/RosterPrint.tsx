import { useParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { sum } from '../../format/decimal';
import { printAmount } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';

type Signing = Schemas['SigningView'];
type Line = { kind: 'data'; s: Signing } | { kind: 'total'; amount: string; count: number };

/** 网签项目清单 of a signing event: 序号, project, investor, amount, landing county, and the total. */
export default function RosterPrint() {
  const { eventId = '' } = useParams();
  const report = useLoad(
    () => Promise.all([ok(api.GET('/api/v1/signing-events/{id}', { params: { path: { id: eventId } } })), ok(api.GET('/api/v1/signing-events/{id}/signings', { params: { path: { id: eventId } } }))]),
    [eventId],
  );
  const [event, signings] = report.data ?? [];
  // The roster lists what the event's figures count: signings that count (已认定 or no review needed).
  const counted = (signings ?? []).filter((s) => s.counted);
  const lines: Line[] = event ? [...counted.map((s): Line => ({ kind: 'data', s })), { kind: 'total', amount: event.totalAmount, count: event.projectCount }] : [];
  const columns: Array<PrintColumn<Line>> = [
    { key: 'index', title: '序号', numeric: true, render: (l, n) => (l.kind === 'data' ? String(n + 1) : '') },
    { key: 'project', title: '项目名称', wrap: true, render: (l) => (l.kind === 'data' ? l.s.leadTitle : `合计（${l.count}个项目）`) },
    { key: 'investor', title: '投资方', wrap: true, render: (l) => (l.kind === 'data' ? l.s.enterprise.name : '') },
    { key: 'amount', title: '签约金额', numeric: true, render: (l) => printAmount(l.kind === 'data' ? l.s.amount : l.amount) },
    { key: 'agreement', title: '协议类型', render: (l) => (l.kind === 'data' ? `${l.s.agreementTypeLabel}${l.s.kind === 'supplement' ? '（补充）' : ''}` : '') },
    { key: 'landing', title: '落地旗县区', render: (l) => (l.kind === 'data' ? l.s.landingRegionUnit.name : '') },
    { key: 'team', title: '招商队', wrap: true, render: (l) => (l.kind === 'data' ? l.s.team.name : '') },
  ];
  // The listed amounts add up to the event's total; a mismatch would mean the list is not the whole event.
  const listed = sum(counted.map((s) => s.amount));
  return (
    <PrintFrame
      title={event ? `${event.name}网签项目清单` : undefined}
      facts={event ? [['签约日期', event.heldOn], ['签约总额', `${event.totalAmountYi}亿元`]] : []}
      units="金额单位：万元"
      notes={event && listed !== event.totalAmount ? [`清单金额合计 ${printAmount(listed)} 万元，与活动签约总额不一致，请核对。`] : []}
      loading={report.loading}
      error={report.error}
    >
      <PrintTable<Line> columns={columns} rows={lines} rowKey={(l) => (l.kind === 'data' ? l.s.id : 'total')} rowKind={(l) => l.kind} />
    </PrintFrame>
  );
}
