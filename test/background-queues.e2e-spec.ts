import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../src/app.module';
import { Role } from '../src/common/auth/auth-user';
import { loadConfig } from '../src/config/app-config';
import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { NotificationsService } from '../src/notifications/notifications.service';
import { JobHandler } from '../src/queue/job-handler.decorator';
import { JobName, QueueName } from '../src/queue/jobs';
import { CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { addAndWait, BACKENDS, HttpStub, LOCAL_WEBHOOK_RECEIVERS, signedIn, startHttpStub, waitForState } from './harness/queue-helpers';
import { cloneTemplate, dropDatabase, SERVER_URL_VAR, TEMPLATE_VAR } from './harness/server';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * What reaches the queues that should not (malformed payloads, unknown job names), what the
 * admin sees of them and does about them, and the one-handler-per-job check at start.
 */
describe.each(BACKENDS)('the queues on the %s backend', (backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let stub: HttpStub;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    stub = await startHttpStub();
    t = await createTestApp({ APP_ROLE: 'all', ...LOCAL_WEBHOOK_RECEIVERS, ...env });
    crm = new CrmFactory(t, new Factory(t));
    admin = await signedIn(t, await crm.f.adminUser());
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  const failedOf = async (queue: QueueName) => {
    const res = await admin.get(`/admin/queues/${queue}/failed`).query({ limit: 200 });
    expect(res.status).toBe(200);
    return res.body as Array<{ id: string; name: string; failedReason: string; attemptsMade: number; data: unknown; stacktrace: string[] }>;
  };

  describe('malformed jobs', () => {
    it('a payload that breaks its schema fails at once, naming the field, without retries', async () => {
      const id = `bad-payload-${randomBytes(4).toString('hex')}`;
      const job = await addAndWait(t.app, JobName.FollowUpDue, JobName.FollowUpDue, { interactionId: 'x', version: 1 }, id);
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/^malformed payload for follow-up\.due: interactionId: interactionId must be a UUID$/);

      const extra = await addAndWait(t.app, JobName.FollowUpDue, JobName.FollowUpDue, { interactionId: randomUUID(), version: 1, sendTo: 'everyone' }, `${id}-extra`);
      expect(extra.attemptsMade).toBe(1);
      expect(extra.failedReason).toContain('sendTo');
      const negative = await addAndWait(t.app, JobName.DeliverNotification, JobName.DeliverNotification, { notificationId: randomUUID(), channel: 'sms' }, `${id}-channel`);
      expect(negative.attemptsMade).toBe(1);
      expect(negative.failedReason).toContain('channel');
    });

    it('an unknown job name fails permanently', async () => {
      const id = `unknown-${randomBytes(4).toString('hex')}`;
      const job = await addAndWait(t.app, 'no.such-job', JobName.DeliverNotification, {}, id);
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toBe('unknown job name "no.such-job"');
    });
  });

  describe('the admin view (GET /admin/queues …)', () => {
    it('counts jobs per queue and state, for admins only', async () => {
      await addAndWait(t.app, JobName.FollowUpDue, JobName.FollowUpDue, { interactionId: 'x', version: 1 }, `count-${randomBytes(4).toString('hex')}`);
      const res = await admin.get('/admin/queues');
      expect(res.status).toBe(200);
      expect(res.body.backend).toBe(backend);
      expect(res.body.queues.map((q: { queue: string }) => q.queue).sort()).toEqual(Object.values(QueueName).sort());
      const reminders = res.body.queues.find((q: { queue: string }) => q.queue === QueueName.Reminders);
      expect(reminders.counts).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), completed: expect.any(Number) }));
      expect(reminders.counts.failed).toBeGreaterThanOrEqual(1);

      for (const role of [Role.Member, Role.Manager]) {
        const other = await signedIn(t, await crm.f.user({ role }));
        expectAppError(await other.get('/admin/queues'), 403, 'FORBIDDEN');
        expectAppError(await other.get(`/admin/queues/${QueueName.Reminders}/failed`), 403, 'FORBIDDEN');
      }
      expectAppError(await t.http().get('/api/v1/admin/queues'), 401, 'UNAUTHENTICATED');
    });

    it('lists failed jobs with their errors; a bad queue name is a 400 naming queue', async () => {
      const id = `listed-${randomBytes(4).toString('hex')}`;
      await addAndWait(t.app, JobName.FollowUpDue, JobName.FollowUpDue, { interactionId: 'x', version: 2 }, id);
      const listed = (await failedOf(QueueName.Reminders)).find((j) => j.id === id);
      expect(listed).toMatchObject({ name: JobName.FollowUpDue, data: { interactionId: 'x', version: 2 }, attemptsMade: 1, failedReason: expect.stringContaining('interactionId must be a UUID') });
      expect(listed?.stacktrace).toHaveLength(1);

      expectAppError(await admin.get('/admin/queues/no-such-queue/failed'), 400, 'VALIDATION_FAILED', 'queue');
      expectAppError(await admin.post(`/admin/queues/no-such-queue/jobs/${id}/retry`), 400, 'VALIDATION_FAILED', 'queue');
      expectAppError(await admin.get(`/admin/queues/${QueueName.Reminders}/failed`).query({ limit: 0 }), 400, 'VALIDATION_FAILED', 'limit');
      expectAppError(await admin.post(`/admin/queues/${QueueName.Reminders}/jobs/no-such-job/retry`), 404, 'NOT_FOUND');
    });

    it('retries a failed job: a webhook delivery refused with 404 goes out once the receiver is fixed', async () => {
      stub.respond(() => ({ status: 404 }));
      const user = await crm.f.user();
      const api = await signedIn(t, user);
      const hook = await api.post('/notifications/webhooks').send({ url: stub.url });
      expect((await api.put('/notifications/preferences/weekly_digest').send({ channels: ['in_app', 'webhook'] })).status).toBe(200);
      const [id] = await t.app.get(NotificationsService).notifyUsers([user.id], { kind: NotificationKind.WeeklyDigest, title: '每周督办简报', body: '正文', dedupeKey: 'retry-test' });
      const jobId = `deliver:${id}:webhook-${hook.body.id}`;
      expect(await waitForState(t.app, JobName.DeliverNotification, jobId, ['completed', 'failed'])).toBe('failed');
      expect((await failedOf(QueueName.Notifications)).find((j) => j.id === jobId)).toMatchObject({ failedReason: 'webhook answered 404', attemptsMade: 1 });

      stub.respond(() => ({ status: 200 }));
      const retried = await admin.post(`/admin/queues/${QueueName.Notifications}/jobs/${jobId}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual({ id: jobId, state: expect.stringMatching(/^(waiting|active|completed)$/) });
      expect(await waitForState(t.app, JobName.DeliverNotification, jobId, ['completed', 'failed'])).toBe('completed');
      const rows = await t.db.query(`SELECT status FROM notification_deliveries WHERE notification_id = $1`, [id]);
      expect(rows).toEqual([{ status: 'delivered' }]);
      expect(stub.requests.filter((r) => JSON.parse(r.body).id === id)).toHaveLength(2);
      expect((await failedOf(QueueName.Notifications)).find((j) => j.id === jobId)).toBeUndefined();
      // A job that has not failed cannot be retried.
      expectAppError(await admin.post(`/admin/queues/${QueueName.Notifications}/jobs/${jobId}/retry`), 404, 'NOT_FOUND');
    });
  });
});

describe('start-up: one handler per job name', () => {
  @Injectable()
  class SecondFollowUpHandler {
    @JobHandler(JobName.FollowUpDue)
    async due(): Promise<string> {
      return 'a second opinion';
    }
  }

  @Module({ providers: [SecondFollowUpHandler] })
  class ExtraModule {}

  it('refuses to start when a job name has two handlers, naming both', async () => {
    const serverUrl = process.env[SERVER_URL_VAR] as string;
    const databaseUrl = await cloneTemplate(serverUrl, process.env[TEMPLATE_VAR] as string);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('hex'), DATABASE_URL: databaseUrl, APP_ROLE: 'api' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, databaseUrl), ExtraModule] }).compile();
    try {
      moduleRef.useLogger(false);
      await expect(moduleRef.init()).rejects.toThrow(/job "follow-up\.due" has 2 handlers: .*FollowUpDueJob\.due.*SecondFollowUpHandler\.due|job "follow-up\.due" has 2 handlers: .*SecondFollowUpHandler\.due.*FollowUpDueJob\.due/);
    } finally {
      await moduleRef.close();
      await dropDatabase(serverUrl, new URL(databaseUrl).pathname.slice(1));
    }
  });
});
