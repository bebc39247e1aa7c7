import { Alert, Form, Input, Modal } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import type { ContactView } from '../../api/views';
import { MOBILE_PATTERN } from './enterprise-fields';

interface Values {
  name: string;
  title?: string;
  mobile?: string;
  landline?: string;
  email?: string;
  wechat?: string;
}

const FIELDS = ['name', 'title', 'mobile', 'landline', 'email', 'wechat'] as const;
const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** 添加联系人 to an enterprise; the API's field errors show beside their fields. */
export default function ContactDialog({ enterpriseId, onSaved, onCancel }: { enterpriseId: string; onSaved(c: ContactView): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const inFlight = useRef(false);

  const save = async (v: Values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    try {
      const body = { name: v.name.trim(), title: blank(v.title), mobile: blank(v.mobile), landline: blank(v.landline), email: blank(v.email), wechat: blank(v.wechat) };
      onSaved(await ok(api.POST('/api/v1/enterprises/{enterpriseId}/contacts', { params: { path: { enterpriseId } }, body: body as never })));
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const rest = showFieldErrors(form, err, FIELDS);
      setProblem(err.fieldErrors.length ? (rest.length ? rest.join('；') : undefined) : err.message);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <Modal open title="添加联系人" okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: saving }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden maskClosable={false}>
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <div className="form-row">
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="title" label="职务">
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="mobile" label="手机" rules={[{ pattern: MOBILE_PATTERN, message: '请输入 11 位手机号' }]}>
            <Input maxLength={11} inputMode="tel" autoComplete="off" />
          </Form.Item>
          <Form.Item name="landline" label="座机">
            <Input maxLength={20} inputMode="tel" autoComplete="off" placeholder="如 0475-8231234" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="email" label="邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
            <Input maxLength={254} inputMode="email" autoComplete="off" />
          </Form.Item>
          <Form.Item name="wechat" label="微信">
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
        </div>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
