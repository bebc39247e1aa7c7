import { AccountMenu } from '../account/AccountMenu';
import { NotificationBell } from '../notifications/NotificationBell';
import { ReplicaLagNotice } from './ReplicaLagNotice';

/**
 * The header's right side: the notification bell and the user menu, one chunk loaded after the
 * first paint. It takes the role's label rather than importing the menu module: a lazy chunk
 * importing it would split the first screen's chunks (~1 KB more gzipped).
 */
export default function HeaderTools({ compact, roleLabel }: { compact: boolean; roleLabel: string }) {
  return (
    <span className="account">
      <ReplicaLagNotice />
      <NotificationBell />
      <AccountMenu compact={compact} roleLabel={roleLabel} />
    </span>
  );
}
