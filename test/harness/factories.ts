import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/common/auth/auth-user';
import { RegionLevel } from '../../src/regions/entities/region-unit.entity';
import { RegionsService } from '../../src/regions/regions.service';
import { ManagerScopesService } from '../../src/teams/manager-scopes.service';
import { TeamsService } from '../../src/teams/teams.service';
import { User } from '../../src/users/entities/user.entity';
import { hashPassword } from '../../src/users/password';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  /** A fresh access token, signed in through the API. */
  token(): Promise<string>;
}

export const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

/** What `POST /auth/login` and `/auth/refresh` answer. */
export interface TokenPairBody {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresAt: string;
  user: { id: string; username: string; role: Role; isActive: boolean };
}

/** supertest requests carrying a bearer token. */
export interface AuthedClient {
  get(url: string): request.Test;
  post(url: string): request.Test;
  put(url: string): request.Test;
  patch(url: string): request.Test;
  delete(url: string): request.Test;
}

const SHARED_PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
}

/** Builds records straight through the services (fast), and signs in through HTTP (real). */
export class Factory {
  private admin?: TestUser;

  constructor(private readonly t: TestApp) {}

  /**
   * A user row with a real argon2id hash. Straight into the table, and the hash computed once
   * per password (users share one unless a test gives its own): argon2 is deliberately slow and
   * would dominate the suite. Creating users through the API is what users.e2e-spec tests.
   */
  async user(opts: { role?: Role; username?: string; password?: string; displayName?: string } = {}): Promise<TestUser> {
    const username = (opts.username ?? unique('user')).toLowerCase();
    const password = opts.password ?? SHARED_PASSWORD;
    const role = opts.role ?? Role.Member;
    const repo = this.t.db.getRepository(User);
    const row = await repo.save(repo.create({ username, displayName: opts.displayName ?? username, role, passwordHash: await hashOnce(password) }));
    return { id: row.id, username, password, role, token: () => this.login(username, password) };
  }

  /** One admin per test app, created on first use. */
  async adminUser(): Promise<TestUser> {
    this.admin ??= await this.user({ role: Role.Admin });
    return this.admin;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.signIn(username, password)).accessToken;
  }

  /** Signs in through the API and returns the whole token pair. */
  async signIn(username: string, password: string): Promise<TokenPairBody> {
    const res = await this.t.http().post('/api/v1/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as TokenPairBody;
  }

  /** Requests with `Authorization: Bearer <token>`. */
  as(token: string): AuthedClient {
    const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`);
    return {
      get: (url) => auth(this.t.http().get(url)),
      post: (url) => auth(this.t.http().post(url)),
      put: (url) => auth(this.t.http().put(url)),
      patch: (url) => auth(this.t.http().patch(url)),
      delete: (url) => auth(this.t.http().delete(url)),
    };
  }

  /**
   * Follows `nextCursor` from the first page to the last: every item, and how many pages it
   * took. Every page answers the list's total, the same on each, and equal to the items walked.
   */
  async walk<T = { id: string }>(api: AuthedClient, path: string, query: Record<string, unknown> = {}, limit = 2): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    const totals = new Set<number>();
    do {
      const res: request.Response = await api.get(path).query({ ...query, limit, ...(cursor ? { cursor } : {}) });
      if (res.status !== 200) throw new Error(`GET ${path} page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}`);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor', 'total']);
      totals.add(res.body.total as number);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...(res.body.items as T[]));
      cursor = res.body.nextCursor as string | null;
      if (++pages > 1000) throw new Error(`GET ${path}: the cursor walk does not end`);
    } while (cursor);
    expect({ path, totals: [...totals] }).toEqual({ path, totals: [items.length] });
    return { items, pages };
  }

  /** A client signed in as a new user of `role` (the shared admin for Role.Admin). */
  async client(role: Role = Role.Member): Promise<{ user: TestUser; api: AuthedClient }> {
    const user = role === Role.Admin ? await this.adminUser() : await this.user({ role });
    return { user, api: this.as(await user.token()) };
  }

  async region(opts: { name?: string; level?: RegionLevel; parentId?: string | null; code?: string } = {}) {
    const level = opts.level ?? (opts.parentId ? RegionLevel.County : RegionLevel.City);
    return this.t.app.get(RegionsService).create(null, { name: opts.name ?? unique('区域'), level, parentId: opts.parentId ?? null, code: opts.code });
  }

  /** A full branch 市 → 县 → 乡 → 村. */
  async branch() {
    const city = await this.region({ level: RegionLevel.City });
    const county = await this.region({ level: RegionLevel.County, parentId: city.id });
    const township = await this.region({ level: RegionLevel.Township, parentId: county.id });
    const village = await this.region({ level: RegionLevel.Village, parentId: township.id });
    return { city, county, township, village };
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
