import { randomBytes } from 'node:crypto';
import { Role } from '../../src/common/auth/auth-user';
import { RegionLevel } from '../../src/regions/entities/region-unit.entity';
import { RegionsService } from '../../src/regions/regions.service';
import { ManagerScopesService } from '../../src/teams/manager-scopes.service';
import { TeamsService } from '../../src/teams/teams.service';
import { UsersService } from '../../src/users/users.service';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  /** A fresh access token, signed in through the API. */
  token(): Promise<string>;
}

const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

/** Builds records straight through the services (fast), and signs in through HTTP (real). */
export class Factory {
  private admin?: TestUser;

  constructor(private readonly t: TestApp) {}

  async user(opts: { role?: Role; username?: string; password?: string; displayName?: string } = {}): Promise<TestUser> {
    const username = (opts.username ?? unique('user')).toLowerCase();
    const password = opts.password ?? `pw-${randomBytes(6).toString('hex')}`;
    const role = opts.role ?? Role.Member;
    const view = await this.t.app.get(UsersService).create(null, { username, password, role, displayName: opts.displayName ?? username });
    return { id: view.id, username, password, role, token: () => this.login(username, password) };
  }

  /** One admin per test app, created on first use. */
  async adminUser(): Promise<TestUser> {
    this.admin ??= await this.user({ role: Role.Admin });
    return this.admin;
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.t.http().post('/api/v1/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  async region(opts: { name?: string; level?: RegionLevel; parentId?: string | null; code?: string } = {}) {
    const level = opts.level ?? (opts.parentId ? RegionLevel.County : RegionLevel.City);
    return this.t.app.get(RegionsService).create(null, { name: opts.name ?? unique('区域'), level, parentId: opts.parentId ?? null, code: opts.code });
  }

  /** A city with counties under it, the usual shape of a scope test. */
  async cityWithCounties(n = 2) {
    const city = await this.region();
    const counties = [];
    for (let i = 0; i < n; i++) counties.push(await this.region({ parentId: city.id, level: RegionLevel.County }));
    return { city, counties };
  }

  async team(opts: { regionUnitId: string; name?: string; memberIds?: string[]; leaderId?: string }) {
    const admin = await this.adminUser();
    const actor = { id: admin.id, username: admin.username, displayName: admin.username, role: Role.Admin };
    return this.t.app.get(TeamsService).create(actor, { name: opts.name ?? unique('招商队'), regionUnitId: opts.regionUnitId, memberIds: opts.memberIds, leaderId: opts.leaderId });
  }

  /** A manager overseeing the given region units and teams. */
  async manager(scope: { regionUnitIds?: string[]; teamIds?: string[] } = {}): Promise<TestUser> {
    const user = await this.user({ role: Role.Manager });
    const admin = await this.adminUser();
    await this.t.app.get(ManagerScopesService).replace(
      { id: admin.id, username: admin.username, displayName: admin.username, role: Role.Admin },
      user.id,
      { regionUnitIds: scope.regionUnitIds ?? [], teamIds: scope.teamIds ?? [] },
    );
    return user;
  }
}
