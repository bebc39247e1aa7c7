import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { quoteIdent, withDatabase } from '../src/database/database-server';
import { dropDatabase, testDatabaseName, withAdminClient } from './harness/server';
import { freePort } from './harness/free-port';

/**
 * Two API processes of the compiled service (`npm run build` first) on one database — and one
 * Redis, or PostgreSQL alone — as behind a load balancer: the sign-in limit and the API limit
 * are one limit whichever process a request reaches, and a sign-in ended through one process is
 * refused by the other at once. Run with `npm run test:process`.
 */
const MAIN = resolve(__dirname, '..', 'dist', 'src', 'main.js');
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_PASSWORD = 'Shared-Limits-Test-2026!';
const LOGIN_PER_MINUTE = 4;
const API_PER_MINUTE = 6;
const READY_MS = 120_000;
/** The throttler's 429, in the words the service answers every throttled request with. */
const TOO_MANY = { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' };


// Each readiness probe comes from an address of its own (198.18.0.0/15, the benchmarking
// range; the service trusts X-Forwarded-For from loopback), so probing never spends a limit.
let probes = 0;
const probeAddress = () => `198.18.${(++probes >> 8) & 255}.${probes & 255}`;

interface Api {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  call(method: string, path: string, opts: { from: string; token?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
}

async function startApi(name: string, env: Record<string, string>): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => (out = (out + c.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready:\n${out}`);
    if (Date.now() - t0 > READY_MS) throw new Error(`${name} not healthy after ${READY_MS} ms:\n${out}`);
    try {
      const res = await fetch(`${base}/api/health`, { headers: { 'x-forwarded-for': probeAddress() }, signal: AbortSignal.timeout(3000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    child,
    exited,
    output: () => out,
    async call(method, path, { from, token, body }) {
      const headers: Record<string, string> = { 'x-forwarded-for': from };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}

describe.each([
  ['Redis', { REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_BACKEND: 'redis' }],
  ['PostgreSQL alone', {} as Record<string, string>],
])('two API processes sharing limits and sessions (%s)', (_backend, backendEnv) => {
  let a: Api;
  let b: Api;
  let dbName: string;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    dbName = testDatabaseName('db');
    await withAdminClient(SERVER_URL, (c) => c.query(`CREATE DATABASE ${quoteIdent(dbName)}`));
    dataDir = mkdtempSync(join(tmpdir(), 'crm-shared-limits-'));
    chmodSync(dataDir, 0o755);
    const env = {
      NODE_ENV: 'production',
      APP_ROLE: 'api',
      DATABASE_URL: withDatabase(SERVER_URL, dbName),
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_PER_MINUTE: String(LOGIN_PER_MINUTE),
      API_RATE_PER_MINUTE: String(API_PER_MINUTE),
      QUEUE_PREFIX: `p${randomBytes(5).toString('hex')}`,
      ...backendEnv,
    };
    // One after the other: the first migrates the new database and creates the admin.
    a = await startApi('A', env);
    b = await startApi('B', env);
  }, 2 * READY_MS + 30_000);

  afterAll(async () => {
    for (const api of [a, b]) {
      if (api && api.child.exitCode === null) {
        api.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([api.exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
        if (api.child.exitCode === null) api.child.kill('SIGKILL');
      }
    }
    if (dbName) await dropDatabase(SERVER_URL, dbName);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 40_000);

  const login = (api: Api, from: string, password = ADMIN_PASSWORD) => api.call('POST', '/api/v1/auth/login', { from, body: { username: 'admin', password } });

  it(`the sign-in limit is one limit: ${LOGIN_PER_MINUTE} a minute from one address across both, then 429 on either`, async () => {
    const from = '198.51.100.1';
    for (let i = 0; i < LOGIN_PER_MINUTE; i++) expect((await login(i % 2 ? b : a, from)).status).toBe(200);
    for (const api of [a, b]) {
      const refused = await login(api, from);
      expect({ process: api.name, status: refused.status }).toEqual({ process: api.name, status: 429 });
      expect(refused.body).toEqual(TOO_MANY);
    }
    // Another address is not affected.
    expect((await login(b, '198.51.100.9')).status).toBe(200);
  });

  it(`the API limit is one limit: ${API_PER_MINUTE} a minute per route from one address across both, then 429 on either`, async () => {
    const from = '198.51.100.2';
    const token = (await login(a, from)).body.accessToken as string;
    for (let i = 0; i < API_PER_MINUTE; i++) expect((await (i % 2 ? b : a).call('GET', '/api/v1/auth/me', { from, token })).status).toBe(200);
    for (const api of [b, a]) {
      const refused = await api.call('GET', '/api/v1/auth/me', { from, token });
      expect({ process: api.name, status: refused.status }).toEqual({ process: api.name, status: 429 });
      expect(refused.body).toEqual(TOO_MANY);
    }
  });

  it('a sign-in ended through one process (logout, 修改密码) is refused by the other at once', async () => {
    const from = '198.51.100.3';
    const first = (await login(a, from)).body as { accessToken: string; refreshToken: string };
    expect((await b.call('GET', '/api/v1/auth/me', { from, token: first.accessToken })).status).toBe(200);
    expect((await a.call('POST', '/api/v1/auth/logout', { from, body: { refreshToken: first.refreshToken } })).status).toBe(204);
    const afterLogout = await b.call('GET', '/api/v1/auth/me', { from, token: first.accessToken });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.code).toBe('UNAUTHENTICATED');

    const other = '198.51.100.4';
    const second = (await login(a, other)).body as { accessToken: string };
    expect((await a.call('GET', '/api/v1/auth/me', { from: other, token: second.accessToken })).status).toBe(200);
    const changed = await b.call('POST', '/api/v1/auth/password', {
      from: other,
      token: second.accessToken,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: 'Shared-Limits-Changed-2026!' },
    });
    expect(changed.status).toBe(200);
    const afterChange = await a.call('GET', '/api/v1/auth/me', { from: other, token: second.accessToken });
    expect(afterChange.status).toBe(401);
    // The tab that changed it keeps its new tokens, on either process.
    expect((await a.call('GET', '/api/v1/auth/me', { from: '198.51.100.5', token: changed.body.accessToken as string })).status).toBe(200);
  });
});
