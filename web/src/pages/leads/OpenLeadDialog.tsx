import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Result, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { LeadView } from '../../api/views';
import { AmountInput, amountRules, amountValue } from '../../components/AmountInput';
import { beijingDate } from '../../format/date';
import { LEAD_SOURCES } from './lead-fields';
import '../../format/calendar';

interface Values {
  title: string;
  teamId?: string;
  industryChainId: string;
  intendedAmount: string;
  expectedSignDate?: Dayjs | null;
  source: LeadView['source'];
  targetRegionUnitId?: string;
  sourceRegionId?: string;
  carrierId?: string;
  promotedProjectId?: string;
  isAnchor?: boolean;
  notes?: string;
}

/** 409 LEAD_COLLISION: only the holding team's name and the lead's stage (首报首谈). */
interface Collision {
  holdingTeam: string;
  stageLabel: string;
  message: string;
  industryChainId: string;
  teamId?: string;
}

interface Props {
  enterprise: { id: string; name: string; industryChainId: string | null };
  onCreated(lead: LeadView): void;
  onCancel(): void;
}

/** A 预计签约日期 already past (Beijing day) is allowed — a late entry — but said before saving. */
const pastDateWarning = {
  warningOnly: true,
  validator: (_: unknown, v: Dayjs | null | undefined) =>
    v && v.format('YYYY-MM-DD') < beijingDate() ? Promise.reject(new Error('预计签约日期早于今天：保存后该线索将标记为「已逾期」，请确认')) : Promise.resolve(),
};

const FIELDS = ['title', 'teamId', 'industryChainId', 'intendedAmount', 'expectedSignDate', 'source', 'targetRegionUnitId', 'sourceRegionId', 'carrierId', 'promotedProjectId', 'isAnchor', 'notes'] as const;

/**
 * 登记线索 for an enterprise. When another team opened this enterprise × chain first (首报首谈),
 * the API answers 409 with that team's name: the member may then ask to pursue it jointly or
 * to have it transferred (a lead claim their managers decide).
 */
export default function OpenLeadDialog({ enterprise, onCreated, onCancel }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [collision, setCollision] = useState<Collision>();
  const [existingLeadId, setExistingLeadId] = useState<string>();
  const inFlight = useRef(false);

  const refs = useLoad(async () => {
    const [chains, sources, counties, teams, carriers, promoted] = await Promise.all([
      ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/source-regions', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/regions', { params: { query: { level: 'county', limit: 200 } } })),
      ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/carriers', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/promoted-projects', { params: { query: { limit: 200 } } })),
    ]);
    const mine = teams.items;
    if (mine.length === 1 && !form.getFieldValue('teamId')) form.setFieldValue('teamId', mine[0]!.id);
    // A landed parcel, factory or promoted project is taken: not offered (a park always is).
    const carrierOptions = carriers.items.filter((c) => c.kind === 'park' || c.availability !== 'landed').map((c) => ({ value: c.id, label: `${c.name}（${c.kindLabel}·${c.availabilityLabel}）` }));
    const promotedOptions = promoted.items.filter((p) => p.status !== 'landed').map((p) => ({ value: p.id, label: p.name }));
    return { chains: chains.items.filter((c) => c.isActive), sources: sources.items.filter((s) => s.isActive), counties: counties.items, teams: mine, carrierOptions, promotedOptions };
  }, []);

  const save = async (v: Values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    setExistingLeadId(undefined);
    try {
      const body = {
        title: v.title.trim(),
        enterpriseId: enterprise.id,
        teamId: v.teamId,
        industryChainId: v.industryChainId,
        intendedAmount: amountValue(v.intendedAmount),
        expectedSignDate: v.expectedSignDate ? v.expectedSignDate.format('YYYY-MM-DD') : null,
        source: v.source,
        targetRegionUnitId: v.targetRegionUnitId ?? null,
        sourceRegionId: v.sourceRegionId ?? null,
        carrierId: v.carrierId ?? null,
        promotedProjectId: v.promotedProjectId ?? null,
        isAnchor: v.isAnchor ?? false,
        notes: v.notes?.trim() || null,
      };
      onCreated(await ok(api.POST('/api/v1/leads', { body: body as never })));
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const details = err.details && !Array.isArray(err.details) ? (err.details as Record<string, unknown>) : {};
      if (err.code === 'LEAD_COLLISION') {
        const team = details.holdingTeam as { name?: string } | undefined;
        setCollision({ holdingTeam: team?.name ?? '其他招商队', stageLabel: String(details.stageLabel ?? ''), message: err.message, industryChainId: v.industryChainId, teamId: v.teamId });
        return;
      }
      if (err.code === 'LEAD_DUPLICATE' && typeof details.existingLeadId === 'string') setExistingLeadId(details.existingLeadId);
      const rest = showFieldErrors(form, err, FIELDS);
      setProblem(err.fieldErrors.length ? (rest.length ? rest.join('；') : undefined) : err.message);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  if (collision) return <ClaimDialog enterprise={enterprise} collision={collision} onBack={() => setCollision(undefined)} onClose={onCancel} />;

  const chainOptions = (refs.data?.chains ?? []).map((c) => ({ value: c.id, label: c.name }));
  return (
    <Modal
      open
      title={`登记线索 · ${enterprise.name}`}
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: saving, 'data-testid': 'open-lead-save' } as never}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ source: 'door_to_door', industryChainId: enterprise.industryChainId ?? undefined, isAnchor: false }}
        onFinish={save}
      >
        <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { min: 2, message: '项目名称至少 2 个字' }]}>
          <Input maxLength={200} placeholder="如：梅花生物玉米深加工二期" autoComplete="off" />
        </Form.Item>
        <Form.Item name="teamId" label="招商队" hidden={(refs.data?.teams.length ?? 0) <= 1} rules={[{ required: (refs.data?.teams.length ?? 0) > 1, message: '请选择招商队' }]}>
          <Select options={(refs.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="industryChainId" label="产业链" rules={[{ required: true, message: '请选择产业链' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={chainOptions} loading={refs.loading} placeholder="选择产业链" />
          </Form.Item>
          <Form.Item
            name="intendedAmount"
            label="意向投资额（万元）"
            rules={amountRules({ required: '请填写意向投资额' })}
          >
            <AmountInput />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="source" label="招商方式" rules={[{ required: true, message: '请选择招商方式' }]}>
            <Select options={LEAD_SOURCES} />
          </Form.Item>
          <Form.Item name="expectedSignDate" label="预计签约日期" rules={[pastDateWarning]}>
            <DatePicker format="YYYY年M月D日" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="targetRegionUnitId" label="拟落地旗县区">
            <Select allowClear options={(refs.data?.counties ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item name="sourceRegionId" label="客商来源地">
            <Select allowClear options={(refs.data?.sources ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="carrierId" label="载体（园区、土地、厂房）">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={refs.data?.carrierOptions ?? []} placeholder="如洽谈具体地块、厂房" aria-label="载体" />
          </Form.Item>
          <Form.Item name="promotedProjectId" label="推介项目">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={refs.data?.promotedOptions ?? []} placeholder="对接的推介项目" aria-label="推介项目" />
          </Form.Item>
        </div>
        <Form.Item name="isAnchor" valuePropName="checked">
          <Checkbox>牵引性项目（带动产业链上下游）</Checkbox>
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {existingLeadId && (
          <Alert type="info" showIcon title="本队已有该企业该产业链的线索" action={<Link to={`/leads/${existingLeadId}`} onClick={onCancel}>打开该线索</Link>} style={{ marginBottom: 12 }} />
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="open-lead-error" />}
      </Form>
    </Modal>
  );
}

/** 首报首谈: the holding team keeps the lead; ask to pursue it jointly or to have it transferred. */
function ClaimDialog({ enterprise, collision, onBack, onClose }: { enterprise: Props['enterprise']; collision: Collision; onBack(): void; onClose(): void }) {
  const [form] = Form.useForm<{ kind: 'co_pursue' | 'transfer'; reason: string }>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string>();
  const inFlight = useRef(false);

  const submit = async (v: { kind: 'co_pursue' | 'transfer'; reason: string }) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    try {
      await ok(api.POST('/api/v1/lead-claims', { body: { enterpriseId: enterprise.id, industryChainId: collision.industryChainId, teamId: collision.teamId, kind: v.kind, reason: v.reason.trim() } }));
      setDone(true);
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const rest = showFieldErrors(form, err, ['kind', 'reason']);
      setProblem(err.fieldErrors.length ? (rest.length ? rest.join('；') : undefined) : err.message);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="该项目已由他队首报"
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            知道了
          </Button>
        ) : (
          <Space>
            <Button onClick={onBack}>返回修改</Button>
            <Button type="primary" loading={saving} disabled={saving} onClick={() => form.submit()} data-testid="claim-submit">
              提交申请
            </Button>
          </Space>
        )
      }
    >
      {done ? (
        <Result status="success" title="申请已提交" subTitle={`等待同时分管双方的领导裁定；结果会通知您。`} data-testid="claim-done" />
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            data-testid="lead-collision"
            title={`「${collision.holdingTeam}」已首报该企业该产业链的项目${collision.stageLabel ? `（当前阶段：${collision.stageLabel}）` : ''}`}
            description="按首报首谈规则，项目由首报的招商队跟进。您可以申请联合跟进，或申请转交给本队。"
            style={{ marginBottom: 12 }}
          />
          <Typography.Paragraph type="secondary">企业：{enterprise.name}</Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ kind: 'co_pursue' }} onFinish={submit}>
            <Form.Item name="kind" label="申请方式">
              <Radio.Group
                options={[
                  { value: 'co_pursue', label: '联合跟进' },
                  { value: 'transfer', label: '转交本队' },
                ]}
              />
            </Form.Item>
            <Form.Item name="reason" label="申请理由" rules={[{ required: true, whitespace: true, message: '请填写申请理由' }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：本队已多次上门对接，企业意向落地本县" />
            </Form.Item>
          </Form>
          {problem && <Alert type="error" showIcon role="alert" title={problem} />}
        </>
      )}
    </Modal>
  );
}
