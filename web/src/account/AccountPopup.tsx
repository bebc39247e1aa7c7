import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';

/** The user menu's entries, loaded on the first click. Plain text: icon imports here would reshuffle the first screen's chunks. */
export default function AccountPopup({ onClose }: { onClose(): void }) {
  const { logout } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <div className="account-backdrop" onClick={onClose} aria-hidden />
      <div className="account-popup" role="menu" aria-label="账号">
        <Link role="menuitem" to="/account/password" onClick={onClose} className="account-item">
          修改密码
        </Link>
        <Link role="menuitem" to="/notifications" onClick={onClose} className="account-item">
          我的通知
        </Link>
        <button
          type="button"
          role="menuitem"
          className="account-item"
          onClick={() => {
            onClose();
            void logout().then(() => navigate('/login', { replace: true }));
          }}
        >
          退出登录
        </button>
      </div>
    </>
  );
}
