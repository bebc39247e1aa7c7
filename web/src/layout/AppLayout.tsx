import { Grid, Layout, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { activePath, MORE, navFor, onTabBar, ROLE_LABEL, type NavItem } from './navigation';
import { SearchTrigger } from './search/SearchTrigger';

const { Header, Sider, Content } = Layout;

// The bell and the user menu come a moment after the page: neither is needed to draw it, and the
// first screen's budget goes to the page itself.
const HeaderTools = lazy(() => import('./HeaderTools'));

/**
 * The signed-in frame: a side menu on a desktop, a bottom tab bar on a phone (390 px wide),
 * both listing only the pages the user's role can use.
 */
export function AppLayout() {
  const { user } = useAuth();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  if (!user) return null;
  const items = navFor(user.role);
  const phone = !screens.md;
  // A phone's bottom bar holds up to five pages — all of a role's when they fit — or else the
  // role's main pages (a member's: 今日, 记录, 企业, 项目), the rest one tap away under 更多.
  const tabs: NavItem[] = items.length <= 5 ? items : [...items.filter((i) => onTabBar(i, user.role)), MORE];
  const active = activePath(phone ? [...items, MORE] : items, location.pathname);
  const onMore = phone && active !== undefined && !tabs.some((t) => t.path === active);
  const isActive = (path: string) => path === active || (path === MORE.path && onMore);
  const groups = [...new Set(items.map((i) => i.group))];

  // Plain links and buttons rather than antd's Menu and Dropdown: they would add ~40 KB to every first screen.
  const account = (
    <Suspense fallback={null}>
      <HeaderTools compact={phone} roleLabel={ROLE_LABEL[user.role]} />
    </Suspense>
  );

  return (
    <Layout className="app-shell">
      {!phone && (
        <Sider width={200} theme="light" className="app-sider">
          <div className="app-logo">招商引资</div>
          <nav className="side-nav" aria-label="主导航">
            {groups.map((g) => (
              <div key={g} className="side-nav-group" role="group" aria-label={g}>
                {groups.length > 1 && <div className="side-nav-heading">{g}</div>}
                {items
                  .filter((i) => i.group === g)
                  .map((i) => (
                    <Link key={i.path} to={i.path} className={isActive(i.path) ? 'side-nav-item active' : 'side-nav-item'} aria-current={isActive(i.path) ? 'page' : undefined}>
                      {i.icon}
                      <span>{i.label}</span>
                    </Link>
                  ))}
              </div>
            ))}
          </nav>
        </Sider>
      )}
      <Layout>
        <Header className="app-header">
          <Typography.Text strong className="app-header-title">
            {phone ? '招商引资' : '招商引资管理平台'}
          </Typography.Text>
          {/* A 责任部门 account searches nothing (the server refuses it every list but its 交办单). */}
          {user.role !== 'department' && <SearchTrigger compact={phone} />}
          {account}
        </Header>
        <Content className={phone ? 'app-content app-content-phone' : 'app-content'}>
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Content>
        {phone && (
          <nav className="tabbar" aria-label="主导航">
            {tabs.map((i) => (
              <Link key={i.path} to={i.path} className={isActive(i.path) ? 'tabbar-item active' : 'tabbar-item'} aria-current={isActive(i.path) ? 'page' : undefined}>
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
