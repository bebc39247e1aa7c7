import { AccountMenu } from '../account/AccountMenu';
import { NotificationBell } from '../notifications/NotificationBell';

/** The header's right side: the notification bell and the user menu, one chunk loaded after the first paint. */
export default function HeaderTools({ compact }: { compact: boolean }) {
  return (
    <span className="account">
      <NotificationBell />
      <AccountMenu compact={compact} />
    </span>
  );
}
