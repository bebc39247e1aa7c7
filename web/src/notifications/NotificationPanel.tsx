import { Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import type { ApiError } from '../api/errors';
import type { NotificationView } from '../api/views';
import { useAuth } from '../auth/AuthProvider';
import { NotificationItem } from './NotificationItem';
import { markAllRead, markRead } from './unread';

/** How many the bell's list shows; the rest are on 全部通知. */
const LATEST = 8;

/** The bell's list: the latest notifications, each opening its subject; 全部已读; a way to all of them. */
export default function NotificationPanel({ onClose }: { onClose(): void }) {
  const { user } = useAuth();
  const [items, setItems] = useState<NotificationView[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    ok(api.GET('/api/v1/notifications', { params: { query: { limit: LATEST } } })).then(
      (page) => !cancelled && setItems(page.items),
      (e: ApiError) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  if (!user) return null;
  const stamp = (ids: Set<string> | 'all') => {
    const at = new Date().toISOString();
    setItems((list) => list?.map((n) => (!n.readAt && (ids === 'all' || ids.has(n.id)) ? { ...n, readAt: at } : n)));
  };
  const readOne = (n: NotificationView) => {
    stamp(new Set([n.id]));
    markRead(n.id).catch((e: ApiError) => setError(e.message));
  };
  const readAll = () => {
    setBusy(true);
    markAllRead()
      .then(() => stamp('all'))
      .catch((e: ApiError) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const anyUnread = items?.some((n) => !n.readAt) ?? false;

  return (
    <>
      <div className="notif-backdrop" onClick={onClose} aria-hidden />
      <div className="notif-panel" role="dialog" aria-label="通知" data-testid="notification-panel">
        <div className="notif-panel-head">
          <strong>通知</strong>
          <Button size="small" type="link" disabled={!anyUnread} loading={busy} onClick={readAll} data-testid="notification-read-all">
            全部已读
          </Button>
        </div>
        {error && (
          <div className="notif-empty" role="alert">
            {error}
          </div>
        )}
        {!items && !error && (
          <div className="notif-empty">
            <Spin />
          </div>
        )}
        {items && items.length === 0 && <div className="notif-empty">暂无通知</div>}
        {items && items.length > 0 && (
          <ul className="notif-list">
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} role={user.role} onRead={readOne} onOpen={onClose} />
            ))}
          </ul>
        )}
        <div className="notif-panel-foot">
          <Link to="/notifications" onClick={onClose} data-testid="notification-all">
            查看全部通知
          </Link>
        </div>
      </div>
    </>
  );
}
