import * as argon2 from 'argon2';
import { Role } from '../src/common/auth/auth-user';
import { expectError } from './harness/expect-error';
import { Factory, TokenPairBody } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const LOGIN = '/api/v1/auth/login';
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const ME = '/api/v1/auth/me';
const PASSWORD = '/api/v1/auth/password';

describe('auth', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) => t.http().post(REFRESH).send({ refreshToken });

  describe('login', () => {
    it('returns an access token, a refresh token and the user', async () => {
      const u = await f.user({ role: Role.Manager, displayName: '王队长' });
      const res = await t.http().post(LOGIN).send({ username: u.username, password: u.password }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresIn: 900,
        refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/),
        refreshExpiresAt: expect.any(String),
        user: expect.objectContaining({ id: u.id, username: u.username, displayName: '王队长', role: 'manager', isActive: true }),
      });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      expect(new Date(res.body.refreshExpiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      const [row] = await t.db.query('SELECT last_login_at FROM users WHERE id = $1', [u.id]);
      expect(row.last_login_at).not.toBeNull();
    });

    it('accepts the username in any case and with surrounding spaces', async () => {
      const u = await f.user();
      await t.http().post(LOGIN).send({ username: ` ${u.username.toUpperCase()} `, password: u.password }).expect(200);
    });

    it('answers a wrong password with 401 INVALID_CREDENTIALS', async () => {
      const u = await f.user();
      const res = await t.http().post(LOGIN).send({ username: u.username, password: 'wrong-password' });
      expectError(res, 401, 'INVALID_CREDENTIALS');
      expect(res.body).not.toHaveProperty('details');
    });

    it('answers an unknown user exactly like a wrong password', async () => {
      const u = await f.user();
      const wrong = await t.http().post(LOGIN).send({ username: u.username, password: 'wrong-password' });
      const unknown = await t.http().post(LOGIN).send({ username: 'nobody_here', password: 'wrong-password' });
      expectError(unknown, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
    });

    // Hashes made before OWASP's parameters (19 MiB, t=2, p=1): the library's defaults, 64 MiB, t=3, p=4.
    const OLD_PARAMETERS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;
    /** The variant and costs a PHC string names ($argon2id$v=19$m=…,t=…,p=…$salt$hash), read by hand. */
    const parameters = (hash: string) => {
      const [, variant, version, params] = hash.split('$');
      return { variant, version, ...Object.fromEntries((params ?? '').split(',').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) };
    };
    const OWASP = { variant: 'argon2id', version: 'v=19', m: 19_456, t: 2, p: 1 };
    const storedHash = async (id: string): Promise<string> => (await t.db.query('SELECT password_hash FROM users WHERE id = $1', [id]))[0].password_hash;

    it('upgrades a hash made with the old parameters at the next sign-in, keeping the password and the sessions', async () => {
      const u = await f.user();
      const old = await argon2.hash(u.password, OLD_PARAMETERS);
      await t.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [u.id, old]);
      const [{ token_version: versionBefore }] = await t.db.query('SELECT token_version FROM users WHERE id = $1', [u.id]);
      const earlier = await f.signIn(u.username, u.password);
      const upgraded = await storedHash(u.id);
      expect(upgraded).not.toBe(old);
      expect(parameters(old)).toEqual({ ...OWASP, m: 65_536, t: 3, p: 4 });
      expect(parameters(upgraded)).toEqual(OWASP);
      expect(await argon2.verify(upgraded, u.password)).toBe(true);
      const [{ token_version: versionAfter }] = await t.db.query('SELECT token_version FROM users WHERE id = $1', [u.id]);
      expect(versionAfter).toBe(versionBefore);
      await f.as(earlier.accessToken).get(ME).expect(200); // the session of the upgrading sign-in still counts
      // Signing in again verifies the new hash and leaves it alone.
      await t.http().post(LOGIN).send({ username: u.username, password: u.password }).expect(200);
      expect(await storedHash(u.id)).toBe(upgraded);
    });

    it('never rewrites an old hash on a wrong password, nor on a deactivated account', async () => {
      const u = await f.user();
      const old = await argon2.hash(u.password, OLD_PARAMETERS);
      await t.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [u.id, old]);
      expectError(await t.http().post(LOGIN).send({ username: u.username, password: 'wrong-password' }), 401, 'INVALID_CREDENTIALS');
      expect(await storedHash(u.id)).toBe(old);
      await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [u.id]);
      expectError(await t.http().post(LOGIN).send({ username: u.username, password: u.password }), 401, 'INVALID_CREDENTIALS');
      expect(await storedHash(u.id)).toBe(old);
    });

    it('hashes new passwords with the current parameters', async () => {
      const admin = await f.adminUser();
      const res = await f.as(await admin.token()).post('/api/v1/users').send({ username: `newhash_${Date.now()}`, displayName: '新用户', role: 'member', password: 'Fresh-Passw0rd-2026' });
      expect(res.status).toBe(201);
      expect(parameters(await storedHash(res.body.id))).toEqual(OWASP);
    });

    it('refuses a missing password with 400 naming it', async () => {
      const res = await t.http().post(LOGIN).send({ username: 'someone' });
      expectError(res, 400, 'VALIDATION_FAILED', 'password');
    });
  });

  describe('refresh tokens', () => {
    it('rotates: the new pair works, the old refresh token is then refused', async () => {
      const u = await f.user();
      const first = await f.signIn(u.username, u.password);
      const res = await refresh(first.refreshToken).expect(200);
      const second = res.body as TokenPairBody;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.id).toBe(u.id);
      await f.as(second.accessToken).get(ME).expect(200);
      expectError(await refresh(first.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      const rows = await t.db.query('SELECT family_id, revoked_at, replaced_by_id FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at', [u.id]);
      expect(rows).toHaveLength(2);
      expect(rows[0].family_id).toBe(rows[1].family_id);
      expect(rows[0].replaced_by_id).toBe(second.refreshToken.split('.')[0]);
    });

    it('revokes the whole family when a rotated token is presented again', async () => {
      const u = await f.user();
      const first = await f.signIn(u.username, u.password);
      const second = (await refresh(first.refreshToken).expect(200)).body as TokenPairBody;
      const third = (await refresh(second.refreshToken).expect(200)).body as TokenPairBody;
      // Minutes later (past the grace for concurrent refreshes) the stolen first token comes back:
      // the legitimate newest token must die with it.
      await t.db.query(`UPDATE refresh_tokens SET revoked_at = revoked_at - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NOT NULL`, [u.id]);
      expectError(await refresh(first.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await refresh(third.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      const [{ live }] = await t.db.query('SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [u.id]);
      expect(live).toBe(0);
    });

    it('treats a token refreshed twice at once (two tabs) as a race, not a theft', async () => {
      const u = await f.user();
      const first = await f.signIn(u.username, u.password);
      const answers = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
      const winner = answers.find((a) => a.status === 200)?.body as TokenPairBody;
      // The tab that won keeps its sign-in.
      await refresh(winner.refreshToken).expect(200);
    });

    it('leaves other sign-ins of the same user alone when one family is revoked', async () => {
      const u = await f.user();
      const phone = await f.signIn(u.username, u.password);
      const laptop = await f.signIn(u.username, u.password);
      await refresh(phone.refreshToken).expect(200);
      await refresh(phone.refreshToken).expect(401);
      await refresh(laptop.refreshToken).expect(200);
    });

    it('refuses a token with a wrong secret, a made-up id and garbage', async () => {
      const u = await f.user();
      const pair = await f.signIn(u.username, u.password);
      const [id] = pair.refreshToken.split('.');
      expectError(await refresh(`${id}.${'A'.repeat(43)}`), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await refresh(`00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await refresh('garbage'), 401, 'INVALID_REFRESH_TOKEN');
      // A wrong secret is not a reuse: the real token still works.
      await refresh(pair.refreshToken).expect(200);
    });

    it('logout revokes the sign-in: its refresh token no longer works', async () => {
      const u = await f.user();
      const pair = await f.signIn(u.username, u.password);
      await t.http().post(LOGOUT).send({ refreshToken: pair.refreshToken }).expect(204);
      expectError(await refresh(pair.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      const rows = await t.db.query('SELECT revoked_at FROM refresh_tokens WHERE user_id = $1', [u.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].revoked_at).not.toBeNull();
    });

    it('logout of an unknown token is a quiet 204', async () => {
      await t.http().post(LOGOUT).send({ refreshToken: 'not-a-token' }).expect(204);
    });
  });

  describe('/auth/me', () => {
    it('returns the caller without secrets', async () => {
      const u = await f.user({ role: Role.Member, displayName: '李队员' });
      const res = await f.as(await u.token()).get(ME).expect(200);
      expect(res.body).toMatchObject({ id: u.id, username: u.username, displayName: '李队员', role: 'member', isActive: true });
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'departmentId', 'displayName', 'email', 'id', 'isActive', 'lastLoginAt', 'phone', 'role', 'username']);
    });

    it('answers no token with 401 UNAUTHENTICATED', async () => {
      expectError(await t.http().get(ME), 401, 'UNAUTHENTICATED');
    });

    it('answers a garbage, a malformed or a foreign-signed token with 401', async () => {
      expectError(await f.as('garbage').get(ME), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get(ME).set('Authorization', 'Basic dXNlcjpwdw=='), 401, 'UNAUTHENTICATED');
      const u = await f.user();
      const token = await u.token();
      const [header, payload] = token.split('.');
      expectError(await f.as(`${header}.${payload}.${'x'.repeat(43)}`).get(ME), 401, 'UNAUTHENTICATED');
    });
  });

  describe('change password', () => {
    it('refuses a wrong current password with 400 naming currentPassword, changing nothing', async () => {
      const u = await f.user();
      const token = await u.token();
      const [before] = await t.db.query('SELECT password_hash, token_version FROM users WHERE id = $1', [u.id]);
      const res = await f.as(token).post(PASSWORD).send({ currentPassword: 'not-my-password', newPassword: 'brand-new-pass-1' });
      expectError(res, 400, 'WRONG_PASSWORD', 'currentPassword');
      const [after] = await t.db.query('SELECT password_hash, token_version FROM users WHERE id = $1', [u.id]);
      expect(after).toEqual(before);
      await f.as(token).get(ME).expect(200);
    });

    it('refuses a too-short or an unchanged new password with 400 naming newPassword', async () => {
      const u = await f.user();
      const api = f.as(await u.token());
      expectError(await api.post(PASSWORD).send({ currentPassword: u.password, newPassword: 'short' }), 400, 'VALIDATION_FAILED', 'newPassword');
      for (const [newPassword, why] of [
        ['nine-char', /新密码至少需要 10 个字符/],
        ['iloveyou12', /新密码是常见密码/],
        ['QWERTYUIOP', /新密码是常见密码/],
      ] as const) {
        const res = await api.post(PASSWORD).send({ currentPassword: u.password, newPassword });
        expectError(res, 400, 'VALIDATION_FAILED', 'newPassword');
        expect(res.body.message).toMatch(why);
      }
      expectError(await api.post(PASSWORD).send({ currentPassword: u.password, newPassword: u.password }), 400, 'SAME_PASSWORD', 'newPassword');
      await api.get(ME).expect(200);
    });

    it('returns new tokens; the old access and refresh tokens stop working at once', async () => {
      const u = await f.user();
      const old = await f.signIn(u.username, u.password);
      const res = await f.as(old.accessToken).post(PASSWORD).send({ currentPassword: u.password, newPassword: 'brand-new-pass-1' }).expect(200);
      const fresh = res.body as TokenPairBody;
      expect(fresh.user.id).toBe(u.id);
      expectError(await f.as(old.accessToken).get(ME), 401, 'UNAUTHENTICATED');
      expectError(await refresh(old.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      await f.as(fresh.accessToken).get(ME).expect(200);
      await refresh(fresh.refreshToken).expect(200);
      expectError(await t.http().post(LOGIN).send({ username: u.username, password: u.password }), 401, 'INVALID_CREDENTIALS');
      await t.http().post(LOGIN).send({ username: u.username, password: 'brand-new-pass-1' }).expect(200);
    });
  });

  describe('deactivation', () => {
    it("kills the user's existing access token at once; sign-in answers as for a wrong password, right password or not", async () => {
      const admin = await f.client(Role.Admin);
      const u = await f.user();
      const pair = await f.signIn(u.username, u.password);
      await f.as(pair.accessToken).get(ME).expect(200);
      await admin.api.patch(`/api/v1/users/${u.id}`).send({ isActive: false }).expect(200);
      expectError(await f.as(pair.accessToken).get(ME), 401, 'UNAUTHENTICATED');
      expectError(await refresh(pair.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      const right = await t.http().post(LOGIN).send({ username: u.username, password: u.password });
      const wrong = await t.http().post(LOGIN).send({ username: u.username, password: 'wrong-password' });
      // Neither reveals that the account exists but is disabled, nor that the password was right.
      expectError(right, 401, 'INVALID_CREDENTIALS');
      expect(right.text).toBe(wrong.text);

      await admin.api.patch(`/api/v1/users/${u.id}`).send({ isActive: true }).expect(200);
      const again = await f.signIn(u.username, u.password);
      await f.as(again.accessToken).get(ME).expect(200);
      // The sign-in from before deactivation stays dead after reactivation.
      expectError(await refresh(pair.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('a role change also ends existing sign-ins (the token carried the old role)', async () => {
      const admin = await f.client(Role.Admin);
      const u = await f.user({ role: Role.Manager });
      const token = await u.token();
      await admin.api.patch(`/api/v1/users/${u.id}`).send({ role: 'member' }).expect(200);
      expectError(await f.as(token).get(ME), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('auth: per-address login rate', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '5' });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('answers the 6th attempt within a minute from one address with 429 TOO_MANY_REQUESTS', async () => {
    const u = await f.user();
    let token = '';
    for (let i = 0; i < 5; i++) {
      const res = await t.http().post(LOGIN).send({ username: u.username, password: u.password }).expect(200);
      token = res.body.accessToken;
    }
    expectError(await t.http().post(LOGIN).send({ username: u.username, password: u.password }), 429, 'TOO_MANY_REQUESTS');
    // Another username from the same address is limited too…
    expectError(await t.http().post(LOGIN).send({ username: 'someone_else', password: 'whatever-pw' }), 429, 'TOO_MANY_REQUESTS');
    // …but the rest of the API is not.
    await f.as(token).get(ME).expect(200);
  });
});
