import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findNginx, startNginx } from '../nginx';
import { BENCH_PASSWORD } from '../organisation';
import { ChildServer, cpuSeconds, freePort, startNodeServer } from '../processes';
import type { BenchContext, HttpLoad, Scenario, Target } from '../scenario';

const ROOT = resolve(__dirname, '..', '..', '..');
const PAGE = 50;
/**
 * Both rows use the same fixed connection count, whatever BENCH_CONNECTIONS says: on a 2-core
 * machine autocannon, nginx and the API processes share the cores, so the ratio is only fair
 * with the same offered load on both sides.
 */
const CONNECTIONS = 16;
const ONE = `scale-out: GET /api/v1/teams?limit=${PAGE} via nginx → 1 API process`;
const TWO = `scale-out: GET /api/v1/teams?limit=${PAGE} via nginx → 2 API processes`;

/**
 * N stateless API processes (APP_ROLE=api) on the bench's database behind nginx from the
 * distribution's package, as a deployment runs them. Skipped, with the reason printed as
 * "not measured", where nginx is not installed.
 */
function throughNginx(name: string, processes: number): Scenario {
  return {
    name,
    group: 'scale-out',
    ...(processes > 1 ? { baseline: ONE } : {}),
    async setup(ctx: BenchContext) {
      const nginx = findNginx();
      if (!nginx) throw new Error('nginx is not installed (Debian: apt-get install nginx), so the multi-process rows are skipped');
      const stops: Array<() => Promise<void>> = [];
      const teardown = async () => {
        while (stops.length) await stops.pop()!().catch(() => undefined);
      };
      try {
        // One secret for all: a token signed by one process is honoured by the others.
        const jwtSecret = randomBytes(48).toString('base64url');
        const apis: ChildServer[] = [];
        for (let i = 0; i < processes; i++) apis.push(await startApi(ctx, jwtSecret, stops));
        const lb = await startNginx(nginx, await freePort(), apis.map((a) => Number(new URL(a.url).port)));
        stops.push(() => lb.stop());
        const username = ctx.data.managerUsernames[0]!;
        const res = await fetch(`${lb.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: BENCH_PASSWORD }),
        });
        if (!res.ok) throw new Error(`login through nginx: ${res.status} ${await res.text()}`);
        const token = ((await res.json()) as { accessToken: string }).accessToken;
        // Where the CPU goes over warm-up + run, said in the note: nginx, the APIs and the
        // database's backends (the APIs' pools, pids from pg_stat_activity) share the cores.
        const backends = async () =>
          (await ctx.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'zhaoshang-crm'`)).rows.map((r) => r.pid);
        const groups = { nginx: lb.pids(), api: apis.map((a) => a.pid) };
        const dbBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
        const before = { nginx: sum(groups.nginx.map(cpuSeconds)), api: sum(groups.api.map(cpuSeconds)) };
        const load: HttpLoad = {
          kind: 'http',
          url: `${lb.url}/api/v1/teams?limit=${PAGE}`,
          headers: { authorization: `Bearer ${token}` },
          serverPids: apis.map((a) => a.pid),
          connections: CONNECTIONS,
          note:
            `${processes} API process${processes > 1 ? 'es' : ''} (APP_ROLE=api, same database) behind nginx (1 worker, upstream keepalive 64), ` +
            `${CONNECTIONS} connections fixed for both rows; svc CPU is the API processes' together; autocannon, nginx, the APIs and PostgreSQL share ${cpus().length} cores`,
          teardown: async () => {
            const used = {
              nginx: sum(groups.nginx.map(cpuSeconds)) - before.nginx,
              api: sum(groups.api.map(cpuSeconds)) - before.api,
              // Backends the pools opened during the load started from nothing.
              db: sum((await backends()).map((pid) => (cpuSeconds(pid) ?? 0) - (dbBefore.get(pid) ?? 0))),
            };
            const total = used.nginx + used.api + used.db;
            if (total > 0) {
              const pct = (x: number) => `${Math.round((100 * x) / total)}%`;
              load.note += `; CPU over warm-up + run: API ${used.api.toFixed(1)} s (${pct(used.api)}), PostgreSQL backends ${used.db.toFixed(1)} s (${pct(used.db)}), nginx ${used.nginx.toFixed(1)} s (${pct(used.nginx)})`;
            }
            await teardown();
          },
        };
        return load;
      } catch (err) {
        await teardown();
        throw err;
      }
    },
  };
}

const sum = (values: Array<number | undefined>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

async function startApi(ctx: BenchContext, jwtSecret: string, stops: Array<() => Promise<void>>): Promise<ChildServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-api-'));
  stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startNodeServer({
    script: join(ROOT, 'dist/src/main.js'),
    cwd: ROOT,
    port,
    readyPath: '/api/health',
    env: {
      NODE_ENV: 'production',
      APP_ROLE: 'api',
      DATABASE_URL: ctx.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_PER_MINUTE: '100000000',
      API_RATE_PER_MINUTE: '100000000',
      MIGRATIONS_RUN: 'false',
      DATA_DIR: dataDir,
    },
  });
  stops.push(() => server.stop());
  return server;
}

/** Issue 18: two API processes give at least 1.7× one process's throughput; the ratio is printed. */
export function scalesBy(factor: number): Target {
  let measured: number | undefined;
  return {
    met(m, one) {
      measured = one && one.rps > 0 ? m.rps / one.rps : undefined;
      return measured !== undefined && measured >= factor;
    },
    // Read after met() in the table, so it names the ratio just judged.
    get text() {
      return `≥ ${factor}× one process (${measured === undefined ? 'not compared' : `${measured.toFixed(2)}×`})`;
    },
  };
}

export const scaleOutOne = throughNginx(ONE, 1);
export const scaleOutTwo = throughNginx(TWO, 2);
