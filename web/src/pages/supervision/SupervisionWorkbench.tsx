import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate } from '../../format/date';
import { DepartmentsTab } from './DepartmentsTab';
import { STATUS, type Item, type Status } from './supervision-status';
import { SupervisionFigures } from './SupervisionFigures';

const ItemDrawer = lazy(() => import('./ItemDrawer'));

/**
 * 督办 for admins and managers: every 交办单 in their scope, filtered by department, status and
 * overdue; the month's figures per department (the 通报's 督办 section); admins keep the 责任部门.
 */
export default function SupervisionWorkbench() {
  const { user } = useAuth();
  const [departmentId, setDepartmentId] = useState<string>();
  const [status, setStatus] = useState<Status>();
  const [overdue, setOverdue] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = useLoad(
    () => ok(api.GET('/api/v1/supervision/items', { params: { query: { ...(departmentId ? { departmentId } : {}), ...(status ? { status } : {}), ...(overdue ? { overdue: 'true' as const } : {}), limit: 200 } } })),
    [departmentId, status, overdue],
  );
  const departments = useLoad(() => ok(api.GET('/api/v1/departments', {})), []);

  const list = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="责任部门"
          placeholder="全部责任部门"
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          value={departmentId}
          onChange={setDepartmentId}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionUnitName}）` }))}
        />
        <Select aria-label="状态" placeholder="全部状态" allowClear style={{ width: 120 }} value={status} onChange={setStatus} options={(Object.keys(STATUS) as Status[]).map((s) => ({ value: s, label: STATUS[s].label }))} />
        <Space>
          <Switch aria-label="只看超期" checked={overdue} onChange={setOverdue} />
          <span>只看超期</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={items.reload} loading={items.loading}>
          刷新
        </Button>
      </Space>
      {items.error && <Alert type="error" showIcon title={items.error.message} style={{ marginBottom: 12 }} />}
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={items.loading}
        dataSource={items.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '暂无交办单' }}
        onRow={(r) => ({ 'data-testid': 'supervision-row', 'data-id': r.id }) as never}
        columns={[
          {
            title: '项目',
            key: 'project',
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <strong>{r.projectName}</strong>
                <Typography.Text type="secondary">{[r.projectRegionName, r.projectOwnerName && `负责人 ${r.projectOwnerName}`].filter(Boolean).join(' · ')}</Typography.Text>
              </Space>
            ),
          },
          { title: '问题', key: 'description', render: (_, r) => `【${r.categoryLabel}】${r.description}` },
          { title: '责任部门', dataIndex: 'departmentName' },
          {
            title: '限办日期',
            key: 'dueOn',
            width: 130,
            render: (_: unknown, r: Item) => (
              <Space size={4}>
                {formatDate(r.dueOn)}
                {r.isOverdue && <Tag color="red">超期</Tag>}
              </Space>
            ),
          },
          { title: '状态', key: 'status', width: 90, render: (_, r) => <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag> },
          { title: '回复', dataIndex: 'replyCount', width: 70, align: 'right' },
          {
            title: '操作',
            key: 'act',
            width: 90,
            render: (_, r) => (
              <Button size="small" onClick={() => setOpenId(r.id)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      {items.data && items.data.total > items.data.items.length && (
        <Typography.Text type="secondary">
          共 {items.data.total} 件，显示前 {items.data.items.length} 件，请用筛选缩小范围。
        </Typography.Text>
      )}
    </>
  );

  return (
    <div>
      <div className="page-head">
        <div>
          <Typography.Title level={4}>督办</Typography.Title>
          <Typography.Text type="secondary">
            卡点堵点交办责任部门，跟踪办理、办结；超期未办结的自动通知分管领导。
          </Typography.Text>
        </div>
      </div>
      <Tabs
        items={[
          { key: 'items', label: '交办单', children: list },
          { key: 'figures', label: '月度通报', children: <SupervisionFigures /> },
          ...(user?.role === 'admin' ? [{ key: 'departments', label: '责任部门', children: <DepartmentsTab /> }] : []),
        ]}
      />
      {openId !== null && (
        <Suspense fallback={null}>
          <ItemDrawer id={openId} onClose={() => setOpenId(null)} onChanged={items.reload} />
        </Suspense>
      )}
    </div>
  );
}
