import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, message as toast, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { useAuth } from '../../auth/AuthProvider';
import { beijingDate, formatDate } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit, formatAmount } from '../../format/money';
import { AmountInput, amountRules, amountValue } from '../../components/AmountInput';
import { orNull, useFormSave } from '../org/useFormSave';
import { EDITABLE_NODES, lifecycleColour, NODE_TONE, PROBLEM_CATEGORIES, PROBLEM_STATUSES, type NodeView, type ProblemView } from './project-fields';
import '../../format/calendar';
import { ResponsiveTable } from '../../components/ResponsiveTable';

// Its own chunk: the page (and the entry's preload list) stay as they were.
const AttachmentsPanel = lazy(() => import('../../components/attachments/AttachmentsPanel'));
// The map's chunk (ECharts and the boundaries) loads only when an admin opens the picker.
const LocationDialog = lazy(() => import('../map/LocationDialog'));

type Project = Schemas['ProjectDetailView'];

const ymd = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const monthLabel = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

/** A registry project: lifecycle nodes coloured by due state, year plans, monthly progress, problems. */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [message, toastHolder] = toast.useMessage();
  const [dialog, setDialog] = useState<{ kind: 'node'; node: NodeView } | { kind: 'plan' } | { kind: 'progress' } | { kind: 'problem'; problem?: ProblemView } | { kind: 'location' } | null>(null);
  const data = useLoad(async () => {
    const [project, progress, problems] = await Promise.all([
      ok(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })),
      ok(api.GET('/api/v1/projects/{id}/progress', { params: { path: { id } } })),
      ok(api.GET('/api/v1/projects/{id}/problems', { params: { path: { id } } })),
    ]);
    return { project, progress, problems };
  }, [id]);

  if (!data.data && data.loading) return <Spin size="large" className="page-spin" />;
  if (!data.data) return <Alert type="error" showIcon title={data.error?.status === 404 ? '项目不存在或不在您的范围内' : (data.error?.message ?? '加载失败')} action={<Button onClick={data.reload}>重试</Button>} />;
  const { project: p, progress, problems } = data.data;
  const admin = user?.role === 'admin';
  const reporter = admin || p.owner?.id === user?.id;
  // The two amounts of one sentence in one unit.
  const overrunUnit = amountUnit([p.cumulativeCompleted, p.totalInvestment]);
  const planUnit = amountUnit(p.yearPlans.flatMap((y) => [y.plannedInvestment, y.completedInvestment]));
  const progressUnit = amountUnit(progress.items.flatMap((r) => [r.completedInvestment, r.cumulativeCompleted]));
  const saved = (text: string) => {
    setDialog(null);
    message.success(text);
    data.reload();
  };
  const stale = (err: ApiError) => {
    if (err.code.endsWith('VERSION_CONFLICT') || err.status === 409) {
      setDialog(null);
      message.warning(`${err.message}：已刷新`);
      data.reload();
      return true;
    }
    return false;
  };

  return (
    <div style={{ maxWidth: 1080, margin: '0 auto' }}>
      {toastHolder}
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0, marginBottom: 8 }}>
        返回
      </Button>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={6}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="project-name">
            {p.name}
          </Typography.Title>
          <Tag color={lifecycleColour(p.lifecycle)}>{p.lifecycleLabel}</Tag>
          <Tag>{p.levelLabel}</Tag>
          <Tag>{p.constructionLabel === p.natureLabel ? p.natureLabel : `${p.constructionLabel} · ${p.natureLabel}`}</Tag>
          {p.openProblems > 0 && <Tag color="warning">{p.openProblems} 个卡点未解决</Tag>}
        </Space>
        {p.overrun && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={`累计完成投资 ${formatAmount(p.cumulativeCompleted, overrunUnit)} 已超过总投资 ${formatAmount(p.totalInvestment, overrunUnit)}，请核实`} />}
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label="总投资">
            <Amount value={p.totalInvestment} />
          </Descriptions.Item>
          <Descriptions.Item label="累计完成投资">
            <Amount value={p.cumulativeCompleted} />
          </Descriptions.Item>
          <Descriptions.Item label="签约金额">
            <Amount value={p.signedAmount} />
            {p.signedOn && `（${formatDate(p.signedOn)}）`}
          </Descriptions.Item>
          <Descriptions.Item label="业主企业">{p.enterprise ? <Link to={`/enterprises/${p.enterprise.id}`}>{p.enterprise.name}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="来源线索">{p.lead ? <Link to={`/leads/${p.lead.id}`}>{p.lead.name}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="旗县区">{p.regionUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="产业链">{p.industryChain?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="招商队">{p.team?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="项目负责人">{p.owner?.name ?? '—'}</Descriptions.Item>
          {p.capacity && <Descriptions.Item label="建设规模">{p.capacity}</Descriptions.Item>}
          {p.expectedOutputValue && <Descriptions.Item label="预计年产值"><Amount value={p.expectedOutputValue} />/年</Descriptions.Item>}
          {p.expectedTax && <Descriptions.Item label="预计年税收"><Amount value={p.expectedTax} />/年</Descriptions.Item>}
          {p.notes && <Descriptions.Item label="备注">{p.notes}</Descriptions.Item>}
          <Descriptions.Item label="项目位置">
            <span data-testid="project-location">{p.location ? `经度 ${p.location.lng.toFixed(6)}，纬度 ${p.location.lat.toFixed(6)}` : '未标注'}</span>
            {admin && (
              <Button type="link" size="small" onClick={() => setDialog({ kind: 'location' })} style={{ paddingBlock: 0 }}>
                {p.location ? '修改' : '在地图上标注'}
              </Button>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title="项目节点" style={{ marginBottom: 12 }} data-testid="project-nodes">
        <div className="node-legend">
          {(['done', 'on_track', 'due_soon', 'overdue'] as const).map((s) => (
            <Tag key={s} color={NODE_TONE[s].colour}>
              {NODE_TONE[s].label}
            </Tag>
          ))}
        </div>
        <List
          dataSource={p.nodes}
          renderItem={(n) => (
            <List.Item
              key={n.node}
              data-testid="project-node"
              data-status={n.status}
              actions={admin && EDITABLE_NODES.includes(n.node) ? [<Button key="e" type="link" size="small" onClick={() => setDialog({ kind: 'node', node: n })}>设置日期</Button>] : []}
            >
              <Space wrap size={6}>
                <Typography.Text strong>{n.nodeLabel}</Typography.Text>
                <Tag color={NODE_TONE[n.status].colour}>{n.statusLabel || NODE_TONE[n.status].label}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  计划 {formatDate(n.plannedOn)} · 实际 {formatDate(n.doneOn)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <Card
        size="small"
        title="年度计划"
        style={{ marginBottom: 12 }}
        extra={admin && <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'plan' })}>设置年度计划</Button>}
      >
        <ResponsiveTable
          size="small"
          rowKey="year"
          pagination={false}
          dataSource={p.yearPlans}
          locale={{ emptyText: '暂无年度计划' }}
          columns={[
            { title: '年度', dataIndex: 'year', render: (y: number) => `${y}年` },
            { title: amountTitle('计划投资', planUnit), dataIndex: 'plannedInvestment', align: 'right', render: (v: string | null) => <Amount value={v} unit={planUnit} bare /> },
            { title: amountTitle('完成投资', planUnit), dataIndex: 'completedInvestment', align: 'right', render: (v: string) => <Amount value={v} unit={planUnit} bare /> },
          ]}
        />
      </Card>

      <Card
        size="small"
        title="月度完成投资"
        style={{ marginBottom: 12 }}
        extra={reporter && <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'progress' })} data-testid="report-progress">填报</Button>}
      >
        <ResponsiveTable
          size="small"
          rowKey="month"
          pagination={false}
          dataSource={[...progress.items].sort((a, b) => b.month.localeCompare(a.month))}
          locale={{ emptyText: '尚未填报' }}
          scroll={{ x: 560 }}
          columns={[
            { title: '月份', dataIndex: 'month', render: monthLabel },
            { title: amountTitle('当月完成', progressUnit), dataIndex: 'completedInvestment', align: 'right', render: (v: string) => <Amount value={v} unit={progressUnit} bare /> },
            { title: amountTitle('累计', progressUnit), dataIndex: 'cumulativeCompleted', align: 'right', render: (v: string) => <Amount value={v} unit={progressUnit} bare /> },
            { title: '进展', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            { title: '填报人', key: 'by', render: (_: unknown, r: Schemas['ProgressView']) => r.reportedBy?.name ?? '—' },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={`卡点堵点（${problems.length}）`}
        extra={reporter && <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'problem' })}>登记</Button>}
      >
        <List
          dataSource={problems}
          locale={{ emptyText: '暂无卡点堵点' }}
          renderItem={(pr) => (
            <List.Item key={pr.id} actions={reporter ? [<Button key="e" type="link" size="small" onClick={() => setDialog({ kind: 'problem', problem: pr })}>处理</Button>] : []}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Tag>{pr.categoryLabel}</Tag>
                    <span>{pr.description}</span>
                    <Tag color={pr.status === 'resolved' ? 'success' : pr.isOverdue ? 'error' : 'warning'}>{pr.isOverdue ? `${pr.statusLabel} · 已逾期` : pr.statusLabel}</Tag>
                  </Space>
                }
                description={`${pr.responsibleDepartment} · 限办 ${formatDate(pr.dueOn)}${pr.resolution ? ` · 解决情况：${pr.resolution}` : ''}`}
              />
            </List.Item>
          )}
        />
      </Card>

      <Suspense fallback={<Spin size="small" />}>
        <AttachmentsPanel record={{ kind: 'project', id: p.id }} title="附件" />
      </Suspense>

      {dialog?.kind === 'node' && <NodeDialog project={p} node={dialog.node} onSaved={() => saved('节点已保存')} onStale={stale} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'plan' && <PlanDialog project={p} onSaved={() => saved('年度计划已保存')} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'progress' && <ProgressDialog project={p} onSaved={() => saved('已填报')} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'location' && (
        <Suspense fallback={null}>
          <LocationDialog project={p} onSaved={() => saved('位置已保存')} onStale={stale} onCancel={() => setDialog(null)} />
        </Suspense>
      )}
      {dialog?.kind === 'problem' && <ProblemDialog project={p} problem={dialog.problem} onSaved={() => saved('已保存')} onCancel={() => setDialog(null)} />}
    </div>
  );
}

function FormModal({ title, saving, onOk, onCancel, children }: { title: string; saving: boolean; onOk(): void; onCancel(): void; children: React.ReactNode }) {
  return (
    <Modal open title={title} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving, 'data-testid': 'dialog-save' } as never} onOk={onOk} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      {children}
    </Modal>
  );
}

function NodeDialog({ project, node, onSaved, onStale, onCancel }: { project: Project; node: NodeView; onSaved(): void; onStale(e: ApiError): boolean; onCancel(): void }) {
  const [form] = Form.useForm<{ plannedOn?: Dayjs | null; doneOn?: Dayjs | null }>();
  const { saving, problem, run } = useFormSave(form, ['plannedOn', 'doneOn']);
  const save = (v: { plannedOn?: Dayjs | null; doneOn?: Dayjs | null }) =>
    run(async () => {
      try {
        await ok(api.PUT('/api/v1/projects/{id}/nodes/{node}', { params: { path: { id: project.id, node: node.node } }, body: { plannedOn: ymd(v.plannedOn), doneOn: ymd(v.doneOn), version: project.version } as never }));
      } catch (e) {
        if (e instanceof ApiError && onStale(e)) return;
        throw e;
      }
      onSaved();
    });
  return (
    <FormModal title={`${node.nodeLabel} · 日期`} saving={saving} onOk={() => form.submit()} onCancel={onCancel}>
      <Form form={form} name="node" layout="vertical" initialValues={{ plannedOn: node.plannedOn ? dayjs(node.plannedOn) : null, doneOn: node.doneOn ? dayjs(node.doneOn) : null }} onFinish={save}>
        <div className="form-row">
          <Form.Item name="plannedOn" label="计划完成日期">
            <DatePicker format="YYYY年M月D日" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="doneOn" label="实际完成日期">
            <DatePicker format="YYYY年M月D日" inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(beijingDate()), 'day')} />
          </Form.Item>
        </div>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </FormModal>
  );
}

function PlanDialog({ project, onSaved, onCancel }: { project: Project; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<{ year: number; plannedInvestment: string }>();
  const { saving, problem, run } = useFormSave(form, ['year', 'plannedInvestment']);
  const save = (v: { year: number; plannedInvestment: string }) =>
    run(async () => {
      await ok(api.PUT('/api/v1/projects/{id}/plans/{year}', { params: { path: { id: project.id, year: String(v.year) as never } }, body: { plannedInvestment: amountValue(v.plannedInvestment) } }));
      onSaved();
    });
  return (
    <FormModal title="设置年度计划投资" saving={saving} onOk={() => form.submit()} onCancel={onCancel}>
      <Form form={form} name="plan" layout="vertical" initialValues={{ year: Number(beijingDate().slice(0, 4)) }} onFinish={save}>
        <div className="form-row">
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="plannedInvestment" label="计划投资（万元）" rules={amountRules({ required: '请填写计划投资' })}>
            <AmountInput />
          </Form.Item>
        </div>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </FormModal>
  );
}

function ProgressDialog({ project, onSaved, onCancel }: { project: Project; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<{ month: Dayjs; completedInvestment: string; note?: string }>();
  const { saving, problem, run } = useFormSave(form, ['month', 'completedInvestment', 'note']);
  const thisMonth = dayjs(beijingDate());
  const save = (v: { month: Dayjs; completedInvestment: string; note?: string }) =>
    run(async () => {
      await ok(api.PUT('/api/v1/projects/{id}/progress/{month}', { params: { path: { id: project.id, month: v.month.format('YYYY-MM') } }, body: { completedInvestment: amountValue(v.completedInvestment), note: orNull(v.note) } as never }));
      onSaved();
    });
  return (
    <FormModal title="填报月度完成投资" saving={saving} onOk={() => form.submit()} onCancel={onCancel}>
      <Typography.Paragraph type="secondary">同一月份再次填报即更正，不重复累计。</Typography.Paragraph>
      <Form form={form} name="progress" layout="vertical" initialValues={{ month: thisMonth }} onFinish={save}>
        <div className="form-row">
          <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
            <DatePicker picker="month" format="YYYY年M月" inputReadOnly allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(thisMonth, 'month')} />
          </Form.Item>
          <Form.Item name="completedInvestment" label="当月完成投资（万元）" rules={amountRules({ required: '请填写完成投资' })}>
            <AmountInput />
          </Form.Item>
        </div>
        <Form.Item name="note" label="形象进度">
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：主体厂房封顶" />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </FormModal>
  );
}

interface ProblemValues {
  category: ProblemView['category'];
  description: string;
  responsibleDepartment?: string;
  /** 交办的责任部门 (督办); without one the free-text 责任部门 is kept, as before departments. */
  departmentId?: string | null;
  dueOn?: Dayjs | null;
  status?: ProblemView['status'];
  resolution?: string;
}

function ProblemDialog({ project, problem: existing, onSaved, onCancel }: { project: Project; problem?: ProblemView; onSaved(): void; onCancel(): void }) {
  const [form] = Form.useForm<ProblemValues>();
  const { saving, problem, run } = useFormSave(form, ['category', 'description', 'responsibleDepartment', 'departmentId', 'dueOn', 'status', 'resolution']);
  const status = Form.useWatch('status', form);
  const departmentId = Form.useWatch('departmentId', form);
  const departments = useLoad(() => ok(api.GET('/api/v1/departments', {})), []);
  const save = (v: ProblemValues) =>
    run(async () => {
      const assignee = v.departmentId ? { departmentId: v.departmentId } : { responsibleDepartment: (v.responsibleDepartment ?? '').trim(), ...(existing?.departmentId ? { departmentId: null } : {}) };
      const body = { category: v.category, description: v.description.trim(), ...assignee, dueOn: ymd(v.dueOn) };
      if (existing) {
        await ok(
          api.PATCH('/api/v1/projects/{id}/problems/{problemId}', {
            params: { path: { id: project.id, problemId: existing.id } },
            body: { ...body, status: v.status, ...(v.status === 'resolved' ? { resolution: orNull(v.resolution) } : {}) } as never,
          }),
        );
      } else await ok(api.POST('/api/v1/projects/{id}/problems', { params: { path: { id: project.id } }, body: body as never }));
      onSaved();
    });
  return (
    <FormModal title={existing ? '处理卡点堵点' : '登记卡点堵点'} saving={saving} onOk={() => form.submit()} onCancel={onCancel}>
      <Form<ProblemValues>
        form={form}
        name="problem"
        layout="vertical"
        initialValues={
          existing
            ? { category: existing.category, description: existing.description, responsibleDepartment: existing.responsibleDepartment, departmentId: existing.departmentId, dueOn: existing.dueOn ? dayjs(existing.dueOn) : null, status: existing.status, resolution: existing.resolution ?? '' }
            : { category: 'land' }
        }
        onFinish={save}
      >
        <div className="form-row">
          <Form.Item name="category" label="类别" rules={[{ required: true }]}>
            <Select options={PROBLEM_CATEGORIES} />
          </Form.Item>
          <Form.Item name="departmentId" label="交办部门（督办）">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="选择后由部门账号办理"
              loading={departments.loading}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionUnitName}）` }))}
            />
          </Form.Item>
        </div>
        {!departmentId && (
          <Form.Item name="responsibleDepartment" label="责任部门" extra="未交办部门时填写" rules={[{ required: true, whitespace: true, message: '请选择交办部门或填写责任部门' }]}>
            <Input maxLength={200} placeholder="如：市能源局" />
          </Form.Item>
        )}
        <Form.Item name="description" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题' }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="dueOn" label="限办日期">
            <DatePicker format="YYYY年M月D日" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
          {existing && (
            <Form.Item name="status" label="状态">
              <Select options={PROBLEM_STATUSES} />
            </Form.Item>
          )}
        </div>
        {existing && status === 'resolved' && (
          <Form.Item name="resolution" label="解决情况" rules={[{ required: true, whitespace: true, message: '已解决需填写解决情况' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </FormModal>
  );
}
