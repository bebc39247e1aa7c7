import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Card, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { beijingDate, formatDate } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit, exactAmount, formatAmountIn, type AmountUnit } from '../../format/money';
import { ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import '../../format/calendar';
import { useSearchPatch } from './search-patch';

type Row = Schemas['SummaryRow'];
type GroupBy = 'county' | 'chain';

const GROUP_LABEL: Record<GroupBy, string> = { county: '旗县区', chain: '产业链' };

/** ✓ or ✗ beside a change: whether this leg of 三增长 is met. */
function Leg({ up, children }: { up: boolean; children: ReactNode }) {
  return (
    <span style={{ whiteSpace: 'nowrap', color: up ? '#237804' : '#a8071a' }}>
      {up ? <CheckCircleFilled aria-label="增长" /> : <CloseCircleOutlined aria-label="未增长" />} {children}
    </span>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
/** A change in the column's unit, signed: +12.5, -3, 0. */
const signedAmount = (v: string, unit: AmountUnit) => {
  const text = formatAmountIn(v, unit);
  return text.startsWith('-') || /^0$/.test(text) ? text : `+${text}`;
};
const pct = (n: number | null) => (n == null ? '—' : `${n.toFixed(2)}%`);

/**
 * 三增长: per 旗县区 (or 产业链), whether the year's project count, annual planned investment and
 * pace (plan completion) are all up on the same time last year — GET /registry/summary, whose
 * print view and .xlsx are the 项目汇总表.
 */
export default function GrowthPage() {
  const [params, set] = useSearchPatch();
  const thisYear = Number(beijingDate().slice(0, 4));
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : thisYear;
  const groupBy: GroupBy = params.get('groupBy') === 'chain' ? 'chain' : 'county';
  const asOf = params.get('asOf') ?? undefined;
  const query = { year, groupBy, ...(asOf ? { asOf } : {}) };
  const report = useLoad(() => ok(api.GET('/api/v1/registry/summary', { params: { query } })), [year, groupBy, asOf]);
  const data = report.data;
  const rows: Row[] = data ? [...data.groups, ...(data.total ? [data.total] : [])] : [];
  // 本期, 上年同期 and 增减 of the planned investment in one unit, named in the group header.
  const planUnit = amountUnit(rows.flatMap((r) => [r.annualPlan, r.previous.annualPlan, r.yoy.annualPlan]));
  const met = data?.groups.filter((g) => g.yoy.threeGrowth.all).length ?? 0;
  const isTotal = (r: Row) => r === data?.total;

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>三增长</Typography.Title>
        <ReportActions label="项目汇总表" printTo={withQuery('/print/summary', query)} xlsx={{ url: xlsxUrl('/api/v1/registry/summary.xlsx', query), name: `${year}年项目汇总表.xlsx` }} />
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label="年度" style={{ width: 110 }} value={year} onChange={(y: number) => set({ year: y, asOf: undefined })} options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))} />
        <DatePicker
          aria-label="数据截至"
          allowClear
          placeholder="数据截至（默认今天）"
          value={asOf ? dayjs(asOf) : null}
          disabledDate={(d) => d.year() !== year}
          onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
        />
        <Segmented<GroupBy> value={groupBy} onChange={(g) => set({ groupBy: g === 'county' ? undefined : g })} options={[{ value: 'county', label: '按旗县区' }, { value: 'chain', label: '按产业链' }]} />
        {data && (
          <Typography.Text type="secondary">
            数据截至 {formatDate(data.asOf)} · 对照上年同期 · {met} / {data.groups.length} 个{GROUP_LABEL[groupBy]}实现三增长
          </Typography.Text>
        )}
      </Space>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="三增长：项目个数、年度计划投资、建设速度（年度计划完成率）三项同比均增长。项目数与年度计划投资为列入当年年度计划的项目；完成率 = 1月至数据截至月的完成投资 ÷ 年度计划投资，与上年同期比较（百分点）。"
      />
      {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<Row>
          rowKey={(r) => (isTotal(r) ? 'total' : (r.group?.id ?? 'none'))}
          size="small"
          loading={report.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(r) => ({ 'data-testid': isTotal(r) ? 'growth-total' : 'growth-row' }) as never}
          columns={[
            {
              title: GROUP_LABEL[groupBy],
              key: 'group',
              fixed: 'left',
              render: (_: unknown, r) =>
                isTotal(r) ? <strong>合计</strong> : groupBy === 'county' && r.group?.id ? <Link to={`/three-un?regionUnitId=${r.group.id}`} title="查看该旗县区的三未清单">{r.group.name}</Link> : (r.group?.name ?? '未指定'),
            },
            {
              title: '项目个数',
              children: [
                { title: '本期', key: 'n', align: 'right', render: (_: unknown, r) => r.projectCount },
                { title: '上年同期', key: 'n0', align: 'right', render: (_: unknown, r) => r.previous.projectCount },
                { title: '增减', key: 'dn', align: 'right', render: (_: unknown, r) => <Leg up={r.yoy.threeGrowth.projectCount}>{signed(r.yoy.projectCount)}</Leg> },
              ],
            },
            {
              title: amountTitle('年度计划投资', planUnit),
              children: [
                { title: '本期', key: 'p', align: 'right', render: (_: unknown, r) => <Amount value={r.annualPlan} unit={planUnit} bare /> },
                { title: '上年同期', key: 'p0', align: 'right', render: (_: unknown, r) => <Amount value={r.previous.annualPlan} unit={planUnit} bare /> },
                { title: '增减', key: 'dp', align: 'right', render: (_: unknown, r) => <Leg up={r.yoy.threeGrowth.annualPlan}><span className="amount" title={exactAmount(r.yoy.annualPlan)}>{signedAmount(r.yoy.annualPlan, planUnit)}</span></Leg> },
              ],
            },
            {
              title: '建设速度（计划完成率）',
              children: [
                { title: '本期', key: 'r', align: 'right', render: (_: unknown, r) => pct(r.planDoneRate) },
                { title: '上年同期', key: 'r0', align: 'right', render: (_: unknown, r) => pct(r.previous.planDoneRate) },
                { title: '增减（百分点）', key: 'dr', align: 'right', render: (_: unknown, r) => <Leg up={r.yoy.threeGrowth.pace}>{r.yoy.pacePoints == null ? '—' : `${r.yoy.pacePoints > 0 ? '+' : ''}${r.yoy.pacePoints.toFixed(2)}`}</Leg> },
              ],
            },
            {
              title: '三增长',
              key: 'all',
              align: 'center',
              render: (_: unknown, r) => (r.yoy.threeGrowth.all ? <Tag color="success">实现</Tag> : <Tag color="error">未实现</Tag>),
            },
          ]}
        />
      </Card>
    </div>
  );
}
