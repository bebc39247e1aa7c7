import { describe, expect, it } from 'vitest';
import { activePath, canOpen, homeFor, navFor, onTabBar } from './navigation';

describe('role menus', () => {
  it('gives each role only the pages it can use', () => {
    const paths = (r: 'member' | 'manager' | 'admin') => navFor(r).map((n) => n.path);
    expect(paths('member')).toEqual(['/today', '/interactions/new', '/enterprises', '/projects', '/carriers', '/leads', '/rankings']);
    expect(paths('manager')).toEqual(expect.arrayContaining(['/targets', '/rankings', '/lead-claims', '/leads/idle', '/funnel']));
    expect(paths('manager')).not.toContain('/audit');
    expect(paths('manager')).not.toContain('/org/users');
    expect(paths('manager')).not.toContain('/admin/login-locks');
    expect(paths('admin')).toEqual(expect.arrayContaining(['/org/regions', '/org/teams', '/org/users', '/org/chains', '/org/source-regions']));
    expect(paths('manager')).not.toContain('/signing-events');
    expect(paths('admin')).toEqual(expect.arrayContaining(['/targets', '/rankings', '/audit', '/queues', '/signing-events', '/admin/login-locks']));
    expect(navFor('admin').find((n) => n.path === '/admin/login-locks')?.group).toBe('系统管理');
    expect(paths('admin')).not.toContain('/today');
    expect(canOpen('member', '/targets')).toBe(false);
    // The 通报 table: admins and managers (the service answers members 403).
    expect(canOpen('manager', '/reporting')).toBe(true);
    expect(canOpen('admin', '/reporting')).toBe(true);
    expect(canOpen('member', '/reporting')).toBe(false);
    // Members read the published 通报 (the page shows them no preview).
    expect(canOpen('member', '/rankings')).toBe(true);
    expect(canOpen('member', '/more')).toBe(true);
    // 载体与推介: everyone reads it (members market the parks and projects too), under 项目.
    for (const role of ['member', 'manager', 'admin'] as const) expect(canOpen(role, '/carriers')).toBe(true);
    expect(navFor('member').find((n) => n.path === '/carriers')?.group).toBe('项目');
    expect(canOpen('member', '/admin/login-locks')).toBe(false);
    expect(canOpen('admin', '/admin/login-locks')).toBe(true);
    // 三未, 三增长 and 招商地图: reports for managers and admins (the map reads the 通报 members are refused).
    for (const path of ['/three-un', '/three-growth', '/map']) {
      expect(canOpen('manager', path)).toBe(true);
      expect(canOpen('admin', path)).toBe(true);
      expect(canOpen('member', path)).toBe(false);
    }
  });
  it('gives a 责任部门 account 督办 alone, its home', () => {
    expect(navFor('department').map((n) => n.path)).toEqual(['/supervision']);
    expect(homeFor('department')).toBe('/supervision');
    expect(canOpen('department', '/projects')).toBe(false);
    expect(canOpen('department', '/more')).toBe(true);
    expect(canOpen('manager', '/supervision')).toBe(true);
    expect(canOpen('admin', '/supervision')).toBe(true);
    expect(canOpen('member', '/supervision')).toBe(false);
  });
  it('keeps a member’s phone bar at five: 今日, 记录, 企业, 项目 and 更多 (线索列表 and 排名 under 更多)', () => {
    const bar = (r: 'member' | 'manager') => navFor(r).filter((n) => onTabBar(n, r)).map((n) => n.path);
    expect(bar('member')).toEqual(['/today', '/interactions/new', '/enterprises', '/projects']);
    expect(bar('manager')).toEqual(['/today', '/interactions/new', '/pipeline', '/dashboard']);
  });
  it('marks the longest matching entry', () => {
    const items = navFor('admin');
    expect(activePath(items, '/pipeline')).toBe('/pipeline');
    expect(activePath(items, '/leads/idle')).toBe('/leads/idle');
    // 线索列表 and the lead pages opened from it.
    expect(activePath(items, '/leads')).toBe('/leads');
    expect(activePath(items, '/leads/0b5c2f4e-1a2b-4c3d-8e9f-0123456789ab')).toBe('/leads');
    expect(activePath(items, '/pipelines')).toBeUndefined();
  });
});
