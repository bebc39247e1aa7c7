import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './harness/free-port';

/**
 * A real streaming standby (pg_basebackup -R from a primary of its own, both in a temp dir on
 * free ports) as DATABASE_READ_URL of the built service: reports and exports answer from it —
 * so nothing they do writes there, a standby refuses writes — and with its replay paused the
 * lag they report grows. Skipped where PostgreSQL's server binaries are not installed.
 */
const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const ADMIN_PASSWORD = 'Standby-Test-2026!';

const binDir = (() => {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_basebackup'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0]!, 'bin') : undefined;
})();
const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: run its tools as the postgres user then. */
const pg = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(binDir!, tool), ...args]) : run(join(binDir!, tool), args));


async function sql<T>(port: number, text: string): Promise<T[]> {
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/crm` });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

(binDir ? describe : describe.skip)('reports on a real streaming standby (DATABASE_READ_URL)', () => {
  let dir: string;
  let primaryPort: number;
  let standbyPort: number;
  let apiUrl: string;
  let service: ChildProcess | undefined;
  let output = '';
  let token: string;
  const started: string[] = [];

  const startCluster = async (data: string, port: number) => {
    await pg('pg_ctl', ['-D', data, '-l', join(data, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
    started.push(data);
  };
  const get = (path: string) => fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'crm-standby-'));
    chmodSync(dir, 0o777);
    [primaryPort, standbyPort] = [await freePort(), await freePort()];
    const primary = join(dir, 'primary');
    const standby = join(dir, 'standby');
    // initdb's pg_hba trusts local replication connections with -A trust.
    await pg('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await startCluster(primary, primaryPort);
    await pg('createdb', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', 'crm']);
    // -R writes standby.signal and primary_conninfo: a streaming standby once started.
    await pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '--no-sync']);
    await startCluster(standby, standbyPort);
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        APP_ROLE: 'api',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${primaryPort}/crm`,
        DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${standbyPort}/crm`,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
    service.stdout?.on('data', keep);
    service.stderr?.on('data', keep);
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (service.exitCode !== null) throw new Error(`service exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`service not healthy: ${output}`);
      try {
        if ((await fetch(`${apiUrl}/api/health`)).ok) break;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    token = ((await res.json()) as { accessToken: string }).accessToken;
  }, 300_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await new Promise((r) => service!.once('exit', r));
    }
    for (const data of started.reverse()) await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers reports and exports from the standby, which refuses any write', async () => {
    const [row] = await sql<{ standby: boolean }>(standbyPort, 'SELECT pg_is_in_recovery() AS standby');
    expect(row!.standby).toBe(true);
    for (const path of ['/api/v1/dashboard', '/api/v1/registry/summary', '/api/v1/registry/summary.xlsx']) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(Number(res.headers.get('x-replica-lag'))).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('shows the lag growing while replay is paused, and back near zero once it resumes', async () => {
    await sql(standbyPort, 'SELECT pg_wal_replay_pause()');
    try {
      // A commit on the primary the standby does not replay; then time passes.
      await sql(primaryPort, `CREATE TABLE standby_probe (at timestamptz DEFAULT now()); INSERT INTO standby_probe DEFAULT VALUES`);
      await new Promise((r) => setTimeout(r, 4_000));
      const paused = await get('/api/v1/dashboard');
      expect(paused.status).toBe(200);
      expect(Number(paused.headers.get('x-replica-lag'))).toBeGreaterThanOrEqual(4);
    } finally {
      await sql(standbyPort, 'SELECT pg_wal_replay_resume()');
    }
    // A fresh commit, replayed: the lag falls back.
    await sql(primaryPort, 'INSERT INTO standby_probe DEFAULT VALUES');
    const deadline = Date.now() + 20_000;
    let lag = Infinity;
    while (Date.now() < deadline) {
      lag = Number((await get('/api/v1/dashboard')).headers.get('x-replica-lag'));
      if (lag <= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(lag).toBeLessThanOrEqual(2);
  }, 60_000);
});
