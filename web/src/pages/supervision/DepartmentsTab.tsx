import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, message as toast } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useFormSave } from '../org/useFormSave';

type Department = Schemas['DepartmentView'];
type RegionNode = Schemas['RegionTreeNode'];

interface Values {
  name: string;
  regionUnitId: string;
  leaderUserId?: string | null;
  isActive: boolean;
}

/** The city and its counties, flattened: a 责任部门 sits at one of those levels. */
function cityAndCounties(nodes: RegionNode[], out: Array<{ value: string; label: string }> = []) {
  for (const n of nodes) {
    if (n.level === 'city' || n.level === 'county') out.push({ value: n.id, label: n.level === 'county' ? `　${n.name}` : n.name });
    if (n.level === 'city') cityAndCounties(n.children, out);
  }
  return out;
}

/** 责任部门 (admin): organisation units 卡点堵点 are assigned to; their accounts are made on 用户 (角色「责任部门」). */
export function DepartmentsTab() {
  const [message, holder] = toast.useMessage();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const list = useLoad(() => ok(api.GET('/api/v1/departments', { params: { query: { includeInactive: 'true' } } })), []);
  return (
    <div>
      {holder}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增责任部门
        </Button>
        <Typography.Text type="secondary">部门账号在「用户」页新增，角色选「责任部门」。</Typography.Text>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '所属区划', dataIndex: 'regionUnitName' },
          { title: '分管领导', key: 'leader', render: (_, d) => d.leaderName ?? <Typography.Text type="secondary">未设置</Typography.Text> },
          { title: '部门账号', dataIndex: 'accountCount', align: 'right' },
          { title: '状态', key: 'active', render: (_, d) => (d.isActive ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          { title: '操作', key: 'act', render: (_, d) => <Button size="small" onClick={() => setEditing(d)}>编辑</Button> },
        ]}
      />
      {editing && (
        <DepartmentDialog
          department={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            message.success('已保存');
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function DepartmentDialog({ department, onSaved, onCancel }: { department: Department | null; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, ['name', 'regionUnitId', 'leaderUserId', 'isActive']);
  const regions = useLoad(() => ok(api.GET('/api/v1/regions/tree', {})), []);
  const leaders = useLoad(() => ok(api.GET('/api/v1/users', { params: { query: { isActive: 'true', limit: 200 } } })), []);
  const save = (v: Values) =>
    run(async () => {
      const body = { name: v.name.trim(), regionUnitId: v.regionUnitId, leaderUserId: v.leaderUserId ?? null, isActive: v.isActive };
      if (department) await ok(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: department.id } }, body }));
      else await ok(api.POST('/api/v1/departments', { body }));
      onSaved();
    });
  return (
    <Modal open title={department ? `编辑责任部门 · ${department.name}` : '新增责任部门'} okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={department ? { name: department.name, regionUnitId: department.regionUnitId, leaderUserId: department.leaderUserId, isActive: department.isActive } : { isActive: true }}
        onFinish={save}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写部门名称' }]}>
          <Input maxLength={100} placeholder="如：市自然资源局" />
        </Form.Item>
        <Form.Item name="regionUnitId" label="所属区划（市或旗县区）" rules={[{ required: true, message: '请选择所属区划' }]}>
          <Select showSearch optionFilterProp="label" loading={regions.loading} options={cityAndCounties(regions.data ?? [])} />
        </Form.Item>
        <Form.Item name="leaderUserId" label="分管领导" extra="交办单超期未办结时通知">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={leaders.loading}
            options={(leaders.data?.items ?? []).filter((u) => u.role !== 'department').map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          />
        </Form.Item>
        <Form.Item name="isActive" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
