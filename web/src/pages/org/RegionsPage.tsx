import { CloudDownloadOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, message as toast, Modal, Popconfirm, Space, Spin, Tag, Tree, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import type { Schemas } from '../../api/client';
import { orNull, useFormSave } from './useFormSave';
import { importedMessage } from './imported-message';
import { LEVEL_LABEL } from './region-labels';

// Opened by few, once per city: its code loads on the first click.
const DivisionImportDialog = lazy(() => import('./DivisionImportDialog'));

type Node = Schemas['RegionTreeNode'];
type Level = Node['level'];

const CHILD_LEVEL: Partial<Record<Level, Level>> = { city: 'county', county: 'township', township: 'village' };

interface Values {
  name: string;
  code?: string;
  sortOrder?: number;
}

interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

const FIELDS = ['name', 'code', 'sortOrder', 'parentId', 'level'];

function index(nodes: Node[], into = new Map<string, Node>()): Map<string, Node> {
  for (const n of nodes) {
    into.set(n.id, n);
    index(n.children, into);
  }
  return into;
}

/** 区域: the 市 → 旗县区 → 乡镇 → 村 tree; admins add, rename, re-code and remove units. */
export default function RegionsPage() {
  const [message, toastHolder] = toast.useMessage();
  const tree = useLoad(() => ok(api.GET('/api/v1/regions/tree')), []);
  const [selected, setSelected] = useState<string>();
  // The city level open at first; a unit just added shows under its opened parent.
  const [expanded, setExpanded] = useState<string[]>();
  const [adding, setAdding] = useState<{ parent: Node | null; level: Level } | null>(null);
  const [importing, setImporting] = useState(false);
  const byId = useMemo(() => index(tree.data ?? []), [tree.data]);
  const node = selected ? byId.get(selected) : undefined;

  const toTree = (nodes: Node[]): TreeItem[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <span>
          <span>{n.name}</span>
          {n.code && <Typography.Text type="secondary" style={{ fontSize: 12 }}> {n.code}</Typography.Text>}
        </span>
      ),
      children: toTree(n.children),
    }));

  const remove = async (n: Node) => {
    try {
      const { error, response } = await api.DELETE('/api/v1/regions/{id}', { params: { path: { id: n.id } } });
      if (!response.ok) throw error && typeof error === 'object' && 'message' in error ? new ApiError(error as never) : new ApiError({ statusCode: response.status, code: `HTTP_${response.status}`, message: `删除失败（${response.status}）` });
      message.success(`已删除「${n.name}」`);
      setSelected(undefined);
      tree.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : ApiError.network().message);
    }
  };

  return (
    <div>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          区域
        </Typography.Title>
        <Space wrap>
          <Button icon={<CloudDownloadOutlined />} onClick={() => setImporting(true)}>
            从行政区划导入
          </Button>
          {(tree.data?.length ?? 0) === 0 && !tree.loading && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({ parent: null, level: 'city' })}>
              新增市级单位
            </Button>
          )}
        </Space>
      </Space>
      {tree.error && <Alert type="error" showIcon title={tree.error.message} style={{ marginBottom: 12 }} />}
      <div className="split-panes">
        <Card size="small" title="区域树" className="split-pane-list">
          {tree.loading && !tree.data ? (
            <Spin />
          ) : (
            <Tree
              blockNode
              expandedKeys={expanded ?? (tree.data ?? []).map((n) => n.id)}
              onExpand={(keys) => setExpanded(keys as string[])}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected(keys[0] as string | undefined)}
              treeData={toTree(tree.data ?? [])}
            />
          )}
        </Card>
        <Card size="small" title={node ? `${node.name}（${LEVEL_LABEL[node.level]}）` : '单位'} className="split-pane-detail">
          {!node ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在左侧选择一个单位" />
          ) : (
            <>
              <RegionForm key={node.id} node={node} onSaved={() => (message.success('已保存'), tree.reload())} />
              <Space wrap style={{ marginTop: 12 }}>
                {CHILD_LEVEL[node.level] && (
                  <Button icon={<PlusOutlined />} onClick={() => setAdding({ parent: node, level: CHILD_LEVEL[node.level]! })}>
                    新增下级（{LEVEL_LABEL[CHILD_LEVEL[node.level]!]}）
                  </Button>
                )}
                <Popconfirm title={`删除「${node.name}」？`} description="有下级、招商队或业务数据的单位不能删除。" okText="删除" cancelText="取消" onConfirm={() => remove(node)}>
                  <Button danger icon={<DeleteOutlined />}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
              {node.children.length > 0 && (
                <div style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">下级：</Typography.Text>
                  {node.children.map((c) => (
                    <Tag key={c.id} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => setSelected(c.id)}>
                      {c.name}
                    </Tag>
                  ))}
                </div>
              )}
            </>
          )}
        </Card>
      </div>
      {adding && (
        <AddRegionDialog
          parent={adding.parent}
          level={adding.level}
          onSaved={(id) => {
            const parentId = adding.parent?.id;
            if (parentId) setExpanded((keys) => [...new Set([...(keys ?? (tree.data ?? []).map((n) => n.id)), parentId])]);
            setAdding(null);
            message.success('已新增');
            tree.reload();
            setSelected(id);
          }}
          onCancel={() => setAdding(null)}
        />
      )}
      {importing && (
        <Suspense fallback={<Spin />}>
          <DivisionImportDialog
            onCancel={() => setImporting(false)}
            onImported={(report) => {
              setImporting(false);
              message.success(importedMessage(report));
              const cityId = report.cityRegionId;
              if (cityId) {
                setExpanded((keys) => [...new Set([...(keys ?? (tree.data ?? []).map((n) => n.id)), cityId])]);
                setSelected(cityId);
              }
              tree.reload();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

function RegionForm({ node, onSaved }: { node: Node; onSaved(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const save = (v: Values) =>
    run(async () => {
      await ok(api.PATCH('/api/v1/regions/{id}', { params: { path: { id: node.id } }, body: { name: v.name.trim(), code: orNull(v.code), sortOrder: v.sortOrder ?? 0 } as never }));
      onSaved();
    });
  return (
    <Form<Values> form={form} name="region-edit" layout="vertical" initialValues={{ name: node.name, code: node.code ?? '', sortOrder: node.sortOrder }} onFinish={save}>
      <Fields />
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={saving} disabled={saving}>
        保存
      </Button>
    </Form>
  );
}

function Fields() {
  return (
    <div className="form-row">
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="code" label="行政区划代码" rules={[{ pattern: /^(\d{6}|\d{9}|\d{12})$/, message: '6、9 或 12 位数字（GB/T 2260）' }]}>
        <Input maxLength={12} inputMode="numeric" placeholder="如 150523" />
      </Form.Item>
      <Form.Item name="sortOrder" label="排序">
        <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
      </Form.Item>
    </div>
  );
}

function AddRegionDialog({ parent, level, onSaved, onCancel }: { parent: Node | null; level: Level; onSaved(id: string): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const save = (v: Values) =>
    run(async () => {
      const created = await ok(api.POST('/api/v1/regions', { body: { name: v.name.trim(), level, code: orNull(v.code), parentId: parent?.id ?? null, sortOrder: v.sortOrder ?? 0 } as never }));
      onSaved(created.id);
    });
  return (
    <Modal open title={parent ? `在「${parent.name}」下新增${LEVEL_LABEL[level]}` : `新增${LEVEL_LABEL[level]}`} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Form<Values> form={form} name="region-add" layout="vertical" initialValues={{ sortOrder: 0 }} onFinish={save}>
        <Fields />
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
