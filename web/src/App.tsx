import { Button, Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, matchRoutes, Navigate, Outlet, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { currentSession } from './api/session';
import { useAuth } from './auth/AuthProvider';
import { prefetchBoard } from './pages/pipeline/board-data';
import { prefetchToday } from './pages/today/today-data';
import { AppLayout } from './layout/AppLayout';
import { canOpen, homeFor } from './layout/navigation';
import { Notice } from './layout/Notice';

/** The call that starts loading a lazy page's chunk ahead of its first render. */
interface Preloadable {
  preload: () => Promise<unknown>;
}

function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return Object.assign(lazy(load), { preload: load });
}

// Each page is its own chunk: the first screen loads only the shell and the page it shows.
const LoginPage = lazyPage(() => import('./auth/LoginPage'));
const TodayPage = lazyPage(() => import('./pages/today/TodayPage'));
const LogInteractionPage = lazyPage(() => import('./pages/interactions/LogInteractionPage'));
const PipelinePage = lazyPage(() => import('./pages/pipeline/PipelinePage'));
const DashboardPage = lazyPage(() => import('./pages/dashboard/DashboardPage'));
const TargetsPage = lazyPage(() => import('./pages/targets/TargetsPage'));
const RankingsPage = lazyPage(() => import('./pages/rankings/RankingsPage'));
const ReportingPage = lazyPage(() => import('./pages/reporting/ReportingPage'));
const MapPage = lazyPage(() => import('./pages/map/MapPage'));
const ChainMapPage = lazyPage(() => import('./pages/chains/ChainMapPage'));
const LeadClaimsPage = lazyPage(() => import('./pages/leads/LeadClaimsPage'));
const IdleLeadsPage = lazyPage(() => import('./pages/leads/IdleLeadsPage'));
const FunnelPage = lazyPage(() => import('./pages/leads/FunnelPage'));
const SigningEventsPage = lazyPage(() => import('./pages/admin/SigningEventsPage'));
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage'));
const QueuesPage = lazyPage(() => import('./pages/admin/QueuesPage'));
const LoginLocksPage = lazyPage(() => import('./pages/admin/LoginLocksPage'));
const EnterprisesPage = lazyPage(() => import('./pages/enterprises/EnterprisesPage'));
const EnterprisePage = lazyPage(() => import('./pages/enterprises/EnterprisePage'));
const LeadPage = lazyPage(() => import('./pages/leads/LeadPage'));
const RegionsPage = lazyPage(() => import('./pages/org/RegionsPage'));
const TeamsPage = lazyPage(() => import('./pages/org/TeamsPage'));
const UsersPage = lazyPage(() => import('./pages/org/UsersPage'));
const ReferencePage = lazyPage(() => import('./pages/org/ReferencePage'));
const ImportPage = lazyPage(() => import('./pages/imports/ImportPage'));
const ProjectsPage = lazyPage(() => import('./pages/projects/ProjectsPage'));
const ProjectPage = lazyPage(() => import('./pages/projects/ProjectPage'));
const CarriersPage = lazyPage(() => import('./pages/carriers/CarriersPage'));
const MorePage = lazyPage(() => import('./layout/MorePage'));
const ThreeUnPage = lazyPage(() => import('./pages/registry/ThreeUnPage'));
const GrowthPage = lazyPage(() => import('./pages/registry/GrowthPage'));
const NotificationsPage = lazyPage(() => import('./notifications/NotificationsPage'));
const SubjectRedirect = lazyPage(() => import('./notifications/SubjectRedirect'));
const ChangePasswordPage = lazyPage(() => import('./account/ChangePasswordPage'));
const SupervisionPage = lazyPage(() => import('./pages/supervision/SupervisionPage'));
// Print views: an A4 sheet without the app's menu, one per report (web/src/print/).
const SummaryPrint = lazyPage(() => import('./print/views/SummaryPrint'));
const RankingPrint = lazyPage(() => import('./print/views/RankingPrint'));
const RosterPrint = lazyPage(() => import('./print/views/RosterPrint'));
const CompletionPrint = lazyPage(() => import('./print/views/CompletionPrint'));
const ThreeUnPrint = lazyPage(() => import('./print/views/ThreeUnPrint'));
const UnfulfilledPrint = lazyPage(() => import('./print/views/UnfulfilledPrint'));
const SchedulePrint = lazyPage(() => import('./print/views/SchedulePrint'));
const SigningEventsPrint = lazyPage(() => import('./print/views/SigningEventsPrint'));
const LeadsPage = lazyPage(() => import('./pages/leads/LeadsPage'));
const LeadsPrint = lazyPage(() => import('./print/views/LeadsPrint'));
const ProjectsPrint = lazyPage(() => import('./print/views/ProjectsPrint'));
const LeadClaimsPrint = lazyPage(() => import('./print/views/LeadClaimsPrint'));

function RequireUser({ children }: { children: ReactNode }) {
  const { user, unreachable, signedOut } = useAuth();
  const location = useLocation();
  if (user === undefined && unreachable) {
    return <Notice title="无法连接服务器" text="请检查网络后重试，登录状态仍然保留。" action={<Button type="primary" onClick={() => window.location.reload()}>重试</Button>} />;
  }
  if (user === undefined) return <Spin size="large" className="page-spin" />;
  // A session that ended (expired, revoked) brings the user back here after signing in; signing out does not.
  if (!user) return <Navigate to="/login" replace state={signedOut ? undefined : { from: location.pathname + location.search }} />;
  return children;
}

/** A page outside the user's menu: say so rather than show a page whose calls would fail. */
function ForRoles({ path, children }: { path: string; children: ReactNode }) {
  const { user } = useAuth();
  if (user && !canOpen(user.role, path)) return <Notice title="无权访问" text="您的角色不能使用此页面。" action={<Button href={homeFor(user.role)}>返回首页</Button>} />;
  return children;
}

/** A page that threw: say so in Chinese and offer a reload, instead of the router's developer page. */
function PageError() {
  return (
    <Notice
      title="页面出错了"
      text="请刷新页面重试；如果问题仍然存在，请联系管理员。"
      action={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}

function Home() {
  const { user } = useAuth();
  return user ? <Navigate to={homeFor(user.role)} replace /> : null;
}

/**
 * A page's route: the page under the role check of its menu entry (menuPath; null for pages every
 * role reaches), with its chunk's loader as the route's handle for preloadPageAt.
 */
function page(path: string, Component: Preloadable & ComponentType, menuPath?: string | null, element?: undefined, prefetch?: () => void): RouteObject;
function page(path: string, Component: Preloadable, menuPath: string | null, element: ReactNode): RouteObject;
function page(path: string, Component: Preloadable, menuPath: string | null = `/${path}`, element?: ReactNode, prefetch?: () => void): RouteObject {
  // Without an element the first overload holds: Component takes no props.
  const Page = Component as Preloadable & ComponentType;
  const shown = element ?? <Page />;
  return { path, handle: { preload: Component.preload, prefetch }, element: menuPath ? <ForRoles path={menuPath}>{shown}</ForRoles> : shown };
}

const routes: RouteObject[] = [
  {
    path: '/login',
    handle: { preload: LoginPage.preload },
    element: (
      <Suspense fallback={<Spin size="large" className="page-spin" />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/print',
    element: (
      <RequireUser>
        <Suspense fallback={<Spin size="large" className="page-spin" />}>
          <Outlet />
        </Suspense>
      </RequireUser>
    ),
    errorElement: <PageError />,
    children: [
      page('summary', SummaryPrint, null),
      page('ranking/:id', RankingPrint, null),
      page('roster/:eventId', RosterPrint, null),
      page('completion', CompletionPrint, null),
      page('three-un', ThreeUnPrint, null),
      page('unfulfilled', UnfulfilledPrint, null),
      page('schedule', SchedulePrint, null),
      page('signing-events', SigningEventsPrint, null),
      page('leads', LeadsPrint, null),
      page('projects', ProjectsPrint, null),
      page('lead-claims', LeadClaimsPrint, null),
    ],
  },
  // The wall screen: the dashboard alone, without the app's menu and header.
  {
    path: '/wall',
    handle: { preload: DashboardPage.preload },
    element: (
      <RequireUser>
        <ForRoles path="/dashboard">
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <DashboardPage wall />
          </Suspense>
        </ForRoles>
      </RequireUser>
    ),
    errorElement: <PageError />,
  },
  {
    element: (
      <RequireUser>
        <AppLayout />
      </RequireUser>
    ),
    errorElement: <PageError />,
    children: [
      { index: true, element: <Home /> },
      page('today', TodayPage, undefined, undefined, prefetchToday),
      page('interactions/new', LogInteractionPage),
      page('pipeline', PipelinePage, undefined, undefined, prefetchBoard),
      page('dashboard', DashboardPage),
      page('targets', TargetsPage),
      page('reporting', ReportingPage),
      page('map', MapPage),
      page('rankings', RankingsPage),
      page('chains/map', ChainMapPage),
      page('lead-claims', LeadClaimsPage),
      page('leads', LeadsPage),
      page('leads/idle', IdleLeadsPage),
      page('funnel', FunnelPage),
      page('signing-events', SigningEventsPage),
      page('audit', AuditPage),
      page('queues', QueuesPage),
      page('admin/login-locks', LoginLocksPage),
      page('enterprises', EnterprisesPage),
      // Detail pages every role reaches from a list; the server answers 404 outside the user's scope.
      page('enterprises/:id', EnterprisePage, null),
      page('leads/:id', LeadPage, null),
      page('org/regions', RegionsPage),
      page('org/teams', TeamsPage),
      page('org/users', UsersPage),
      page('org/chains', ReferencePage, '/org/chains', <ReferencePage key="chains" kind="chains" />),
      page('org/source-regions', ReferencePage, '/org/source-regions', <ReferencePage key="sources" kind="sources" />),
      page('imports', ImportPage),
      page('imports/:kind', ImportPage, '/imports'),
      page('projects', ProjectsPage),
      page('projects/:id', ProjectPage, null),
      page('carriers', CarriersPage),
      page('more', MorePage, null),
      page('three-un', ThreeUnPage),
      page('three-growth', GrowthPage),
      page('supervision', SupervisionPage),
      // Every role: the bell's list, a notification's subject looked up, and one's own password.
      page('notifications', NotificationsPage, null),
      page('go/:type/:id', SubjectRedirect, null),
      page('account/password', ChangePasswordPage, null),
      { path: '*', element: <Notice title="页面不存在" text="请检查网址，或从菜单进入。" action={<Button href="/">返回首页</Button>} /> },
    ],
  },
];

/**
 * Starts loading the chunk of the page at this address, and with a stored session the data of a
 * first screen that says how (the board). At start it runs beside the session check, so the page's
 * code and answers arrive while /auth/me is answered rather than after it: round trips and a
 * render off a phone's first screen. A session the server refuses fails those calls as it fails
 * /auth/me; the page, not shown then, never uses them.
 */
function preloadPageAt(pathname: string): void {
  for (const match of matchRoutes(routes, pathname) ?? []) {
    const handle = match.route.handle as { preload?: () => Promise<unknown>; prefetch?: () => void } | undefined;
    // A failed preload is not an error: the render's own import retries and reports it.
    handle?.preload?.().catch(() => undefined);
    if (currentSession()) handle?.prefetch?.();
  }
}

preloadPageAt(window.location.pathname);
const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
