import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Drawer, Empty, Form, Input, InputNumber, message as toast, Modal, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { useAuth } from '../../auth/AuthProvider';
import { Amount } from '../../components/Amount';
import { PeriodPicker } from '../../components/PeriodPicker';
import { currentPeriod, periodQuery, type Period } from '../../components/period';
import { EnterpriseSelect } from '../interactions/EnterpriseSelect';
import { orNull, useFormSave } from '../org/useFormSave';
import './chain-map.css';

type Graph = Schemas['ChainGraphView'];
type GraphLink = Schemas['ChainGraphLinkView'];
type Segment = GraphLink['segment'];
type Placement = Schemas['ChainLinkCompanyView']['placement'];

const PLACEMENTS: Array<{ value: Placement; label: string; color: string }> = [
  { value: 'local', label: '本地已有', color: 'green' },
  { value: 'landed', label: '已落地', color: 'blue' },
  { value: 'target', label: '目标企业', color: 'orange' },
];
const placementOf = (p: Placement) => PLACEMENTS.find((x) => x.value === p) ?? PLACEMENTS[0]!;

/**
 * 产业链图谱: a chain's links in three columns (上游 / 中游 / 下游), each with its companies by
 * placement, the 补链 mark where no company is there yet, and the period's leads and signings in
 * the caller's scope. A link opens in a drawer: its companies and leads; admins keep the links
 * and place companies; a target company becomes a lead in one step.
 */
export default function ChainMapPage() {
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const [message, toastHolder] = toast.useMessage();
  const chains = useLoad(() => ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })), []);
  // The chain shown is in the address (?chainId=…): a link or a bookmark opens that chain.
  const [params, setParams] = useSearchParams();
  const chainId = params.get('chainId') ?? undefined;
  const setChainId = (id: string) => setParams({ chainId: id }, { replace: true });
  const [period, setPeriod] = useState<Period>(currentPeriod);
  const [openLink, setOpenLink] = useState<string>();
  const [editing, setEditing] = useState<GraphLink | { segment: Segment } | null>(null);
  // Bumped when a link is saved: an open drawer reads the link again.
  const [saves, setSaves] = useState(0);

  useEffect(() => {
    if (!chainId && chains.data?.items[0]) setParams({ chainId: chains.data.items[0].id }, { replace: true });
  }, [chains.data, chainId, setParams]);

  const graph = useLoad(
    () => (chainId ? ok(api.GET('/api/v1/industry-chains/{id}/graph', { params: { path: { id: chainId }, query: periodQuery(period) as never } })) : Promise.resolve(undefined)),
    [chainId, period.periodType, period.year, period.quarter],
  );

  return (
    <div className="chain-map">
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          产业链图谱
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label="产业链"
            data-testid="chain-picker"
            style={{ width: 200 }}
            loading={chains.loading}
            value={chainId}
            onChange={setChainId}
            options={(chains.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          <PeriodPicker value={period} onChange={setPeriod} />
        </Space>
      </Space>
      {(chains.error ?? graph.error) && <Alert type="error" showIcon title={(chains.error ?? graph.error)?.message} style={{ marginBottom: 12 }} />}
      {graph.data && <Summary graph={graph.data} />}
      <Spin spinning={graph.loading && !!chainId}>
        <div className="chain-map-columns">
          {(graph.data?.segments ?? []).map((s) => (
            <section key={s.segment} className="chain-map-column" aria-label={s.label}>
              <div className="chain-map-column-head">
                <Typography.Text strong>{s.label}</Typography.Text>
                {isAdmin && (
                  <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ segment: s.segment })}>
                    新增链节
                  </Button>
                )}
              </div>
              {s.links.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无链节" />}
              {s.links.map((l) => (
                <LinkCard key={l.id} link={l} onOpen={() => setOpenLink(l.id)} />
              ))}
            </section>
          ))}
        </div>
      </Spin>
      {openLink && (
        <LinkDrawer
          key={`${openLink}-${saves}`}
          linkId={openLink}
          isAdmin={isAdmin}
          role={user?.role}
          onEdit={(l) => setEditing(l)}
          onChanged={() => graph.reload()}
          onDeleted={() => {
            setOpenLink(undefined);
            graph.reload();
            message.success('已删除链节');
          }}
          onClose={() => setOpenLink(undefined)}
        />
      )}
      {editing && chainId && (
        <LinkDialog
          chainId={chainId}
          link={'id' in editing ? editing : null}
          segment={editing.segment}
          onSaved={() => {
            message.success('已保存');
            setEditing(null);
            setSaves((n) => n + 1);
            graph.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function Summary({ graph }: { graph: Graph }) {
  return (
    <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="chain-summary">
      <Typography.Text type="secondary">{graph.period.label}</Typography.Text>
      <span>
        补链链节 <Typography.Text strong>{graph.gapCount}</Typography.Text> 个
      </span>
      <span>
        线索 <Typography.Text strong>{graph.totals.leads}</Typography.Text> 条
      </span>
      <span>
        签约项目 <Typography.Text strong>{graph.totals.signedProjects}</Typography.Text> 个
      </span>
      <span>
        签约额 <Amount value={graph.totals.signedAmount} />
      </span>
    </Space>
  );
}

function LinkCard({ link, onOpen }: { link: GraphLink; onOpen(): void }) {
  const c = link.companies;
  return (
    <Card
      size="small"
      hoverable
      className={link.isGap ? 'chain-link-card chain-link-gap' : 'chain-link-card'}
      onClick={onOpen}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen()}
      data-testid="chain-link-card"
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Text strong>{link.name}</Typography.Text>
        {link.isGap && <Tag color="red">补链</Tag>}
      </Space>
      {link.keyProducts && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0', fontSize: 12 }}>
          {link.keyProducts}
        </Typography.Paragraph>
      )}
      <Space size={4} wrap style={{ fontSize: 12 }}>
        <Badge color="green" text={`本地 ${c.local}`} />
        <Badge color="blue" text={`落地 ${c.landed}`} />
        <Badge color="orange" text={`目标 ${c.target}`} />
      </Space>
      <div className="chain-link-figures">
        线索 {link.figures.leads} · 签约 {link.figures.signedProjects} 个 · <Amount value={link.figures.signedAmount} />
      </div>
    </Card>
  );
}

function LinkDrawer({
  linkId,
  isAdmin,
  role,
  onEdit,
  onChanged,
  onDeleted,
  onClose,
}: {
  linkId: string;
  isAdmin: boolean;
  role?: string;
  onEdit(l: GraphLink): void;
  onChanged(): void;
  onDeleted(): void;
  onClose(): void;
}) {
  const [message, toastHolder] = toast.useMessage();
  const detail = useLoad(() => ok(api.GET('/api/v1/chain-links/{id}', { params: { path: { id: linkId } } })), [linkId]);
  const [converting, setConverting] = useState<{ enterpriseId: string; enterpriseName: string }>();
  const d = detail.data;
  const changed = () => {
    detail.reload();
    onChanged();
  };
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : '操作失败，请重试');

  const remove = async () => {
    try {
      await ok(api.DELETE('/api/v1/chain-links/{id}', { params: { path: { id: linkId } } }));
      onDeleted();
    } catch (e) {
      fail(e);
    }
  };
  const setPlacement = async (enterpriseId: string, placement: Placement) => {
    try {
      await ok(api.PATCH('/api/v1/chain-links/{id}/companies/{enterpriseId}', { params: { path: { id: linkId, enterpriseId } }, body: { placement } }));
      changed();
    } catch (e) {
      fail(e);
    }
  };
  const unplace = async (enterpriseId: string) => {
    try {
      await ok(api.DELETE('/api/v1/chain-links/{id}/companies/{enterpriseId}', { params: { path: { id: linkId, enterpriseId } } }));
      changed();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Drawer open onClose={onClose} size={Math.min(760, window.innerWidth)} destroyOnHidden title={d ? `${d.segmentLabel} · ${d.name}` : '链节'} data-testid="chain-link-drawer">
      {toastHolder}
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {!d && detail.loading && <Spin />}
      {d && (
        <>
          <Typography.Paragraph type="secondary">
            {d.chain.name} · 关键产品：{d.keyProducts ?? '—'}
          </Typography.Paragraph>
          {isAdmin && (
            <Space wrap style={{ marginBottom: 12 }}>
              <Button size="small" onClick={() => onEdit({ ...d, companies: { local: 0, landed: 0, target: 0 }, isGap: false, figures: { leads: 0, signedProjects: 0, signedAmount: '0' } })}>
                编辑链节
              </Button>
              <Popconfirm title="删除该链节？" description="链节上还有企业时不能删除" okText="删除" cancelText="取消" onConfirm={remove}>
                <Button size="small" danger>
                  删除链节
                </Button>
              </Popconfirm>
            </Space>
          )}
          <Typography.Title level={5}>企业（{d.companies.length}）</Typography.Title>
          {isAdmin && <PlaceForm linkId={linkId} onPlaced={changed} />}
          <Table
            rowKey="enterpriseId"
            size="small"
            pagination={false}
            dataSource={d.companies}
            scroll={{ x: 520 }}
            locale={{ emptyText: '尚无企业：此链节为补链目标' }}
            data-testid="chain-link-companies"
            columns={[
              { title: '企业', dataIndex: 'enterpriseName', render: (n: string, c) => <Link to={`/enterprises/${c.enterpriseId}`}>{n}</Link> },
              {
                title: '类型',
                dataIndex: 'placement',
                width: 120,
                render: (p: Placement, c) =>
                  isAdmin ? (
                    <Select size="small" aria-label={`${c.enterpriseName} 的类型`} value={p} style={{ width: 110 }} onChange={(v) => setPlacement(c.enterpriseId, v)} options={PLACEMENTS.map((x) => ({ value: x.value, label: x.label }))} />
                  ) : (
                    <Tag color={placementOf(p).color}>{c.placementLabel}</Tag>
                  ),
              },
              { title: '线索', dataIndex: 'leadCount', width: 56 },
              {
                title: '操作',
                key: 'actions',
                width: 150,
                render: (_: unknown, c) => (
                  <Space size={0} wrap>
                    {c.placement === 'target' && (
                      <Button type="link" size="small" onClick={() => setConverting(c)}>
                        转为线索
                      </Button>
                    )}
                    {isAdmin && (
                      <Popconfirm title="从链节移除该企业？" okText="移除" cancelText="取消" onConfirm={() => unplace(c.enterpriseId)}>
                        <Button type="link" size="small" danger>
                          移除
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            线索（{d.leads.length}）
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.leads}
            scroll={{ x: 520 }}
            locale={{ emptyText: '范围内暂无线索' }}
            data-testid="chain-link-leads"
            columns={[
              { title: '线索', dataIndex: 'title', render: (t: string, l) => <Link to={`/leads/${l.id}`}>{t}</Link> },
              { title: '阶段', dataIndex: 'stageLabel', width: 90 },
              { title: '招商队', dataIndex: 'teamName', width: 120 },
              { title: '意向投资', dataIndex: 'intendedAmount', width: 110, render: (a: string) => <Amount value={a} /> },
            ]}
          />
        </>
      )}
      {converting && d && (
        <ConvertDialog
          linkId={linkId}
          company={converting}
          linkName={d.name}
          needsOwner={role !== 'member'}
          onDone={(title) => {
            setConverting(undefined);
            message.success(`已新建线索「${title}」`);
            changed();
          }}
          onCancel={() => setConverting(undefined)}
        />
      )}
    </Drawer>
  );
}

function PlaceForm({ linkId, onPlaced }: { linkId: string; onPlaced(): void }) {
  const [form] = Form.useForm<{ enterpriseId?: string; placement: Placement; note?: string }>();
  const { saving, problem, run } = useFormSave(form, ['enterpriseId', 'placement', 'note']);
  const save = (v: { enterpriseId?: string; placement: Placement; note?: string }) =>
    run(async () => {
      await ok(api.POST('/api/v1/chain-links/{id}/companies', { params: { path: { id: linkId } }, body: { enterpriseId: v.enterpriseId as string, placement: v.placement, note: orNull(v.note) } }));
      form.resetFields();
      onPlaced();
    });
  return (
    <Form form={form} layout="inline" initialValues={{ placement: 'target' }} onFinish={save} style={{ marginBottom: 12, rowGap: 8 }} data-testid="place-form">
      <Form.Item name="enterpriseId" rules={[{ required: true, message: '请选择企业' }]} style={{ minWidth: 260 }}>
        <EnterpriseSelect />
      </Form.Item>
      <Form.Item name="placement">
        <Select aria-label="类型" style={{ width: 110 }} options={PLACEMENTS.map((x) => ({ value: x.value, label: x.label }))} />
      </Form.Item>
      <Form.Item name="note">
        <Input placeholder="备注" maxLength={500} style={{ width: 140 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        放置企业
      </Button>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

function ConvertDialog({
  linkId,
  company,
  linkName,
  needsOwner,
  onDone,
  onCancel,
}: {
  linkId: string;
  company: { enterpriseId: string; enterpriseName: string };
  linkName: string;
  needsOwner: boolean;
  onDone(title: string): void;
  onCancel(): void;
}) {
  const [form] = Form.useForm<{ title: string; teamId?: string; ownerId?: string; intendedAmount?: number }>();
  const { saving, problem, run } = useFormSave(form, ['title', 'teamId', 'ownerId', 'intendedAmount']);
  const teamId = Form.useWatch('teamId', form);
  const teams = useLoad(() => (needsOwner ? ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })) : Promise.resolve(undefined)), [needsOwner]);
  const roster = useLoad(() => (teamId ? ok(api.GET('/api/v1/teams/{id}/members', { params: { path: { id: teamId } } })) : Promise.resolve([])), [teamId]);
  const save = (v: { title: string; teamId?: string; ownerId?: string; intendedAmount?: number }) =>
    run(async () => {
      const lead = await ok(
        api.POST('/api/v1/chain-links/{id}/companies/{enterpriseId}/lead', {
          params: { path: { id: linkId, enterpriseId: company.enterpriseId } },
          body: { title: v.title.trim(), ...(v.teamId ? { teamId: v.teamId } : {}), ...(v.ownerId ? { ownerId: v.ownerId } : {}), intendedAmount: String(v.intendedAmount ?? 0), source: 'other' },
        }),
      );
      onDone(lead.title);
    });
  return (
    <Modal open title={`转为线索 · ${company.enterpriseName}`} okText="新建线索" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" initialValues={{ title: `${company.enterpriseName}·${linkName}`.slice(0, 200), intendedAmount: 0 }} onFinish={save}>
        <Form.Item name="title" label="线索名称" rules={[{ required: true, whitespace: true, min: 2, message: '请填写线索名称（至少 2 个字）' }]}>
          <Input maxLength={200} />
        </Form.Item>
        {needsOwner && (
          <div className="form-row">
            <Form.Item name="teamId" label="招商队" rules={[{ required: true, message: '请选择招商队' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={teams.loading}
                onChange={() => form.setFieldValue('ownerId', undefined)}
                options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
              />
            </Form.Item>
            <Form.Item name="ownerId" label="负责人" rules={[{ required: true, message: '请选择负责人' }]}>
              <Select disabled={!teamId} loading={roster.loading} options={(roster.data ?? []).map((m) => ({ value: m.userId, label: m.displayName }))} />
            </Form.Item>
          </div>
        )}
        <Form.Item name="intendedAmount" label="意向投资额（万元）">
          <InputNumber min={0} max={1_000_000_000} style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text type="secondary">同一企业同一产业链已由其他招商队首报时不能新建，可按提示申请联合跟进或转交。</Typography.Text>
        {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 8 }} />}
      </Form>
    </Modal>
  );
}

function LinkDialog({ chainId, link, segment, onSaved, onCancel }: { chainId: string; link: GraphLink | null; segment: Segment; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<{ name: string; segment: Segment; keyProducts?: string; sortOrder?: number }>();
  const { saving, problem, run } = useFormSave(form, ['name', 'segment', 'keyProducts', 'sortOrder']);
  const save = (v: { name: string; segment: Segment; keyProducts?: string; sortOrder?: number }) =>
    run(async () => {
      const body = { name: v.name.trim(), segment: v.segment, keyProducts: orNull(v.keyProducts), sortOrder: v.sortOrder ?? 0 };
      if (link) await ok(api.PATCH('/api/v1/chain-links/{id}', { params: { path: { id: link.id } }, body }));
      else await ok(api.POST('/api/v1/chain-links', { body: { ...body, chainId } }));
      onSaved();
    });
  return (
    <Modal open title={link ? `编辑链节 · ${link.name}` : '新增链节'} okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" initialValues={link ? { name: link.name, segment: link.segment, keyProducts: link.keyProducts ?? '', sortOrder: link.sortOrder } : { segment, sortOrder: 0 }} onFinish={save}>
        <div className="form-row">
          <Form.Item name="name" label="链节名称" rules={[{ required: true, whitespace: true, message: '请填写链节名称' }]}>
            <Input maxLength={64} placeholder="如：玉米淀粉" />
          </Form.Item>
          <Form.Item name="segment" label="环节">
            <Select
              options={[
                { value: 'upstream', label: '上游' },
                { value: 'midstream', label: '中游' },
                { value: 'downstream', label: '下游' },
              ]}
            />
          </Form.Item>
        </div>
        <Form.Item name="keyProducts" label="关键产品">
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：食用淀粉、变性淀粉" />
        </Form.Item>
        <Form.Item name="sortOrder" label="排序">
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
