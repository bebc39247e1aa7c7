import { BellOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { ROLE_LABEL } from '../layout/navigation';
import './account.css';

/**
 * The header's user menu: 修改密码, 我的通知, 退出登录. Plain elements rather than antd's Dropdown,
 * which would add ~40 KB to every first screen.
 */
export function AccountMenu({ compact }: { compact: boolean }) {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (!user) return null;
  const close = () => setOpen(false);
  return (
    <span className="account-menu">
      <Button type="text" aria-haspopup="menu" aria-expanded={open} aria-label={compact ? `${user.displayName}（${ROLE_LABEL[user.role]}）` : undefined} onClick={() => setOpen((o) => !o)} data-testid="account-menu">
        <UserOutlined />
        {!compact && (
          <span className="account-name">
            {user.displayName}（{ROLE_LABEL[user.role]}）
          </span>
        )}
        <DownOutlined className="account-caret" />
      </Button>
      {open && (
        <>
          <div className="account-backdrop" onClick={close} aria-hidden />
          <div className="account-popup" role="menu" aria-label="账号">
            <Link role="menuitem" to="/account/password" onClick={close} className="account-item">
              <KeyOutlined /> 修改密码
            </Link>
            <Link role="menuitem" to="/notifications" onClick={close} className="account-item">
              <BellOutlined /> 我的通知
            </Link>
            <button
              type="button"
              role="menuitem"
              className="account-item"
              onClick={() => {
                close();
                void logout().then(() => navigate('/login', { replace: true }));
              }}
            >
              <LogoutOutlined /> 退出登录
            </button>
          </div>
        </>
      )}
    </span>
  );
}
