import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../src/common/auth/auth-user';
import { escalationJobId, followUpJobId } from '../src/interactions/follow-up-jobs';
import { JobName, SCHEDULES } from '../src/queue/jobs';
import { OutboxRelay } from '../src/queue/outbox-relay';
import { QueueReconciliation } from '../src/queue/queue-reconciliation';
import { QueueService } from '../src/queue/queue.service';
import { Client, CrmFactory, cjk, dayOffset } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { getJob, OwnRedis, ownRedis, waitFor, workerContext, workersOf } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

const run = promisify(execFile);
const ROUNDS = 5;
jest.setTimeout(120_000);
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

/** 万元 with 4 decimals, and the same amount in 0.0001 units as a BigInt: the expected totals are summed independently of the service. */
function amount(): { text: string; units: bigint } {
  const whole = 1 + Math.floor(Math.random() * 99_999);
  const frac = Math.floor(Math.random() * 10_000);
  return { text: `${whole}.${String(frac).padStart(4, '0')}`, units: BigInt(whole) * 10_000n + BigInt(frac) };
}

const units = (numeric: string | null): bigint => {
  if (!numeric) return 0n;
  const [w, f = ''] = numeric.split('.');
  return BigInt(w as string) * 10_000n + BigInt((f + '0000').slice(0, 4));
};

interface Backend {
  env: Record<string, string>;
  /** Loses every job and schedule of the queue, as a Redis without persistence does on restart. */
  destroy(t: TestApp): Promise<void>;
  close(): Promise<void>;
}

const backends: Array<[string, () => Promise<Backend>]> = [
  [
    'postgres (its queue schema emptied)',
    async () => ({
      env: {},
      destroy: async (t) => {
        // Each test file has its own database, and in it the queue schema bullmq_crm.
        await t.db.query('DELETE FROM bullmq_crm.job');
        await t.db.query('DELETE FROM bullmq_crm.scheduler');
        await t.db.query('DELETE FROM bullmq_crm.dedup');
      },
      close: async () => undefined,
    }),
  ],
];
if (haveRedis) {
  backends.push([
    'an own redis without persistence (FLUSHALL)',
    async () => {
      const redis: OwnRedis = await ownRedis();
      await redis.start();
      return {
        env: { QUEUE_BACKEND: 'redis', REDIS_URL: redis.url },
        destroy: async () => {
          await run('redis-cli', ['-p', String(redis.port), 'FLUSHALL'], { timeout: 5_000 });
        },
        close: () => redis.stop(),
      };
    },
  ]);
}

describe.each(backends)('queue reconciliation: the database is the source of truth — %s', (_name, makeBackend) => {
  let backend: Backend;
  let t: TestApp;
  let crm: CrmFactory;
  let member: Client;
  let author: TestUser;
  let chainId: string;
  let worker: INestApplicationContext | undefined;
  /** Every amount signed, as the test computed it. */
  let signedUnits = 0n;
  let signingCount = 0;
  let landing: string;

  beforeAll(async () => {
    backend = await makeBackend();
    t = await createTestApp({ APP_ROLE: 'api', ...backend.env });
    crm = new CrmFactory(t, new Factory(t));
    const org = await crm.org();
    author = org.memberA;
    landing = org.countyX.id;
    member = await crm.as(author);
    chainId = (await crm.industryChain()).id;
    // A worker process (as src/worker.ts starts) whose own reconciliation is stopped: the test runs it, and counts what it finds.
    worker = await workerContext(t);
    await worker.get(QueueReconciliation).stop();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await backend?.close();
  });

  /** A signed lead, with `supplements` supplements; the amounts counted by the test. */
  async function signedLead(supplements: number): Promise<void> {
    const enterprise = await crm.enterprise();
    const lead = await member.post('/leads').send({ title: `项目${cjk(5)}`, enterpriseId: enterprise.id, industryChainId: chainId, intendedAmount: '30000', source: 'door_to_door' });
    expect(lead.status).toBe(201);
    for (let i = 0; i <= supplements; i += 1) {
      const a = amount();
      const res = await member.post(`/leads/${lead.body.id}/signings`).send({ kind: i === 0 ? 'initial' : 'supplement', agreementType: 'investment', amount: a.text, signedOn: dayOffset(-1), landingRegionUnitId: landing });
      expect(res.status).toBe(201);
      signedUnits += a.units;
      signingCount += 1;
    }
  }

  async function openFollowUps(): Promise<Array<{ id: string; version: number; due_today: boolean; reminded: boolean }>> {
    return t.db.query(
      `SELECT i.id, i.follow_up_version AS version, i.next_follow_up_at <= now() AS due_today,
              EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'follow-up-due:' || i.id || ':v' || i.follow_up_version) AS reminded
         FROM interactions i
        WHERE i.next_follow_up_at IS NOT NULL AND i.follow_up_done_at IS NULL AND i.deleted_at IS NULL`,
    );
  }

  async function invariants(): Promise<void> {
    const [ledger] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM signings) AS signings,
              (SELECT count(*)::int FROM project_signings) AS ledger,
              (SELECT count(*)::int FROM signings s WHERE NOT EXISTS (SELECT 1 FROM project_signings ps WHERE ps.signing_id = s.id)) AS missing,
              (SELECT coalesce(sum(amount), 0)::text FROM signings) AS signed,
              (SELECT coalesce(sum(signed_amount), 0)::text FROM projects) AS registry,
              (SELECT count(*)::int FROM projects p JOIN leads l ON l.id = p.lead_id WHERE p.signed_amount <> l.signed_amount) AS mismatched`,
    );
    // Every signing rolled up exactly once: one ledger row each, the registry's total the signed total.
    expect(ledger).toMatchObject({ signings: signingCount, ledger: signingCount, missing: 0, mismatched: 0 });
    expect(units(ledger.signed)).toBe(signedUnits);
    expect(units(ledger.registry)).toBe(signedUnits);
    expect(await t.app.get(QueueService).missingSchedules()).toEqual([]);
  }

  it(`${ROUNDS} rounds: publish, lose the queue, reconcile (twice), run the workers; nothing lost, nothing doubled`, async () => {
    const reconciliation = t.app.get(QueueReconciliation);
    for (let round = 1; round <= ROUNDS; round += 1) {
      // The workers are held, so the published jobs are still in the queue when it loses them.
      await Promise.all(workersOf(worker as INestApplicationContext).map((w) => w.pause()));
      await signedLead(0);
      await signedLead(2);
      await signedLead(1);
      const e = await crm.enterprise();
      await crm.interaction(author, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0) });
      await crm.interaction(author, { enterpriseId: (await crm.enterprise()).id, nextFollowUpAt: dayOffset(0) });
      await crm.interaction(author, { enterpriseId: (await crm.enterprise()).id, nextFollowUpAt: dayOffset(3) });

      // The outbox hands everything to the queue and marks it published…
      await t.app.get(OutboxRelay).drain();
      await waitFor(async () => (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`))[0].n === 0, 'the outbox published');
      // …and the queue loses it all.
      await backend.destroy(t);

      const [{ n: unrolled }] = await t.db.query(`SELECT count(*)::int AS n FROM signings s WHERE NOT EXISTS (SELECT 1 FROM project_signings ps WHERE ps.signing_id = s.id)`);
      const open = await openFollowUps();
      const first = await reconciliation.run('test');
      expect(first).toMatchObject({ trigger: 'test', rollups: unrolled, followUps: open.length, schedules: SCHEDULES.length });
      expect(unrolled).toBe(6); // this round's signings: the earlier ones are in the registry
      // Idempotent: a second run finds nothing missing and adds nothing.
      const second = await reconciliation.run('test');
      expect(second).toMatchObject({ rollups: 0, followUps: 0, schedules: 0 });
      expect(await reconciliation.last()).toMatchObject({ rollups: 0, followUps: 0, schedules: 0 });

      // Every open follow-up has its next step of the current version queued.
      for (const f of open) {
        const job = await getJob(t.app, f.reminded ? JobName.FollowUpEscalate : JobName.FollowUpDue, f.reminded ? escalationJobId(f.id, f.version) : followUpJobId(f.id, f.version));
        expect(job).toBeDefined();
        expect(['waiting', 'delayed']).toContain(await job?.getState());
      }

      // The workers run what was put back (a worker process, as src/worker.ts starts).
      workersOf(worker as INestApplicationContext).forEach((w) => w.resume());
      for (const f of open.filter((o) => o.due_today && !o.reminded)) {
        const job = await getJob(t.app, JobName.FollowUpDue, followUpJobId(f.id, f.version));
        if ((await job?.getState()) === 'delayed') await job?.promote().catch(() => undefined); // before 08:30 Beijing time
      }
      await waitFor(async () => {
        const [r] = await t.db.query(`SELECT count(*)::int AS n FROM project_signings`);
        return r.n === signingCount;
      }, `all ${signingCount} signings in the registry`, 20_000);
      await waitFor(async () => (await openFollowUps()).filter((f) => f.due_today && !f.reminded).length === 0, 'every due follow-up reminded', 20_000);
      // The reminder job commits its notifications, then queues the escalation: the job is done only
      // when that is queued too. (A run in between would rightly find the escalation missing.)
      await waitFor(async () => {
        for (const f of (await openFollowUps()).filter((o) => o.reminded)) {
          if (!(await getJob(t.app, JobName.FollowUpEscalate, escalationJobId(f.id, f.version)))) return false;
        }
        return true;
      }, 'every reminded follow-up has its escalation queued', 20_000);

      await invariants();
      const [{ n: dueReminders }] = await t.db.query(`SELECT count(DISTINCT dedupe_key)::int AS n FROM notifications WHERE dedupe_key LIKE 'follow-up-due:%'`);
      expect(dueReminders).toBe(2 * round);
      // After the workers: still nothing missing.
      expect(await reconciliation.run('test')).toMatchObject({ rollups: 0, followUps: 0, schedules: 0 });
    }
  });

  it('shows the last reconciliation on the admin queue view', async () => {
    const admin = await crm.client(Role.Admin);
    const res = await admin.get('/admin/queues');
    expect(res.status).toBe(200);
    expect(res.body.lastReconciliation).toMatchObject({ trigger: 'test', rollups: 0, followUps: 0, schedules: 0, ranAt: expect.any(String) });
  });
});
