import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { TargetsService } from '../src/targets/targets.service';
import { JobName, QueueName } from '../src/queue/jobs';
import { QueueService } from '../src/queue/queue.service';
import { cjk, Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { BACKENDS, waitForState, getJob } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

interface NotificationBody {
  kind: string;
  title: string;
  body: string;
  linkId: string | null;
}

const DAY = 86_400_000;

/** Monday 08:00 Beijing (when the digest's scheduler fires) of the week `weeks` from this one. */
function mondayMorning(weeks: number): Date {
  const beijing = new Date(Date.now() + 8 * 3600_000);
  const daysSinceMonday = (beijing.getUTCDay() + 6) % 7;
  const monday = businessDate(new Date(Date.now() - daysSinceMonday * DAY + weeks * 7 * DAY));
  return new Date(`${monday}T08:00:00+08:00`);
}

/**
 * The sweeps: the hourly lead sweep (idle leads, expired protection, the response deadlines
 * of large leads) and Monday's digest for managers, run through the queue like the schedulers do.
 */
describe.each(BACKENDS)('sweeps on the %s queue backend', (_backend, env) => {
  let t: TestApp;
  let crm: CrmFactory;
  let chainId: string;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'all', ...env });
    crm = new CrmFactory(t, new Factory(t));
    chainId = (await crm.industryChain()).id;
  });
  afterAll(() => t?.close());

  let runs = 0;
  /** Adds a sweep job to its queue and waits for a worker to finish it; returns what it reported. */
  const sweep = async (name: JobName.LeadsSweep | JobName.WeeklyDigest, at?: Date) => {
    const jobId = `test-${name.replace('.', '-')}-${++runs}`;
    await t.app.get(QueueService).add(name, at ? { at: at.toISOString() } : {}, { jobId });
    expect(await waitForState(t.app, name, jobId, ['completed', 'failed'], 15_000)).toBe('completed');
    return (await getJob(t.app, name, jobId))?.returnvalue as Record<string, number>;
  };
  const notes = async (as: Client, kind: string, linkId?: string): Promise<NotificationBody[]> => {
    const res = await as.get('/notifications').query({ limit: 200 });
    expect(res.status).toBe(200);
    return (res.body.items as NotificationBody[]).filter((n) => n.kind === kind && (linkId === undefined || n.linkId === linkId));
  };
  const openLead = async (owner: Client, intendedAmount: string, daysAgo: number) => {
    const enterprise = await crm.enterprise();
    const res = await owner.post('/leads').send({ title: `项目${cjk(5)}`, enterpriseId: enterprise.id, industryChainId: chainId, intendedAmount, source: 'door_to_door' });
    if (res.status !== 201) throw new Error(`lead: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as string;
    // As if nobody had touched it since `daysAgo`.
    await t.db.query(
      `UPDATE leads SET created_at = created_at - make_interval(days => $2), stage_entered_at = stage_entered_at - make_interval(days => $2) WHERE id = $1`,
      [id, daysAgo],
    );
    await t.db.query(`UPDATE lead_stage_changes SET at = at - make_interval(days => $2) WHERE lead_id = $1`, [id, daysAgo]);
    return { id, enterpriseId: enterprise.id };
  };

  it('the lead sweep reminds owners of idle leads, tells managers of expired protection and overdue responses, once', async () => {
    const org = await crm.org();
    const [owner, manager, teammate] = await Promise.all([org.memberA, org.managerX, org.memberA2].map((u) => crm.as(u)));
    const idle = await openLead(owner, '500', 40); // 线索 stage: idle after 30 days (config/pipeline.json)
    const expired = await openLead(owner, '500', 100); // protection: 90 days
    const big = await openLead(owner, '20000', 2); // ≥ 1亿元: respond within 1 day, assess within 3 (config/reminders.json)
    const fresh = await openLead(owner, '500', 0);

    const first = await sweep(JobName.LeadsSweep);
    expect(first).toEqual({ idle: expect.any(Number), protection: expect.any(Number), response: expect.any(Number) });

    const [idleNote, ...moreIdle] = await notes(owner, 'lead_idle', idle.id);
    expect(moreIdle).toEqual([]);
    expect(idleNote?.title).toContain('40 天未对接');
    expect(await notes(manager, 'lead_idle', idle.id)).toEqual([]);
    expect(await notes(owner, 'lead_protection_expired', idle.id)).toEqual([]);

    for (const who of [manager, owner]) expect(await notes(who, 'lead_protection_expired', expired.id)).toHaveLength(1);
    expect(await notes(owner, 'lead_idle', expired.id)).toEqual([]);

    // 登记响应 (1 day) is overdue: the managers are told; 研判评估 (3 days) is due tomorrow: the owner is reminded.
    const overdue = await notes(manager, 'lead_response_overdue', big.id);
    expect(overdue.map((n) => n.title)).toEqual([expect.stringContaining('登记响应')]);
    expect((await notes(owner, 'lead_response_due', big.id)).map((n) => n.title)).toEqual([expect.stringContaining('研判评估')]);
    expect(await notes(owner, 'lead_idle', big.id)).toEqual([]);

    // Nothing for a fresh lead, nor for a teammate who owns none of them.
    for (const kind of ['lead_idle', 'lead_protection_expired', 'lead_response_due', 'lead_response_overdue']) {
      expect(await notes(owner, kind, fresh.id)).toEqual([]);
      expect(await notes(teammate, kind)).toEqual([]);
    }

    // The sweep runs every hour: the second run finds everything already said.
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n as number;
    const before = await count();
    expect(await sweep(JobName.LeadsSweep)).toEqual({ idle: 0, protection: 0, response: 0 });
    expect(await count()).toBe(before);
  });

  it('an interaction with the company ends the idle spell; idle again later is a new reminder', async () => {
    const org = await crm.org();
    const owner = await crm.as(org.memberA);
    const lead = await openLead(owner, '500', 40);
    await sweep(JobName.LeadsSweep);
    expect(await notes(owner, 'lead_idle', lead.id)).toHaveLength(1);

    // A visit 35 days ago: idle for 35 days now, a new spell (and still past the stage's 30).
    const visit = await owner.post('/interactions').send({ enterpriseId: lead.enterpriseId, type: 'visit', occurredAt: dayOffset(-35), summary: '回访' });
    expect(visit.status).toBe(201);
    await sweep(JobName.LeadsSweep);
    const spells = await notes(owner, 'lead_idle', lead.id);
    expect(spells.map((n) => n.title)).toEqual([expect.stringContaining('35 天未对接'), expect.stringContaining('40 天未对接')]);

    // A visit yesterday: not idle, nothing new.
    expect((await owner.post('/interactions').send({ enterpriseId: lead.enterpriseId, type: 'call', occurredAt: dayOffset(-1), summary: '电话' })).status).toBe(201);
    await sweep(JobName.LeadsSweep);
    expect(await notes(owner, 'lead_idle', lead.id)).toHaveLength(2);
  });

  it('the weekly digest gives each manager the figures of their teams, once a week', async () => {
    const org = await crm.org();
    const [owner, managerX] = await Promise.all([org.memberA, org.managerX].map((u) => crm.as(u)));
    const managerY = await crm.as(await crm.f.manager({ regionUnitIds: [org.countyY.id] }));
    // Team A: one follow-up three days overdue, one lead idle 40 days, one past protection (idle too).
    const e = await crm.enterprise();
    const i = await owner.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-5), summary: '拜访', nextFollowUpAt: dayOffset(0) });
    expect(i.status).toBe(201);
    await t.db.query(`UPDATE interactions SET next_follow_up_at = next_follow_up_at - interval '3 days' WHERE id = $1`, [i.body.id]);
    await openLead(owner, '500', 40);
    await openLead(owner, '500', 100);
    await openLead(owner, '500', 1);

    const monday = mondayMorning(1);
    const first = await sweep(JobName.WeeklyDigest, monday);
    expect(first.managers).toBeGreaterThanOrEqual(2);

    const [digestX, ...moreX] = await notes(managerX, 'weekly_digest');
    expect(moreX).toEqual([]);
    expect(digestX?.title).toBe(`每周督办简报（${businessDate(monday)}）`);
    // Idle past the lead stage's limit (30 days in config/pipeline.json): the 40- and 100-day leads.
    expect(digestX?.body).toBe(`· ${org.teamA.name}：逾期未跟进 1 条，长期未对接线索 2 条，超过保护期 1 条`);
    const [digestY] = await notes(managerY, 'weekly_digest');
    expect(digestY?.body).toBe('分管的 1 支招商队本周没有逾期跟进、长期未对接的线索或滞后的指标。');
    expect(await notes(owner, 'weekly_digest')).toEqual([]);

    // Run again that Monday, and on the Wednesday after (a retry, a manual run): still one this week.
    await sweep(JobName.WeeklyDigest, monday);
    await sweep(JobName.WeeklyDigest, new Date(monday.getTime() + 2 * DAY + 3 * 3600_000));
    expect(await notes(managerX, 'weekly_digest')).toHaveLength(1);
    expect(await notes(managerY, 'weekly_digest')).toHaveLength(1);

    // The next Monday is a new digest.
    await sweep(JobName.WeeklyDigest, mondayMorning(2));
    expect(await notes(managerX, 'weekly_digest')).toHaveLength(2);
  });

  it('the weekly digest names the targets a team is behind on against 序时进度', async () => {
    const org = await crm.org();
    const managerX = await crm.as(org.managerX);
    const admin = await crm.f.adminUser();
    const actor = { id: admin.id, username: admin.username, displayName: admin.username, role: Role.Admin };
    const now = mondayMorning(3);
    const year = Number(businessDate(now).slice(0, 4));
    await t.app.get(TargetsService).assign(actor, { periodType: 'year', year, teamId: org.teamA.id, values: { signed_projects: 1000 } });
    await sweep(JobName.WeeklyDigest, now);
    const digest = (await notes(managerX, 'weekly_digest')).find((n) => n.title === `每周督办简报（${businessDate(now)}）`);
    // 序时进度 by the live convention (days, config/reporting.json), worked out here: the day of the
    // year (that day counted) ÷ the days of the year, as a percentage rounded half up.
    const dayOfYear = BigInt((Date.parse(`${businessDate(now)}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / DAY + 1);
    const daysInYear = BigInt((Date.parse(`${year + 1}-01-01T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / DAY);
    const hundredths = (dayOfYear * 20_000n + daysInYear) / (2n * daysInYear);
    const elapsed = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
    expect(digest?.body).toContain(`${org.teamA.name}：`);
    expect(digest?.body).toContain(`指标滞后：签约项目数 完成 0.00%（序时 ${elapsed}%）`);
  });

  it('the sweeps are installed as schedulers in Beijing time', async () => {
    const schedulers = await t.app.get(QueueService).queue(QueueName.Sweeps).getJobSchedulers();
    const byKey = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byKey['leads-sweep']).toMatchObject({ name: JobName.LeadsSweep, pattern: '0 * * * *', tz: 'Asia/Shanghai' });
    expect(byKey['weekly-digest']).toMatchObject({ name: JobName.WeeklyDigest, pattern: '0 8 * * 1', tz: 'Asia/Shanghai' });
    // The next digest is due on a Monday at 08:00 Beijing.
    const next = new Date(byKey['weekly-digest']?.next as number);
    expect(new Date(next.getTime() + 8 * 3600_000).getUTCDay()).toBe(1);
    expect(next.toISOString().slice(11, 16)).toBe('00:00');
  });
});
