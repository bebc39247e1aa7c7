import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, message as toast, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { formatDateTime } from '../../format/date';
import { ROLE_LABEL, type Role } from '../../layout/navigation';
import { MOBILE_PATTERN } from '../enterprises/enterprise-fields';
import { regionOptions } from './region-options';
import { orNull, useFormSave } from './useFormSave';


/** A user as the users page lists them: with their teams. */
type UserView = Schemas['UserWithTeamsView'];

const ROLES = (Object.keys(ROLE_LABEL) as Role[]).map((r) => ({ value: r, label: ROLE_LABEL[r] }));
const FIELDS = ['username', 'displayName', 'role', 'departmentId', 'password', 'phone', 'email', 'isActive', 'teamId'];

interface Values {
  username?: string;
  displayName: string;
  role: Role;
  password?: string;
  phone?: string;
  email?: string;
  teamId?: string;
  /** A 责任部门 account's department. */
  departmentId?: string;
}

/** 用户: create accounts, change a role, reset a password, deactivate (signs the user out at once), set a manager's 分管范围. */
export default function UsersPage() {
  const { user: me } = useAuth();
  const [message, toastHolder] = toast.useMessage();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role>();
  const [active, setActive] = useState<'true' | 'false' | undefined>('true');
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [scoping, setScoping] = useState<UserView | null>(null);
  const [toggling, setToggling] = useState<string>();
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/users', { params: { query: { q: q || undefined, role, isActive: active, cursor, limit: 50 } } })),
    [q, role, active],
  );

  const toggle = async (u: UserView) => {
    if (toggling) return;
    setToggling(u.id);
    try {
      await ok(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { isActive: !u.isActive } as never }));
      message.success(u.isActive ? `已停用 ${u.displayName}，其登录立即失效` : `已启用 ${u.displayName}`);
      list.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : ApiError.network().message);
    } finally {
      setToggling(undefined);
    }
  };

  return (
    <div>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-user">
          新增用户
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="登录名或姓名" onSearch={(v) => setQ(v.trim())} style={{ width: 220 }} maxLength={64} />
        <Select aria-label="角色" allowClear placeholder="全部角色" value={role} onChange={setRole} options={ROLES} style={{ width: 140 }} />
        <Select
          aria-label="状态"
          value={active ?? 'all'}
          onChange={(v) => setActive(v === 'all' ? undefined : (v as 'true' | 'false'))}
          options={[
            { value: 'true', label: '在用' },
            { value: 'false', label: '已停用' },
            { value: 'all', label: '全部状态' },
          ]}
          style={{ width: 120 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<UserView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 860 }}
          onRow={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username }) as never}
          columns={[
            { title: '登录名', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            {
              title: '招商队',
              key: 'teams',
              render: (_: unknown, u) => (u.teams.length ? u.teams.map((t) => t.name).join('、') : <Typography.Text type="secondary">未加入</Typography.Text>),
            },
            { title: '角色', dataIndex: 'role', render: (r: Role) => <Tag color={r === 'admin' ? 'red' : r === 'manager' ? 'blue' : 'default'}>{ROLE_LABEL[r]}</Tag> },
            { title: '状态', dataIndex: 'isActive', render: (a: boolean) => (a ? <Tag color="success">在用</Tag> : <Tag>已停用</Tag>) },
            { title: '手机', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
            { title: '最近登录', dataIndex: 'lastLoginAt', render: (t: string | null) => (t ? formatDateTime(t) : '从未登录') },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, u) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    编辑
                  </Button>
                  {u.role === 'manager' && (
                    <Button type="link" size="small" onClick={() => setScoping(u)}>
                      分管范围
                    </Button>
                  )}
                  {u.id !== me?.id && (
                    <Popconfirm
                      title={u.isActive ? `停用 ${u.displayName}？` : `启用 ${u.displayName}？`}
                      description={u.isActive ? '停用后立即不能登录，已登录的会话立即失效。' : undefined}
                      okText={u.isActive ? '停用' : '启用'}
                      cancelText="取消"
                      onConfirm={() => toggle(u)}
                    >
                      <Button type="link" size="small" danger={u.isActive} loading={toggling === u.id}>
                        {u.isActive ? '停用' : '启用'}
                      </Button>
                    </Popconfirm>
                  )}
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
        <UserDialog
          user={editing === 'new' ? null : editing}
          onSaved={() => {
            message.success(editing === 'new' ? '用户已创建' : '已保存');
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {scoping && (
        <ScopeDialog
          user={scoping}
          onSaved={() => {
            message.success('分管范围已保存');
            setScoping(null);
          }}
          onCancel={() => setScoping(null)}
        />
      )}
    </div>
  );
}

function UserDialog({ user, onSaved, onCancel }: { user: UserView | null; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const role = Form.useWatch('role', form);
  const departments = useLoad(() => (role === 'department' ? ok(api.GET('/api/v1/departments', {})) : Promise.resolve([])), [role]);
  const save = (v: Values) =>
    run(async () => {
      // A 责任部门 account carries its department; any other role none (the server refuses one).
      const department = v.role === 'department' ? { departmentId: v.departmentId } : user?.departmentId ? { departmentId: null } : {};
      const common = { displayName: v.displayName.trim(), role: v.role, ...department, phone: orNull(v.phone), email: orNull(v.email) };
      if (user) {
        const body = v.password ? { ...common, password: v.password } : common;
        await ok(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: body as never }));
      } else {
        await ok(api.POST('/api/v1/users', { body: { ...common, username: v.username!.trim(), password: v.password!, ...(v.teamId && v.role !== 'department' ? { teamId: v.teamId } : {}) } as never }));
      }
      onSaved();
    });
  return (
    <Modal
      open
      title={user ? `编辑用户 · ${user.username}` : '新增用户'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: saving, 'data-testid': 'user-save' } as never}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" initialValues={user ? { displayName: user.displayName, role: user.role, departmentId: user.departmentId ?? undefined, phone: user.phone ?? '', email: user.email ?? '' } : { role: 'member' }} onFinish={save}>
        {!user && (
          <Form.Item name="username" label="登录名" rules={[{ required: true, message: '请填写登录名' }, { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '3–64 位字母、数字或 _ . -' }]}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
        )}
        <div className="form-row">
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={ROLES} />
          </Form.Item>
        </div>
        {role === 'department' && (
          <Form.Item name="departmentId" label="所属责任部门" rules={[{ required: true, message: '请选择责任部门' }]} extra="部门账号只能看到并办理本部门的交办单">
            <Select
              showSearch
              optionFilterProp="label"
              loading={departments.loading}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionUnitName}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={user ? '重置密码' : '初始密码'}
          extra={user ? '不改密码请留空' : '至少 10 个字符，不能是常见密码；请用户登录后在「修改密码」中更换'}
          rules={[{ required: !user, message: '请设置初始密码' }, { min: 10, message: '密码至少需要 10 个字符' }]}
        >
          <Input.Password maxLength={128} autoComplete="new-password" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="phone" label="手机" rules={[{ pattern: MOBILE_PATTERN, message: '请输入 11 位手机号' }]}>
            <Input maxLength={11} inputMode="tel" autoComplete="off" />
          </Form.Item>
          <Form.Item name="email" label="邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
            <Input maxLength={254} autoComplete="off" />
          </Form.Item>
        </div>
        {!user && role !== 'department' && (
          <Form.Item name="teamId" label="加入招商队" extra="可不选；之后在「招商队」页调整队员">
            <TeamSelect />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}

/** A team picker that asks the service as one types: a province has more teams than one list holds. */
function TeamSelect({ id, value, onChange }: { id?: string; value?: string; onChange?(v: string | undefined): void }) {
  const [q, setQ] = useState('');
  const teams = useLoad(() => ok(api.GET('/api/v1/teams', { params: { query: { q: q || undefined, limit: 50 } } })), [q]);
  // The team picked from a search: once the search clears, the first 50 teams may not hold it, and
  // the field would show its id instead of its name.
  const [chosen, setChosen] = useState<{ value: string; label: string }>();
  const listed = (teams.data?.items ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.regionUnit.name}）` }));
  const options = chosen && chosen.value === value && !listed.some((o) => o.value === chosen.value) ? [chosen, ...listed] : listed;
  return (
    <Select
      id={id}
      allowClear
      showSearch
      filterOption={false}
      placeholder="输入队名查找"
      value={value}
      onChange={(v: string | undefined, option) => {
        const picked = Array.isArray(option) ? undefined : option;
        setChosen(v && picked ? { value: v, label: String(picked.label) } : undefined);
        onChange?.(v);
      }}
      onSearch={(v) => setQ(v.trim())}
      loading={teams.loading}
      notFoundContent={teams.loading ? '加载中…' : '没有符合的招商队'}
      options={options}
      data-testid="user-team"
    />
  );
}

interface ScopeValues {
  regionUnitIds: string[];
  teamIds: string[];
}

/** 分管范围: the region units (with every team under them) and single teams a manager oversees. */
function ScopeDialog({ user, onSaved, onCancel }: { user: UserView; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<ScopeValues>();
  const { saving, problem, run } = useFormSave(form, ['regionUnitIds', 'teamIds']);
  const data = useLoad(async () => {
    const [scope, tree, teams] = await Promise.all([
      ok(api.GET('/api/v1/users/{id}/managed-scope', { params: { path: { id: user.id } } })),
      ok(api.GET('/api/v1/regions/tree')),
      ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })),
    ]);
    form.setFieldsValue({ regionUnitIds: scope.regionUnits.map((r) => r.id), teamIds: scope.teams.map((t) => t.id) });
    return { tree, teams: teams.items };
  }, [user.id]);
  const save = (v: ScopeValues) =>
    run(async () => {
      await ok(api.PUT('/api/v1/users/{id}/managed-scope', { params: { path: { id: user.id } }, body: { regionUnitIds: v.regionUnitIds ?? [], teamIds: v.teamIds ?? [] } }));
      onSaved();
    });
  return (
    <Modal open title={`分管范围 · ${user.displayName}`} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving || data.loading }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Form<ScopeValues> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="regionUnitIds" label="分管的区域单位" extra="含其下所有招商队">
          <TreeSelect key={data.data ? 'ready' : 'loading'} multiple treeDefaultExpandAll allowClear treeData={regionOptions(data.data?.tree ?? [])} loading={data.loading} treeNodeFilterProp="title" showSearch />
        </Form.Item>
        <Form.Item name="teamIds" label="分管的单个招商队">
          <Select mode="multiple" allowClear optionFilterProp="label" options={(data.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))} loading={data.loading} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
