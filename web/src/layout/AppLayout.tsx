import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, Spin, Typography } from 'antd';
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

  const account = (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: `${user.displayName}（${ROLE_LABEL[user.role]}）`, disabled: true },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} aria-label="账户" className="account-button">
        {!phone && user.displayName}
      </Button>
    </Dropdown>
  );

  return (
    <Layout className="app-shell">
      {!phone && (
        <Sider width={200} breakpoint="lg" collapsedWidth={64} theme="light" className="app-sider">
          <div className="app-logo">招商引资</div>
          <Menu mode="inline" selectedKeys={selected} items={items.map((i) => ({ key: i.path, icon: i.icon, label: <Link to={i.path}>{i.label}</Link> }))} />
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
              <Link key={i.path} to={i.path} className={selected.includes(i.path) ? 'tabbar-item active' : 'tabbar-item'}>
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
