import { parseBusinessInstant } from '../src/common/time/business-time';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { escalationJobId, followUpJobId, reminderTime } from '../src/interactions/follow-up-jobs';
import { JOB_QUEUE, JobName } from '../src/queue/jobs';
import { QueueService } from '../src/queue/queue.service';
import { WorkersService } from '../src/queue/workers.service';
import { cjk, Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { BACKENDS, fire, getJob, waitFor, waitForJob, waitForState } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

interface NotificationBody {
  id: string;
  kind: string;
  title: string;
  body: string;
  linkType: string | null;
  linkId: string | null;
  readAt: string | null;
}

/**
 * Follow-up reminders (跟进提醒) end to end: the interaction API writes the job through the
 * outbox, the app's own workers run it, and users read the result over HTTP.
 */
describe.each(BACKENDS)('follow-up reminders on the %s queue backend', (_backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client; // member of team A (county X): logs the interactions
  let a2: Client; // teammate, a participant
  let mx: Client; // manager of county X: escalations reach them
  let my: Client; // manager of county Y: they must not
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'all', ...env });
    crm = new CrmFactory(t, new Factory(t));
    org = await crm.org();
    [a, a2, mx] = await Promise.all([org.memberA, org.memberA2, org.managerX].map((u) => crm.as(u)));
    my = await crm.as(await crm.f.manager({ regionUnitIds: [org.countyY.id] }));
  });
  afterAll(() => t?.close());

  const log = async (as: Client, body: Record<string, unknown>) => {
    const res = await as.post('/interactions').send({ type: InteractionType.Visit, occurredAt: dayOffset(-1), summary: `拜访${cjk(3)}`, ...body });
    if (res.status !== 201) throw new Error(`log failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; enterprise: { name: string } };
  };
  /** The caller's notifications of `kind` about one record. */
  const notes = async (as: Client, kind: string, linkId: string): Promise<NotificationBody[]> => {
    const res = await as.get('/notifications').query({ limit: 200 });
    expect(res.status).toBe(200);
    return (res.body.items as NotificationBody[]).filter((n) => n.kind === kind && n.linkId === linkId);
  };
  const unread = async (as: Client): Promise<number> => {
    const res = await as.get('/notifications/unread-count');
    expect(res.status).toBe(200);
    return res.body.count as number;
  };
  const queueOf = (name: JobName) => t.app.get(QueueService).queue(JOB_QUEUE[name]);
  const runNow = (name: JobName, payload: unknown) => t.app.get(WorkersService).runNow(name, payload);
  /** Waits until the outbox relay has removed a job (rescheduled, done, deleted). */
  const gone = (name: JobName, jobId: string) => waitFor(async () => !(await getJob(t.app, name, jobId)), `job ${jobId} to be removed`);

  describe('a follow-up comes due', () => {
    it('reminds the author and each participant once, in the list and the unread count', async () => {
      const e = await crm.enterprise();
      const [beforeA, beforeA2] = [await unread(a), await unread(a2)];
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0), participantIds: [org.memberA.id, org.memberA2.id] });

      const job = await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      expect(job.returnvalue).toBe('reminded');
      expect(job.data).toEqual({ interactionId: i.id, version: 1 });

      for (const [as, before] of [[a, beforeA], [a2, beforeA2]] as const) {
        const [n, ...more] = await notes(as, 'follow_up_due', i.id);
        expect(more).toEqual([]);
        expect(n).toMatchObject({ kind: 'follow_up_due', linkType: 'interaction', linkId: i.id, readAt: null });
        expect(n?.title).toContain(e.name);
        expect(await unread(as)).toBe(before + 1);
      }
      // The manager is reminded of nothing yet: that is the escalation's job.
      expect(await notes(mx, 'follow_up_due', i.id)).toEqual([]);
    });

    it('stays one reminder when the job is added again, replayed under another id, or run twice by hand', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0) });
      const id = followUpJobId(i.id, 1);
      const first = await fire(t.app, JobName.FollowUpDue, id);
      expect(first.returnvalue).toBe('reminded');
      const before = await unread(a);

      // The same id again: BullMQ keeps the completed job and drops the add.
      await queueOf(JobName.FollowUpDue).add(JobName.FollowUpDue, { interactionId: i.id, version: 1 }, { jobId: id });
      expect((await getJob(t.app, JobName.FollowUpDue, id))?.finishedOn).toBe(first.finishedOn);
      // A replay under a new id runs, and changes nothing.
      const replay = await queueOf(JobName.FollowUpDue).add(JobName.FollowUpDue, { interactionId: i.id, version: 1 }, { jobId: `${id}-replay` });
      await waitForState(t.app, JobName.FollowUpDue, replay.id as string, ['completed']);
      await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 });
      await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 });

      expect(await notes(a, 'follow_up_due', i.id)).toHaveLength(1);
      expect(await unread(a)).toBe(before);
    });
  });

  describe('moving and cancelling', () => {
    it('moving the date removes the old delayed job and schedules v2 for 08:30 of the new day', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(3) });
      const v1 = await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      expect(await v1.getState()).toBe('delayed');
      expect(v1.timestamp + v1.opts.delay!).toBeGreaterThan(Date.now() + 2 * 86_400_000);

      const res = await a.patch(`/interactions/${i.id}`).send({ nextFollowUpAt: dayOffset(5) });
      expect(res.status).toBe(200);
      await gone(JobName.FollowUpDue, followUpJobId(i.id, 1));
      const v2 = await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 2));
      expect(await v2.getState()).toBe('delayed');
      expect(v2.data).toEqual({ interactionId: i.id, version: 2 });
      const due = reminderTime(parseBusinessInstant(dayOffset(5)));
      expect(due.toISOString()).toBe(new Date(`${dayOffset(5)}T08:30:00+08:00`).toISOString());
      expect(Math.abs(v2.timestamp + v2.opts.delay! - due.getTime())).toBeLessThan(10_000);
      // The old version, run anyway, finds the follow-up moved on.
      expect(await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 })).toBe('stale');
    });

    it('setting a follow-up again after its reminder fired schedules a new one (the version in the id)', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0) });
      expect((await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1))).returnvalue).toBe('reminded');

      // The same day again: a new follow-up to do, not the completed job's id.
      expect((await a.patch(`/interactions/${i.id}`).send({ nextFollowUpAt: dayOffset(0) })).status).toBe(200);
      const v2 = await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 2));
      expect(v2.returnvalue).toBe('reminded');
      expect(await notes(a, 'follow_up_due', i.id)).toHaveLength(2);
      // The first reminder's escalation went with it; the second's waits.
      expect(await getJob(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 1))).toBeUndefined();
      expect(await waitForJob(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 2))).toBeDefined();
    });

    it('marking the follow-up done removes its reminder; the stale job run by hand does nothing', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(3) });
      await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      const res = await a.post(`/interactions/${i.id}/follow-up-done`);
      expect(res.status).toBe(200);
      expect(res.body.followUpDoneAt).not.toBeNull();
      await gone(JobName.FollowUpDue, followUpJobId(i.id, 1));
      await waitFor(async () => (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`))[0].n === 0, 'the outbox to drain');
      expect(await getJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 2))).toBeUndefined();

      expect(await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 })).toBe('stale');
      const stale = await queueOf(JobName.FollowUpDue).add(JobName.FollowUpDue, { interactionId: i.id, version: 1 }, { jobId: `stale-${i.id}` });
      await waitForState(t.app, JobName.FollowUpDue, stale.id as string, ['completed']);
      expect((await getJob(t.app, JobName.FollowUpDue, stale.id as string))?.returnvalue).toBe('stale');
      expect(await notes(a, 'follow_up_due', i.id)).toEqual([]);
    });

    it('logging a new interaction with the company for the team is the follow-up: the reminder goes', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(3) });
      await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      await log(a2, { enterpriseId: e.id, occurredAt: dayOffset(0), type: InteractionType.Call });
      await gone(JobName.FollowUpDue, followUpJobId(i.id, 1));
      expect((await a.get(`/interactions/${i.id}`)).body.followUpDoneAt).not.toBeNull();
      expect(await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 })).toBe('stale');
      expect(await notes(a, 'follow_up_due', i.id)).toEqual([]);
    });

    it('deleting the interaction removes its reminder', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(3) });
      await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      expect((await a.delete(`/interactions/${i.id}`)).status).toBe(204);
      await gone(JobName.FollowUpDue, followUpJobId(i.id, 1));
      expect(await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 1 })).toBe('stale');
      expect(await runNow(JobName.FollowUpDue, { interactionId: i.id, version: 2 })).toBe('stale');
      expect(await notes(a, 'follow_up_due', i.id)).toEqual([]);
    });
  });

  describe('escalation (督办)', () => {
    it('a reminded follow-up still open escalates to the managers of the team, not to others', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0) });
      await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));

      const escalation = await waitForJob(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 1));
      expect(await escalation.getState()).toBe('delayed');
      expect(escalation.opts.delay).toBe(3 * 86_400_000); // config/reminders.json: followUpEscalateAfterDays
      const done = await fire(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 1));
      expect(done.returnvalue).toBe('escalated');

      const [n, ...more] = await notes(mx, 'follow_up_overdue', i.id);
      expect(more).toEqual([]);
      expect(n).toMatchObject({ linkType: 'interaction', linkId: i.id });
      expect(n?.title).toContain(e.name);
      expect(await notes(my, 'follow_up_overdue', i.id)).toEqual([]);
      expect(await notes(a, 'follow_up_overdue', i.id)).toEqual([]);
      // Run again: still one.
      await runNow(JobName.FollowUpEscalate, { interactionId: i.id, version: 1 });
      expect(await notes(mx, 'follow_up_overdue', i.id)).toHaveLength(1);
    });

    it('a follow-up done after the reminder does not escalate', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(0) });
      await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      await waitForJob(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 1));

      expect((await a.post(`/interactions/${i.id}/follow-up-done`)).status).toBe(200);
      await gone(JobName.FollowUpEscalate, escalationJobId(i.id, 1));
      expect(await runNow(JobName.FollowUpEscalate, { interactionId: i.id, version: 1 })).toBe('stale');
      expect(await notes(mx, 'follow_up_overdue', i.id)).toEqual([]);
    });

    it('reaches every manager above the team: of the team itself, its county, the city; and one rescheduled by a manager too', async () => {
      const ofTeam = await crm.as(await crm.f.manager({ teamIds: [org.teamA.id] }));
      const ofCity = await crm.as(await crm.f.manager({ regionUnitIds: [org.city.id] }));
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(2) });
      await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(i.id, 1));
      // The county's manager brings it forward to today: v2.
      expect((await mx.patch(`/interactions/${i.id}`).send({ nextFollowUpAt: dayOffset(0) })).status).toBe(200);
      expect((await fire(t.app, JobName.FollowUpDue, followUpJobId(i.id, 2))).returnvalue).toBe('reminded');
      expect((await fire(t.app, JobName.FollowUpEscalate, escalationJobId(i.id, 2))).returnvalue).toBe('escalated');
      for (const m of [mx, ofTeam, ofCity]) expect(await notes(m, 'follow_up_overdue', i.id)).toHaveLength(1);
      expect(await notes(my, 'follow_up_overdue', i.id)).toEqual([]);
      expect(await notes(a, 'follow_up_due', i.id)).toHaveLength(1);
    });
  });
});
