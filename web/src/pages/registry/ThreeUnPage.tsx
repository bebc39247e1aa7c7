import { Alert, Button, Card, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { beijingDate, formatDate } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit } from '../../format/money';
import { ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import { countyBreakdown, type CountyCounts } from './breakdown';
import '../../format/calendar';
import { useSearchPatch } from './search-patch';

type ThreeUnItem = Schemas['ThreeUnItem'];
type UnfulfilledItem = Schemas['UnfulfilledItem'];
type Item = ThreeUnItem | UnfulfilledItem;

/** Every project of a list, as the print view asks: the 旗县区 breakdown counts what it is given. */
const LIMIT = 2000;

interface ListSpec {
  key: string;
  title: string;
  date: string;
  pick: (i: Item) => string | null | undefined;
}

/** 在建项目三未 (GET /registry/three-un) and 签约项目三未 (GET /registry/unfulfilled): the two 三未 the registry keeps. */
const KINDS = {
  building: {
    label: '在建项目三未',
    lists: [
      { key: 'notStarted', title: '立项未开工', date: '计划开工', pick: (i) => i.plannedStartOn },
      { key: 'startedNotBuilding', title: '开工未建设', date: '最近完成投资月份', pick: (i) => (i as ThreeUnItem).lastProgressMonth },
      { key: 'notCompleted', title: '建设未竣工', date: '计划竣工', pick: (i) => i.plannedCompletionOn },
    ] as ListSpec[],
  },
  signed: {
    label: '签约项目三未',
    lists: [
      { key: 'unregistered', title: '签约未注册', date: '注册期限', pick: (i) => (i as UnfulfilledItem).deadline },
      { key: 'notStarted', title: '注册未开工', date: '计划开工', pick: (i) => i.plannedStartOn },
      { key: 'notProducing', title: '开工未投产', date: '计划竣工投产', pick: (i) => i.plannedCompletionOn },
    ] as ListSpec[],
  },
} as const;
type Kind = keyof typeof KINDS;

/** A date as 2022年4月27日, a month (YYYY-MM) as 2022年4月. */
function dayOrMonth(v: string | null | undefined): string {
  if (!v) return '—';
  return /^\d{4}-\d{2}$/.test(v) ? `${Number(v.slice(0, 4))}年${Number(v.slice(5, 7))}月` : formatDate(v);
}

type Lists = Record<string, { count: number; items: Item[] }>;

/**
 * 三未清单: the registry's projects stuck at a step, per list with 逾期天数, a 旗县区 breakdown
 * (click a 旗县区 to list only its projects), each project linked to its page, print and Excel.
 */
export default function ThreeUnPage() {
  const [params, set] = useSearchPatch();
  const kind: Kind = params.get('kind') === 'signed' ? 'signed' : 'building';
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined;
  const asOf = params.get('asOf') ?? undefined;
  const regionUnitId = params.get('regionUnitId') ?? undefined;

  const thisYear = Number(beijingDate().slice(0, 4));
  const filter = { ...(regionUnitId ? { regionUnitId } : {}) };
  const report = useLoad(async (): Promise<{ asOf: string; lists: Lists }> => {
    if (kind === 'building') {
      const r = await ok(api.GET('/api/v1/registry/three-un', { params: { query: { ...filter, ...(year ? { year } : {}), limit: LIMIT } } }));
      return { asOf: r.asOf, lists: { notStarted: r.notStarted, startedNotBuilding: r.startedNotBuilding, notCompleted: r.notCompleted } };
    }
    const r = await ok(api.GET('/api/v1/registry/unfulfilled', { params: { query: { ...filter, ...(asOf ? { asOf } : {}), limit: LIMIT } } }));
    return { asOf: r.dataAsOf, lists: { unregistered: r.unregistered, notStarted: r.notStarted, notProducing: r.notProducing } };
  }, [kind, year, asOf, regionUnitId]);
  const data = report.data;
  const spec = KINDS[kind];
  const breakdown = data ? countyBreakdown(spec.lists.map((l) => data.lists[l.key]?.items ?? [])) : [];
  const truncated = data ? spec.lists.some((l) => (data.lists[l.key]?.count ?? 0) > (data.lists[l.key]?.items.length ?? 0)) : false;
  const countyName = regionUnitId && (breakdown.find((b) => b.id === regionUnitId)?.name ?? '所选旗县区');

  const printQuery = kind === 'building' ? { year, regionUnitId } : { asOf, regionUnitId };

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>三未清单</Typography.Title>
        <Space wrap>
          <ReportActions
            printTo={withQuery(kind === 'building' ? '/print/three-un' : '/print/unfulfilled', printQuery)}
            xlsx={
              kind === 'signed'
                ? { url: xlsxUrl('/api/v1/registry/unfulfilled.xlsx', { asOf, regionUnitId }), name: '三未清单.xlsx' }
                : { url: xlsxUrl('/api/v1/registry/three-un.xlsx', { year, regionUnitId }), name: '在建项目三未清单.xlsx' }
            }
          />
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Kind> value={kind} onChange={(k) => set({ kind: k === 'building' ? undefined : k })} options={(Object.keys(KINDS) as Kind[]).map((k) => ({ value: k, label: KINDS[k].label }))} />
        {kind === 'building' ? (
          <Select
            aria-label="年度计划"
            style={{ width: 160 }}
            value={year ?? 0}
            onChange={(y: number) => set({ year: y || undefined })}
            options={[{ value: 0, label: '全部项目' }, ...Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年度计划项目` }))]}
          />
        ) : (
          <DatePicker aria-label="数据截至" allowClear placeholder="数据截至（默认今天）" value={asOf ? dayjs(asOf) : null} onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })} />
        )}
        {regionUnitId && (
          <Tag closable onClose={() => set({ regionUnitId: undefined })} color="blue">
            旗县区：{countyName}
          </Tag>
        )}
        {data && <Typography.Text type="secondary">数据截至 {formatDate(data.asOf)}</Typography.Text>}
      </Space>
      {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />}
      {truncated && <Alert type="warning" showIcon title={`清单超过 ${LIMIT} 个项目，页面与分旗县区统计只含前 ${LIMIT} 个；完整清单请下载 Excel。`} style={{ marginBottom: 12 }} />}
      <Card size="small" title="分旗县区" style={{ marginBottom: 12 }}>
        <Table<CountyCounts>
          rowKey={(r) => r.id ?? 'none'}
          size="small"
          loading={report.loading}
          dataSource={breakdown}
          pagination={false}
          scroll={{ x: 600 }}
          onRow={() => ({ 'data-testid': 'county-row' }) as never}
          summary={() =>
            data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {spec.lists.map((l, i) => (
                  <Table.Summary.Cell key={l.key} index={i + 1} align="right">
                    {data.lists[l.key]?.count ?? 0}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
          columns={[
            {
              title: '旗县区',
              key: 'name',
              render: (_: unknown, r) =>
                r.id && r.id !== regionUnitId ? (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => set({ regionUnitId: r.id ?? undefined })}>
                    {r.name}
                  </Button>
                ) : (
                  r.name
                ),
            },
            ...spec.lists.map((l, i) => ({ title: l.title, key: l.key, align: 'right' as const, render: (_: unknown, r: CountyCounts) => `${r.counts[i]} 个${r.overdue[i] ? `（逾期 ${r.overdue[i]}）` : ''}` })),
          ]}
        />
      </Card>
      {spec.lists.map((l, n) => {
        const list = data?.lists[l.key];
        const unit = amountUnit((list?.items ?? []).map((i) => i.totalInvestment));
        return (
          <Card key={`${kind}:${l.key}`} size="small" title={`${'一二三'[n]}、${l.title}（${list?.count ?? 0} 个）`} style={{ marginBottom: 12 }} data-testid={`three-un-${l.key}`}>
            <Table<Item>
              rowKey="id"
              size="small"
              loading={report.loading}
              dataSource={list?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 900 }}
              locale={{ emptyText: '无' }}
              onRow={() => ({ 'data-testid': 'three-un-row' }) as never}
              columns={[
                { title: '序号', key: 'seq', width: 64, align: 'right', render: (_: unknown, _i, idx) => idx + 1 },
                { title: '项目名称', dataIndex: 'name', render: (name: string, i) => <Link to={`/projects/${i.id}`}>{name}</Link> },
                { title: '旗县区', key: 'region', render: (_: unknown, i) => i.regionUnit?.name ?? '—' },
                { title: '产业链', key: 'chain', render: (_: unknown, i) => i.industryChain?.name ?? '—' },
                { title: '招商队', key: 'team', render: (_: unknown, i) => i.team?.name ?? '—' },
                { title: amountTitle('总投资', unit), dataIndex: 'totalInvestment', align: 'right', render: (v: string) => <Amount value={v} unit={unit} bare /> },
                { title: '阶段', dataIndex: 'lifecycleLabel' },
                { title: l.date, key: 'date', render: (_: unknown, i) => dayOrMonth(l.pick(i)) },
                { title: '逾期天数', dataIndex: 'overdueDays', align: 'right', render: (d: number | null) => (d == null ? '—' : d > 0 ? <Typography.Text type="danger">{d}</Typography.Text> : d) },
              ]}
            />
          </Card>
        );
      })}
    </div>
  );
}
