import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, message as toast, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { SourceRegion } from '../enterprises/enterprise-fields';
import { orNull, useFormSave } from './useFormSave';

type Kind = 'chains' | 'sources';
/** Both lists' items; isPrimary only on source regions. */
type Item = Omit<SourceRegion, 'isPrimary'> & { isPrimary?: boolean };

const TEXT: Record<Kind, { title: string; noun: string; example: string }> = {
  chains: { title: '产业链', noun: '产业链', example: '如：玉米生物' },
  sources: { title: '客商来源地', noun: '来源地', example: '如：京津冀' },
};

interface Values {
  name: string;
  description?: string;
  sortOrder?: number;
  isActive?: boolean;
  isPrimary?: boolean;
}

const FIELDS = ['name', 'description', 'sortOrder', 'isActive', 'isPrimary'];

function load(kind: Kind) {
  const query = { params: { query: { includeInactive: 'true' as const, limit: 200 } } };
  return kind === 'chains' ? ok(api.GET('/api/v1/industry-chains', query)) : ok(api.GET('/api/v1/source-regions', query));
}

/** 产业链 / 客商来源地: the reference lists every form picks from; a retired item stays on old records. */
export default function ReferencePage({ kind }: { kind: Kind }) {
  const [message, toastHolder] = toast.useMessage();
  const list = useLoad(() => load(kind), [kind]);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const t = TEXT[kind];
  return (
    <div>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增{t.noun}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 560 }}
          columns={[
            { title: '排序', dataIndex: 'sortOrder', width: 64 },
            {
              title: '名称',
              dataIndex: 'name',
              render: (n: string, i) => (
                <Space size={4} wrap>
                  {n}
                  {i.isPrimary && <Tag color="red">主攻</Tag>}
                </Space>
              ),
            },
            { title: '说明', dataIndex: 'description', render: (d: string | null) => d ?? '—' },
            { title: '状态', dataIndex: 'isActive', width: 80, render: (a: boolean) => (a ? <Tag color="success">在用</Tag> : <Tag>已停用</Tag>) },
            {
              title: '操作',
              key: 'actions',
              width: 72,
              render: (_: unknown, i) => (
                <Button type="link" size="small" onClick={() => setEditing(i)}>
                  编辑
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <ItemDialog
          kind={kind}
          item={editing === 'new' ? null : editing}
          onSaved={() => {
            message.success('已保存');
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function ItemDialog({ kind, item, onSaved, onCancel }: { kind: Kind; item: Item | null; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const t = TEXT[kind];
  const save = (v: Values) =>
    run(async () => {
      const body = { name: v.name.trim(), description: orNull(v.description), sortOrder: v.sortOrder ?? 0, isActive: v.isActive ?? true, ...(kind === 'sources' ? { isPrimary: v.isPrimary ?? false } : {}) };
      if (kind === 'chains') {
        if (item) await ok(api.PATCH('/api/v1/industry-chains/{id}', { params: { path: { id: item.id } }, body: body as never }));
        else await ok(api.POST('/api/v1/industry-chains', { body: body as never }));
      } else if (item) await ok(api.PATCH('/api/v1/source-regions/{id}', { params: { path: { id: item.id } }, body: body as never }));
      else await ok(api.POST('/api/v1/source-regions', { body: body as never }));
      onSaved();
    });
  return (
    <Modal open title={item ? `编辑${t.noun} · ${item.name}` : `新增${t.noun}`} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={item ? { name: item.name, description: item.description ?? '', sortOrder: item.sortOrder, isActive: item.isActive, isPrimary: item.isPrimary ?? false } : { sortOrder: 0, isActive: true, isPrimary: false }}
        onFinish={save}
      >
        <div className="form-row">
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={64} placeholder={t.example} />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序">
            <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="isActive" valuePropName="checked" extra="停用后不再供新记录选择，历史记录保留">
            <Checkbox>在用</Checkbox>
          </Form.Item>
          {kind === 'sources' && (
            <Form.Item name="isPrimary" valuePropName="checked">
              <Checkbox>主攻方向</Checkbox>
            </Form.Item>
          )}
        </Space>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
