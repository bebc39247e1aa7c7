import { Alert, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { LeadView } from '../../api/views';
import { beijingDate } from '../../format/date';
import { formatAmount } from '../../format/money';
import { AmountInput, amountRules, amountValue } from '../../components/AmountInput';
import { AGREEMENT_TYPES, type SigningView } from './lead-fields';
import '../../format/calendar';

interface Values {
  agreementType: SigningView['agreementType'];
  amount: string;
  signedOn: Dayjs;
  landingRegionUnitId?: string;
  parties?: string;
  notes?: string;
}

const FIELDS = ['agreementType', 'amount', 'signedOn', 'landingRegionUnitId', 'parties', 'notes'] as const;

interface LandingUnits {
  options: { value: string; label: string }[];
  /** The lead's 拟落地旗县区 mapped up to its county (or the city), else the first signing's landing unit. */
  fallback?: string;
}

/**
 * Where a signed project may land (项目落地旗县区): the city's counties and the city itself (市本级),
 * and the unit the dialog starts from.
 */
async function loadLandingUnits(lead: LeadView, supplement: boolean): Promise<LandingUnits> {
  const [cities, counties] = await Promise.all([
    ok(api.GET('/api/v1/regions', { params: { query: { level: 'city', limit: 200 } } })),
    ok(api.GET('/api/v1/regions', { params: { query: { level: 'county', limit: 200 } } })),
  ]);
  const bySort = <T extends { sortOrder: number; name: string }>(a: T, b: T) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
  const options = [
    ...[...cities.items].sort(bySort).map((c) => ({ value: c.id, label: `市本级（${c.name}）` })),
    ...[...counties.items].sort(bySort).map((c) => ({ value: c.id, label: c.name })),
  ];
  const known = new Set(options.map((o) => o.value));
  // No default found (or its look-up failed) only leaves the choice to the member.
  const fallback = await defaultLanding(lead, supplement, known).catch(() => undefined);
  return { options, fallback };
}

async function defaultLanding(lead: LeadView, supplement: boolean, known: Set<string>): Promise<string | undefined> {
  // A township or village: its county (at most village → township → county).
  let id = lead.targetRegionUnit?.id ?? null;
  for (let hops = 0; id && !known.has(id) && hops < 3; hops++) id = (await ok(api.GET('/api/v1/regions/{id}', { params: { path: { id } } }))).parentId;
  if (id && known.has(id)) return id;
  if (!supplement) return undefined;
  const signings = await ok(api.GET('/api/v1/leads/{id}/signings', { params: { path: { id: lead.id } } }));
  const first = signings.find((s) => s.kind === 'initial');
  return first && known.has(first.landingRegionUnit.id) ? first.landingRegionUnit.id : undefined;
}

interface Props {
  lead: LeadView;
  /** The signing as registered: it may await the city's review (项目认定, reviewStatus pending). */
  onSigned(signing: SigningView): void;
  /** 409 LEAD_VERSION_CONFLICT: the lead changed meanwhile; the page reloads it. */
  onStale(message: string): void;
  onCancel(): void;
}

/** 登记签约: the first signing moves the lead to 已签约; a signed lead takes 补充签约 (only the added amount counts). */
export default function SigningDialog({ lead, onSigned, onStale, onCancel }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const inFlight = useRef(false);
  const supplement = lead.stage === 'signed';
  const today = dayjs(beijingDate());
  const landing = useLoad(() => loadLandingUnits(lead, supplement), [lead.id]);
  const needsLanding = !lead.targetRegionUnit;

  // Defaulted from the lead, unless the member already chose.
  useEffect(() => {
    const fallback = landing.data?.fallback;
    if (fallback && !form.getFieldValue('landingRegionUnitId')) form.setFieldValue('landingRegionUnitId', fallback);
  }, [landing.data, form]);

  const save = async (v: Values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    try {
      const body = {
        kind: supplement ? ('supplement' as const) : ('initial' as const),
        agreementType: v.agreementType,
        amount: amountValue(v.amount),
        signedOn: v.signedOn.format('YYYY-MM-DD'),
        ...(v.landingRegionUnitId ? { landingRegionUnitId: v.landingRegionUnitId } : {}),
        parties: v.parties?.trim() || null,
        notes: v.notes?.trim() || null,
        version: lead.version,
      };
      onSigned(await ok(api.POST('/api/v1/leads/{id}/signings', { params: { path: { id: lead.id } }, body: body as never })));
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      if (err.code === 'LEAD_VERSION_CONFLICT') return onStale(err.message);
      const rest = showFieldErrors(form, err, FIELDS);
      setProblem(err.fieldErrors.length ? (rest.length ? rest.join('；') : undefined) : err.message);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={supplement ? '登记补充签约' : '登记签约'}
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: saving, 'data-testid': 'signing-save' } as never}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary">
        {lead.title}
        {supplement ? `：已签约 ${formatAmount(lead.signedAmount)}，补充签约只填增加的金额。` : `：意向投资 ${formatAmount(lead.intendedAmount)}，登记后进入「已签约」。`}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={{ agreementType: 'investment', signedOn: today }} onFinish={save}>
        <div className="form-row">
          <Form.Item name="agreementType" label="协议类型" rules={[{ required: true, message: '请选择协议类型' }]}>
            <Select options={AGREEMENT_TYPES} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={supplement ? '增加金额（万元）' : '签约金额（万元）'}
            rules={amountRules({ required: '请填写签约金额', positive: true })}
          >
            <AmountInput />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="signedOn" label="签约日期" rules={[{ required: true, message: '请选择签约日期' }]}>
            <DatePicker format="YYYY年M月D日" inputReadOnly allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
          </Form.Item>
          <Form.Item
            name="landingRegionUnitId"
            label="项目落地旗县区"
            tooltip="项目实际落地的旗县区；市本级项目选「市本级」。通报按落地地统计。"
            extra={needsLanding ? '线索未填拟落地旗县区，请选择' : undefined}
            rules={[{ required: needsLanding, message: '请选择项目落地旗县区' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={landing.loading}
              placeholder={landing.error ? '旗县区列表加载失败' : '请选择'}
              options={landing.data?.options ?? []}
              data-testid="signing-landing"
            />
          </Form.Item>
        </div>
        <Form.Item name="parties" label="签约各方">
          <Input maxLength={500} placeholder="如：开鲁县人民政府；某某有限公司" />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="signing-error" />}
      </Form>
    </Modal>
  );
}
