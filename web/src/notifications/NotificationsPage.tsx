import { Alert, Button, Card, Segmented, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../api/client';
import type { ApiError } from '../api/errors';
import { usePaged } from '../api/paged';
import type { NotificationView } from '../api/views';
import { useAuth } from '../auth/AuthProvider';
import { NotificationItem } from './NotificationItem';
import { markAllRead, markRead, onUnreadChanged } from './unread';

/** 我的通知: every notification, newest first, a page at a time; only unread ones on request. */
export default function NotificationsPage() {
  const { user } = useAuth();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [readIds, setReadIds] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/notifications', { params: { query: { cursor, limit: 20, ...(filter === 'unread' ? { unread: 'true' as const } : {}) } } })),
    [filter],
  );
  // Marked read here or from the bell: show what the service now holds (the first page again).
  const reload = useRef(list.reload);
  reload.current = list.reload;
  useEffect(() => onUnreadChanged(() => reload.current()), []);
  if (!user) return null;

  const shown = list.items.map((n) => (readIds.has(n.id) && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n));
  const readOne = (n: NotificationView) => {
    setReadIds((s) => new Set(s).add(n.id));
    markRead(n.id).catch((e: ApiError) => setError(e.message));
  };
  const readAll = () => {
    // The list reloads on the change markAllRead announces.
    markAllRead().catch((e: ApiError) => setError(e.message));
  };

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>我的通知</Typography.Title>
        <Space wrap>
          <Segmented
            aria-label="筛选"
            value={filter}
            onChange={(v) => setFilter(v as 'all' | 'unread')}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: '未读' },
            ]}
          />
          <Button onClick={readAll} data-testid="notifications-read-all">
            全部标为已读
          </Button>
        </Space>
      </div>
      {(error ?? list.error) && <Alert type="error" showIcon title={error ?? list.error?.message} style={{ marginBottom: 12 }} />}
      <Card size="small" loading={list.loading && list.items.length === 0} >
        {shown.length === 0 ? (
          <div className="notif-empty">{filter === 'unread' ? '没有未读通知' : '暂无通知'}</div>
        ) : (
          <ul className="notif-list">
            {shown.map((n) => (
              <NotificationItem key={n.id} n={n} role={user.role} onRead={readOne} />
            ))}
          </ul>
        )}
      </Card>
      {list.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={list.loading}>
            加载更多
          </Button>
        </div>
      )}
    </div>
  );
}
