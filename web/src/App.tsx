import { Button, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { useAuth } from './auth/AuthProvider';
import { AppLayout } from './layout/AppLayout';
import { canOpen, homeFor } from './layout/navigation';
import { Notice } from './layout/Notice';

// Each page is its own chunk: the first screen loads only the shell and the page it shows.
const LoginPage = lazy(() => import('./auth/LoginPage'));
const TodayPage = lazy(() => import('./pages/today/TodayPage'));
const LogInteractionPage = lazy(() => import('./pages/interactions/LogInteractionPage'));
const PipelinePage = lazy(() => import('./pages/pipeline/PipelinePage'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const TargetsPage = lazy(() => import('./pages/targets/TargetsPage'));
const RankingsPage = lazy(() => import('./pages/rankings/RankingsPage'));
const ReportingPage = lazy(() => import('./pages/reporting/ReportingPage'));
const LeadClaimsPage = lazy(() => import('./pages/leads/LeadClaimsPage'));
const IdleLeadsPage = lazy(() => import('./pages/leads/IdleLeadsPage'));
const FunnelPage = lazy(() => import('./pages/leads/FunnelPage'));
const SigningEventsPage = lazy(() => import('./pages/admin/SigningEventsPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const QueuesPage = lazy(() => import('./pages/admin/QueuesPage'));
const LoginLocksPage = lazy(() => import('./pages/admin/LoginLocksPage'));
const EnterprisesPage = lazy(() => import('./pages/enterprises/EnterprisesPage'));
const EnterprisePage = lazy(() => import('./pages/enterprises/EnterprisePage'));
const LeadPage = lazy(() => import('./pages/leads/LeadPage'));
const RegionsPage = lazy(() => import('./pages/org/RegionsPage'));
const TeamsPage = lazy(() => import('./pages/org/TeamsPage'));
const UsersPage = lazy(() => import('./pages/org/UsersPage'));
const ReferencePage = lazy(() => import('./pages/org/ReferencePage'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage'));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage'));
const ProjectPage = lazy(() => import('./pages/projects/ProjectPage'));
const MorePage = lazy(() => import('./layout/MorePage'));
const ThreeUnPage = lazy(() => import('./pages/registry/ThreeUnPage'));
const GrowthPage = lazy(() => import('./pages/registry/GrowthPage'));
// Print views: an A4 sheet without the app's menu, one per report (web/src/print/).
const SummaryPrint = lazy(() => import('./print/views/SummaryPrint'));
const RankingPrint = lazy(() => import('./print/views/RankingPrint'));
const RosterPrint = lazy(() => import('./print/views/RosterPrint'));
const CompletionPrint = lazy(() => import('./print/views/CompletionPrint'));
const ThreeUnPrint = lazy(() => import('./print/views/ThreeUnPrint'));
const UnfulfilledPrint = lazy(() => import('./print/views/UnfulfilledPrint'));
const SchedulePrint = lazy(() => import('./print/views/SchedulePrint'));
const SigningEventsPrint = lazy(() => import('./print/views/SigningEventsPrint'));

function RequireUser({ children }: { children: ReactNode }) {
  const { user, unreachable } = useAuth();
  const location = useLocation();
  if (user === undefined && unreachable) {
    return <Notice title="无法连接服务器" text="请检查网络后重试，登录状态仍然保留。" action={<Button type="primary" onClick={() => window.location.reload()}>重试</Button>} />;
  }
  if (user === undefined) return <Spin size="large" className="page-spin" />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
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

const router = createBrowserRouter([
  {
    path: '/login',
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
      { path: 'summary', element: <SummaryPrint /> },
      { path: 'ranking/:id', element: <RankingPrint /> },
      { path: 'roster/:eventId', element: <RosterPrint /> },
      { path: 'completion', element: <CompletionPrint /> },
      { path: 'three-un', element: <ThreeUnPrint /> },
      { path: 'unfulfilled', element: <UnfulfilledPrint /> },
      { path: 'schedule', element: <SchedulePrint /> },
      { path: 'signing-events', element: <SigningEventsPrint /> },
    ],
  },
  // The wall screen: the dashboard alone, without the app's menu and header.
  {
    path: '/wall',
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
      { path: 'today', element: <ForRoles path="/today"><TodayPage /></ForRoles> },
      { path: 'interactions/new', element: <ForRoles path="/interactions/new"><LogInteractionPage /></ForRoles> },
      { path: 'pipeline', element: <ForRoles path="/pipeline"><PipelinePage /></ForRoles> },
      { path: 'dashboard', element: <ForRoles path="/dashboard"><DashboardPage /></ForRoles> },
      { path: 'targets', element: <ForRoles path="/targets"><TargetsPage /></ForRoles> },
      { path: 'reporting', element: <ForRoles path="/reporting"><ReportingPage /></ForRoles> },
      { path: 'rankings', element: <ForRoles path="/rankings"><RankingsPage /></ForRoles> },
      { path: 'lead-claims', element: <ForRoles path="/lead-claims"><LeadClaimsPage /></ForRoles> },
      { path: 'leads/idle', element: <ForRoles path="/leads/idle"><IdleLeadsPage /></ForRoles> },
      { path: 'funnel', element: <ForRoles path="/funnel"><FunnelPage /></ForRoles> },
      { path: 'signing-events', element: <ForRoles path="/signing-events"><SigningEventsPage /></ForRoles> },
      { path: 'audit', element: <ForRoles path="/audit"><AuditPage /></ForRoles> },
      { path: 'queues', element: <ForRoles path="/queues"><QueuesPage /></ForRoles> },
      { path: 'admin/login-locks', element: <ForRoles path="/admin/login-locks"><LoginLocksPage /></ForRoles> },
      { path: 'enterprises', element: <ForRoles path="/enterprises"><EnterprisesPage /></ForRoles> },
      // Detail pages every role reaches from a list; the server answers 404 outside the user's scope.
      { path: 'enterprises/:id', element: <EnterprisePage /> },
      { path: 'leads/:id', element: <LeadPage /> },
      { path: 'org/regions', element: <ForRoles path="/org/regions"><RegionsPage /></ForRoles> },
      { path: 'org/teams', element: <ForRoles path="/org/teams"><TeamsPage /></ForRoles> },
      { path: 'org/users', element: <ForRoles path="/org/users"><UsersPage /></ForRoles> },
      { path: 'org/chains', element: <ForRoles path="/org/chains"><ReferencePage key="chains" kind="chains" /></ForRoles> },
      { path: 'org/source-regions', element: <ForRoles path="/org/source-regions"><ReferencePage key="sources" kind="sources" /></ForRoles> },
      { path: 'imports', element: <ForRoles path="/imports"><ImportPage /></ForRoles> },
      { path: 'imports/:kind', element: <ForRoles path="/imports"><ImportPage /></ForRoles> },
      { path: 'projects', element: <ForRoles path="/projects"><ProjectsPage /></ForRoles> },
      { path: 'projects/:id', element: <ProjectPage /> },
      { path: 'more', element: <MorePage /> },
      { path: 'three-un', element: <ForRoles path="/three-un"><ThreeUnPage /></ForRoles> },
      { path: 'three-growth', element: <ForRoles path="/three-growth"><GrowthPage /></ForRoles> },
      { path: '*', element: <Notice title="页面不存在" text="请检查网址，或从菜单进入。" action={<Button href="/">返回首页</Button>} /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
