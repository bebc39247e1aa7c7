import { randomUUID } from 'node:crypto';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { escalationJobId, followUpJobId } from '../src/interactions/follow-up-jobs';
import { JOB_QUEUE, JobName } from '../src/queue/jobs';
import { QueueService } from '../src/queue/queue.service';
import { WorkersService } from '../src/queue/workers.service';
import { FollowUpDueJob } from '../src/reminders/follow-up-due.job';
import { cjk, Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { BACKENDS, getJob, HttpStub, LOCAL_WEBHOOK_RECEIVERS, signedIn, startHttpStub, waitFor, waitForJob } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

type Payload = { interactionId: string; version: number };

/**
 * Follow-up reminders handled in batches (FollowUpDueJob + JobBatcher): whatever a batch holds —
 * stale, moved, done, deleted, unknown, already sent, the same reminder twice, one that cannot be
 * stored — each job gets its own answer, and the notifications are exactly those a plain SQL
 * reading of the interactions says: one per recipient of each live reminder, never two.
 */
describe.each(BACKENDS)('follow-up reminders in batches on the %s queue backend', (_backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;
  let receiver: HttpStub;
  let hookId: string;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'all', ...LOCAL_WEBHOOK_RECEIVERS, ...env });
    crm = new CrmFactory(t, new Factory(t));
    org = await crm.org();
    a = await crm.as(org.memberA);
    // The teammate wants follow-up reminders on a webhook too: their deliveries go with the batch.
    receiver = await startHttpStub();
    const a2 = await signedIn(t, org.memberA2);
    const hook = await a2.post('/notifications/webhooks').send({ url: receiver.url });
    const pref = await a2.put('/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'webhook'] });
    if (hook.status !== 201 || pref.status !== 200) throw new Error(`webhook set-up failed: ${hook.status} ${pref.status}`);
    hookId = hook.body.id;
  });
  afterAll(async () => {
    await t?.db.query('DROP TRIGGER IF EXISTS poison_notifications ON notifications').catch(() => undefined);
    await t?.close();
    await receiver?.close();
  });

  const queue = () => t.app.get(QueueService).queue(JOB_QUEUE[JobName.FollowUpDue]);
  const runNow = (p: Payload) => t.app.get(WorkersService).runNow(JobName.FollowUpDue, p);
  const log = async (body: Record<string, unknown>) => {
    const e = await crm.enterprise();
    const res = await a.post('/interactions').send({ type: InteractionType.Visit, occurredAt: dayOffset(-1), summary: `拜访${cjk(3)}`, enterpriseId: e.id, ...body });
    if (res.status !== 201) throw new Error(`log failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const outboxDrained = () =>
    waitFor(async () => (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`))[0].n === 0, 'the outbox to drain');

  /** Makes storing any notification about `interactionId` fail, as a bad row would. */
  const poison = async (interactionId: string) => {
    await t.db.query(
      `CREATE OR REPLACE FUNCTION poison_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.link_id = '${interactionId}' THEN RAISE EXCEPTION 'poisoned reminder %', NEW.link_id; END IF; RETURN NEW; END $$`,
    );
    await t.db.query('DROP TRIGGER IF EXISTS poison_notifications ON notifications');
    await t.db.query('CREATE TRIGGER poison_notifications BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION poison_notifications()');
  };
  const cure = () => t.db.query('DROP TRIGGER IF EXISTS poison_notifications ON notifications');

  /**
   * The reminders the payloads call for, read straight from the tables: each payload whose
   * interaction is open at that version, to its author and each participant, once.
   */
  const expected = async (payloads: Payload[]): Promise<string[]> => {
    const rows: Array<{ k: string }> = await t.db.query(
      `SELECT DISTINCT i.id || ' ' || x.u || ' v' || i.follow_up_version AS k
         FROM unnest($1::uuid[], $2::int[]) AS p(id, v)
         JOIN interactions i ON i.id = p.id AND i.follow_up_version = p.v
         CROSS JOIN LATERAL (SELECT i.author_id UNION SELECT ip.user_id FROM interaction_participants ip WHERE ip.interaction_id = i.id) AS x(u)
        WHERE i.next_follow_up_at IS NOT NULL AND i.follow_up_done_at IS NULL AND i.deleted_at IS NULL
        ORDER BY 1`,
      [payloads.map((p) => p.interactionId), payloads.map((p) => p.version)],
    );
    return rows.map((r) => r.k);
  };
  /** The follow-up reminders stored about these interactions, one line per row (duplicates would show twice). */
  const stored = async (ids: string[]): Promise<string[]> => {
    const rows: Array<{ k: string }> = await t.db.query(
      `SELECT n.link_id || ' ' || n.user_id || ' v' || split_part(n.dedupe_key, ':v', 2) AS k
         FROM notifications n WHERE n.kind = 'follow_up_due' AND n.link_id = ANY($1::uuid[]) ORDER BY 1`,
      [ids],
    );
    return rows.map((r) => r.k);
  };

  it('answers each job of a batch on its own, and stores exactly the reminders a plain reading calls for, once each', async () => {
    const both = await log({ nextFollowUpAt: dayOffset(2), participantIds: [org.memberA.id, org.memberA2.id] });
    const alone = await log({ nextFollowUpAt: dayOffset(2) });
    const moved = await log({ nextFollowUpAt: dayOffset(2), participantIds: [org.memberA2.id] });
    const done = await log({ nextFollowUpAt: dayOffset(2) });
    const deleted = await log({ nextFollowUpAt: dayOffset(2) });
    const sentBefore = await log({ nextFollowUpAt: dayOffset(2), participantIds: [org.memberA2.id] });
    expect((await a.patch(`/interactions/${moved}`).send({ nextFollowUpAt: dayOffset(4) })).status).toBe(200);
    expect((await a.post(`/interactions/${done}/follow-up-done`)).status).toBe(200);
    expect((await a.delete(`/interactions/${deleted}`)).status).toBe(204);
    // Reminded already, alone, before the batch: the batch adds nothing for it.
    expect(await runNow({ interactionId: sentBefore, version: 1 })).toBe('reminded');
    const before = await stored([sentBefore]);
    expect(before).toHaveLength(2);

    const jobs: Array<[Payload, string]> = [
      [{ interactionId: both, version: 1 }, 'reminded'],
      [{ interactionId: alone, version: 1 }, 'reminded'],
      [{ interactionId: alone.toUpperCase(), version: 1 }, 'reminded'], // the same reminder again, spelt otherwise
      [{ interactionId: both, version: 1 }, 'reminded'], // twice in one batch
      [{ interactionId: moved, version: 1 }, 'stale'],
      [{ interactionId: moved, version: 2 }, 'reminded'],
      [{ interactionId: done, version: 1 }, 'stale'],
      [{ interactionId: deleted, version: 1 }, 'stale'],
      [{ interactionId: randomUUID(), version: 1 }, 'stale'],
      [{ interactionId: sentBefore, version: 1 }, 'reminded'],
    ];
    const batcher = t.app.get(FollowUpDueJob).batcher;
    const batches = batcher.stats.batches;
    const answers = await Promise.all(jobs.map(([p]) => runNow(p)));
    expect(answers).toEqual(jobs.map(([, want]) => want));
    // They went as one batch: the case under test.
    expect(batcher.stats.batches).toBe(batches + 1);

    const ids = [both, alone, moved, done, deleted, sentBefore];
    const want = await expected(jobs.map(([p]) => p));
    expect(want).toHaveLength(2 + 1 + 2 + 2); // both: author + teammate (the author listed twice counts once); alone; moved v2; sentBefore
    expect(await stored(ids)).toEqual(want);
    expect(await stored([sentBefore])).toEqual(before);

    // Each reminded follow-up's escalation is queued, under its fixed id.
    for (const [id, v] of [[both, 1], [alone, 1], [moved, 2]] as const) expect(await getJob(t.app, JobName.FollowUpEscalate, escalationJobId(id, v))).toBeDefined();
    expect(await getJob(t.app, JobName.FollowUpEscalate, escalationJobId(done, 1))).toBeUndefined();

    // The teammate's webhook gets one delivery per reminder they received in the batch.
    const theirs: Array<{ id: string }> = await t.db.query(
      `SELECT id FROM notifications WHERE user_id = $1 AND kind = 'follow_up_due' AND link_id = ANY($2::uuid[]) AND link_id <> $3`,
      [org.memberA2.id, ids, sentBefore],
    );
    expect(theirs).toHaveLength(2); // both, moved
    const outbox: Array<{ job_id: string }> = await t.db.query(`SELECT job_id FROM outbox_messages WHERE job_name = $1 AND payload->>'notificationId' = ANY($2)`, [
      JobName.DeliverNotification,
      theirs.map((n) => n.id),
    ]);
    expect(outbox.map((o) => o.job_id).sort()).toEqual(theirs.map((n) => `deliver:${n.id}:webhook-${hookId}`).sort());

    // Run the whole batch again: the same answers, not one row more.
    expect(await Promise.all(jobs.map(([p]) => runNow(p)))).toEqual(jobs.map(([, want]) => want));
    expect(await stored(ids)).toEqual(want);
  });

  it('one reminder that cannot be stored fails alone: the rest of its batch is stored once, and it goes out once when retried', async () => {
    const good = await Promise.all([0, 1, 2].map(() => log({ nextFollowUpAt: dayOffset(2), participantIds: [org.memberA2.id] })));
    const bad = await log({ nextFollowUpAt: dayOffset(2) });
    await poison(bad);
    try {
      const batcher = t.app.get(FollowUpDueJob).batcher;
      const split = batcher.stats.split;
      const payloads = [...good, bad].map((id) => ({ interactionId: id, version: 1 }));
      const answers = await Promise.allSettled(payloads.map((p) => runNow(p)));
      expect(answers.slice(0, 3)).toEqual([0, 1, 2].map(() => ({ status: 'fulfilled', value: 'reminded' })));
      expect(answers[3]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('poisoned reminder') }) });
      expect(batcher.stats.split).toBe(split + 1);
      expect(await stored([...good, bad])).toEqual(await expected(payloads.slice(0, 3)));
    } finally {
      await cure();
    }
    expect(await runNow({ interactionId: bad, version: 1 })).toBe('reminded');
    expect(await stored([...good, bad])).toEqual(await expected([...good, bad].map((id) => ({ interactionId: id, version: 1 }))));
  });

  it('through the queue: a flood of due reminders is drained in batches, a poisoned one is retried alone, and nothing is stored twice', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push(await log({ nextFollowUpAt: dayOffset(3), participantIds: n % 2 ? [org.memberA2.id] : [] }));
    const bad = ids[5] as string;
    await outboxDrained();
    const q = queue();
    await q.pause();
    try {
      // The relay has queued each follow-up's reminder for its day: make them all due at once.
      for (const id of ids) await (await waitForJob(t.app, JobName.FollowUpDue, followUpJobId(id, 1))).promote();
      // And a replay of three of them under other ids, as a restored backup would add.
      await q.addBulk(ids.slice(0, 3).map((id) => ({ name: JobName.FollowUpDue, data: { interactionId: id, version: 1 }, opts: { jobId: `replay-${id}` } })));
      await poison(bad);
    } finally {
      await q.resume();
    }
    try {
      const jobIds = [...ids.map((id) => followUpJobId(id, 1)), ...ids.slice(0, 3).map((id) => `replay-${id}`)];
      const finished = async () => Promise.all(jobIds.map(async (j) => (await getJob(t.app, JobName.FollowUpDue, j))!));
      await waitFor(async () => (await finished()).every((j) => j.finishedOn || j.attemptsMade > 0), 'the reminders to be handled', 30_000);
      const badJob = (await getJob(t.app, JobName.FollowUpDue, followUpJobId(bad, 1)))!;
      expect(badJob.attemptsMade).toBe(1);
      expect(badJob.failedReason).toContain('poisoned reminder');
      expect(await badJob.getState()).toBe('delayed'); // waiting for its retry
      const others = (await finished()).filter((job) => job.id !== badJob.id);
      expect(others.map((job) => job.returnvalue)).toEqual(others.map(() => 'reminded'));
      const good = ids.filter((id) => id !== bad);
      expect(await stored(ids)).toEqual(await expected(good.map((id) => ({ interactionId: id, version: 1 }))));

      await cure();
      await badJob.promote();
      await waitFor(async () => (await getJob(t.app, JobName.FollowUpDue, followUpJobId(bad, 1)))?.returnvalue === 'reminded', 'the retried reminder');
    } finally {
      await cure();
    }
    expect(await stored(ids)).toEqual(await expected(ids.map((id) => ({ interactionId: id, version: 1 }))));
  });
});
