import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, message as toast, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import { useAuth } from '../../auth/AuthProvider';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit } from '../../format/money';
import { DownloadButton } from '../../print/ReportActions';
import { xlsxUrl } from '../../print/query';
import { regionOptions } from '../org/region-options';

type Carrier = Schemas['CarrierView'];
type Promoted = Schemas['PromotedProjectView'];
type Option = { value: string; label: string };

const KINDS: Option[] = [
  { value: 'park', label: '园区' },
  { value: 'land', label: '土地' },
  { value: 'factory', label: '标准化厂房' },
];
const AVAILABILITY: Option[] = [
  { value: 'available', label: '可用' },
  { value: 'negotiating', label: '洽谈中' },
  { value: 'landed', label: '已落地' },
];
const STATUSES: Option[] = [
  { value: 'promoting', label: '推介中' },
  { value: 'negotiating', label: '洽谈中' },
  { value: 'landed', label: '已落地' },
];
const AREA_UNITS: Option[] = [
  { value: 'mu', label: '亩' },
  { value: 'sqm', label: '㎡' },
];
const PRICE_UNITS: Option[] = [
  { value: 'wan_yuan_per_mu', label: '万元/亩' },
  { value: 'yuan_per_sqm_month', label: '元/㎡·月' },
  { value: 'yuan_per_sqm', label: '元/㎡' },
];
const COLOURS: Record<string, string> = { available: 'green', promoting: 'green', negotiating: 'gold', landed: 'default' };
const DECIMAL = { pattern: /^\d{1,12}(\.\d{1,4})?$/, message: '请填写数字，至多 4 位小数' };

/** What a request failure says, as an ApiError. */
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) }));

/**
 * 载体与推介项目库: parks, land parcels and standard factories with their area, price and
 * availability, and the projects the city markets to investors; everyone reads (members market
 * them too), admins and the region's managers keep them; the 招商推介会 export takes the filters.
 */
export default function CarriersPage() {
  const { user } = useAuth();
  const canWrite = user?.role === 'admin' || user?.role === 'manager';
  // ?tab=projects opens on the promoted projects (a lead's 推介项目 links here).
  const [search] = useSearchParams();
  const [tab, setTab] = useState<'carriers' | 'projects'>(search.get('tab') === 'projects' ? 'projects' : 'carriers');
  const [regionUnitId, setRegionUnitId] = useState<string>();
  const [industryChainId, setIndustryChainId] = useState<string>();
  const chains = useLoad(() => ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })), []);
  const regions = useLoad(() => ok(api.GET('/api/v1/regions/tree')), []);
  const regionTree = useMemo(() => regionOptions(regions.data ?? []), [regions.data]);
  const chainOptions: Option[] = (chains.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  const shared = { regionTree, chainOptions, regionUnitId, industryChainId, canWrite };

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>载体与推介项目</Typography.Title>
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder="全部区域"
            value={regionUnitId}
            onChange={(v?: string) => setRegionUnitId(v)}
            treeData={regionTree}
            treeDefaultExpandAll
            style={{ width: 170 }}
            aria-label="区域"
            data-testid="carrier-filter-region"
          />
          <Select allowClear placeholder="全部产业链" value={industryChainId} onChange={setIndustryChainId} options={chainOptions} style={{ width: 170 }} aria-label="产业链" />
          <DownloadButton url={xlsxUrl('/api/v1/carriers/xlsx', { regionUnitId, industryChainId })} name="招商推介会资料.xlsx">
            导出推介资料
          </DownloadButton>
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          { key: 'carriers', label: '载体', children: <CarrierTab {...shared} /> },
          { key: 'projects', label: '推介项目', children: <PromotedTab {...shared} /> },
        ]}
      />
    </div>
  );
}

interface TabProps {
  regionTree: ReturnType<typeof regionOptions>;
  chainOptions: Option[];
  regionUnitId?: string;
  industryChainId?: string;
  canWrite: boolean;
}

function CarrierTab({ regionTree, chainOptions, regionUnitId, industryChainId, canWrite }: TabProps) {
  const [message, holder] = toast.useMessage();
  const [kind, setKind] = useState<Carrier['kind']>();
  const [availability, setAvailability] = useState<Carrier['availability']>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Carrier | 'new' | null>(null);
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/carriers', { params: { query: { cursor, limit: 50, kind, availability, regionUnitId, industryChainId, ...(q ? { q } : {}) } } })),
    [kind, availability, regionUnitId, industryChainId, q],
  );
  const remove = (c: Carrier) => removeRow(c, () => api.DELETE('/api/v1/carriers/{id}', { params: { path: { id: c.id } } }), message, list.reload);
  return (
    <div>
      {holder}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="载体名称" onSearch={(v) => setQ(v.trim())} style={{ width: 200 }} maxLength={100} />
        <Select aria-label="类型" allowClear placeholder="全部类型" value={kind} onChange={setKind} options={KINDS} style={{ width: 140 }} />
        <Select aria-label="状态" allowClear placeholder="全部状态" value={availability} onChange={setAvailability} options={AVAILABILITY} style={{ width: 120 }} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增载体
          </Button>
        )}
        {list.total !== undefined && <Typography.Text type="secondary">共 {list.total} 个</Typography.Text>}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Carrier>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: '暂无载体' }}
        onRow={(c) => ({ 'data-testid': 'carrier-row', 'data-name': c.name }) as never}
        expandable={{ expandedRowRender: (c) => <Details rows={[['配套条件', c.conditions], ['地址', c.address]]} />, rowExpandable: (c) => !!(c.conditions || c.address) }}
        columns={[
          { title: '名称', key: 'name', width: 240, render: (_, c) => <div>{c.name}{c.parent && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.parent.name}</Typography.Text></div>}</div> },
          { title: '类型', key: 'kind', width: 110, render: (_, c) => c.kindLabel },
          { title: '区域', key: 'region', width: 120, render: (_, c) => c.regionUnit.name },
          { title: '主导产业', key: 'chain', width: 130, render: (_, c) => c.industryChain?.name ?? '—' },
          { title: '面积', key: 'area', align: 'right', width: 120, render: (_, c) => `${c.area} ${c.areaUnitLabel}` },
          { title: '可用面积', key: 'available', align: 'right', width: 120, render: (_, c) => `${c.availableArea} ${c.areaUnitLabel}` },
          { title: '价格', key: 'price', align: 'right', width: 130, render: (_, c) => (c.price ? `${c.price} ${c.priceUnitLabel ?? ''}` : '面议') },
          { title: '状态', key: 'availability', width: 90, render: (_, c) => <Tag color={COLOURS[c.availability]}>{c.availabilityLabel}</Tag> },
          { title: '联系人', key: 'contact', width: 150, render: (_, c) => [c.contactName, c.contactPhone].filter(Boolean).join(' ') || '—' },
          ...(canWrite ? [actionsColumn<Carrier>(setEditing, remove)] : []),
        ]}
      />
      <LoadMore list={list} />
      {editing && (
        <CarrierDialog
          carrier={editing === 'new' ? undefined : editing}
          regionTree={regionTree}
          chainOptions={chainOptions}
          onCancel={() => setEditing(null)}
          onDone={(c) => {
            message.success(editing === 'new' ? `已新增「${c.name}」` : `已保存「${c.name}」`);
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function Details({ rows }: { rows: Array<[string, string | null | undefined]> }) {
  return (
    <div>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k} style={{ whiteSpace: 'pre-wrap' }}>
            <Typography.Text type="secondary">{k}：</Typography.Text>
            {v}
          </div>
        ))}
    </div>
  );
}

/** The 操作 column of an editable row: 修改 and 删除 (confirmed), shown where the API says the caller may edit. */
function actionsColumn<T extends { name: string; canEdit: boolean }>(onEdit: (row: T) => void, onRemove: (row: T) => void) {
  return {
    title: '操作',
    key: 'actions',
    fixed: 'right' as const,
    width: 100,
    render: (_: unknown, row: T) =>
      row.canEdit && (
        <Space size={0}>
          <Button type="text" aria-label="修改" icon={<EditOutlined />} onClick={() => onEdit(row)} />
          <Popconfirm title={`删除「${row.name}」？`} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => onRemove(row)}>
            <Button type="text" danger aria-label="删除" icon={<DeleteOutlined />} />
          </Popconfirm>
        </Space>
      ),
  };
}

/** Deletes a row through `call`, then says so and reloads the list; the API's refusal (409 while a lead names it …) as the message. */
async function removeRow(row: { name: string }, call: () => Promise<{ response: Response; error?: unknown }>, message: ReturnType<typeof toast.useMessage>[0], reload: () => void) {
  const { response, error } = await call();
  if (response.ok) {
    message.success(`已删除「${row.name}」`);
    reload();
  } else message.error((error as { message?: string } | undefined)?.message ?? `删除失败（${response.status}）`);
}

function LoadMore({ list }: { list: { hasMore: boolean; loadMore: () => void; loading: boolean } }) {
  if (!list.hasMore) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button onClick={list.loadMore} loading={list.loading}>
        加载更多
      </Button>
    </div>
  );
}

const CARRIER_FIELDS = ['kind', 'name', 'regionUnitId', 'parentId', 'industryChainId', 'area', 'areaUnit', 'availableArea', 'price', 'priceUnit', 'availability', 'conditions', 'address', 'contactName', 'contactPhone'] as const;
type CarrierValues = Partial<Record<(typeof CARRIER_FIELDS)[number], string>>;

/** Blank text fields are sent as null (cleared), not as empty strings. */
const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

function CarrierDialog({ carrier, regionTree, chainOptions, onDone, onCancel }: { carrier?: Carrier; regionTree: TabProps['regionTree']; chainOptions: Option[]; onDone: (c: Carrier) => void; onCancel: () => void }) {
  const [form] = Form.useForm<CarrierValues>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const kind = Form.useWatch('kind', form);
  const parks = useLoad(() => ok(api.GET('/api/v1/carriers', { params: { query: { kind: 'park', limit: 200 } } })), []);
  const submit = (v: CarrierValues) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      const body = {
        kind: v.kind,
        name: v.name?.trim(),
        regionUnitId: v.regionUnitId,
        parentId: v.kind === 'park' ? null : (v.parentId ?? null),
        industryChainId: v.industryChainId ?? null,
        area: v.area,
        areaUnit: v.areaUnit,
        ...(v.availableArea ? { availableArea: v.availableArea } : {}),
        price: orNull(v.price),
        priceUnit: orNull(v.price) ? (v.priceUnit ?? null) : null,
        availability: v.availability,
        conditions: orNull(v.conditions),
        address: orNull(v.address),
        contactName: orNull(v.contactName),
        contactPhone: orNull(v.contactPhone),
      };
      try {
        const saved = carrier
          ? await ok(api.PATCH('/api/v1/carriers/{id}', { params: { path: { id: carrier.id } }, body: body as never }))
          : await ok(api.POST('/api/v1/carriers', { body: body as never }));
        onDone(saved);
      } catch (e) {
        const err = asApiError(e);
        const rest = showFieldErrors(form, err, CARRIER_FIELDS);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  const initial: CarrierValues = carrier
    ? {
        kind: carrier.kind,
        name: carrier.name,
        regionUnitId: carrier.regionUnit.id,
        parentId: carrier.parent?.id,
        industryChainId: carrier.industryChain?.id,
        area: carrier.area,
        areaUnit: carrier.areaUnit,
        availableArea: carrier.availableArea,
        price: carrier.price ?? undefined,
        priceUnit: carrier.priceUnit ?? undefined,
        availability: carrier.availability,
        conditions: carrier.conditions ?? undefined,
        address: carrier.address ?? undefined,
        contactName: carrier.contactName ?? undefined,
        contactPhone: carrier.contactPhone ?? undefined,
      }
    : { kind: 'land', areaUnit: 'mu', availability: 'available', priceUnit: 'wan_yuan_per_mu' };
  return (
    <Modal open title={carrier ? '修改载体' : '新增载体'} okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden width={640}>
      <Form<CarrierValues> form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <div className="form-row">
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={KINDS} aria-label="载体类型" />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { min: 2, message: '至少 2 个字' }, { max: 200, message: '最多 200 字' }]}>
            <Input maxLength={200} placeholder="如：通辽经济技术开发区" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="regionUnitId" label="所在区域" rules={[{ required: true, message: '请选择区域' }]}>
            <TreeSelect showSearch treeNodeFilterProp="title" treeData={regionTree} treeDefaultExpandAll aria-label="所在区域" />
          </Form.Item>
          {kind !== 'park' && (
            <Form.Item name="parentId" label="所在园区">
              <Select allowClear showSearch optionFilterProp="label" options={(parks.data?.items ?? []).filter((p) => p.id !== carrier?.id).map((p) => ({ value: p.id, label: p.name }))} aria-label="所在园区" />
            </Form.Item>
          )}
        </div>
        <Form.Item name="industryChainId" label="主导产业">
          <Select allowClear options={chainOptions} aria-label="主导产业" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="area" label="面积" rules={[{ required: true, message: '请填写面积' }, DECIMAL]}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="areaUnit" label="面积单位" rules={[{ required: true }]}>
            <Select options={AREA_UNITS} aria-label="面积单位" />
          </Form.Item>
          <Form.Item name="availableArea" label="可用面积" rules={[DECIMAL]} extra="默认等于面积">
            <Input inputMode="decimal" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="price" label="价格" rules={[DECIMAL]}>
            <Input inputMode="decimal" placeholder="面议可不填" />
          </Form.Item>
          <Form.Item name="priceUnit" label="价格单位">
            <Select allowClear options={PRICE_UNITS} aria-label="价格单位" />
          </Form.Item>
          <Form.Item name="availability" label="状态">
            <Select options={AVAILABILITY} aria-label="载体状态" />
          </Form.Item>
        </div>
        <Form.Item name="conditions" label="配套条件" rules={[{ max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="水、电、路、讯、气、热等配套，土地性质，准入要求" />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ max: 200, message: '最多 200 字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="contactName" label="联系人" rules={[{ max: 64, message: '最多 64 字' }]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话">
            <Input maxLength={32} />
          </Form.Item>
        </div>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}

function PromotedTab({ regionTree, chainOptions, regionUnitId, industryChainId, canWrite }: TabProps) {
  const [message, holder] = toast.useMessage();
  const [status, setStatus] = useState<Promoted['status']>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Promoted | 'new' | null>(null);
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/promoted-projects', { params: { query: { cursor, limit: 50, status, regionUnitId, industryChainId, ...(q ? { q } : {}) } } })),
    [status, regionUnitId, industryChainId, q],
  );
  // The money columns read in one unit, named in their headers.
  const unit = amountUnit(list.items.flatMap((p) => [p.totalInvestment, p.expectedOutputValue ?? '0']));
  const remove = (p: Promoted) => removeRow(p, () => api.DELETE('/api/v1/promoted-projects/{id}', { params: { path: { id: p.id } } }), message, list.reload);
  return (
    <div>
      {holder}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="项目名称" onSearch={(v) => setQ(v.trim())} style={{ width: 200 }} maxLength={100} />
        <Select aria-label="项目状态" allowClear placeholder="全部状态" value={status} onChange={setStatus} options={STATUSES} style={{ width: 120 }} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增推介项目
          </Button>
        )}
        {list.total !== undefined && <Typography.Text type="secondary">共 {list.total} 个</Typography.Text>}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Promoted>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '暂无推介项目' }}
        onRow={(p) => ({ 'data-testid': 'promoted-row', 'data-name': p.name }) as never}
        expandable={{ expandedRowRender: (p) => <Details rows={[['预期效益', p.expectedReturn], ['项目简介', p.description]]} />, rowExpandable: (p) => !!(p.expectedReturn || p.description) }}
        columns={[
          { title: '项目名称', key: 'name', render: (_, p) => p.name },
          { title: '产业链', key: 'chain', width: 130, render: (_, p) => p.industryChain.name },
          { title: '拟建地', key: 'region', width: 120, render: (_, p) => p.regionUnit.name },
          { title: amountTitle('总投资', unit), key: 'investment', align: 'right', width: 140, render: (_, p) => <Amount value={p.totalInvestment} unit={unit} bare /> },
          { title: amountTitle('预计年产值', unit), key: 'output', align: 'right', width: 150, render: (_, p) => (p.expectedOutputValue ? <Amount value={p.expectedOutputValue} unit={unit} bare /> : '—') },
          { title: '状态', key: 'status', width: 90, render: (_, p) => <Tag color={COLOURS[p.status]}>{p.statusLabel}</Tag> },
          { title: '联系人', key: 'contact', width: 150, render: (_, p) => [p.contactName, p.contactPhone].filter(Boolean).join(' ') || '—' },
          ...(canWrite ? [actionsColumn<Promoted>(setEditing, remove)] : []),
        ]}
      />
      <LoadMore list={list} />
      {editing && (
        <PromotedDialog
          project={editing === 'new' ? undefined : editing}
          regionTree={regionTree}
          chainOptions={chainOptions}
          onCancel={() => setEditing(null)}
          onDone={(p) => {
            message.success(editing === 'new' ? `已新增「${p.name}」` : `已保存「${p.name}」`);
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

const PROMOTED_FIELDS = ['name', 'industryChainId', 'regionUnitId', 'totalInvestment', 'expectedOutputValue', 'expectedReturn', 'description', 'contactName', 'contactPhone', 'status'] as const;
type PromotedValues = Partial<Record<(typeof PROMOTED_FIELDS)[number], string>>;

function PromotedDialog({ project, regionTree, chainOptions, onDone, onCancel }: { project?: Promoted; regionTree: TabProps['regionTree']; chainOptions: Option[]; onDone: (p: Promoted) => void; onCancel: () => void }) {
  const [form] = Form.useForm<PromotedValues>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = (v: PromotedValues) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      const body = {
        name: v.name?.trim(),
        industryChainId: v.industryChainId,
        regionUnitId: v.regionUnitId,
        totalInvestment: v.totalInvestment,
        expectedOutputValue: orNull(v.expectedOutputValue),
        expectedReturn: orNull(v.expectedReturn),
        description: orNull(v.description),
        contactName: orNull(v.contactName),
        contactPhone: orNull(v.contactPhone),
        status: v.status,
      };
      try {
        const saved = project
          ? await ok(api.PATCH('/api/v1/promoted-projects/{id}', { params: { path: { id: project.id } }, body: body as never }))
          : await ok(api.POST('/api/v1/promoted-projects', { body: body as never }));
        onDone(saved);
      } catch (e) {
        const err = asApiError(e);
        const rest = showFieldErrors(form, err, PROMOTED_FIELDS);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  const initial: PromotedValues = project
    ? {
        name: project.name,
        industryChainId: project.industryChain.id,
        regionUnitId: project.regionUnit.id,
        totalInvestment: project.totalInvestment,
        expectedOutputValue: project.expectedOutputValue ?? undefined,
        expectedReturn: project.expectedReturn ?? undefined,
        description: project.description ?? undefined,
        contactName: project.contactName ?? undefined,
        contactPhone: project.contactPhone ?? undefined,
        status: project.status,
      }
    : { status: 'promoting' };
  return (
    <Modal open title={project ? '修改推介项目' : '新增推介项目'} okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden width={640}>
      <Form<PromotedValues> form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { min: 2, message: '至少 2 个字' }, { max: 200, message: '最多 200 字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="industryChainId" label="产业链" rules={[{ required: true, message: '请选择产业链' }]}>
            <Select options={chainOptions} aria-label="产业链（项目）" />
          </Form.Item>
          <Form.Item name="regionUnitId" label="拟建地" rules={[{ required: true, message: '请选择拟建地' }]}>
            <TreeSelect showSearch treeNodeFilterProp="title" treeData={regionTree} treeDefaultExpandAll aria-label="拟建地" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="totalInvestment" label="总投资（万元）" rules={[{ required: true, message: '请填写总投资' }, DECIMAL]}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="expectedOutputValue" label="预计年产值（万元）" rules={[DECIMAL]}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select options={STATUSES} aria-label="推介状态" />
          </Form.Item>
        </div>
        <Form.Item name="expectedReturn" label="预期效益" rules={[{ max: 500, message: '最多 500 字' }]}>
          <Input maxLength={500} placeholder="如：年利润 2.5 亿元，税收 8000 万元，就业 600 人" />
        </Form.Item>
        <Form.Item name="description" label="项目简介" rules={[{ max: 4000, message: '最多 4000 字' }]}>
          <Input.TextArea rows={3} maxLength={4000} placeholder="建设内容、合作方式、资源条件" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="contactName" label="联系人" rules={[{ max: 64, message: '最多 64 字' }]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话">
            <Input maxLength={32} />
          </Form.Item>
        </div>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
