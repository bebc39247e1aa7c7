import { Alert, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { beijingDate } from '../../format/date';
import '../../format/calendar';

type Row = Schemas['DepartmentFiguresRow'];

/** This month (YYYY-MM, Beijing), to date: the 交办单 in hand now; a 通报 picks the month it reports on. */
const thisMonth = (): string => beijingDate().slice(0, 7);

/** 月度通报·督办: per 责任部门 交办数, 办结数, 办结率, 超期数 for a month (used on 督办 and 通报). */
export function SupervisionFigures({ initialMonth }: { initialMonth?: string }) {
  const [month, setMonth] = useState(initialMonth ?? thisMonth());
  const figures = useLoad(() => ok(api.GET('/api/v1/supervision/figures', { params: { query: { month } } })), [month]);
  const data = figures.data;
  return (
    <Card
      size="small"
      title="督办情况（各责任部门）"
      extra={
        <DatePicker
          picker="month"
          aria-label="通报月份"
          allowClear={false}
          inputReadOnly
          format="YYYY年M月"
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
      }
    >
      {figures.error && <Alert type="error" showIcon title={figures.error.message} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        bordered
        rowKey={(r) => r.departmentId ?? 'total'}
        loading={figures.loading}
        dataSource={data ? [...data.rows, data.total] : []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'figures-row', 'data-department': r.departmentName }) as never}
        columns={[
          { title: '责任部门', key: 'name', render: (_, r) => (r.departmentId ? r.departmentName : <strong>{r.departmentName}</strong>) },
          { title: '交办数', dataIndex: 'assigned', align: 'right' },
          { title: '其中新交办', dataIndex: 'newlyAssigned', align: 'right' },
          { title: '办结数', dataIndex: 'closed', align: 'right' },
          { title: '办结率', key: 'rate', align: 'right', render: (_, r) => (r.closedRate === null ? '—' : `${r.closedRate}%`) },
          { title: '超期数', key: 'overdue', align: 'right', render: (_, r) => (r.overdue > 0 ? <Typography.Text type="danger">{r.overdue}</Typography.Text> : 0) },
          { title: '其中超期未办结', dataIndex: 'overdueOpen', align: 'right' },
          { title: '其中超期办结', dataIndex: 'closedLate', align: 'right' },
        ]}
      />
      {data && (
        <Space orientation="vertical" size={0} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">
            统计期间：{data.from} 至 {data.to}（北京时间）。{data.rules}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
