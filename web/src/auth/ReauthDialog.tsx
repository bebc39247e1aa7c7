import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/errors';
import { signIn } from '../api/session';

interface Props {
  open: boolean;
  username: string;
  onDone(signedIn: boolean): void;
}

/**
 * Shown over the page when the session can no longer be refreshed. The page underneath (a
 * half-filled form) stays mounted; once signed in, the request that failed is sent again.
 */
export default function ReauthDialog({ open, username, onDone }: Props) {
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      form.resetFields();
      onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '登录失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title="登录已过期，请重新登录" closable={false} maskClosable={false} keyboard={false} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">页面上已填写的内容会保留，登录后将继续刚才的操作。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="用户名">
          <Input value={username} disabled />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <Button onClick={() => onDone(false)} disabled={busy}>
            取消
          </Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            登录并继续
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
