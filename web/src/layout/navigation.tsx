import {
  AimOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BranchesOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundProjectionScreenOutlined,
  FunnelPlotOutlined,
  HomeOutlined,
  ImportOutlined,
  LockOutlined,
  OrderedListOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  SwapOutlined,
  TeamOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { UserView } from '../api/views';

export type Role = UserView['role'];

export interface NavItem {
  path: string;
  label: string;
  /** Shorter label for the phone's bottom bar. */
  short: string;
  icon: ReactNode;
  roles: readonly Role[];
  /** Heading the side menu lists it under. */
  group: '工作台' | '项目' | '指标与排名' | '系统管理';
  /** On the phone's bottom bar (for every role, or for the roles listed); the rest are under 更多. */
  tab?: boolean | readonly Role[];
}

/**
 * What each role finds in the menu: only pages they can use. The server still decides every
 * request; this only keeps people from menus that would answer 403/404.
 */
export const NAV: readonly NavItem[] = [
  { path: '/today', label: '今日', short: '今日', icon: <HomeOutlined />, roles: ['member', 'manager'], group: '工作台', tab: true },
  { path: '/interactions/new', label: '记录对接', short: '记录', icon: <EditOutlined />, roles: ['member', 'manager'], group: '工作台', tab: true },
  { path: '/enterprises', label: '企业库', short: '企业', icon: <BankOutlined />, roles: ['member', 'manager', 'admin'], group: '工作台', tab: ['member'] },
  { path: '/pipeline', label: '在谈项目看板', short: '看板', icon: <FundProjectionScreenOutlined />, roles: ['manager', 'admin'], group: '项目', tab: true },
  { path: '/projects', label: '项目库', short: '项目', icon: <ProjectOutlined />, roles: ['member', 'manager', 'admin'], group: '项目', tab: ['member'] },
  { path: '/carriers', label: '载体与推介', short: '载体', icon: <ShopOutlined />, roles: ['member', 'manager', 'admin'], group: '项目' },
  { path: '/funnel', label: '转化漏斗', short: '漏斗', icon: <FunnelPlotOutlined />, roles: ['manager', 'admin'], group: '项目' },
  { path: '/leads', label: '线索列表', short: '线索', icon: <UnorderedListOutlined />, roles: ['member', 'manager', 'admin'], group: '项目' },
  { path: '/leads/idle', label: '闲置线索', short: '闲置', icon: <FieldTimeOutlined />, roles: ['manager', 'admin'], group: '项目' },
  { path: '/lead-claims', label: '撞单裁定', short: '撞单', icon: <SwapOutlined />, roles: ['manager', 'admin'], group: '项目' },
  { path: '/three-un', label: '三未清单', short: '三未', icon: <FieldTimeOutlined />, roles: ['manager', 'admin'], group: '项目' },
  { path: '/three-growth', label: '三增长', short: '三增长', icon: <OrderedListOutlined />, roles: ['manager', 'admin'], group: '项目' },
  { path: '/supervision', label: '督办', short: '督办', icon: <SafetyCertificateOutlined />, roles: ['manager', 'admin', 'department'], group: '项目', tab: ['department'] },
  { path: '/signing-events', label: '签约活动', short: '签约', icon: <AppstoreOutlined />, roles: ['admin'], group: '项目' },
  { path: '/dashboard', label: '驾驶舱', short: '驾驶舱', icon: <DashboardOutlined />, roles: ['manager', 'admin'], group: '指标与排名', tab: true },
  { path: '/targets', label: '指标任务', short: '指标', icon: <AimOutlined />, roles: ['manager', 'admin'], group: '指标与排名' },
  { path: '/map', label: '招商地图', short: '地图', icon: <EnvironmentOutlined />, roles: ['manager', 'admin'], group: '指标与排名' },
  { path: '/reporting', label: '通报', short: '通报', icon: <FileTextOutlined />, roles: ['manager', 'admin'], group: '指标与排名' },
  { path: '/chains/map', label: '产业链图谱', short: '链图', icon: <BranchesOutlined />, roles: ['manager', 'admin'], group: '指标与排名' },
  { path: '/rankings', label: '通报排名', short: '排名', icon: <TrophyOutlined />, roles: ['member', 'manager', 'admin'], group: '指标与排名' },
  { path: '/org/regions', label: '区域', short: '区域', icon: <ApartmentOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/org/teams', label: '招商队', short: '招商队', icon: <TeamOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/org/users', label: '用户', short: '用户', icon: <UserOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/org/chains', label: '产业链', short: '产业链', icon: <BranchesOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/org/source-regions', label: '客商来源地', short: '来源地', icon: <FlagOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/imports', label: '数据导入', short: '导入', icon: <ImportOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/audit', label: '操作日志', short: '日志', icon: <AuditOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/queues', label: '后台任务', short: '任务', icon: <CloudServerOutlined />, roles: ['admin'], group: '系统管理' },
  { path: '/admin/login-locks', label: '登录锁定', short: '锁定', icon: <LockOutlined />, roles: ['admin'], group: '系统管理' },
];

/** The phone's 更多 page: the role's menu entries that are not on the bottom bar. */
export const MORE: NavItem = { path: '/more', label: '更多', short: '更多', icon: <OrderedListOutlined />, roles: ['member', 'manager', 'admin', 'department'], group: '工作台' };

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}

/** Whether the entry sits on `role`'s bottom bar (when the role has more pages than the bar holds). */
export function onTabBar(item: NavItem, role: Role): boolean {
  return item.tab === true || (Array.isArray(item.tab) && item.tab.includes(role));
}

export function canOpen(role: Role, path: string): boolean {
  if (path === MORE.path) return true;
  return navFor(role).some((n) => n.path === path);
}

/** The menu entry a location belongs to: the longest path it starts with (/leads/idle, not a shorter one). */
export function activePath(items: readonly NavItem[], pathname: string): string | undefined {
  return items
    .filter((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

/**
 * Where a role lands after signing in. Not the dashboard: its charts weigh ~250 KB gzipped on
 * their own, so it is a page to open (or a wall screen's bookmark), not a first screen.
 */
export function homeFor(role: Role): string {
  return role === 'member' ? '/today' : role === 'department' ? '/supervision' : '/pipeline';
}

export const ROLE_LABEL: Record<Role, string> = { member: '招商队员', manager: '分管领导', admin: '管理员', department: '责任部门' };
