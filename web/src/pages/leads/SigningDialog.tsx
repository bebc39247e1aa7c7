import { Alert, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { showFieldErrors } from '../../api/form-errors';
import type { LeadView } from '../../api/views';
import { beijingDate } from '../../format/date';
import { formatAmount } from '../../format/money';
import { AGREEMENT_TYPES, WAN_YUAN_PATTERN, type SigningView } from './lead-fields';

interface Values {
  agreementType: SigningView['agreementType'];
  amount: string;
  signedOn: Dayjs;
  parties?: string;
  notes?: string;
}

const FIELDS = ['agreementType', 'amount', 'signedOn', 'parties', 'notes'] as const;

interface Props {
  lead: LeadView;
  onSigned(): void;
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

  const save = async (v: Values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setProblem(undefined);
    try {
      const body = {
        kind: supplement ? ('supplement' as const) : ('initial' as const),
        agreementType: v.agreementType,
        amount: v.amount.trim(),
        signedOn: v.signedOn.format('YYYY-MM-DD'),
        parties: v.parties?.trim() || null,
        notes: v.notes?.trim() || null,
        version: lead.version,
      };
      await ok(api.POST('/api/v1/leads/{id}/signings', { params: { path: { id: lead.id } }, body: body as never }));
      onSigned();
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
            rules={[
              { required: true, whitespace: true, message: '请填写签约金额' },
              { pattern: WAN_YUAN_PATTERN, message: '请填写数字，最多 4 位小数' },
            ]}
          >
            <Input inputMode="decimal" suffix="万元" autoComplete="off" />
          </Form.Item>
        </div>
        <Form.Item name="signedOn" label="签约日期" rules={[{ required: true, message: '请选择签约日期' }]}>
          <DatePicker format="YYYY年M月D日" inputReadOnly allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
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
