import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Drawer, Form, Input, List, message as toast, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import type { TeamView, UserView } from '../../api/views';
import { formatDate } from '../../format/date';
import { ROLE_LABEL } from '../../layout/navigation';
import { regionOptions } from './region-options';
import { orNull, useFormSave } from './useFormSave';

interface Values {
  name: string;
  regionUnitId: string;
  leaderId?: string | null;
  focusChainIds?: string[];
  focusSourceRegionIds?: string[];
  description?: string;
  isArchived?: boolean;
}

const FIELDS = ['name', 'regionUnitId', 'leaderId', 'memberIds', 'focusChainIds', 'focusSourceRegionIds', 'description', 'isArchived'];

/** 招商队: every team with its unit, leader and focus; create and edit them, keep their rosters. */
export default function TeamsPage() {
  const [message, toastHolder] = toast.useMessage();
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<TeamView | 'new' | null>(null);
  const [roster, setRoster] = useState<TeamView | null>(null);
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/teams', { params: { query: { q: q || undefined, includeArchived: archived ? 'true' : undefined, cursor, limit: 100 } } })),
    [q, archived],
  );

  return (
    <div>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          招商队
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增招商队
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="队名" onSearch={(v) => setQ(v.trim())} style={{ width: 220 }} maxLength={64} />
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>
          含已归档
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<TeamView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 760 }}
          onRow={(t) => ({ 'data-testid': 'team-row', 'data-name': t.name }) as never}
          columns={[
            { title: '队名', dataIndex: 'name', render: (n: string, t) => (t.isArchived ? <span>{n} <Tag>已归档</Tag></span> : n) },
            { title: '所属单位', key: 'unit', render: (_: unknown, t) => t.regionUnit.name },
            { title: '队长', key: 'leader', render: (_: unknown, t) => t.leader?.displayName ?? '—' },
            { title: '队员', dataIndex: 'memberCount' },
            { title: '重点产业链', key: 'chains', render: (_: unknown, t) => t.focusChains.map((c) => <Tag key={c.id}>{c.name}</Tag>) },
            { title: '重点区域', key: 'sources', render: (_: unknown, t) => t.focusSourceRegions.map((c) => <Tag key={c.id}>{c.name}</Tag>) },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, t) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setRoster(t)}>
                    队员
                  </Button>
                  <Button type="link" size="small" onClick={() => setEditing(t)}>
                    编辑
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        {list.hasMore && (
          <Button block onClick={list.loadMore} loading={list.loading} style={{ marginTop: 8 }}>
            加载更多
          </Button>
        )}
      </Card>
      {editing && (
        <TeamDialog
          team={editing === 'new' ? null : editing}
          onSaved={() => {
            message.success(editing === 'new' ? '招商队已创建' : '已保存');
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {roster && <RosterDrawer team={roster} onChanged={list.reload} onClose={() => setRoster(null)} />}
    </div>
  );
}

/** Users found as you type (admins list users); active members and managers only. */
function UserSelect({ id, value, onChange, placeholder, exclude = [], initial }: { id?: string; value?: string | null; onChange?(v: string | null): void; placeholder?: string; exclude?: string[]; initial?: { id: string; displayName: string } | null }) {
  const [options, setOptions] = useState<UserView[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      setSearching(true);
      try {
        const page = await ok(api.GET('/api/v1/users', { params: { query: { q: text.trim() || undefined, isActive: 'true', limit: 20 } } }));
        setOptions(page.items.filter((u) => u.role !== 'admin' && !exclude.includes(u.id)));
      } catch {
        setOptions([]);
      } finally {
        setSearching(false);
      }
    }, 250);
  };
  const shown = initial && !options.some((o) => o.id === initial.id) ? [{ value: initial.id, label: initial.displayName }] : [];
  return (
    <Select
      id={id}
      style={{ width: '100%' }}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => open && options.length === 0 && search('')}
      loading={searching}
      placeholder={placeholder ?? '输入姓名或登录名'}
      notFoundContent={searching ? '搜索中…' : '无匹配用户'}
      options={[...shown, ...options.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username} · ${ROLE_LABEL[u.role]}）` }))]}
    />
  );
}

function TeamDialog({ team, onSaved, onCancel }: { team: TeamView | null; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const refs = useLoad(async () => {
    const [tree, chains, sources] = await Promise.all([
      ok(api.GET('/api/v1/regions/tree')),
      ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/source-regions', { params: { query: { limit: 200 } } })),
    ]);
    return { tree, chains: chains.items.filter((c) => c.isActive), sources: sources.items.filter((s) => s.isActive) };
  }, []);
  const save = (v: Values) =>
    run(async () => {
      const body = {
        name: v.name.trim(),
        regionUnitId: v.regionUnitId,
        leaderId: v.leaderId ?? null,
        focusChainIds: v.focusChainIds ?? [],
        focusSourceRegionIds: v.focusSourceRegionIds ?? [],
        description: orNull(v.description),
      };
      if (team) await ok(api.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body: { ...body, isArchived: v.isArchived ?? false } as never }));
      else await ok(api.POST('/api/v1/teams', { body: body as never }));
      onSaved();
    });
  const initial: Partial<Values> = team
    ? {
        name: team.name,
        regionUnitId: team.regionUnit.id,
        leaderId: team.leader?.id ?? null,
        focusChainIds: team.focusChains.map((c) => c.id),
        focusSourceRegionIds: team.focusSourceRegions.map((c) => c.id),
        description: team.description ?? '',
        isArchived: team.isArchived,
      }
    : {};
  return (
    <Modal open title={team ? `编辑招商队 · ${team.name}` : '新增招商队'} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={save}>
        <Form.Item name="name" label="队名" rules={[{ required: true, whitespace: true, message: '请填写队名' }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="regionUnitId" label="所属区域单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <TreeSelect key={refs.data ? 'ready' : 'loading'} treeData={regionOptions(refs.data?.tree ?? [])} treeDefaultExpandAll showSearch treeNodeFilterProp="title" loading={refs.loading} />
        </Form.Item>
        <Form.Item name="leaderId" label="队长" extra="队长自动成为队员">
          <UserSelect initial={team?.leader ?? null} />
        </Form.Item>
        <Form.Item name="focusChainIds" label="重点产业链">
          <Select mode="multiple" allowClear options={(refs.data?.chains ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="focusSourceRegionIds" label="重点招商区域">
          <Select mode="multiple" allowClear options={(refs.data?.sources ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {team && (
          <Form.Item name="isArchived" valuePropName="checked" extra="归档后保留历史，不再接新任务">
            <Checkbox>已归档</Checkbox>
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}

function RosterDrawer({ team, onChanged, onClose }: { team: TeamView; onChanged(): void; onClose(): void }) {
  const [message, toastHolder] = toast.useMessage();
  const members = useLoad(() => ok(api.GET('/api/v1/teams/{id}/members', { params: { path: { id: team.id } } })), [team.id]);
  const [adding, setAdding] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
      message.success(done);
      members.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : ApiError.network().message);
    } finally {
      setBusy(false);
    }
  };
  const add = () => adding && act(() => ok(api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body: { userId: adding } })).then(() => setAdding(null)), '已添加队员');
  const remove = (userId: string, name: string) =>
    act(async () => {
      const { error, response } = await api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } } });
      if (!response.ok) throw error && typeof error === 'object' && 'message' in error ? new ApiError(error as never) : new ApiError({ statusCode: response.status, code: `HTTP_${response.status}`, message: `移除失败（${response.status}）` });
    }, `已移除 ${name}`);

  const current = (members.data ?? []).filter((m) => m.isActive);
  return (
    <Drawer open title={`${team.name} · 队员`} onClose={onClose} size={420} destroyOnHidden>
      {toastHolder}
      <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <UserSelect value={adding} onChange={setAdding} placeholder="搜索要添加的人员" exclude={current.map((m) => m.userId)} />
        </div>
        <Button type="primary" onClick={() => void add()} disabled={!adding || busy} loading={busy && !!adding}>
          添加
        </Button>
      </div>
      {members.error && <Alert type="error" showIcon title={members.error.message} />}
      <List
        loading={members.loading}
        dataSource={members.data ?? []}
        locale={{ emptyText: '暂无队员' }}
        renderItem={(m) => (
          <List.Item
            key={m.userId}
            actions={
              m.isActive
                ? [
                    <Popconfirm key="rm" title={`把 ${m.displayName} 移出本队？`} okText="移出" cancelText="取消" onConfirm={() => remove(m.userId, m.displayName)}>
                      <Button type="link" size="small" danger>
                        移出
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  {m.displayName}
                  {m.isLeader && <Tag color="red">队长</Tag>}
                  {!m.isActive && <Tag>已停用</Tag>}
                </Space>
              }
              description={`${m.username} · ${formatDate(m.joinedAt)} 入队`}
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
