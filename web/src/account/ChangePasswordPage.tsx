import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/errors';
import { showFieldErrors } from '../api/form-errors';
import { api, ok } from '../api/client';
import { adoptTokens } from '../api/session';
import { useAuth } from '../auth/AuthProvider';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The service's rule, said before sending (it still decides: common passwords are refused there). */
const MIN_LENGTH = 10;

/** 修改密码, for every role: the current password, the new one twice; other sessions end. */
export default function ChangePasswordPage() {
  const { user } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      // The service ends every other session and answers with a new pair for this one.
      adoptTokens(await ok(api.POST('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })));
      form.resetFields();
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError) {
        const rest = showFieldErrors(form, e, ['currentPassword', 'newPassword']);
        if (rest.length || e.fieldErrors.length === 0) setError(rest.length ? rest.join('；') : e.message);
      } else setError('修改失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 480 }}>
      <div className="page-head">
        <Typography.Title level={4}>修改密码</Typography.Title>
      </div>
      <Card size="small">
        <Typography.Paragraph type="secondary">
          账号：{user?.displayName}（{user?.username}）。修改后，其他设备和浏览器上的登录将全部退出，本页保持登录。
        </Typography.Paragraph>
        {done && <Alert type="success" showIcon title="密码已修改，其他设备上的登录已退出" style={{ marginBottom: 16 }} data-testid="password-changed" />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} onValuesChange={() => setDone(false)}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra={`至少 ${MIN_LENGTH} 个字符，不能是常见密码`}
            rules={[
              { required: true, message: '请输入新密码' },
              { min: MIN_LENGTH, message: `新密码至少需要 ${MIN_LENGTH} 个字符` },
              { max: 128, message: '新密码不能超过 128 个字符' },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            确认修改
          </Button>
        </Form>
      </Card>
    </div>
  );
}
