import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Form, Input, message as toast, Popconfirm, Select, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate, formatDateTime } from '../../format/date';
import { DepartmentsTab } from './DepartmentsTab';
import { SupervisionFigures } from './SupervisionFigures';

type Item = Schemas['SupervisionItemView'];
type Detail = Schemas['SupervisionDetailView'];
type Status = Item['status'];

const STATUS: Record<Status, { label: string; color: string }> = {
  open: { label: '待办理', color: 'orange' },
  in_progress: { label: '办理中', color: 'blue' },
  resolved: { label: '已办结', color: 'green' },
};

/**
 * 督办: 卡点堵点 assigned to 责任部门 as 交办单. A department account sees only its own, replies and
 * closes them (办结); admins and managers see every one in their scope, filter them, and read the
 * month's figures per department (the 通报's 督办 section).
 */
export default function SupervisionPage() {
  const { user } = useAuth();
  const isDepartment = user?.role === 'department';
  const [departmentId, setDepartmentId] = useState<string>();
  const [status, setStatus] = useState<Status>();
  const [overdue, setOverdue] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = useLoad(
    () => ok(api.GET('/api/v1/supervision/items', { params: { query: { ...(departmentId ? { departmentId } : {}), ...(status ? { status } : {}), ...(overdue ? { overdue: 'true' as const } : {}), limit: 200 } } })),
    [departmentId, status, overdue],
  );
  const departments = useLoad(() => (isDepartment ? Promise.resolve([]) : ok(api.GET('/api/v1/departments', {}))), [isDepartment]);

  const list = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {!isDepartment && (
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
        )}
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
        locale={{ emptyText: isDepartment ? '本部门暂无交办单' : '暂无交办单' }}
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
          ...(isDepartment ? [] : [{ title: '责任部门', dataIndex: 'departmentName' }]),
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
              <Button size="small" type={isDepartment && r.status !== 'resolved' ? 'primary' : 'default'} onClick={() => setOpenId(r.id)}>
                {isDepartment && r.status !== 'resolved' ? '办理' : '查看'}
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
            {isDepartment ? '本部门承办的交办单：回复办理情况，办结时填写办结情况。超期未办结的会通知分管领导。' : '卡点堵点交办责任部门，跟踪办理、办结；超期未办结的自动通知分管领导。'}
          </Typography.Text>
        </div>
      </div>
      {isDepartment ? (
        list
      ) : (
        <Tabs
          items={[
            { key: 'items', label: '交办单', children: list },
            { key: 'figures', label: '月度通报', children: <SupervisionFigures /> },
            ...(user?.role === 'admin' ? [{ key: 'departments', label: '责任部门', children: <DepartmentsTab /> }] : []),
          ]}
        />
      )}
      <ItemDrawer id={openId} onClose={() => setOpenId(null)} onChanged={items.reload} />
    </div>
  );
}

function ItemDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const [message, toastHolder] = toast.useMessage();
  const { user } = useAuth();
  const detail = useLoad(() => (id ? ok(api.GET('/api/v1/supervision/items/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)), [id]);
  const [busy, setBusy] = useState<string | null>(null);
  const [replyForm] = Form.useForm<{ body: string }>();
  const [closeForm] = Form.useForm<{ resolution: string }>();
  const d: Detail | undefined = detail.data;

  const act = async (what: string, call: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await call();
      message.success(done);
      replyForm.resetFields();
      closeForm.resetFields();
      detail.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer open={id !== null} onClose={onClose} width={560} title={d ? `交办单 · ${d.projectName}` : '交办单'} destroyOnHidden>
      {toastHolder}
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {d && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="项目">
              {user?.role === 'department' ? d.projectName : <Link to={`/projects/${d.projectId}`}>{d.projectName}</Link>}
              {d.projectRegionName ? `（${d.projectRegionName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="项目负责人">{d.projectOwnerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="问题">【{d.categoryLabel}】{d.description}</Descriptions.Item>
            <Descriptions.Item label="责任部门">{d.departmentName}</Descriptions.Item>
            <Descriptions.Item label="交办时间">{formatDateTime(d.assignedAt)}</Descriptions.Item>
            <Descriptions.Item label="限办日期">
              {formatDate(d.dueOn)} {d.isOverdue && <Tag color="red">超期</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS[d.status].color}>{STATUS[d.status].label}</Tag>
              {d.resolvedAt && `（${formatDateTime(d.resolvedAt)}）`}
            </Descriptions.Item>
            {d.resolution && <Descriptions.Item label="办结情况">{d.resolution}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={5}>办理回复</Typography.Title>
            {d.replies.length === 0 ? (
              <Typography.Text type="secondary">暂无回复</Typography.Text>
            ) : (
              <Timeline
                items={d.replies.map((r) => ({
                  content: (
                    <div data-testid="reply">
                      <Typography.Text type="secondary">
                        {r.authorName} · {formatDateTime(r.createdAt)}
                      </Typography.Text>
                      <div>{r.body}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </div>
          {d.canReply && d.status !== 'resolved' && (
            <Form form={replyForm} layout="vertical" onFinish={(v) => act('reply', () => ok(api.POST('/api/v1/supervision/items/{id}/replies', { params: { path: { id: d.id } }, body: v })), '已回复')}>
              <Form.Item name="body" label="回复办理情况" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Button htmlType="submit" loading={busy === 'reply'}>
                回复
              </Button>
            </Form>
          )}
          {d.canClose && (
            <Form form={closeForm} layout="vertical" onFinish={(v) => act('close', () => ok(api.POST('/api/v1/supervision/items/{id}/close', { params: { path: { id: d.id } }, body: v })), '已办结')}>
              <Form.Item name="resolution" label="办结情况" rules={[{ required: true, whitespace: true, message: '请填写办结情况' }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'close'}>
                办结
              </Button>
            </Form>
          )}
          {d.canReopen && (
            <Popconfirm title="重新打开此交办单？将重新计算超期。" onConfirm={() => act('reopen', () => ok(api.POST('/api/v1/supervision/items/{id}/reopen', { params: { path: { id: d.id } }, body: {} })), '已重新打开')}>
              <Button danger loading={busy === 'reopen'}>
                重新打开
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Drawer>
  );
}
