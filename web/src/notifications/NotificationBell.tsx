import { BellOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { onUnreadChanged, unreadCount } from './unread';
import './notifications.css';

// The list opens on a click: most page views never load it.
const NotificationPanel = lazy(() => import('./NotificationPanel'));

/** Polling is modest: a reminder a minute late is fine, and a wall of open tabs must not hammer the service. */
const POLL_MS = 60_000;

/** The header's bell for every role: the unread count, and on a click the latest notifications. */
export function NotificationBell() {
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);

  const refresh = useCallback(() => {
    // A failed count keeps the last one: the bell is no place for an error.
    unreadCount().then(setCount, () => undefined);
  }, []);

  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => document.visibilityState === 'visible' && refresh(), POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    const off = onUnreadChanged(refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [refresh]);

  const label = count > 0 ? `通知，${count} 条未读` : '通知';
  return (
    <span className="bell">
      <Button type="text" aria-label={label} aria-expanded={open} aria-haspopup="dialog" data-testid="notification-bell" onClick={() => setOpen((o) => !o)} icon={<BellOutlined />}>
        {count > 0 && (
          <span className="bell-count" data-testid="notification-count" aria-hidden>
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <NotificationPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </span>
  );
}
