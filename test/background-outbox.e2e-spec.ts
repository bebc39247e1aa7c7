import { INestApplicationContext } from '@nestjs/common';
import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { NotificationsService } from '../src/notifications/notifications.service';
import { JobName } from '../src/queue/jobs';
import { WorkersService } from '../src/queue/workers.service';
import { cjk, Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { BACKENDS, HttpStub, LOCAL_WEBHOOK_RECEIVERS, ownRedis, OwnRedis, startHttpStub, waitFor, waitForJob, waitForState, workerContext, killWorkers } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

interface OutboxRow {
  id: string;
  job_id: string;
  payload: Record<string, unknown>;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
}

/** A signable lead of the member's team and a signing of it through the pipeline's API. */
async function signLead(crm: CrmFactory, member: Client, chainId: string, landingRegionUnitId: string) {
  const enterprise = await crm.enterprise();
  const lead = await member.post('/leads').send({ title: `项目${cjk(5)}`, enterpriseId: enterprise.id, industryChainId: chainId, intendedAmount: '30000', source: 'door_to_door' });
  if (lead.status !== 201) throw new Error(`lead: ${lead.status} ${JSON.stringify(lead.body)}`);
  const signing = await member.post(`/leads/${lead.body.id}/signings`).send({ agreementType: 'investment', amount: '25000.5', signedOn: dayOffset(-1), landingRegionUnitId });
  return { leadId: lead.body.id as string, signing };
}

async function outboxRowOf(t: TestApp, signingId: string): Promise<OutboxRow | undefined> {
  const rows: OutboxRow[] = await t.db.query(
    `SELECT id, job_id, payload, published_at, attempts, last_error FROM outbox_messages WHERE job_name = $1 AND payload->>'signingId' = $2`,
    [JobName.RollupSigning, signingId],
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0];
}

/** The registry's view of a signing, when the registry is there: how many projects and ledger rows it made. */
async function rolledUp(t: TestApp, leadId: string, signingId: string): Promise<{ projects: number; ledger: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM projects WHERE lead_id = $1) AS projects, (SELECT count(*)::int FROM project_signings WHERE signing_id = $2) AS ledger`,
    [leadId, signingId],
  );
  return row;
}

/** The registry's job for a signing has run, and the signing is in the registry once, whatever the replays. */
async function expectRolledUpOnce(t: TestApp, leadId: string, signingId: string): Promise<void> {
  const jobId = `rollup:${signingId}:initial`;
  const job = await waitForJob(t.app, JobName.RollupSigning, jobId);
  expect(job.data).toMatchObject({ signingId, leadId, kind: 'initial', amount: '25000.5' });
  expect(await waitForState(t.app, JobName.RollupSigning, jobId, ['completed', 'failed'])).toBe('completed');
  expect((await waitForJob(t.app, JobName.RollupSigning, jobId)).returnvalue).toBe('created');
  expect(await rolledUp(t, leadId, signingId)).toEqual({ projects: 1, ledger: 1 });
  // The same event again (a replay, a duplicate hand-over): nothing more.
  expect(await t.app.get(WorkersService).runNow(JobName.RollupSigning, job.data)).toBe('duplicate');
  expect(await rolledUp(t, leadId, signingId)).toEqual({ projects: 1, ledger: 1 });
}

describe.each(BACKENDS)('the outbox and the workers on the %s queue backend', (_backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let member: Client;
  let chainId: string;
  let landing: string;
  let stub: HttpStub | undefined;
  let second: INestApplicationContext | undefined;
  beforeAll(async () => {
    // Short locks: a crashed worker's job is taken over within seconds.
    t = await createTestApp({ APP_ROLE: 'all', WORKER_LOCK_MS: '1500', ...LOCAL_WEBHOOK_RECEIVERS, ...env });
    crm = new CrmFactory(t, new Factory(t));
    const org = await crm.org();
    member = await crm.as(org.memberA);
    landing = org.countyX.id;
    chainId = (await crm.industryChain()).id;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await stub?.close();
  });

  it('a signing leaves an outbox row that the relay publishes as the registry rollup job', async () => {
    const { leadId, signing } = await signLead(crm, member, chainId, landing);
    expect(signing.status).toBe(201);
    const row = await waitFor(async () => {
      const r = await outboxRowOf(t, signing.body.id);
      return r?.published_at ? r : null;
    }, 'the rollup row to be published');
    expect(row).toMatchObject({ job_id: `rollup:${signing.body.id}:initial`, attempts: 0, last_error: null });
    expect(row.payload).toMatchObject({ signingId: signing.body.id, leadId, kind: 'initial', amount: '25000.5', signedOn: dayOffset(-1) });
    await expectRolledUpOnce(t, leadId, signing.body.id);
  });

  it('a worker killed in the middle of a webhook delivery: another takes the job over, and it is delivered once', async () => {
    stub = await startHttpStub();
    stub.respond((n) => (n === 0 ? 'hang' : { status: 200 })); // the first worker never hears back
    const user = await crm.f.user();
    const api = await crm.as(user);
    expect((await api.post('/notifications/webhooks').send({ url: stub.url })).status).toBe(201);
    const pref = await crm.f.as(await user.token()).put('/api/v1/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'webhook'] });
    expect(pref.status).toBe(200);
    const [notificationId] = await t.app.get(NotificationsService).notifyUsers([user.id], { kind: NotificationKind.FollowUpDue, title: '今日跟进：测试', body: '测试', dedupeKey: 'kill-test' });

    await waitFor(() => stub?.requests.length === 1, 'the first delivery attempt');
    // The first process dies: its workers stop without finishing or handing back the job.
    await killWorkers(t.app);
    second = await workerContext(t, { lockMs: 1500 });

    const delivered = await waitFor(async () => {
      const [d] = await t.db.query(`SELECT id, status, attempts FROM notification_deliveries WHERE notification_id = $1`, [notificationId]);
      return d?.status === 'delivered' ? d : null;
    }, 'the second worker to deliver', 20_000);
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[1]?.headers['x-crm-delivery']).toBe(stub.requests[0]?.headers['x-crm-delivery']);
    expect(stub.requests[1]?.headers['x-crm-delivery']).toBe(delivered.id);

    // The first worker's request finally fails: it must not undo the delivery.
    stub.dropHanging();
    await new Promise((r) => setTimeout(r, 500));
    const rows = await t.db.query(`SELECT status FROM notification_deliveries WHERE notification_id = $1`, [notificationId]);
    expect(rows).toEqual([{ status: 'delivered' }]);
    const notes = await api.get('/notifications').query({ limit: 200 });
    expect((notes.body.items as Array<{ id: string }>).filter((n) => n.id === notificationId)).toHaveLength(1);
    expect(stub.requests).toHaveLength(2);
  });
});

describe('a signing while the queue is unreachable (Redis stopped)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let crm: CrmFactory;
  let member: Client;
  let chainId: string;
  let landing: string;
  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    t = await createTestApp({ APP_ROLE: 'all', QUEUE_BACKEND: 'redis', REDIS_URL: redis.url });
    crm = new CrmFactory(t, new Factory(t));
    const org = await crm.org();
    member = await crm.as(org.memberA);
    landing = org.countyX.id;
    chainId = (await crm.industryChain()).id;
  });
  afterAll(async () => {
    // Closing the app's queues needs the Redis they know (a test that failed half-way left it stopped).
    if (redis && !redis.running) await redis.start();
    await t?.close();
    await redis?.stop();
  });

  it('succeeds over HTTP, keeps the job in the outbox with its error, and hands it over once Redis is back', async () => {
    await redis.stop();
    const { leadId, signing } = await signLead(crm, member, chainId, landing);
    expect(signing.status).toBe(201);
    expect(signing.body).toMatchObject({ leadId, amount: '25000.5' });

    const failing = await waitFor(async () => {
      const r = await outboxRowOf(t, signing.body.id);
      return r && r.attempts > 0 ? r : null;
    }, 'the relay to record a failed hand-over', 20_000);
    expect(failing.published_at).toBeNull();
    expect(failing.last_error).toEqual(expect.any(String));

    await redis.start();
    const published = await waitFor(async () => {
      const r = await outboxRowOf(t, signing.body.id);
      return r?.published_at ? r : null;
    }, 'the relay to publish after Redis returned', 30_000);
    expect(published.attempts).toBeGreaterThanOrEqual(1);
    await expectRolledUpOnce(t, leadId, signing.body.id);
  }, 90_000);
});
