import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { navFor, ROLE_LABEL } from './navigation';

const { Header, Sider, Content } = Layout;

/**
 * The signed-in frame: a side menu on a desktop, a bottom tab bar on a phone (390 px wide),
 * both listing only the pages the user's role can use.
 */
export function AppLayout() {
  const { user, logout } = useAuth();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) return null;
  const items = navFor(user.role);
  const phone = !screens.md;
  const selected = items.filter((i) => location.pathname.startsWith(i.path)).map((i) => i.path);

  // Plain links and buttons rather than antd's Menu and Dropdown: they would add ~40 KB to every first screen.
  const account = (
    <span className="account">
      {!phone && (
        <span className="account-name">
          <UserOutlined /> {user.displayName}（{ROLE_LABEL[user.role]}）
        </span>
      )}
      <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/login', { replace: true }))}>
        退出
      </Button>
    </span>
  );

  return (
    <Layout className="app-shell">
      {!phone && (
        <Sider width={200} theme="light" className="app-sider">
          <div className="app-logo">招商引资</div>
          <nav className="side-nav" aria-label="主导航">
            {items.map((i) => (
              <Link key={i.path} to={i.path} className={selected.includes(i.path) ? 'side-nav-item active' : 'side-nav-item'} aria-current={selected.includes(i.path) ? 'page' : undefined}>
                {i.icon}
                <span>{i.label}</span>
              </Link>
            ))}
          </nav>
        </Sider>
      )}
      <Layout>
        <Header className="app-header">
          <Typography.Text strong className="app-header-title">
            {phone ? '招商引资' : '招商引资管理平台'}
          </Typography.Text>
          {account}
        </Header>
        <Content className={phone ? 'app-content app-content-phone' : 'app-content'}>
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Content>
        {phone && (
          <nav className="tabbar" aria-label="主导航">
            {items.map((i) => (
              <Link key={i.path} to={i.path} className={selected.includes(i.path) ? 'tabbar-item active' : 'tabbar-item'} aria-current={selected.includes(i.path) ? 'page' : undefined}>
                <span className="tabbar-icon">{i.icon}</span>
                <span>{i.short}</span>
              </Link>
            ))}
          </nav>
        )}
      </Layout>
    </Layout>
  );
}
