import { Form, Input, Modal, Typography } from 'antd';

interface Props {
  title: string;
  label: string;
  summary: string;
  saving: boolean;
  /** Resolves to the API's message for the reason when it refused it, else undefined. */
  onConfirm(reason: string): Promise<string | undefined>;
  onCancel(): void;
}

/** The reason the move rules ask for (back, hold, lost, reopen); the API's refusal shows under the field. */
export default function ReasonDialog({ title, label, summary, saving, onConfirm, onCancel }: Props) {
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async ({ reason }: { reason: string }) => {
    const refused = await onConfirm(reason.trim());
    if (refused) form.setFields([{ name: 'reason', errors: [refused] }]);
  };
  return (
    <Modal open title={title} okText="确定" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Typography.Paragraph>{summary}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
