import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import { withDatabase } from '../src/database/database-server';
import { JOB_QUEUE, JobName, SCHEDULES } from '../src/queue/jobs';
import { dropDatabase, testDatabaseName, withAdminClient } from './harness/server';
import { freePort } from './harness/free-port';

/**
 * Issue 18, several processes: two workers (node dist/src/worker.js) and two stateless API
 * processes (APP_ROLE=api) on one PostgreSQL and one Redis, as docker compose's `scale`
 * profile runs them. Scheduled jobs run once per tick, every outbox row becomes exactly one
 * job run once, and both APIs answer the same figures before and after a refresh.
 * `npm run test:process` (builds first); the demo seed makes the figures, about two minutes.
 */
const ROOT = resolve(__dirname, '..');
const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The workers' metrics refresh interval here (METRICS_REFRESH_SECONDS). */
const TICK_MS = 10_000;
const PREFIX = `scale_${randomBytes(4).toString('hex')}`;
const JWT_SECRET = randomBytes(48).toString('base64url');
const run = promisify(execFile);

interface Child {
  child: ChildProcess;
  output: () => string;
}
const started: Child[] = [];
let dbName: string;
let dbUrl: string;
let dataDir: string;
const apis: string[] = [];
const workers: Child[] = [];
let workersStartedAt: number;


function startChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src', script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      JWT_SECRET,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => (out = (out + c.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const entry = { child, output: () => out };
  started.push(entry);
  return entry;
}

async function waitFor<T>(probe: () => Promise<T>, what: string, ms: number): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startApi(): Promise<string> {
  const port = await freePort();
  const api = startChild('main.js', { APP_ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', API_RATE_PER_MINUTE: '100000', LOGIN_RATE_PER_MINUTE: '1000' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`)).ok, `API on ${url}: ${api.output()}`, 60_000);
  return url;
}

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function signIn(api: string): Promise<string> {
  const res = await fetch(`${api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin-zsj', password: 'Admin@2022' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

interface Dashboard {
  trends: Array<{ month: string; enterprisesContacted: number; visits: number }>;
}
async function dashboard(api: string, token: string): Promise<Dashboard> {
  const res = await fetch(`${api}/api/v1/dashboard?year=2026`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Dashboard;
}

const queueOf = (name: JobName) => new Queue(JOB_QUEUE[name], { connection: { url: REDIS_URL }, prefix: PREFIX });

describe('several API processes and workers on one PostgreSQL and Redis', () => {
  beforeAll(async () => {
    for (const script of ['main.js', 'worker.js', 'seeds/demo.js']) {
      if (!existsSync(join(ROOT, 'dist/src', script))) throw new Error(`dist/src/${script} is missing: run \`npm run build\` first`);
    }
    dbName = testDatabaseName('db');
    await withAdminClient(SERVER, (c) => c.query(`CREATE DATABASE "${dbName}"`));
    dbUrl = withDatabase(SERVER, dbName);
    dataDir = mkdtempSync(join(tmpdir(), 'crm-scale-'));
    // The demo seed (migrations first) gives the dashboard figures to compare.
    await run(process.execPath, [join(ROOT, 'dist/src/seeds/demo.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: dbUrl, MIGRATIONS_RUN: 'true', JWT_SECRET, LOG_LEVEL: 'warn', DATA_DIR: dataDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    workersStartedAt = Date.now();
    // Ticks every 10 s instead of every minute: three ticks in half a minute, not three.
    for (let i = 0; i < 2; i++) workers.push(startChild('worker.js', { APP_ROLE: 'worker', METRICS_REFRESH_SECONDS: String(TICK_MS / 1000) }));
    for (let i = 0; i < 2; i++) apis.push(await startApi());
  }, 400_000);

  afterAll(async () => {
    for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(started.map(({ child }) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => child.once('exit', r)))));
    for (const name of Object.values(JobName)) {
      const q = queueOf(name);
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    if (dbName) await dropDatabase(SERVER, dbName);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('relays every outbox row once: N rows with two relays racing → N jobs, each run once', async () => {
    const N = 200;
    const ids = Array.from({ length: N }, (_, i) => `scale-outbox-${i}`);
    // Notifications that do not exist: the handler refuses each permanently, so a job that ran
    // twice (or was queued twice) would show as a second attempt or a second job.
    await sql(
      `INSERT INTO outbox_messages (op, job_name, job_id, payload)
       SELECT 'add', $1, id, jsonb_build_object('notificationId', gen_random_uuid(), 'channel', 'email') FROM unnest($2::text[]) AS id`,
      [JobName.DeliverNotification, ids],
    );
    await waitFor(async () => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM outbox_messages WHERE job_id = ANY($1) AND published_at IS NULL`, [ids]))[0]!.n) === 0, 'the relays', 120_000);
    const q = queueOf(JobName.DeliverNotification);
    try {
      const finished = await waitFor(async () => {
        const jobs = (await q.getJobs(['failed', 'completed'], 0, -1)).filter((j: Job) => j.id?.startsWith('scale-outbox-'));
        return jobs.length >= N ? jobs : undefined;
      }, 'every job to run', 120_000);
      expect(new Set(finished.map((j) => j.id)).size).toBe(N);
      expect(finished.map((j) => j.id).sort()).toEqual([...ids].sort());
      // Permanently refused at the first attempt, never taken twice.
      expect(finished.filter((j) => j.attemptsMade !== 1 || (j.attemptsStarted ?? 1) !== 1)).toEqual([]);
      expect(await q.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    } finally {
      await q.close();
    }
  }, 300_000);

  it('runs each scheduled tick once with two workers (the metrics refresh, here every 10 s)', async () => {
    const q = queueOf(JobName.RefreshMetrics);
    try {
      // Both workers installed the schedules: one scheduler per key, not two.
      const schedulers = await q.getJobSchedulers(0, -1);
      const ours = SCHEDULES.filter((s) => JOB_QUEUE[s.job] === JOB_QUEUE[JobName.RefreshMetrics]).map((s) => s.key).sort();
      expect(schedulers.map((s) => s.key).sort()).toEqual(ours);
      // The scheduler's job id ends with the tick it was planned for.
      const tickOf = (j: Job) => Number(String(j.id).split(':').pop());
      const firstTick = Math.ceil(workersStartedAt / TICK_MS) * TICK_MS;
      const runs = await waitFor(
        async () => {
          const jobs = (await q.getJobs(['completed', 'failed', 'active'], 0, -1)).filter((j: Job) => j.name === JobName.RefreshMetrics && tickOf(j) >= firstTick);
          return jobs.length >= 3 && jobs.every((j) => j.finishedOn) ? jobs : undefined;
        },
        'three refresh ticks',
        250_000,
      );
      const ticks = runs.map(tickOf).sort((x, y) => x - y);
      // One job per tick, none doubled, none missed: exactly the ticks from the first to the last.
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(ticks.length).toBe((ticks[ticks.length - 1]! - ticks[0]!) / TICK_MS + 1);
      // Each ran once and did the refresh (a second run at once would find the lock taken: refreshed false).
      for (const j of runs) {
        expect(j.failedReason ?? null).toBeNull();
        expect(j.attemptsMade).toBe(1);
        expect((j.returnvalue as { refreshed: boolean }).refreshed).toBe(true);
      }
    } finally {
      await q.close();
    }
  }, 300_000);

  it('answers the same figures from both API processes before and after a refresh', async () => {
    const [a, b] = apis as [string, string];
    const [ta, tb] = [await signIn(a), await signIn(b)];
    const stampNow = async () => (await sql<{ at: Date }>(`SELECT refreshed_at AS at FROM metric_refreshes`))[0]!.at.getTime();
    // Both processes' answers under one refresh stamp (a refresh in between: ask again).
    const both = async (): Promise<{ stamp: number; a: Dashboard; b: Dashboard }> => {
      for (;;) {
        const stamp = await stampNow();
        const [da, db] = [await dashboard(a, ta), await dashboard(b, tb)];
        if ((await stampNow()) === stamp) return { stamp, a: da, b: db };
      }
    };
    const jan = (d: Dashboard) => d.trends.find((t) => t.month === '2026-01')!;
    const before = await both();
    expect(before.b).toEqual(before.a);
    expect(jan(before.a).visits).toBeGreaterThan(0);
    // Every 对接记录 of January 2026 (Beijing) deleted, as the app deletes (soft).
    const deleted = await sql<{ id: string }>(
      `UPDATE interactions SET deleted_at = now() WHERE deleted_at IS NULL AND occurred_at >= '2026-01-01 00:00+08' AND occurred_at < '2026-02-01 00:00+08' RETURNING id`,
    );
    expect(deleted.length).toBeGreaterThan(0);
    // Until the next refresh both still show the refreshed figure, whichever has it cached.
    const pending = await both();
    if (pending.stamp === before.stamp) {
      expect(jan(pending.a)).toEqual(jan(before.a));
      expect(jan(pending.b)).toEqual(jan(before.a));
    }
    // A worker's refresh (each tick): both processes drop their cached figures together.
    await waitFor(async () => (await stampNow()) > before.stamp, 'the next refresh', 150_000);
    const after = await both();
    expect(after.b).toEqual(after.a);
    // By hand: no interaction is left in January, so none is counted.
    expect(jan(after.a)).toMatchObject({ visits: 0, enterprisesContacted: 0 });
  }, 300_000);

  it('kept every process up throughout', () => {
    for (const { child, output } of started) expect({ exit: child.exitCode, output: child.exitCode === null ? '' : output() }).toEqual({ exit: null, output: '' });
  });
});
