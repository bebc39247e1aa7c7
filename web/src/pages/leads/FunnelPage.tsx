import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { PipelineFunnel } from '../../api/views';
import { Chart } from '../dashboard/Chart';
import type { EChartsOption } from '../dashboard/charts';
import '../../format/calendar';

type Step = PipelineFunnel['steps'][number];
const COLORS = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9'];

/**
 * 转化漏斗: how many leads ever reached each stage, the conversion from each stage to the next
 * and the median days spent in it, for a team and a registration period.
 */
export default function FunnelPage() {
  const [teamId, setTeamId] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const teams = useLoad(() => ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })), []);
  const from = range?.[0]?.format('YYYY-MM-DD');
  // 登记日期止 is exclusive in the API; the picker's end day is included.
  const to = range?.[1]?.add(1, 'day').format('YYYY-MM-DD');
  const funnel = useLoad(
    () => ok(api.GET('/api/v1/pipeline/funnel', { params: { query: { ...(teamId ? { teamId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) } } })),
    [teamId, from, to],
  );
  const steps = funnel.data?.steps ?? [];

  const option: EChartsOption | undefined = useMemo(
    () =>
      funnel.data && {
        color: COLORS,
        tooltip: {
          trigger: 'item',
          formatter: (p: unknown) => {
            const s = steps[(p as { dataIndex: number }).dataIndex]!;
            return `${s.label}：累计 ${s.reached} 个${s.conversionToNext ? `<br/>转入下一阶段 ${s.conversionToNext}%` : ''}`;
          },
        },
        series: [
          {
            type: 'funnel',
            sort: 'none',
            minSize: '20%',
            left: '10%',
            width: '80%',
            top: 8,
            bottom: 8,
            label: { show: true, position: 'inside', formatter: '{b}  {c} 个', fontSize: 14 },
            data: steps.map((s) => ({ name: s.label, value: s.reached })),
          },
        ],
      },
    [funnel.data],
  );

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>转化漏斗</Typography.Title>
        <Space wrap>
          <Select
            aria-label="招商队"
            allowClear
            placeholder="全部招商队"
            style={{ minWidth: 200 }}
            value={teamId}
            onChange={setTeamId}
            showSearch={{ optionFilterProp: 'label' }}
            options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          />
          <DatePicker.RangePicker aria-label="登记日期" placeholder={['登记日期起', '登记日期止']} value={range} onChange={(v) => setRange(v)} format="YYYY年M月D日" />
          <Button icon={<ReloadOutlined />} onClick={funnel.reload} loading={funnel.loading}>
            刷新
          </Button>
        </Space>
      </div>
      {funnel.error && <Alert type="error" showIcon title={funnel.error.message} style={{ marginBottom: 12 }} />}
      <div className="funnel-layout">
        <Card variant="borderless" title="各阶段累计到达的线索">
          {option && (steps[0]?.reached ?? 0) > 0 ? <Chart name="funnel" option={option} /> : <Typography.Text type="secondary">{funnel.loading ? '加载中…' : '该范围内没有线索'}</Typography.Text>}
        </Card>
        <Card variant="borderless" title="阶段转化">
          <Table<Step>
            rowKey="stage"
            size="middle"
            pagination={false}
            loading={funnel.loading}
            dataSource={steps}
            columns={[
              { title: '阶段', dataIndex: 'label' },
              { title: '累计到达', key: 'reached', render: (_, s) => `${s.reached} 个` },
              { title: '转入下一阶段', key: 'conv', render: (_, s) => (s.conversionToNext ? `${s.conversionToNext}%` : '—') },
              { title: '停留天数（中位数）', key: 'days', render: (_, s) => (s.medianDays ? `${s.medianDays} 天` : '—') },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
