import { randomInt } from 'node:crypto';
import { Role } from '../src/common/auth/auth-user';
import { expectError } from './harness/expect-error';
import { Factory, TestUser, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const LOGIN = '/api/v1/auth/login';
const LOCKS = '/api/v1/auth/login-locks';

// Small numbers, so a test reaches every threshold quickly.
const ACCOUNT_FAILURES = 3;
const ADDRESS_FAILURES = 12;
const BASE = 60;
const MAX = 480;

/**
 * Source addresses. The app trusts X-Forwarded-For from loopback (`trust proxy: loopback`, the
 * reverse proxy in front of it), and supertest connects from 127.0.0.1: the header is exactly
 * how a proxied request from that address arrives.
 */
let next = 0;
/** IPv4 from the benchmarking range 198.18.0.0/15 (an IPv6 address is keyed by its /64: tested apart). */
const freshAddress = (): string => {
  next += 1;
  return `198.${18 + (next >> 16)}.${(next >> 8) & 255}.${next & 255}`;
};

describe('auth: sign-in throttling per (username, address) and per address', () => {
  let t: TestApp;
  let f: Factory;
  let admin: TestUser;
  let adminToken: string;
  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_ACCOUNT_FAILURES: String(ACCOUNT_FAILURES),
      LOGIN_ADDRESS_FAILURES: String(ADDRESS_FAILURES),
      LOGIN_LOCK_BASE_SECONDS: String(BASE),
      LOGIN_LOCK_MAX_SECONDS: String(MAX),
    });
    f = new Factory(t);
    admin = await f.adminUser();
    adminToken = await admin.token();
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, from: string) => t.http().post(LOGIN).set('X-Forwarded-For', from).send({ username, password });
  const fail = (username: string, from: string) => login(username, `wrong-${randomInt(1e9)}`, from);
  const lockRows = (username: string) =>
    t.db.query(`SELECT scope, username, address, failures, extract(epoch FROM locked_until - last_failure_at)::int AS seconds FROM login_throttles WHERE username = $1 ORDER BY address`, [username]);

  /** The four kinds of name an attacker may try; each must behave exactly like the others. */
  async function target(kind: 'member' | 'admin' | 'unknown' | 'deactivated'): Promise<{ username: string; password: string; canSignIn: boolean }> {
    if (kind === 'unknown') return { username: unique('nobody'), password: 'some-long-password', canSignIn: false };
    const u = await f.user({ role: kind === 'admin' ? Role.Admin : Role.Member });
    if (kind === 'deactivated') await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [u.id]);
    return { username: u.username, password: u.password, canSignIn: kind !== 'deactivated' };
  }

  describe.each(['member', 'admin', 'unknown', 'deactivated'] as const)('a %s name', (kind) => {
    it(`is throttled at one address after ${ACCOUNT_FAILURES} failures, right password included; elsewhere it is not`, async () => {
      const victim = await target(kind);
      const attacker = freshAddress();
      const owner = freshAddress();
      for (let i = 0; i < ACCOUNT_FAILURES; i++) expectError(await fail(victim.username, attacker), 401, 'INVALID_CREDENTIALS');
      for (const password of [victim.password, 'wrong-password']) {
        const res = await login(victim.username, password, attacker);
        expectError(res, 429, 'LOGIN_THROTTLED');
        expect(res.body.details.retryAfterSeconds).toBeGreaterThan(BASE - 10);
        expect(res.body.details.retryAfterSeconds).toBeLessThanOrEqual(BASE);
        expect(res.headers['retry-after']).toBe(String(res.body.details.retryAfterSeconds));
      }
      // The name typed differently is the same name.
      expectError(await login(` ${victim.username.toUpperCase()} `, victim.password, attacker), 429, 'LOGIN_THROTTLED');
      // The owner, from their own address, is not stopped by a stranger's failures.
      const own = await login(victim.username, victim.password, owner);
      expect([own.status, own.body.code]).toEqual(victim.canSignIn ? [200, undefined] : [401, 'INVALID_CREDENTIALS']);
      const rows = await lockRows(victim.username);
      expect(rows.filter((r: { address: string }) => r.address === attacker)).toEqual([{ scope: 'account', username: victim.username, address: attacker, failures: ACCOUNT_FAILURES, seconds: BASE }]);
      // The owner's address holds no throttle (a failure there, for the names that cannot sign in, is counted but far from one).
      expect(rows.filter((r: { address: string; seconds: number | null }) => r.address === owner && r.seconds !== null)).toEqual([]);
    });
  });

  it('answers unknown, wrong-password and deactivated names with byte-identical bodies, and throttles them alike', async () => {
    const from = freshAddress();
    const kinds = ['member', 'admin', 'unknown', 'deactivated'] as const;
    const first = new Map<string, string>();
    const throttled: string[] = [];
    for (const kind of kinds) {
      for (let n = 0; n < 2; n++) {
        const victim = await target(kind);
        const answers = [];
        // Deactivated: the right password must answer as a wrong one (and count as one).
        for (let i = 0; i < ACCOUNT_FAILURES; i++) answers.push(await login(victim.username, kind === 'deactivated' && i === 0 ? victim.password : `bad-${i}`, from));
        for (const a of answers) first.set(`${a.status} ${a.headers['content-type']} ${a.text}`, kind);
        const locked = await fail(victim.username, from);
        throttled.push(`${locked.status} ${locked.body.code} ${Object.keys(locked.body).sort().join(',')} ${Object.keys(locked.body.details).join(',')}`);
      }
      // Each address-wide count stays below its limit: clear it between kinds.
      await t.db.query(`DELETE FROM login_throttles WHERE scope = 'address' AND address = $1`, [from]);
    }
    expect([...first.keys()]).toEqual(['401 application/json; charset=utf-8 {"statusCode":401,"code":"INVALID_CREDENTIALS","message":"用户名或密码错误"}']);
    expect(new Set(throttled)).toEqual(new Set(['429 LOGIN_THROTTLED code,details,message,statusCode retryAfterSeconds']));
  }, 120_000);

  it(`doubles the throttle with each further failure, up to ${MAX} s`, async () => {
    const u = await f.user();
    const from = freshAddress();
    // Independent of the code: the n-th failure (n ≥ limit) locks for BASE · 2^(n − limit), at most MAX.
    const expected = [60, 120, 240, 480, 480, 480];
    const seen: number[] = [];
    for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await fail(u.username, from).expect(401);
    for (let k = 0; k < expected.length; k++) {
      await fail(u.username, from).expect(401);
      const [row] = await lockRows(u.username);
      seen.push(row.seconds);
      expectError(await login(u.username, u.password, from), 429, 'LOGIN_THROTTLED');
      // Let the throttle lapse, as time would.
      await t.db.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE username = $1`, [u.username]);
    }
    expect(seen).toEqual(expected);
    // Once it lapsed, the right password gets in and clears the count.
    await login(u.username, u.password, from).expect(200);
    expect(await lockRows(u.username)).toEqual([]);
  });

  it('a success clears the count of its own (name, address) only', async () => {
    const u = await f.user();
    const a = freshAddress();
    const b = freshAddress();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await fail(u.username, a).expect(401);
      await login(u.username, u.password, a).expect(200);
    }
    for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await fail(u.username, b).expect(401);
    await login(u.username, u.password, a).expect(200);
    expect(await lockRows(u.username)).toEqual([{ scope: 'account', username: u.username, address: b, failures: ACCOUNT_FAILURES - 1, seconds: null }]);
  });

  it(`throttles an address that fails ${ADDRESS_FAILURES} times over many names (a spray), for every name, and no other address`, async () => {
    const sprayer = freshAddress();
    const bystander = freshAddress();
    const victim = await f.user();
    // Every name stays under its own limit; the victim's is tried twice, around a success.
    const names = Array.from({ length: ADDRESS_FAILURES }, (_, i) => (i === 0 || i === 5 ? victim.username : unique('ghost')));
    for (const [i, name] of names.entries()) {
      // A success in the middle does not launder the spray.
      if (i === 3) await login(victim.username, victim.password, sprayer).expect(200);
      expectError(await fail(name, sprayer), 401, 'INVALID_CREDENTIALS');
    }
    const other = await f.user();
    expectError(await login(other.username, other.password, sprayer), 429, 'LOGIN_THROTTLED');
    expectError(await login(unique('fresh'), 'whatever-password', sprayer), 429, 'LOGIN_THROTTLED');
    await login(other.username, other.password, bystander).expect(200);
    await login(victim.username, victim.password, bystander).expect(200);
    const [row] = await t.db.query(`SELECT failures, locked_until > now() AS locked FROM login_throttles WHERE scope = 'address' AND address = $1`, [sprayer]);
    expect(row).toEqual({ failures: ADDRESS_FAILURES, locked: true });
  });

  it('forgets failures after a quiet LOGIN_FAILURE_MEMORY_SECONDS', async () => {
    const u = await f.user();
    const from = freshAddress();
    for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await fail(u.username, from).expect(401);
    await t.db.query(`UPDATE login_throttles SET last_failure_at = now() - interval '2 days' WHERE address = $1`, [from]);
    await fail(u.username, from).expect(401);
    const [row] = await lockRows(u.username);
    expect(row).toMatchObject({ failures: 1, seconds: null });
    await login(u.username, u.password, from).expect(200);
  });

  it('counts concurrent failures exactly (one row per key, updated atomically)', async () => {
    const name = unique('burst');
    const from = freshAddress();
    const answers = await Promise.all(Array.from({ length: 16 }, () => fail(name, from)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const [row] = await lockRows(name);
    expect(row.failures).toBe(statuses.filter((s) => s === 401).length);
  });

  it('a throttle written by another API process holds here at once (the state is in PostgreSQL)', async () => {
    const u = await f.user();
    const from = freshAddress();
    await t.db.query(
      `INSERT INTO login_throttles (scope, username, address, failures, last_failure_at, locked_until) VALUES ('account', $1, $2, 9, now(), now() + interval '5 minutes')`,
      [u.username, from],
    );
    const res = await login(u.username, u.password, from);
    expectError(res, 429, 'LOGIN_THROTTLED');
    expect(res.body.details.retryAfterSeconds).toBeGreaterThan(290);
  });

  describe('admins see and lift throttles', () => {
    it('lists current throttles (not lapsed ones), filtered by username in any case, address and scope', async () => {
      const u = await f.user();
      const a = freshAddress();
      const b = freshAddress();
      for (const from of [a, b]) for (let i = 0; i < ACCOUNT_FAILURES; i++) await fail(u.username, from).expect(401);
      await t.db.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE username = $1 AND address = $2`, [u.username, b]);
      const api = f.as(adminToken);
      const res = await api.get(LOCKS).query({ username: u.username.toUpperCase() }).expect(200);
      expect(res.body).toEqual({
        items: [{ id: expect.any(String), scope: 'account', username: u.username, address: a, failures: ACCOUNT_FAILURES, lockedUntil: expect.any(String), lastFailureAt: expect.any(String) }],
        nextCursor: null,
        total: 1,
      });
      const until = new Date(res.body.items[0].lockedUntil).getTime() - new Date(res.body.items[0].lastFailureAt).getTime();
      expect(until).toBe(BASE * 1000);
      expect((await api.get(LOCKS).query({ address: a, scope: 'account' }).expect(200)).body.items).toHaveLength(1);
      expect((await api.get(LOCKS).query({ address: b }).expect(200)).body.items).toEqual([]);
      expect((await api.get(LOCKS).query({ address: a, scope: 'address' }).expect(200)).body.items).toEqual([]);
    });

    it('pages through many throttles', async () => {
      const from = freshAddress();
      const names = Array.from({ length: 3 }, () => unique('paged'));
      for (const name of names) for (let i = 0; i < ACCOUNT_FAILURES; i++) await fail(name, from).expect(401);
      const { items } = await f.walk<{ username: string; scope: string }>(f.as(adminToken), LOCKS, { address: from });
      expect(items.filter((i) => i.scope === 'account').map((i) => i.username).sort()).toEqual([...names].sort());
    });

    it('lifts one: the owner may try again at once; the lift and the lock are in the audit log', async () => {
      const u = await f.user();
      const from = freshAddress();
      for (let i = 0; i < ACCOUNT_FAILURES; i++) await fail(u.username, from).expect(401);
      expectError(await login(u.username, u.password, from), 429, 'LOGIN_THROTTLED');
      const api = f.as(adminToken);
      const [lock] = (await api.get(LOCKS).query({ username: u.username }).expect(200)).body.items;
      await api.delete(`${LOCKS}/${lock.id}`).expect(204);
      await login(u.username, u.password, from).expect(200);
      expectError(await api.delete(`${LOCKS}/${lock.id}`), 404, 'NOT_FOUND');

      const audit = await t.db.query(`SELECT action, actor_id, changes FROM audit_log WHERE entity = 'login-lock' AND entity_id = $1 ORDER BY at, id`, [lock.id]);
      expect(audit.map((a: { action: string; actor_id: string | null }) => [a.action, a.actor_id])).toEqual([
        ['lock', null],
        ['unlock', admin.id],
      ]);
      expect(audit[0].changes).toMatchObject({ scope: { from: null, to: 'account' }, username: { from: null, to: u.username }, address: { from: null, to: from }, failures: { from: null, to: ACCOUNT_FAILURES } });
      expect(audit[1].changes).toMatchObject({ username: { from: u.username, to: null }, address: { from, to: null } });
      // Through the API too.
      const listed = await api.get('/api/v1/audit').query({ entity: 'login-lock', entityId: lock.id }).expect(200);
      expect(listed.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['lock', 'unlock']);
    });

    it('audits each lock, including every doubling, and never a failure that locks nothing', async () => {
      const name = unique('audited');
      const from = freshAddress();
      for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) await fail(name, from).expect(401);
      const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log a JOIN login_throttles l ON l.id::text = a.entity_id WHERE l.username = $1`, [name]))[0].n;
      expect(await count()).toBe(0);
      await fail(name, from).expect(401);
      expect(await count()).toBe(1);
      await t.db.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE username = $1`, [name]);
      await fail(name, from).expect(401);
      expect(await count()).toBe(2);
    });

    it('answers 404 for an unknown or lapsed throttle and 400 for a malformed id, changing nothing', async () => {
      const api = f.as(adminToken);
      const name = unique('lapsed');
      const from = freshAddress();
      for (let i = 0; i < ACCOUNT_FAILURES; i++) await fail(name, from).expect(401);
      const [row] = await t.db.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE username = $1 RETURNING id`, [name]);
      const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
      expectError(await api.delete(`${LOCKS}/${row[0].id}`), 404, 'NOT_FOUND');
      expectError(await api.delete(`${LOCKS}/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
      expectError(await api.delete(`${LOCKS}/not-an-id`), 400, 'VALIDATION_FAILED', 'id');
      const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
      expect(after).toBe(before);
    });

    it.each([
      ['scope', { scope: 'everything' }],
      ['limit', { limit: '0' }],
      ['username', { username: 'x'.repeat(65) }],
      ['address', { address: '' }],
      ['cursor', { cursor: 'garbage' }],
      ['other', { other: '1' }],
    ])('refuses a bad %s in the list query with 400', async (field, query) => {
      const res = await f.as(adminToken).get(LOCKS).query(query);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it.each([Role.Member, Role.Manager])('are for admins only: a %s gets 403 and lifts nothing', async (role) => {
      const { api } = await f.client(role);
      const name = unique('kept');
      const from = freshAddress();
      for (let i = 0; i < ACCOUNT_FAILURES; i++) await fail(name, from).expect(401);
      const [row] = await t.db.query('SELECT id FROM login_throttles WHERE username = $1', [name]);
      expectError(await api.get(LOCKS), 403, 'FORBIDDEN');
      expectError(await api.delete(`${LOCKS}/${row.id}`), 403, 'FORBIDDEN');
      expect(await t.db.query('SELECT id FROM login_throttles WHERE username = $1 AND locked_until > now()', [name])).toHaveLength(1);
      expectError(await t.http().get(LOCKS), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('auth: guessing the current password through the change-password form is throttled like sign-in', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ACCOUNT_FAILURES: String(ACCOUNT_FAILURES), LOGIN_ADDRESS_FAILURES: '1000', LOGIN_LOCK_BASE_SECONDS: String(BASE) });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it(`after ${ACCOUNT_FAILURES} wrong current passwords from one address, that address waits — even with the right one — and the password is unchanged`, async () => {
    const u = await f.user();
    const token = await u.token();
    const thief = freshAddress();
    const change = (currentPassword: string, from: string) =>
      t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', from).send({ currentPassword, newPassword: `Changed-${randomInt(1e9)}-口令` });
    for (let i = 0; i < ACCOUNT_FAILURES; i++) expectError(await change(`guess-${i}-password`, thief), 400, 'WRONG_PASSWORD');
    const res = await change(u.password, thief);
    expectError(res, 429, 'LOGIN_THROTTLED');
    expect(res.headers['retry-after']).toBe(String(res.body.details.retryAfterSeconds));
    // Sign-in with that name from that address waits too: one throttle, one count.
    expectError(await t.http().post(LOGIN).set('X-Forwarded-For', thief).send({ username: u.username, password: u.password }), 429, 'LOGIN_THROTTLED');
    // Nothing changed: the old password still signs in from the owner's own address.
    const own = await t.http().post(LOGIN).set('X-Forwarded-For', freshAddress()).send({ username: u.username, password: u.password });
    expect(own.status).toBe(200);
    const [row] = await t.db.query(`SELECT failures FROM login_throttles WHERE scope = 'account' AND username = lower($1) AND address = $2`, [u.username, thief]);
    expect(row.failures).toBe(ACCOUNT_FAILURES);
  });
});

describe('auth: an IPv6 source is throttled by its /64', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ACCOUNT_FAILURES: String(ACCOUNT_FAILURES), LOGIN_ADDRESS_FAILURES: '1000', LOGIN_LOCK_BASE_SECONDS: String(BASE) });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('fresh addresses inside one /64 share a throttle; the next /64 and IPv4 do not; the row names the prefix', async () => {
    const u = await f.user();
    const login = (password: string, from: string) => t.http().post(LOGIN).set('X-Forwarded-For', from).send({ username: u.username, password });
    // Each failure from another address of 2001:db8:7:1::/64, written in different forms.
    const inside = ['2001:db8:7:1::1', '2001:0db8:0007:0001:ffff:ffff:ffff:fffe', '2001:db8:7:1:abcd::42', '2001:db8:7:1::9'];
    for (let i = 0; i < ACCOUNT_FAILURES; i++) expectError(await login(`wrong-${i}-password`, inside[i] as string), 401, 'INVALID_CREDENTIALS');
    expectError(await login(u.password, inside[ACCOUNT_FAILURES] as string), 429, 'LOGIN_THROTTLED');
    expect((await login(u.password, '2001:db8:7:2::1')).status).toBe(200);
    expect((await login(u.password, '::ffff:198.18.200.1')).status).toBe(200);
    const rows = await t.db.query(`SELECT address, failures FROM login_throttles WHERE scope = 'account' AND username = lower($1) ORDER BY address`, [u.username]);
    expect(rows).toEqual([{ address: '2001:db8:7:1::/64', failures: ACCOUNT_FAILURES }]);
  });
});
