import { Role } from '../src/common/auth/auth-user';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const USERS = '/api/v1/users';

describe('users', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const a = await f.client(Role.Admin);
    admin = a.api;
    adminId = a.user.id;
  });
  afterAll(() => t.close());

  const userCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n as number;

  it('admin creates a user who can then sign in', async () => {
    const username = unique('Zhang').replace('_', '.');
    const res = await admin
      .post(USERS)
      .send({ username, displayName: '张三', role: 'member', password: 'initial-pass-1', phone: '13800138000', email: 'zs@example.cn' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      username: username.toLowerCase(),
      displayName: '张三',
      role: 'member',
      departmentId: null,
      isActive: true,
      phone: '13800138000',
      email: 'zs@example.cn',
      lastLoginAt: null,
      createdAt: expect.any(String),
      teams: [],
    });
    const [row] = await t.db.query('SELECT username, password_hash FROM users WHERE id = $1', [res.body.id]);
    expect(row.username).toBe(username.toLowerCase());
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    await f.login(username, 'initial-pass-1');
    const got = await admin.get(`${USERS}/${res.body.id}`).expect(200);
    expect(got.body.lastLoginAt).not.toBeNull();
  });

  it('creates a user on a team in one step and lists each user with their teams', async () => {
    const region = await f.region();
    const [a, b] = [await f.team({ regionUnitId: region.id, name: unique('招商B队') }), await f.team({ regionUnitId: region.id, name: unique('招商A队') })];
    const username = unique('onteam');
    const res = await admin.post(USERS).send({ username, displayName: '队员甲', role: 'member', password: 'initial-pass-1', teamId: a.id }).expect(201);
    expect(res.body.teams).toEqual([{ id: a.id, name: a.name }]);
    const [member] = await t.db.query('SELECT count(*)::int AS n FROM team_members WHERE team_id = $1 AND user_id = $2', [a.id, res.body.id]);
    expect(member.n).toBe(1);
    // A second team joined on the teams page shows beside the first, by name.
    await admin.post(`/api/v1/teams/${b.id}/members`).send({ userId: res.body.id }).expect(201);
    const listed = await admin.get(USERS).query({ q: username }).expect(200);
    const expected = [{ id: a.id, name: a.name }, { id: b.id, name: b.name }].sort((x, y) => (x.name < y.name ? -1 : 1));
    expect(listed.body.items[0].teams).toEqual(expected);
    expect((await admin.get(`${USERS}/${res.body.id}`).expect(200)).body.teams).toEqual(expected);
    const [audit] = await t.db.query(`SELECT changes FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action = 'create'`, [res.body.id]);
    expect(audit.changes.teamIds).toEqual({ from: null, to: [a.id] });
  });

  it('refuses an unknown or archived team, naming the field, and creates no user', async () => {
    const region = await f.region();
    const archived = await f.team({ regionUnitId: region.id });
    await admin.patch(`/api/v1/teams/${archived.id}`).send({ isArchived: true }).expect(200);
    const before = await userCount();
    for (const teamId of ['00000000-0000-4000-8000-000000000000', archived.id]) {
      const res = await admin.post(USERS).send({ username: unique('noteam'), displayName: '无队', role: 'member', password: 'initial-pass-1', teamId }).expect(400);
      expectError(res, 400, 'USER_TEAM_NOT_FOUND', 'teamId');
    }
    const bad = await admin.post(USERS).send({ username: unique('noteam'), displayName: '无队', role: 'member', password: 'initial-pass-1', teamId: 'not-a-uuid' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['teamId']);
    // teamId is for creation only: a PATCH with it is refused as an unknown field.
    const u = await f.user();
    await admin.patch(`${USERS}/${u.id}`).send({ teamId: archived.id }).expect(400);
    expect(await userCount()).toBe(before + 1);
  });

  it('lists with a cursor: walking nextCursor returns every user exactly once', async () => {
    for (let i = 0; i < 7; i++) await f.user();
    const total = await userCount();
    const walked = await f.walk(admin, USERS, {}, 3);
    const seen = walked.items.map((u) => u.id);
    const pages = walked.pages;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 3));
    const rows: Array<{ id: string }> = await t.db.query('SELECT id FROM users');
    expect(new Set(seen)).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('filters by role, active flag and search text', async () => {
    const tag = unique('find').toLowerCase();
    const m = await f.user({ role: Role.Manager, username: `${tag}_mgr` });
    const u = await f.user({ role: Role.Member, username: `${tag}_mem` });
    await admin.patch(`${USERS}/${u.id}`).send({ isActive: false }).expect(200);
    const byText = await admin.get(USERS).query({ q: tag }).expect(200);
    expect(byText.body.items.map((x: { id: string }) => x.id).sort()).toEqual([m.id, u.id].sort());
    const managers = await admin.get(USERS).query({ q: tag, role: 'manager' }).expect(200);
    expect(managers.body.items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    const inactive = await admin.get(USERS).query({ q: tag, isActive: 'false' }).expect(200);
    expect(inactive.body.items.map((x: { id: string }) => x.id)).toEqual([u.id]);
  });

  it('searches display names regardless of case', async () => {
    const name = `${unique('Mixed')} Zhang`;
    const u = await f.user({ displayName: name });
    for (const q of [name, name.toLowerCase(), name.toUpperCase()]) {
      const res = await admin.get(USERS).query({ q }).expect(200);
      expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([u.id]);
    }
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    await f.user({ username: unique('pct') });
    const res = await admin.get(USERS).query({ q: '%' }).expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('admin updates name, role, phone and email', async () => {
    const u = await f.user();
    const res = await admin.patch(`${USERS}/${u.id}`).send({ displayName: '新名字', role: 'manager', phone: '13900139000', email: null }).expect(200);
    expect(res.body).toMatchObject({ id: u.id, displayName: '新名字', role: 'manager', phone: '13900139000', email: null });
    const [row] = await t.db.query('SELECT display_name, role, phone FROM users WHERE id = $1', [u.id]);
    expect(row).toEqual({ display_name: '新名字', role: 'manager', phone: '13900139000' });
  });

  it('answers an unknown user id with 404', async () => {
    expectError(await admin.get(`${USERS}/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
    expectError(await admin.patch(`${USERS}/00000000-0000-4000-8000-000000000000`).send({ displayName: 'x' }), 404, 'NOT_FOUND');
  });

  it.each([Role.Member, Role.Manager])('%s gets 403 on every /users route', async (role) => {
    const { api } = await f.client(role);
    const other = await f.user();
    expectError(await api.get(USERS), 403, 'FORBIDDEN');
    expectError(await api.get(`${USERS}/${other.id}`), 403, 'FORBIDDEN');
    const before = await userCount();
    expectError(await api.post(USERS).send({ username: unique('x'), displayName: 'x', role: 'admin', password: 'password-123' }), 403, 'FORBIDDEN');
    expect(await userCount()).toBe(before);
    expectError(await api.patch(`${USERS}/${other.id}`).send({ role: 'admin' }), 403, 'FORBIDDEN');
    const [row] = await t.db.query('SELECT role FROM users WHERE id = $1', [other.id]);
    expect(row.role).toBe('member');
  });

  it('refuses a duplicate username, whatever its case, with 409 USERNAME_TAKEN and writes nothing', async () => {
    const u = await f.user();
    const before = await userCount();
    const [{ n: auditBefore }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
    const res = await admin.post(USERS).send({ username: u.username.toUpperCase(), displayName: '重复', role: 'member', password: 'password-123' });
    expectError(res, 409, 'USERNAME_TAKEN', 'username');
    expect(await userCount()).toBe(before);
    const [{ n: auditAfter }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
    expect(auditAfter).toBe(auditBefore);
  });

  it('an admin cannot deactivate their own account', async () => {
    const res = await admin.patch(`${USERS}/${adminId}`).send({ isActive: false });
    expectError(res, 409, 'CANNOT_DEACTIVATE_SELF', 'isActive');
    const [row] = await t.db.query('SELECT is_active FROM users WHERE id = $1', [adminId]);
    expect(row.is_active).toBe(true);
  });

  it.each([
    ['phone', { phone: '12345' }],
    ['phone', { phone: '23800138000' }],
    ['email', { email: 'not-an-email' }],
    ['username', { username: 'a b' }],
    ['username', { username: 'ab' }],
    ['role', { role: 'superuser' }],
    ['password', { password: 'short' }],
    ['password', { password: 'nine-char' }],
    ['password', { password: 'qwertyuiop' }],
    ['password', { password: '1QAZ2WSX3EDC' }],
    ['password', { password: 'woaini1314' }],
    ['displayName', { displayName: '' }],
    ['displayName', { displayName: '名'.repeat(65) }],
  ])('refuses a bad %s with 400 naming it and writes nothing', async (field, patch) => {
    const before = await userCount();
    const body = { username: unique('ok'), displayName: '好名字', role: 'member', password: 'password-123', ...patch };
    expectError(await admin.post(USERS).send(body), 400, 'VALIDATION_FAILED', field);
    expect(await userCount()).toBe(before);
  });

  it('holds an admin reset to the password policy: a Chinese message naming password, nothing written', async () => {
    const u = await f.user();
    const [before] = await t.db.query('SELECT password_hash, token_version FROM users WHERE id = $1', [u.id]);
    for (const [password, why] of [
      ['123456789', /密码至少需要 10 个字符/],
      ['Password1234', /密码是常见密码/],
      ['1234567890', /密码是常见密码/],
    ] as const) {
      const res = await admin.patch(`${USERS}/${u.id}`).send({ password });
      expectError(res, 400, 'VALIDATION_FAILED', 'password');
      expect(res.body.details.find((d: { field: string }) => d.field === 'password').message).toMatch(why);
    }
    const [after] = await t.db.query('SELECT password_hash, token_version FROM users WHERE id = $1', [u.id]);
    expect(after).toEqual(before);
    await admin.patch(`${USERS}/${u.id}`).send({ password: 'a-long-unusual-one' }).expect(200);
  });

  it('refuses a bad phone on update too', async () => {
    const u = await f.user();
    expectError(await admin.patch(`${USERS}/${u.id}`).send({ phone: '110' }), 400, 'VALIDATION_FAILED', 'phone');
  });

  it('refuses to change a username (not an updatable field)', async () => {
    const u = await f.user();
    expectError(await admin.patch(`${USERS}/${u.id}`).send({ username: 'renamed' }), 400, 'VALIDATION_FAILED', 'username');
  });
});

describe('users: the last admin', () => {
  // Its own app, so that "the last admin" is certain.
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('cannot be deactivated or demoted (409 LAST_ADMIN); with two admins one may go', async () => {
    const a = await f.client(Role.Admin);
    const second = await f.user({ role: Role.Admin });
    const third = await f.user({ role: Role.Admin });
    await a.api.patch(`${USERS}/${second.id}`).send({ role: 'manager' }).expect(200);
    await a.api.patch(`${USERS}/${third.id}`).send({ isActive: false }).expect(200);
    // `a` is now the only active admin (an inactive admin does not count).
    const demote = await a.api.patch(`${USERS}/${a.user.id}`).send({ role: 'member' });
    expectError(demote, 409, 'LAST_ADMIN');
    const [row] = await t.db.query('SELECT role, is_active FROM users WHERE id = $1', [a.user.id]);
    expect(row).toEqual({ role: 'admin', is_active: true });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`);
    expect(n).toBe(1);
  });

  it('a reactivated admin counts again; demoting down to none is still refused', async () => {
    const a = await f.client(Role.Admin);
    const [{ id: thirdId }] = await t.db.query(`SELECT id FROM users WHERE role = 'admin' AND NOT is_active`);
    await a.api.patch(`${USERS}/${thirdId}`).send({ isActive: true }).expect(200);
    // Two active admins again: `a` may now demote the other one, but not be left without any.
    await a.api.patch(`${USERS}/${thirdId}`).send({ role: 'member' }).expect(200);
    expectError(await a.api.patch(`${USERS}/${a.user.id}`).send({ role: 'manager' }), 409, 'LAST_ADMIN');
  });

  it('two admins demoting each other at the same moment leave one admin, not none', async () => {
    const a = await f.client(Role.Admin);
    for (let round = 0; round < 3; round++) {
      const b = await f.user({ role: Role.Admin });
      const bApi = f.as(await b.token());
      const results = await Promise.all([
        a.api.patch(`${USERS}/${b.id}`).send({ role: 'member' }),
        bApi.patch(`${USERS}/${a.user.id}`).send({ role: 'member' }),
      ]);
      // One wins; the other is refused (409), or finds its own token already void (401).
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409 || s === 401)).toHaveLength(1);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`);
      expect(n).toBe(1);
      if (results[1]?.status === 200) return; // `a` lost its role: the rest of the rounds need an admin token
    }
  });
});
