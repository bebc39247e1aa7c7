import { Alert, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import type { LeadView } from '../../api/views';

interface Values {
  carrierId?: string;
  promotedProjectId?: string;
}

/**
 * 关联载体与推介项目 of a lead: the park, parcel or factory and the promoted project it is about.
 * Naming a parcel makes it 洽谈中; a landed one is not offered (a park always is).
 */
export default function LeadLinksDialog({ lead, onDone, onCancel }: { lead: LeadView; onDone: () => void; onCancel: () => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const options = useLoad(async () => {
    const [carriers, promoted] = await Promise.all([
      ok(api.GET('/api/v1/carriers', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/v1/promoted-projects', { params: { query: { limit: 200 } } })),
    ]);
    return {
      carriers: carriers.items.filter((c) => c.kind === 'park' || c.availability !== 'landed' || c.id === lead.carrier?.id).map((c) => ({ value: c.id, label: `${c.name}（${c.kindLabel}·${c.availabilityLabel}）` })),
      promoted: promoted.items.filter((p) => p.status !== 'landed' || p.id === lead.promotedProject?.id).map((p) => ({ value: p.id, label: p.name })),
    };
  }, []);
  const save = async (v: Values) => {
    setSaving(true);
    setProblem(undefined);
    try {
      const body = { version: lead.version, carrierId: v.carrierId ?? null, promotedProjectId: v.promotedProjectId ?? null };
      await ok(api.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id } }, body: body as never }));
      onDone();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="关联载体与推介项目" okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ carrierId: lead.carrier?.id, promotedProjectId: lead.promotedProject?.id }}>
        <Form.Item name="carrierId" label="载体（园区、土地、厂房）">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={options.loading} options={options.data?.carriers ?? []} aria-label="载体" />
        </Form.Item>
        <Form.Item name="promotedProjectId" label="推介项目">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={options.loading} options={options.data?.promoted ?? []} aria-label="推介项目" />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
