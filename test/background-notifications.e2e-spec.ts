import { createHmac } from 'node:crypto';
import { followUpJobId } from '../src/interactions/follow-up-jobs';
import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { NotificationsService } from '../src/notifications/notifications.service';
import { JobName } from '../src/queue/jobs';
import { WorkersService } from '../src/queue/workers.service';
import { cjk, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { BACKENDS, fire, HttpStub, LOCAL_WEBHOOK_RECEIVERS, signedIn, SmtpStub, startHttpStub, startSmtpStub, waitForJob, waitForState } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

interface DeliveryRow {
  id: string;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** `Subject: =?UTF-8?B?…?= =?UTF-8?B?…?=` (folded or not) as text. */
function decodeHeader(raw: string): string {
  const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
  return unfolded.replace(/(=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (words) => {
    const bytes: Buffer[] = [];
    for (const [, enc, text] of words.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)) {
      if ((enc as string).toLowerCase() === 'b') bytes.push(Buffer.from(text as string, 'base64'));
      else bytes.push(Buffer.from((text as string).replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

function header(data: string, name: string): string | undefined {
  const head = data.split('\r\n\r\n')[0] as string;
  const m = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? decodeHeader((m[1] as string).trim()) : undefined;
}

/**
 * The outside channels: webhooks (signed JSON to the user's or the team's URL, retried with
 * backoff, a 4xx failing at once) and e-mail through SMTP, each against a local stub server.
 */
describe.each(BACKENDS)('notification channels on the %s queue backend', (_backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let smtp: SmtpStub;
  const stubs: HttpStub[] = [];
  beforeAll(async () => {
    smtp = await startSmtpStub();
    t = await createTestApp({ APP_ROLE: 'all', SMTP_URL: smtp.url, PUBLIC_URL: 'https://crm.example.cn', ...LOCAL_WEBHOOK_RECEIVERS, ...env });
    crm = new CrmFactory(t, new Factory(t));
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(stubs.map((s) => s.close()));
    await smtp?.close();
  });

  const stub = async () => {
    const s = await startHttpStub();
    stubs.push(s);
    return s;
  };
  /** A member with a webhook on `url`, who wants `kind` on it too. */
  const withWebhook = async (url: string, user?: TestUser, kind = 'follow_up_due') => {
    const api = await signedIn(t, user ?? (await crm.f.user()));
    const hook = await api.post('/notifications/webhooks').send({ url });
    expect(hook.status).toBe(201);
    const pref = await api.put(`/notifications/preferences/${kind}`).send({ channels: ['in_app', 'webhook'] });
    expect(pref.body).toEqual({ kind, channels: ['in_app', 'webhook'] });
    return { api, hook: hook.body as { id: string; secret: string } };
  };
  const notify = async (userId: string, kind = NotificationKind.FollowUpDue) => {
    const [id] = await t.app.get(NotificationsService).notifyUsers([userId], { kind, title: `测试通知${cjk(3)}`, body: '正文', dedupeKey: `test:${cjk(6)}` });
    return id as string;
  };
  const deliveries = (notificationId: string): Promise<DeliveryRow[]> =>
    t.db.query(`SELECT id, channel, target, status, attempts, last_error FROM notification_deliveries WHERE notification_id = $1`, [notificationId]);
  const deliverJobId = (notificationId: string, hookId: string) => `deliver:${notificationId}:webhook-${hookId}`;

  describe('webhooks', () => {
    it('a follow-up reminder reaches the webhook as JSON signed with the secret shown once', async () => {
      const receiver = await stub();
      const org = await crm.org();
      const { api, hook } = await withWebhook(receiver.url, org.memberA);
      expect(hook).toMatchObject({ url: receiver.url, format: 'json', teamId: null, isActive: true, secret: expect.stringMatching(/^[\w-]{32}$/) });
      const listed = await api.get('/notifications/webhooks');
      expect(listed.body).toEqual([expect.objectContaining({ id: hook.id, url: receiver.url })]);
      expect(listed.body[0]).not.toHaveProperty('secret');

      const e = await crm.enterprise();
      const i = await api.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访', nextFollowUpAt: dayOffset(0) });
      expect(i.status).toBe(201);
      await fire(t.app, JobName.FollowUpDue, followUpJobId(i.body.id, 1));
      const [n] = (await api.get('/notifications')).body.items as Array<{ id: string; kind: string }>;
      expect(n?.kind).toBe('follow_up_due');
      await waitForState(t.app, JobName.DeliverNotification, deliverJobId(n!.id, hook.id), ['completed']);

      expect(receiver.requests).toHaveLength(1);
      const req = receiver.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      expect(req.headers['x-crm-event']).toBe('follow_up_due');
      const timestamp = req.headers['x-crm-timestamp'] as string;
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      const expected = createHmac('sha256', hook.secret).update(`${timestamp}.${req.body}`).digest('hex');
      expect(req.headers['x-crm-signature']).toBe(`sha256=${expected}`);
      const body = JSON.parse(req.body);
      expect(body).toMatchObject({ id: n!.id, kind: 'follow_up_due', kindLabel: '跟进提醒', link: `https://crm.example.cn/interactions/${i.body.id}` });
      expect(body.title).toContain(e.name);
      const [row] = await deliveries(n!.id);
      expect(row).toMatchObject({ channel: 'webhook', target: hook.id, status: 'delivered', attempts: 1 });
      expect(req.headers['x-crm-delivery']).toBe(row?.id);

      // Run again by hand: already delivered, nothing sent.
      expect(await t.app.get(WorkersService).runNow(JobName.DeliverNotification, { notificationId: n!.id, channel: 'webhook', targetId: hook.id })).toBe('already delivered');
      expect(receiver.requests).toHaveLength(1);
    });

    it('only the kinds the user chose go to the webhook', async () => {
      const receiver = await stub();
      const { api } = await withWebhook(receiver.url);
      const id = await notify(api.user.id, NotificationKind.LeadIdle);
      const rows = await t.db.query(`SELECT 1 FROM outbox_messages WHERE job_name = $1 AND payload->>'notificationId' = $2`, [JobName.DeliverNotification, id]);
      expect(rows).toEqual([]);
      expect((await api.get('/notifications/unread-count')).body).toEqual({ count: 1 });
    });

    it('a receiver answering 500 twice is retried with backoff and delivered once', async () => {
      const receiver = await stub();
      receiver.respond((n) => (n < 2 ? { status: 500, body: 'busy' } : { status: 200 }));
      const { api, hook } = await withWebhook(receiver.url);
      const id = await notify(api.user.id);
      const jobId = deliverJobId(id, hook.id);
      for (let attempt = 1; attempt <= 2; attempt++) {
        // Failed, waiting out its exponential backoff: bring the retry forward.
        expect(await waitForState(t.app, JobName.DeliverNotification, jobId, ['delayed'])).toBe('delayed');
        const job = await waitForJob(t.app, JobName.DeliverNotification, jobId);
        expect(job.attemptsMade).toBe(attempt);
        expect((await deliveries(id))[0]).toMatchObject({ status: 'pending', attempts: attempt, last_error: 'webhook answered 500' });
        await job.promote();
      }
      expect(await waitForState(t.app, JobName.DeliverNotification, jobId, ['completed', 'failed'])).toBe('completed');
      expect((await waitForJob(t.app, JobName.DeliverNotification, jobId)).attemptsMade).toBe(3);
      expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3, last_error: null })]);
      expect(receiver.requests).toHaveLength(3);
      expect(new Set(receiver.requests.map((r) => r.headers['x-crm-delivery'])).size).toBe(1);
    });

    it('a receiver answering 404 fails the delivery at once, without retries', async () => {
      const receiver = await stub();
      receiver.respond(() => ({ status: 404, body: 'no such hook' }));
      const { api, hook } = await withWebhook(receiver.url);
      const id = await notify(api.user.id);
      const jobId = deliverJobId(id, hook.id);
      expect(await waitForState(t.app, JobName.DeliverNotification, jobId, ['completed', 'failed'])).toBe('failed');
      const job = await waitForJob(t.app, JobName.DeliverNotification, jobId);
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toBe('webhook answered 404');
      expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, last_error: 'webhook answered 404' })]);
      expect(receiver.requests).toHaveLength(1);
      // In the app it is there all the same.
      expect((await api.get('/notifications')).body.items.map((n: { id: string }) => n.id)).toContain(id);
    });

    it('refuses a URL that is not http(s), naming url, and keeps nothing', async () => {
      const api = await signedIn(t, await crm.f.user());
      for (const url of ['ftp://example.com/hook', 'javascript:alert(1)', 'file:///etc/passwd', 'example.com/hook', '']) {
        expectAppError(await api.post('/notifications/webhooks').send({ url }), 400, 'VALIDATION_FAILED', 'url');
      }
      expect((await api.get('/notifications/webhooks')).body).toEqual([]);
      // And webhook as a channel needs a webhook first.
      expectAppError(await api.put('/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'webhook'] }), 400, 'WEBHOOK_MISSING', 'channels');
    });

    it("a team's webhook is set by a manager of the team, and team messages go there", async () => {
      const receiver = await stub();
      const org = await crm.org();
      const [mx, a] = await Promise.all([org.managerX, org.memberA].map((u) => signedIn(t, u)));
      const my = await signedIn(t, await crm.f.manager({ regionUnitIds: [org.countyY.id] }));

      expectAppError(await a.post('/notifications/webhooks').send({ url: receiver.url, teamId: org.teamA.id }), 404, 'NOT_FOUND');
      expectAppError(await my.post('/notifications/webhooks').send({ url: receiver.url, teamId: org.teamA.id }), 404, 'NOT_FOUND');
      const created = await mx.post('/notifications/webhooks').send({ url: receiver.url, teamId: org.teamA.id, format: 'wecom' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ teamId: org.teamA.id, format: 'wecom', secret: expect.any(String) });
      expect((await mx.get('/notifications/webhooks')).body.map((w: { id: string }) => w.id)).toContain(created.body.id);
      expect((await a.get('/notifications/webhooks')).body).toEqual([]);

      const id = await t.app.get(NotificationsService).notifyTeam(org.teamA.id, { kind: NotificationKind.LeadClaimFiled, title: '撞单申请', body: '另一支招商队申请', dedupeKey: `team-test:${cjk(4)}` });
      await waitForState(t.app, JobName.DeliverNotification, deliverJobId(id as string, created.body.id), ['completed']);
      expect(receiver.requests).toHaveLength(1);
      expect(JSON.parse(receiver.requests[0]!.body)).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('**撞单申请**') } });

      // Only its managers may remove it.
      expectAppError(await my.delete(`/notifications/webhooks/${created.body.id}`), 404, 'NOT_FOUND');
      expectAppError(await a.delete(`/notifications/webhooks/${created.body.id}`), 404, 'NOT_FOUND');
      expect((await mx.delete(`/notifications/webhooks/${created.body.id}`)).status).toBe(204);
    });

    it("someone else's webhook cannot be deleted (404); one's own can, and nothing goes there after", async () => {
      const receiver = await stub();
      const { api, hook } = await withWebhook(receiver.url);
      const other = await signedIn(t, await crm.f.user());
      expectAppError(await other.delete(`/notifications/webhooks/${hook.id}`), 404, 'NOT_FOUND');
      expectAppError(await api.delete('/notifications/webhooks/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expect((await api.delete(`/notifications/webhooks/${hook.id}`)).status).toBe(204);
      expect((await api.get('/notifications/webhooks')).body).toEqual([]);
      const id = await notify(api.user.id);
      expect(await t.db.query(`SELECT 1 FROM outbox_messages WHERE payload->>'notificationId' = $1`, [id])).toEqual([]);
      expect(receiver.requests).toEqual([]);
    });
  });

  describe('e-mail', () => {
    it('a user who chose e-mail gets one message with the notification title', async () => {
      const user = await crm.f.user();
      const address = `${user.username}@example.cn`;
      await t.db.query('UPDATE users SET email = $2 WHERE id = $1', [user.id, address]);
      const api = await signedIn(t, user);
      const pref = await api.put('/notifications/preferences/follow_up_overdue').send({ channels: ['email'] });
      expect(pref.body).toEqual({ kind: 'follow_up_overdue', channels: ['in_app', 'email'] });
      expect((await api.get('/notifications/preferences')).body).toContainEqual({ kind: 'follow_up_overdue', label: '逾期未跟进（督办）', channels: ['in_app', 'email'] });

      const [id] = await t.app.get(NotificationsService).notifyUsers([user.id], { kind: NotificationKind.FollowUpOverdue, title: '逾期未跟进：通辽梅花生物', body: '请督办。', dedupeKey: 'mail-test' });
      await waitForState(t.app, JobName.DeliverNotification, `deliver:${id}:email-user`, ['completed']);
      expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
      const mail = smtp.messages.find((m) => m.to.includes(address))!;
      expect(header(mail.data, 'Subject')).toBe('[招商引资CRM] 逾期未跟进：通辽梅花生物');
      expect(header(mail.data, 'X-CRM-Notification')).toBe(id);
      expect(await deliveries(id as string)).toEqual([expect.objectContaining({ channel: 'email', target: address, status: 'delivered', attempts: 1 })]);

      // A replay sends nothing more.
      expect(await t.app.get(WorkersService).runNow(JobName.DeliverNotification, { notificationId: id, channel: 'email' })).toBe('already delivered');
      expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
    });

    it('a user without an address cannot choose e-mail', async () => {
      const api = await signedIn(t, await crm.f.user());
      expectAppError(await api.put('/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'email'] }), 400, 'EMAIL_MISSING', 'channels');
    });
  });
});

describe('in-app notifications, and e-mail without SMTP configured (API only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('lists newest first, counts unread, marks one or all read; nobody reads another user\'s', async () => {
    const f = new Factory(t);
    const [me, other] = [await f.user(), await f.user()];
    const [api, otherApi] = [await signedIn(t, me), await signedIn(t, other)];
    const notifications = t.app.get(NotificationsService);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const [id] = await notifications.notifyUsers([me.id], { kind: NotificationKind.LeadIdle, title: `线索 ${n}`, body: '请跟进', link: { type: 'lead', id: '00000000-0000-4000-8000-00000000000' + n }, dedupeKey: `in-app:${n}` });
      ids.push(id as string);
      // A minute apart: the order is the test's, not the clock's resolution.
      await t.db.query(`UPDATE notifications SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, 10 - n]);
    }
    // The same key again is the same notification.
    expect(await notifications.notifyUsers([me.id], { kind: NotificationKind.LeadIdle, title: '线索 1', body: '请跟进', dedupeKey: 'in-app:1' })).toEqual([]);

    const list = await api.get('/notifications');
    expect(list.body.items.map((n: { title: string }) => n.title)).toEqual(['线索 3', '线索 2', '线索 1']);
    expect(list.body.items[0]).toEqual({
      id: ids[2],
      kind: 'lead_idle',
      kindLabel: '线索长期未对接',
      title: '线索 3',
      body: '请跟进',
      linkType: 'lead',
      linkId: '00000000-0000-4000-8000-000000000003',
      readAt: null,
      createdAt: expect.any(String),
    });
    expect((await api.get('/notifications/unread-count')).body).toEqual({ count: 3 });

    expectAppError(await otherApi.post(`/notifications/${ids[0]}/read`), 404, 'NOT_FOUND');
    const read = await api.post(`/notifications/${ids[0]}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await api.post(`/notifications/${ids[0]}/read`)).body.readAt).toBe(read.body.readAt);
    expect((await api.get('/notifications/unread-count')).body).toEqual({ count: 2 });
    expect((await api.get('/notifications').query({ unread: 'true' })).body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);

    expect((await api.post('/notifications/read-all')).body).toEqual({ updated: 2 });
    expect((await api.get('/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await otherApi.get('/notifications')).body.items).toEqual([]);
  });

  it('choosing e-mail is refused with EMAIL_NOT_CONFIGURED; other channels still work', async () => {
    const f = new Factory(t);
    const user = await f.user();
    await t.db.query('UPDATE users SET email = $2 WHERE id = $1', [user.id, `${user.username}@example.cn`]);
    const api = await signedIn(t, user);
    expectAppError(await api.put('/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'email'] }), 400, 'EMAIL_NOT_CONFIGURED', 'channels');
    expect((await api.put('/notifications/preferences/follow_up_due').send({ channels: [] })).body).toEqual({ kind: 'follow_up_due', channels: ['in_app'] });
    expectAppError(await api.put('/notifications/preferences/no_such_kind').send({ channels: ['in_app'] }), 400, 'VALIDATION_FAILED', 'kind');
    expectAppError(await api.put('/notifications/preferences/follow_up_due').send({ channels: ['sms'] }), 400, 'VALIDATION_FAILED');
  });
});
