import { UserOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { ROLE_LABEL } from '../layout/navigation';
import './account.css';

const AccountPopup = lazy(() => import('./AccountPopup'));

/**
 * The header's user menu: 修改密码, 我的通知, 退出登录. Plain elements rather than antd's Dropdown,
 * which would add ~40 KB to every first screen; the entries load on the first click.
 */
export function AccountMenu({ compact }: { compact: boolean }) {
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (!user) return null;
  const who = `${user.displayName}（${ROLE_LABEL[user.role]}）`;
  return (
    <span className="account-menu">
      <Button type="text" aria-haspopup="menu" aria-expanded={open} aria-label={compact ? `${who}，账号菜单` : undefined} onClick={() => setOpen((o) => !o)} data-testid="account-menu">
        <UserOutlined />
        {!compact && <span className="account-name">{who}</span>}
        <span className="account-caret" aria-hidden>
          ▾
        </span>
      </Button>
      {open && (
        <Suspense fallback={null}>
          <AccountPopup onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </span>
  );
}
