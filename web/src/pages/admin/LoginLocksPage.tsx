import { ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, Button, Input, message as toast, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { usePaged } from '../../api/paged';
import { formatDateTime, formatRemaining } from '../../format/date';

/** A sign-in throttle in force, as GET /auth/login-locks lists it. */
type LoginLock = Schemas['LoginLockView'];

const SCOPE: Record<LoginLock['scope'], string> = { account: '账号+地址', address: '整个地址' };
/** How often the 锁定至 countdown is redrawn. */
const TICK_MS = 30_000;

/** 登录锁定: sign-ins paused after repeated failures (a username at an address, or a whole address); admins lift them. */
export default function LoginLocksPage() {
  const [message, toastHolder] = toast.useMessage();
  const [username, setUsername] = useState('');
  const [address, setAddress] = useState('');
  const [lifting, setLifting] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const user = username.trim();
  const addr = address.trim();
  const locks = usePaged(
    (cursor) => ok(api.GET('/api/v1/auth/login-locks', { params: { query: { cursor, limit: 50, ...(user ? { username: user } : {}), ...(addr ? { address: addr } : {}) } } })),
    [user, addr],
  );
  // A fresh list has fresh countdowns.
  useEffect(() => {
    if (!locks.loading) setNow(new Date());
  }, [locks.loading]);

  const lift = async (lock: LoginLock) => {
    setLifting(lock.id);
    try {
      await ok(api.DELETE('/api/v1/auth/login-locks/{id}', { params: { path: { id: lock.id } } }));
      message.success(lock.scope === 'account' ? `已解除 ${lock.username} 在 ${lock.address} 的登录锁定` : `已解除地址 ${lock.address} 的登录锁定`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) message.warning('该锁定已失效');
      else message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLifting(null);
      locks.reload();
    }
  };

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <div>
          <Typography.Title level={4}>登录锁定</Typography.Title>
          <Typography.Text type="secondary">同一用户名在同一地址连续失败、或同一地址大量失败会暂停登录，时间逐次加倍；其他地址不受影响。解除操作记入操作日志。</Typography.Text>
        </div>
        <Space wrap>
          <Input.Search aria-label="用户名" placeholder="用户名" allowClear style={{ width: 160 }} onSearch={setUsername} />
          <Input.Search aria-label="地址" placeholder="来源地址" allowClear style={{ width: 180 }} onSearch={setAddress} />
          <Button icon={<ReloadOutlined />} onClick={locks.reload} loading={locks.loading}>
            刷新
          </Button>
        </Space>
      </div>
      {locks.error && <Alert type="error" showIcon title={locks.error.message} style={{ marginBottom: 12 }} />}
      <Table<LoginLock>
        rowKey="id"
        size="middle"
        loading={locks.loading}
        dataSource={locks.items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: user || addr ? '没有符合条件的登录锁定' : '当前没有被锁定的登录' }}
        columns={[
          { title: '类型', key: 'scope', width: 110, render: (_, l) => <Tag color={l.scope === 'address' ? 'red' : 'orange'}>{SCOPE[l.scope] ?? l.scope}</Tag> },
          { title: '用户名', key: 'username', render: (_, l) => l.username ?? <Typography.Text type="secondary">全部用户名</Typography.Text> },
          { title: '来源地址', key: 'address', render: (_, l) => <Typography.Text style={{ fontFamily: 'monospace' }}>{l.address}</Typography.Text> },
          { title: '失败次数', key: 'failures', width: 100, render: (_, l) => `${l.failures} 次` },
          {
            title: '锁定至',
            key: 'lockedUntil',
            render: (_, l) => (
              <span title={formatDateTime(l.lockedUntil)}>
                {formatRemaining(l.lockedUntil, now)}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {formatDateTime(l.lockedUntil)}
                </Typography.Text>
              </span>
            ),
          },
          { title: '最近失败', key: 'lastFailureAt', width: 180, render: (_, l) => formatDateTime(l.lastFailureAt) },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 90,
            render: (_, l) => (
              <Popconfirm
                title={l.scope === 'account' ? `解除 ${l.username} 在 ${l.address} 的登录锁定？` : `解除地址 ${l.address} 的登录锁定？`}
                description="失败次数一并清零"
                okText="解除"
                cancelText="取消"
                onConfirm={() => lift(l)}
              >
                <Button size="small" icon={<UnlockOutlined />} loading={lifting === l.id}>
                  解除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {locks.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={locks.loadMore} loading={locks.loading}>
            加载更多
          </Button>
        </div>
      )}
    </div>
  );
}
