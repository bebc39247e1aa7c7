import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QueueName } from '../../src/queue/jobs';
import { SIZE } from '../data/common';
import { ensureData, takeLoadLog } from '../data/dataset';
import { cpuSeconds, freePort, startNodeServer } from '../processes';
import { transactions } from '../data/process-stats';
import { benchQueues, enqueueFollowUps, newPrefix, queueEnv, QueueSpec, removeQueues, removeSchedules } from '../data/queues';
import { BenchRedis, benchRedis } from '../data/redis';
import type { BenchContext, OnceLoad, OnceResult, Scenario } from '../scenario';
import { load1 } from './issue-helpers';

/**
 * Issue 5: 100,000 follow-up reminders due at once, delivered in-app. The FollowUpDue jobs
 * (payload {interactionId, version}, the service's own job ids) are added in bulk to a
 * paused queue, the service is started as a child process (APP_ROLE=all, its workers with
 * their default concurrency, the recurring sweeps removed), the queue is resumed, and the
 * drain is timed until the notifications table holds every reminder. Beside it, on the same
 * backend, a no-op BullMQ worker process drains 100,000 no-op jobs the same way: the ratio
 * is what our work costs on top of the queue's own. Both on Redis and on BullMQ's
 * PostgreSQL backend (the scratch database itself).
 */
const GROUP = 'issue5';
const ROOT = resolve(__dirname, '..', '..', '..');
/** How long a drain may take before it is stopped and reported as a rate (seconds). */
const TIMEOUT_S = Number(process.env.BENCH_DRAIN_TIMEOUT ?? 600);
/**
 * The PostgreSQL backend drains ~100 jobs/s here with the service's removal policy (keep
 * 10,000 completed jobs): 100,000 would take a quarter of an hour each. Its runs are stopped
 * after this many seconds and reported as jobs/s and a projection; 0 runs them to the end.
 */
const PG_CAP_S = Number(process.env.BENCH_PG_DRAIN_SECONDS ?? 60) || TIMEOUT_S;
const RECENT_S = 20;

type Backend = QueueSpec['backend'];
const label = (b: Backend) => (b === 'redis' ? 'Redis' : 'PostgreSQL backend');
const capOf = (b: Backend) => (b === 'redis' ? TIMEOUT_S : Math.min(PG_CAP_S, TIMEOUT_S));

/** What a drain stopped before the end says: its rate at the end and how long the rest would take. */
function unfinished(done: number, total: number, seconds: number, recent: number): string {
  if (done >= total) return '';
  const rate = recent / RECENT_S;
  const rest = rate > 0 ? ((total - done) / rate / 60).toFixed(0) : '∞';
  return ` — STOPPED after ${seconds.toFixed(0)} s with ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} done; ${rate.toFixed(0)} jobs/s over the last ${RECENT_S} s, so ≈${rest} min more to drain`;
}

/** The interactions whose follow-up is due now (open, in the past), with their follow-up version. */
async function dueFollowUps(ctx: BenchContext): Promise<Array<{ id: string; version: number }>> {
  const { rows } = await ctx.db.query<{ id: string; version: number }>(
    `SELECT id, follow_up_version AS version FROM interactions
      WHERE next_follow_up_at <= now() AND follow_up_done_at IS NULL AND deleted_at IS NULL AND follow_up_version > 0
      ORDER BY next_follow_up_at, id LIMIT $1`,
    [SIZE.dueFollowUps],
  );
  return rows;
}

async function withRedis(backend: Backend): Promise<BenchRedis | undefined> {
  return backend === 'redis' ? benchRedis() : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One no-op job per due reminder (same name, payload and id), drained by bench/data/noop-worker.js. */
function noop(backend: Backend): Scenario {
  return {
    name: `no-op BullMQ worker: ${SIZE.dueFollowUps.toLocaleString('en-US')} jobs (${label(backend)})`,
    group: GROUP,
    async setup(ctx): Promise<OnceLoad> {
      const loaded = takeLoadLog(await ensureData(ctx, ['interactions']));
      const due = await dueFollowUps(ctx);
      const redis = await withRedis(backend);
      const spec: QueueSpec = { backend, databaseUrl: ctx.databaseUrl, redisUrl: redis?.url, prefix: newPrefix('noop') };
      const queues = benchQueues(spec);
      let stopWorker: (() => Promise<void>) | undefined;
      return {
        kind: 'once',
        note: `${backend === 'redis' ? `${redis!.url}${redis!.started ? ' (started for the run)' : ''}` : 'the scratch database'}, prefix ${spec.prefix}; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
        teardown: async () => {
          await stopWorker?.();
          await removeQueues(spec, queues).catch(() => undefined);
          await redis?.stop();
        },
        async run(): Promise<OnceResult> {
          const reminders = queues.queue(QueueName.Reminders);
          await reminders.pause();
          const enqueue = await enqueueFollowUps(queues, due);
          const port = await freePort();
          const worker = await startNodeServer({
            script: join(ROOT, 'dist/bench/data/noop-worker.js'),
            cwd: ROOT,
            port,
            readyPath: '/hello',
            env: { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64url'), PORT: String(port), DATABASE_URL: ctx.databaseUrl, ...queueEnv(spec) },
          });
          stopWorker = worker.stop;
          const cpu0 = cpuSeconds(worker.pid);
          const tx0 = await transactions(ctx.db);
          const t0 = Date.now();
          await reminders.resume();
          type Stats = { completed: number; failed: number; last: number | null; p50: number; p99: number; recent: number };
          const stats = async () => (await (await fetch(`${worker.url}/stats?t0=${t0}&recentMs=${RECENT_S * 1000}`)).json()) as Stats;
          let s = await stats();
          while (s.completed + s.failed < due.length && Date.now() - t0 < capOf(backend) * 1000) {
            await sleep(200);
            s = await stats();
          }
          const seconds = ((s.last ?? Date.now()) - t0) / 1000;
          const cpu1 = cpuSeconds(worker.pid);
          const tx = (await transactions(ctx.db)) - tx0;
          return {
            requests: s.completed,
            errors: s.failed,
            seconds,
            p50: s.p50,
            p99: s.p99,
            cpuMicros: cpu0 !== undefined && cpu1 !== undefined && s.completed ? ((cpu1 - cpu0) * 1e6) / s.completed : undefined,
            txPerRequest: s.completed ? tx / s.completed : undefined,
            note: `added in ${enqueue.toFixed(1)} s (addBulk ×1,000, queue paused), drained in ${seconds.toFixed(1)} s${unfinished(s.completed, due.length, seconds, s.recent)}`,
          };
        },
      };
    },
  };
}

/** The FollowUpDue jobs drained by the service itself: each reads the interaction, notifies its people in-app, schedules the escalation. */
function drain(backend: Backend, baseline: string): Scenario {
  return {
    name: `FollowUpDue drain: ${SIZE.dueFollowUps.toLocaleString('en-US')} reminders in-app (${label(backend)})`,
    group: GROUP,
    baseline,
    async setup(ctx): Promise<OnceLoad> {
      const loaded = takeLoadLog(await ensureData(ctx, ['interactions']));
      const due = await dueFollowUps(ctx);
      // Every reminder notifies the author and the other participants: one row each.
      const { rows } = await ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT i.id, i.author_id FROM interactions i WHERE i.id = ANY($1)
           UNION SELECT p.interaction_id, p.user_id FROM interaction_participants p WHERE p.interaction_id = ANY($1)) x`,
        [due.map((d) => d.id)],
      );
      const expected = rows[0]!.n;
      // A previous run's notifications would make these duplicates (the dedupe key): start clean.
      await ctx.db.query('TRUNCATE notifications');
      const redis = await withRedis(backend);
      const spec: QueueSpec = { backend, databaseUrl: ctx.databaseUrl, redisUrl: redis?.url, prefix: newPrefix('drain') };
      const queues = benchQueues(spec);
      const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-drain-'));
      let stopService: (() => Promise<void>) | undefined;
      return {
        kind: 'once',
        note: `${due.length.toLocaleString('en-US')} due interactions → ${expected.toLocaleString('en-US')} notifications (author + participants); ${backend === 'redis' ? `${redis!.url}${redis!.started ? ' (started for the run)' : ''}` : 'the scratch database'}, prefix ${spec.prefix}; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
        teardown: async () => {
          await stopService?.();
          await removeQueues(spec, queues).catch(() => undefined);
          await redis?.stop();
          rmSync(dataDir, { recursive: true, force: true });
          await ctx.db.query('TRUNCATE notifications');
        },
        async run(): Promise<OnceResult> {
          const reminders = queues.queue(QueueName.Reminders);
          await reminders.pause();
          // The service's workers reconcile the queues at start, which would roll the data set's
          // signed leads up into projects under the registry scenarios' feet: that queue stays
          // paused, and its jobs go with this run's queue prefix.
          await queues.queue(QueueName.Registry).pause();
          const enqueue = await enqueueFollowUps(queues, due);
          const port = await freePort();
          const service = await startNodeServer({
            script: join(ROOT, 'dist/src/main.js'),
            cwd: ROOT,
            port,
            readyPath: '/api/health',
            env: {
              NODE_ENV: 'production',
              APP_ROLE: 'all',
              DATABASE_URL: ctx.databaseUrl,
              HOST: '127.0.0.1',
              PORT: String(port),
              JWT_SECRET: randomBytes(48).toString('base64url'),
              LOG_LEVEL: 'warn',
              MIGRATIONS_RUN: 'false',
              DATA_DIR: dataDir,
              ...queueEnv(spec),
            },
          });
          stopService = service.stop;
          await removeSchedules(queues);
          const count = async () =>
            (await ctx.db.query<{ n: number; done: number }>(`SELECT count(*)::int AS n, count(DISTINCT link_id)::int AS done FROM notifications WHERE kind = 'follow_up_due'`)).rows[0]!;
          const cpu0 = cpuSeconds(service.pid);
          const tx0 = await transactions(ctx.db);
          const t0 = new Date();
          await reminders.resume();
          let c = await count();
          while (c.n < expected && Date.now() - t0.getTime() < capOf(backend) * 1000) {
            await sleep(500);
            c = await count();
          }
          const cpu1 = cpuSeconds(service.pid);
          const tx = (await transactions(ctx.db)) - tx0;
          // Per reminder: from the resume to its first notification row (the database's clock, the same machine's).
          const { rows: lat } = await ctx.db.query<{ p50: number; p99: number; last: number; recent: number }>(
            `WITH y AS (SELECT extract(epoch FROM min(created_at) - $1::timestamptz) * 1000 AS ms FROM notifications WHERE kind = 'follow_up_due' GROUP BY link_id)
             SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS last,
                    count(*) FILTER (WHERE ms > (SELECT max(ms) FROM y) - $2)::int AS recent
               FROM y`,
            [t0, RECENT_S * 1000],
          );
          const counts = await reminders.getJobCounts('failed', 'waiting', 'active', 'delayed');
          const seconds = Number(lat[0]?.last ?? Date.now() - t0.getTime()) / 1000;
          return {
            requests: c.done,
            errors: counts.failed ?? 0,
            seconds,
            p50: Number(lat[0]?.p50),
            p99: Number(lat[0]?.p99),
            cpuMicros: cpu0 !== undefined && cpu1 !== undefined && c.done ? ((cpu1 - cpu0) * 1e6) / c.done : undefined,
            txPerRequest: c.done ? tx / c.done : undefined,
            note:
              `added in ${enqueue.toFixed(1)} s (addBulk ×1,000, queue paused), drained in ${seconds.toFixed(1)} s: ${c.n.toLocaleString('en-US')} notifications` +
              `${unfinished(c.done, due.length, seconds, Number(lat[0]?.recent ?? 0))}; reminders queue after: ${JSON.stringify(counts)} (delayed = the escalations each reminder schedules)`,
          };
        },
      };
    },
  };
}

export const noopRedis = noop('redis');
export const drainRedis = drain('redis', noopRedis.name);
export const noopPostgres = noop('postgres');
export const drainPostgres = drain('postgres', noopPostgres.name);
