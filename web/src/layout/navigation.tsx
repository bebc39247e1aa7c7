import { DashboardOutlined, EditOutlined, FundProjectionScreenOutlined, HomeOutlined } from '@ant-design/icons';
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
}

/**
 * What each role finds in the menu: only pages they can use. The server still decides every
 * request; this only keeps people from menus that would answer 403/404.
 */
export const NAV: readonly NavItem[] = [
  { path: '/today', label: '今日', short: '今日', icon: <HomeOutlined />, roles: ['member', 'manager'] },
  { path: '/interactions/new', label: '记录对接', short: '记录', icon: <EditOutlined />, roles: ['member', 'manager'] },
  { path: '/pipeline', label: '在谈项目看板', short: '看板', icon: <FundProjectionScreenOutlined />, roles: ['manager', 'admin'] },
  { path: '/dashboard', label: '驾驶舱', short: '驾驶舱', icon: <DashboardOutlined />, roles: ['manager', 'admin'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}

export function canOpen(role: Role, path: string): boolean {
  return navFor(role).some((n) => n.path === path);
}

/**
 * Where a role lands after signing in. Not the dashboard: its charts weigh ~250 KB gzipped on
 * their own, so it is a page to open (or a wall screen's bookmark), not a first screen.
 */
export function homeFor(role: Role): string {
  return role === 'member' ? '/today' : '/pipeline';
}

export const ROLE_LABEL: Record<Role, string> = { member: '招商队员', manager: '分管领导', admin: '管理员' };
