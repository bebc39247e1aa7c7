import { createHmac, randomUUID } from 'node:crypto';
import { Role } from '../src/common/auth/auth-user';
import { AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/config.module';
import { expectError } from './harness/expect-error';
import { Factory, TokenPairBody } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const LOGIN = '/api/v1/auth/login';
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const ME = '/api/v1/auth/me';
const PASSWORD = '/api/v1/auth/password';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT written by hand (not by the library under test): header and payload as given, HMAC-SHA256 with `secret`. */
function sign(payload: unknown, secret: string, header: unknown = { alg: 'HS256', typ: 'JWT' }): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const decode = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));

describe('auth: a session ends when it ends', () => {
  let t: TestApp;
  let f: Factory;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const config = t.app.get<AppConfig>(APP_CONFIG);
    secret = config.jwt.secret;
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) => t.http().post(REFRESH).send({ refreshToken });
  const me = (token: string) => f.as(token).get(ME);

  it('carries the sign-in (the refresh-token family) as sid, and nothing else beyond sub, ver, role, iat, exp', async () => {
    const u = await f.user();
    const pair = await f.signIn(u.username, u.password);
    const claims = decode(pair.accessToken);
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'role', 'sid', 'sub', 'ver']);
    const [row] = await t.db.query('SELECT family_id FROM refresh_tokens WHERE id = $1', [pair.refreshToken.split('.')[0]]);
    expect(claims).toMatchObject({ sub: u.id, sid: row.family_id, ver: 0, role: 'member' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('logout ends the access token at once, and only that sign-in', async () => {
    const u = await f.user();
    const laptop = await f.signIn(u.username, u.password);
    const phone = await f.signIn(u.username, u.password);
    await me(laptop.accessToken).expect(200);
    await t.http().post(LOGOUT).send({ refreshToken: laptop.refreshToken }).expect(204);
    expectError(await me(laptop.accessToken), 401, 'UNAUTHENTICATED');
    await me(phone.accessToken).expect(200);
  });

  it('a refresh keeps the sign-in: the access token issued before the rotation still counts, with the same sid', async () => {
    const u = await f.user();
    const first = await f.signIn(u.username, u.password);
    const second = (await refresh(first.refreshToken).expect(200)).body as TokenPairBody;
    expect(decode(second.accessToken).sid).toBe(decode(first.accessToken).sid);
    await me(first.accessToken).expect(200);
    await me(second.accessToken).expect(200);
    // Logging out with the newest refresh token ends the access tokens of every generation.
    await t.http().post(LOGOUT).send({ refreshToken: second.refreshToken }).expect(204);
    expectError(await me(first.accessToken), 401, 'UNAUTHENTICATED');
    expectError(await me(second.accessToken), 401, 'UNAUTHENTICATED');
  });

  it('reuse of a spent refresh token ends that sign-in’s access tokens, not the user’s others', async () => {
    const u = await f.user();
    const stolen = await f.signIn(u.username, u.password);
    const other = await f.signIn(u.username, u.password);
    const next = (await refresh(stolen.refreshToken).expect(200)).body as TokenPairBody;
    await t.db.query(`UPDATE refresh_tokens SET revoked_at = revoked_at - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NOT NULL`, [u.id]);
    expectError(await refresh(stolen.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    expectError(await me(stolen.accessToken), 401, 'UNAUTHENTICATED');
    expectError(await me(next.accessToken), 401, 'UNAUTHENTICATED');
    await me(other.accessToken).expect(200);
  });

  it('a sign-in whose refresh token has expired takes its access tokens with it', async () => {
    const u = await f.user();
    const pair = await f.signIn(u.username, u.password);
    await me(pair.accessToken).expect(200);
    await t.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.id]);
    expectError(await me(pair.accessToken), 401, 'UNAUTHENTICATED');
  });

  it('a password change ends every other sign-in’s access tokens; the new pair works', async () => {
    const u = await f.user();
    const a = await f.signIn(u.username, u.password);
    const b = await f.signIn(u.username, u.password);
    const fresh = (await f.as(a.accessToken).post(PASSWORD).send({ currentPassword: u.password, newPassword: 'brand-new-pass-1' }).expect(200)).body as TokenPairBody;
    expectError(await me(a.accessToken), 401, 'UNAUTHENTICATED');
    expectError(await me(b.accessToken), 401, 'UNAUTHENTICATED');
    await me(fresh.accessToken).expect(200);
  });

  it.each([
    ['deactivation', { isActive: false }],
    ['a role change', { role: 'manager' }],
    ['a password reset', { password: 'reset-by-admin-1' }],
  ])('%s by an admin ends every access token of the user at once', async (_what, patch) => {
    const admin = await f.client(Role.Admin);
    const u = await f.user();
    const tokens = [await u.token(), await u.token()];
    for (const token of tokens) await me(token).expect(200);
    await admin.api.patch(`/api/v1/users/${u.id}`).send(patch).expect(200);
    for (const token of tokens) expectError(await me(token), 401, 'UNAUTHENTICATED');
  });

  it('a session is checked in the database on every request: a revocation written by another process counts at once', async () => {
    const u = await f.user();
    const pair = await f.signIn(u.username, u.password);
    await me(pair.accessToken).expect(200);
    // As another API process would: straight to the table, nothing in this process told.
    await t.db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1', [u.id]);
    expectError(await me(pair.accessToken), 401, 'UNAUTHENTICATED');
  });

  describe('tokens signed with the real secret but not of the shape this service issues', () => {
    let base: Record<string, unknown>;
    let otherUser: { sub: string; sid: string };
    beforeAll(async () => {
      const u = await f.user();
      base = decode(await u.token());
      const v = await f.user();
      const claims = decode(await v.token());
      otherUser = { sub: claims.sub as string, sid: claims.sid as string };
    });

    it('the hand-signed copy of a real token is accepted (the signing in this test is right)', async () => {
      await me(sign(base, secret)).expect(200);
    });

    const BAD_VALUES: Array<[string, unknown]> = [
      ['null', null],
      ['empty string', ''],
      ['a word', 'x'],
      ['a number as string', '1'],
      ['a fraction', 1.5],
      ['negative', -1],
      ['a huge number', 1e300],
      ['an array', []],
      ['an object', {}],
      ['true', true],
      ['not a uuid', '00000000-0000-0000-0000-00000000000g'],
      ['an upper-case uuid', '0A0A0A0A-0000-4000-8000-000000000000'],
      ['SQL', "' OR 1=1 --"],
      ['a very long string', 'a'.repeat(10_000)],
      ['a uuid with a NUL', '00000000-0000-4000-8000-00000000000\u0000'],
    ];
    const KEYS = ['sub', 'sid', 'ver', 'role', 'iat', 'exp'];
    const variants: Array<[string, (c: Record<string, unknown>) => unknown]> = [
      ...KEYS.map((k): [string, (c: Record<string, unknown>) => unknown] => [`without ${k}`, (c) => ({ ...c, [k]: undefined })]),
      ...KEYS.flatMap((k) => BAD_VALUES.map(([label, v]): [string, (c: Record<string, unknown>) => unknown] => [`${k} = ${label}`, (c) => ({ ...c, [k]: v })])),
      ['an extra claim', (c) => ({ ...c, admin: true })],
      ['an extra empty claim', (c) => ({ ...c, x: null })],
      ['an unknown role', (c) => ({ ...c, role: 'superuser' })],
      ['an expired token', (c) => ({ ...c, iat: (c.iat as number) - 3600, exp: (c.exp as number) - 3600 })],
      ['a lifetime longer than configured', (c) => ({ ...c, exp: (c.iat as number) + 86_400 })],
      ['exp before iat', (c) => ({ ...c, exp: (c.iat as number) - 1 })],
      ['a not-yet-valid token', (c) => ({ ...c, nbf: (c.iat as number) + 3600 })],
      ['another user’s sign-in', (c) => ({ ...c, sid: otherUser.sid })],
      ['another user as subject of this sign-in', (c) => ({ ...c, sub: otherUser.sub })],
      ['an unknown sign-in', (c) => ({ ...c, sid: randomUUID() })],
      ['an unknown user', (c) => ({ ...c, sub: randomUUID() })],
      ['a stale version', (c) => ({ ...c, ver: (c.ver as number) + 1 })],
      ['a payload that is an array', () => [1, 2, 3]],
      ['a payload that is a string', () => 'hello'],
      ['a payload that is a number', () => 42],
      ['a payload that is null', () => null],
      ['a payload that is null, after spaces', () => ' null'],
    ];

    it(`answers all ${variants.length} variants with 401 UNAUTHENTICATED, never a 500`, async () => {
      expect(variants.length).toBeGreaterThan(100);
      const outcomes: string[] = [];
      for (const [label, mutate] of variants) {
        const res = await me(sign(mutate(base), secret));
        if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') outcomes.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(outcomes).toEqual([]);
    });

    it.each([
      ['alg none', (c: unknown) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(c)}.`],
      ['HS512 with the same secret', (c: unknown) => {
        const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(c)}`;
        return `${body}.${createHmac('sha512', secret).update(body).digest('base64url')}`;
      }],
      ['a header that is not JSON', (c: unknown) => sign(c, secret, '{"alg":')],
      ['a payload that is not JSON', () => {
        const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64('{"sub":')}`;
        return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
      }],
      ['another secret', (c: unknown) => sign(c, `${secret}x`)],
    ])('refuses %s with 401', async (_label, make) => {
      expectError(await me(make(base)), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('auth: Cache-Control on sign-in, token and personal answers', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('every answer of the API — tokens, the caller’s data, errors — says no-store', async () => {
    const u = await f.user();
    const pair = await f.signIn(u.username, u.password);
    const admin = await f.client(Role.Admin);
    const answers = [
      await t.http().post(LOGIN).send({ username: u.username, password: u.password }),
      await t.http().post(LOGIN).send({ username: u.username, password: 'not-the-password' }),
      await t.http().post(LOGIN).send({}),
      await t.http().post(REFRESH).send({ refreshToken: pair.refreshToken }),
      await t.http().post(REFRESH).send({ refreshToken: 'nope' }),
      await f.as(pair.accessToken).get(ME),
      await t.http().get(ME),
      await f.as(await u.token()).post(PASSWORD).send({ currentPassword: u.password, newPassword: 'another-long-one' }),
      await t.http().post(LOGOUT).send({ refreshToken: 'nope' }),
      await f.as(await f.login(u.username, 'another-long-one')).get('/api/v1/notifications'),
      await admin.api.get('/api/v1/users'),
      await admin.api.get(`/api/v1/users/${u.id}`),
      await admin.api.get('/api/v1/auth/login-locks'),
      await t.http().get('/api/v1/no-such-route'),
    ];
    expect(answers.map((r) => [r.status, r.headers['cache-control']])).toEqual(answers.map((r) => [r.status, 'no-store']));
    expect(answers.map((r) => r.status)).toEqual(expect.arrayContaining([200, 204, 400, 401]));
  });
});
