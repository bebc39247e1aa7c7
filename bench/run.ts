/**
 * `npm run bench`: the built service against a scratch database holding a province-scale
 * organisation, measured with autocannon beside bare SQL and a hello-world per HTTP adapter.
 *
 *   BENCH_DATABASE_URL  server to create the scratch database on (default: local 5432 if it
 *                       answers, else an embedded PostgreSQL)
 *   BENCH_SECONDS       measured seconds per scenario (10)      BENCH_WARMUP  warm-up seconds (2)
 *   BENCH_CONNECTIONS   concurrent connections (10)             BENCH_ONLY    comma-separated name fragments
 *   BENCH_NODE_ARGS     node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it
 *   --only=issue3,…     like BENCH_ONLY; a group name (issue3 … issue6, issue12) picks its whole group
 *   BENCH_REDIS_URL     Redis of the queue scenarios (default redis://127.0.0.1:6379, else a redis-server of its own)
 *   BENCH_DRAIN_TIMEOUT longest a reminder drain may run, s (600)
 *   BENCH_PG_DRAIN_SECONDS  PostgreSQL-backend drains stop after this and report a rate (60; 0 = to the end)
 *   BENCH_KEEP_DATABASE=1  keep the scratch database (on a PostgreSQL server) for EXPLAIN ANALYZE by hand
 *
 * The issue-3…6 groups load their data set (bench/data/dataset.ts: 3,000 teams, 200,000
 * enterprises, 1,000,000 interactions, 100,000 leads, 50,000 projects) on first use: the whole
 * run takes about 13 minutes on 2 cores.
 *
 * Every target is a printed figure, never an assertion: the run fails only if it cannot measure.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { runMigrations } from '../src/database/migrate';
import { RunOptions, runHttp, runSql } from './measure';
import { BENCH_PASSWORD, loadOrganisation, Organisation } from './organisation';
import { ChildServer, freePort, killAllChildren, startNodeServer } from './processes';
import { adapterReport, resultsTable } from './report';
import type { BenchContext, Measurement, Scenario } from './scenario';
import { SCENARIOS } from './scenarios';
import { helloExpress, helloFastify } from './scenarios/adapters';
import { teamsList } from './scenarios/teams';
import { createScratchDatabase, ScratchDatabase } from './scratch-database';

const ROOT = resolve(__dirname, '..', '..');
const progress = (line: string) => process.stderr.write(`· ${line}\n`);

const intEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

async function main(): Promise<number> {
  const options: RunOptions = {
    seconds: intEnv('BENCH_SECONDS', 10),
    warmupSeconds: intEnv('BENCH_WARMUP', 2),
    connections: intEnv('BENCH_CONNECTIONS', 10),
  };
  // `npm run bench -- --only=issue3,issue4` or BENCH_ONLY: groups by name, or fragments of scenario names.
  const onlyArgs = process.argv.slice(2).filter((a) => a.startsWith('--only=')).map((a) => a.slice('--only='.length));
  const only = [process.env.BENCH_ONLY ?? '', ...onlyArgs].join(',').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const scenarios = only.length ? SCENARIOS.filter((s) => only.some((o) => s.group.toLowerCase() === o || s.name.toLowerCase().includes(o))) : SCENARIOS;
  // Other work on the machine skews every figure: say how busy it was.
  const loadBefore = loadavg()[0]!;
  const serviceScript = join(ROOT, 'dist/src/main.js');
  if (!existsSync(serviceScript)) throw new Error(`${serviceScript} is missing: run \`npm run bench\` (it builds first)`);

  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    while (cleanups.length) await cleanups.pop()!().catch((err: unknown) => progress(`cleanup: ${String(err)}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: cleaning up`);
      killAllChildren();
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const db: ScratchDatabase = await createScratchDatabase(progress);
    cleanups.push(() => db.drop());
    progress(`scratch database ${new URL(db.url).pathname.slice(1)} on ${db.server}`);
    await runMigrations(db.url);
    const pool = new Pool({ connectionString: db.url, max: 4, application_name: 'crm-bench' });
    cleanups.push(() => pool.end());

    let t0 = Date.now();
    const data: Organisation = await loadOrganisation(pool);
    const loadSeconds = (Date.now() - t0) / 1000;
    progress(`data set loaded in ${loadSeconds.toFixed(1)} s`);

    const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-data-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    t0 = Date.now();
    const service = await startNodeServer({
      script: serviceScript,
      nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      cwd: ROOT,
      port,
      readyPath: '/api/health',
      env: {
        NODE_ENV: 'production',
        APP_ROLE: 'api',
        DATABASE_URL: db.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        JWT_SECRET: randomBytes(48).toString('base64url'),
        LOG_LEVEL: 'warn',
        // Throttling would turn the measurement into a measurement of the throttle.
        LOGIN_RATE_PER_MINUTE: '100000000',
        API_RATE_PER_MINUTE: '100000000',
        MIGRATIONS_RUN: 'false',
        DATA_DIR: dataDir,
      },
    });
    cleanups.push(() => service.stop());
    progress(`service up on ${service.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${service.pid})`);

    const ctx = context(service, pool, db.url, data, cleanups);
    const results: Measurement[] = [];
    const failures: string[] = [];
    for (const scenario of scenarios) {
      progress(`${scenario.name}: ${options.warmupSeconds} s warm-up + ${options.seconds} s`);
      try {
        results.push(await measure(scenario, ctx, options));
      } catch (err) {
        failures.push(`${scenario.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    const { rows } = await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    const c = data.counts;
    const out = [
      '',
      `招商引资 CRM bench — ${new Date().toISOString()}`,
      `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), PostgreSQL ${rows[0]?.v} (${db.server})`,
      `load average before the run: ${loadBefore.toFixed(1)} (1 min) — figures compare only between runs on an otherwise idle machine`,
      `load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min); the issue-3…6 notes give it per scenario`,
      `data set: ${c.regionUnits.toLocaleString('en-US')} region units, ${c.users.toLocaleString('en-US')} users, ${c.teams.toLocaleString('en-US')} teams, ` +
        `${c.teamMembers.toLocaleString('en-US')} memberships, ${c.managerScopes} county managers — loaded in ${loadSeconds.toFixed(1)} s`,
      `load: autocannon / pg loops, ${options.connections} connections, ${options.seconds} s measured after ${options.warmupSeconds} s warm-up; service: 1 process, LOG_LEVEL=warn, NODE_ENV=production`,
      '',
      resultsTable(results),
      '',
      ...results.filter((r) => r.load.note).map((r) => `  ${r.scenario.name}: ${r.load.note}`),
      ...results.filter((r) => r.errors > 0).map((r) => `  ! ${r.scenario.name}: ${r.errors} failed requests`),
      ...failures.map((f) => `  ! not measured — ${f}`),
      '',
      'HTTP adapter',
      adapterReport(
        results.find((r) => r.scenario === teamsList),
        results.find((r) => r.scenario === helloExpress),
        results.find((r) => r.scenario === helloFastify),
      ),
      '',
      'Columns: req/s and latency percentiles of 2xx answers; svc CPU = CPU time of the serving process per request',
      '(its utilisation of one core in brackets); db tx/req ≈ transactions on the scratch database per request',
      '(pg_stat_database, flushed about once a second, so approximate); HTTP/bare-SQL = bare-SQL req/s ÷ HTTP req/s.',
    ];
    console.log(out.join('\n'));
    return failures.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

function context(service: ChildServer, db: Pool, databaseUrl: string, data: Organisation, cleanups: Array<() => Promise<void>>): BenchContext {
  const login = async (username: string) => {
    const res = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: BENCH_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const getJson = async <T>(path: string, token: string): Promise<T> => {
    const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const startServer = async (script: string, args: string[], env: Record<string, string> = {}) => {
    const port = await freePort();
    const server = await startNodeServer({ script: join(ROOT, script), args, cwd: ROOT, port, readyPath: '/hello', env: { NODE_ENV: 'production', PORT: String(port), ...env } });
    cleanups.push(() => server.stop());
    return server;
  };
  return { baseUrl: service.url, servicePid: service.pid, db, databaseUrl, data, login, getJson, startServer };
}

async function measure(scenario: Scenario, ctx: BenchContext, options: RunOptions): Promise<Measurement> {
  const load = await scenario.setup(ctx);
  try {
    if (load.kind === 'once') {
      const r = await load.run();
      if (r.note) load.note = load.note ? `${load.note}; ${r.note}` : r.note;
      return { scenario, load, ...r, rps: r.seconds > 0 ? r.requests / r.seconds : 0 };
    }
    if (load.kind === 'sql') {
      const r = await runSql(load, ctx.databaseUrl, options);
      return { scenario, load, ...r };
    }
    // Database transactions during the measured run, when the load hits the service.
    const onService = load.serverPid === ctx.servicePid;
    let txBefore = 0;
    let tx: number | undefined;
    const transactions = async () =>
      Number((await ctx.db.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]?.n);
    const r = await runHttp(
      load,
      options,
      onService
        ? {
            before: async () => {
              txBefore = await transactions();
            },
            after: async () => {
              tx = (await transactions()) - txBefore - 1;
            },
          }
        : undefined,
    );
    if (r.firstError) progress(`${scenario.name}: first failure: ${r.firstError}`);
    return { scenario, load, ...r, txPerRequest: tx !== undefined && r.requests > 0 ? tx / r.requests : undefined };
  } finally {
    await load.teardown?.();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    killAllChildren();
    process.exit(1);
  },
);
