import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { onUnreadChanged, unreadCount } from './unread';
import './notifications.css';

// The list opens on a click: most page views never load it.
const NotificationPanel = lazy(() => import('./NotificationPanel'));

/** Polling is modest: a reminder a minute late is fine, and a wall of open tabs must not hammer the service. */
const POLL_MS = 60_000;

/** Ant Design's BellOutlined path, drawn inline: the icon package would split the first screen's chunks. */
function BellIcon() {
  return (
    <svg viewBox="64 64 896 896" width="1em" height="1em" fill="currentColor" aria-hidden focusable="false">
      <path d="M816 768h-24V428c0-141.1-104.3-257.7-240-277.1V112c0-22.1-17.9-40-40-40s-40 17.9-40 40v38.9c-135.7 19.4-240 136-240 277.1v340h-24c-17.7 0-32 14.3-32 32v32c0 4.4 3.6 8 8 8h216c0 61.8 50.2 112 112 112s112-50.2 112-112h216c4.4 0 8-3.6 8-8v-32c0-17.7-14.3-32-32-32zM512 888c-26.5 0-48-21.5-48-48h96c0 26.5-21.5 48-48 48zM304 768V428c0-55.6 21.6-107.8 60.9-147.1S456.4 220 512 220c55.6 0 107.8 21.6 147.1 60.9S720 372.4 720 428v340H304z" />
    </svg>
  );
}

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
      <button type="button" className="header-button" aria-label={label} aria-expanded={open} aria-haspopup="dialog" data-testid="notification-bell" onClick={() => setOpen((o) => !o)}>
        <BellIcon />
        {count > 0 && (
          <span className="bell-count" data-testid="notification-count" aria-hidden>
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <Suspense fallback={null}>
          <NotificationPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </span>
  );
}
