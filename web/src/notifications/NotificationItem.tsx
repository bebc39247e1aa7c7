import { Button } from 'antd';
import { Link } from 'react-router';
import type { NotificationView } from '../api/views';
import { formatDateTime } from '../format/date';
import type { Role } from '../layout/navigation';
import { notificationPath } from './subject-route';

interface Props {
  n: NotificationView;
  role: Role;
  /** Marks it read (the caller updates its list); opening its subject marks it read too. */
  onRead(n: NotificationView): void;
  /** After the link is followed (the bell closes its list). */
  onOpen?(): void;
}

/** One notification: its title links to its subject; unread ones carry a dot and 标为已读. */
export function NotificationItem({ n, role, onRead, onOpen }: Props) {
  const path = notificationPath(n, role);
  const unread = !n.readAt;
  const open = () => {
    if (unread) onRead(n);
    onOpen?.();
  };
  return (
    <li className={unread ? 'notif-item unread' : 'notif-item'} data-testid="notification-item" data-unread={unread ? 'true' : 'false'}>
      <div className="notif-item-main">
        {path ? (
          <Link to={path} className="notif-title" onClick={open} data-testid="notification-link">
            {n.title}
          </Link>
        ) : (
          <span className="notif-title">{n.title}</span>
        )}
        <div className="notif-meta">
          {n.kindLabel} · {formatDateTime(n.createdAt)}
          {unread ? '' : ' · 已读'}
        </div>
        {n.body && <div className="notif-body">{n.body}</div>}
      </div>
      {unread && (
        <Button size="small" type="link" onClick={() => onRead(n)} data-testid="notification-mark-read">
          标为已读
        </Button>
      )}
    </li>
  );
}
