import type { Response } from 'supertest';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset, expectAppError, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

interface TimelineEntry {
  at: string;
  kind: string;
  title: string;
  detail: string | null;
  actor: string | null;
  refId: string;
}

describe('lead transitions: the move rules, the timeline, concurrency and release', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;
  let a2: Client;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    a = await crm.as(org.memberA);
    a2 = await crm.as(org.memberA2);
  });
  afterAll(() => t.close());

  const move = (c: Client, lead: { id: string }, body: Record<string, unknown>) => c.post(`/leads/${lead.id}/transitions`).send(body);

  describe('the rules, through HTTP', () => {
    it('moves forward any number of steps without a reason', async () => {
      const lead = await p.lead(org.memberA);
      const res = await move(a, lead, { to: 'negotiating', version: 1 }).expect(200);
      expect(res.body).toMatchObject({ stage: 'negotiating', stageLabel: '实质性洽谈', version: 2, sideStateReason: null });
      const again = await move(a, lead, { to: 'contacted', reason: '客商要求重新评估', version: 2 }).expect(200);
      expect(again.body).toMatchObject({ stage: 'contacted', version: 3 });
      const fwd = await move(a, lead, { to: 'site_visit' }).expect(200);
      expect(fwd.body).toMatchObject({ stage: 'site_visit', version: 4 });
      expect((await p.stageChanges(lead.id)).map((c) => [c.from_stage, c.to_stage, c.reason])).toEqual([
        [null, 'lead', null],
        ['lead', 'negotiating', null],
        ['negotiating', 'contacted', '客商要求重新评估'],
        ['contacted', 'site_visit', null],
      ]);
    });

    it('a move back needs a reason: 400 naming reason, nothing written', async () => {
      const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.SiteVisit);
      for (const body of [{ to: 'contacted' }, { to: 'lead', reason: '' }, { to: 'lead', reason: '   ' }]) {
        const res = await move(a, lead, { ...body, version: lead.version });
        expect(res.status).toBe(400);
        expect(['LEAD_REASON_REQUIRED', 'VALIDATION_FAILED']).toContain(res.body.code);
        expectAppError(res, 400, res.body.code, 'reason');
      }
      expectAppError(await move(a, lead, { to: 'contacted', version: lead.version }), 400, 'LEAD_REASON_REQUIRED', 'reason');
      const now = await a.get(`/leads/${lead.id}`).expect(200);
      expect(now.body).toMatchObject({ stage: 'site_visit', version: lead.version });
      expect(await p.stageChanges(lead.id)).toHaveLength(2);
    });

    it.each([
      ['on hold', 'on_hold', '搁置'],
      ['lost', 'lost', '终止'],
    ])('putting a lead %s needs a reason, kept as sideStateReason; reopening it needs one too', async (_w, to, label) => {
      const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.Contacted);
      expectAppError(await move(a, lead, { to }), 400, 'LEAD_REASON_REQUIRED', 'reason');
      const aside = await move(a, lead, { to, reason: '企业资金链紧张', version: lead.version }).expect(200);
      expect(aside.body).toMatchObject({ stage: to, stageLabel: label, sideStateReason: '企业资金链紧张' });
      expectAppError(await move(a, lead, { to: 'negotiating' }), 400, 'LEAD_REASON_REQUIRED', 'reason');
      const back = await move(a, lead, { to: 'negotiating', reason: '企业重新启动投资计划', version: aside.body.version }).expect(200);
      expect(back.body).toMatchObject({ stage: 'negotiating', sideStateReason: null });
    });

    it('refuses to=signed (a signing records it), the same stage, and an unknown stage', async () => {
      const lead = await p.lead(org.memberA);
      expectAppError(await move(a, lead, { to: 'signed' }), 400, 'LEAD_TRANSITION_INVALID', 'to');
      expectAppError(await move(a, lead, { to: 'signed', reason: '已签' }), 400, 'LEAD_TRANSITION_INVALID', 'to');
      expectAppError(await move(a, lead, { to: 'lead' }), 400, 'LEAD_TRANSITION_INVALID', 'to');
      expectAppError(await move(a, lead, { to: 'won' }), 400, 'VALIDATION_FAILED', 'to');
      expectAppError(await move(a, lead, {}), 400, 'VALIDATION_FAILED', 'to');
      expectAppError(await move(a, lead, { to: 'contacted', version: 0 }), 400, 'VALIDATION_FAILED', 'version');
      expect(await p.stageChanges(lead.id)).toHaveLength(1);
    });

    it('a signed lead is final: every move is 409 LEAD_SIGNED_IS_FINAL', async () => {
      const lead = await p.lead(org.memberA);
      await p.sign(org.memberA, lead.id);
      for (const to of ['negotiating', 'lead', 'on_hold', 'lost']) {
        expectAppError(await move(a, lead, { to, reason: '想撤回' }), 409, 'LEAD_SIGNED_IS_FINAL');
      }
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.stage).toBe('signed');
    });

    it('only the owning team or a manager above it moves a lead', async () => {
      const lead = await p.lead(org.memberA);
      expectAppError(await move(await crm.as(org.memberB), lead, { to: 'contacted' }), 404, 'NOT_FOUND');
      const mx = await crm.as(org.managerX);
      const res = await move(mx, lead, { to: 'contacted' }).expect(200);
      expect(res.body.stage).toBe('contacted');
    });
  });

  describe('the timeline', () => {
    it('shows every move with who, when and why, newest first, beside the interactions', async () => {
      const started = Date.now();
      const lead = await p.lead(org.memberA);
      await move(a, lead, { to: 'site_visit' }).expect(200);
      await move(a2, lead, { to: 'contacted', reason: '考察推迟' }).expect(200);
      await move(a, lead, { to: 'on_hold', reason: '等待环评' }).expect(200);
      await move(a2, lead, { to: 'negotiating', reason: '环评通过' }).expect(200);
      await crm.interaction(org.memberA, { enterpriseId: lead.enterprise.id, occurredAt: dayOffset(0), summary: '电话沟通合同条款' });
      const ended = Date.now();

      const res = await a.get(`/leads/${lead.id}/timeline`).expect(200);
      const entries = res.body as TimelineEntry[];
      const stages = entries.filter((e) => e.kind === 'stage');
      expect(stages.map((e) => [e.title, e.detail, e.actor])).toEqual([
        ['搁置 → 实质性洽谈', '环评通过', org.memberA2.username],
        ['初步接洽 → 搁置', '等待环评', org.memberA.username],
        ['考察对接 → 初步接洽', '考察推迟', org.memberA2.username],
        ['线索 → 考察对接', null, org.memberA.username],
        ['登记线索', null, org.memberA.username],
      ]);
      for (const e of stages) {
        const at = new Date(e.at).getTime();
        expect(at).toBeGreaterThanOrEqual(started - 1000);
        expect(at).toBeLessThanOrEqual(ended + 1000);
      }
      const times = stages.map((e) => new Date(e.at).getTime());
      expect([...times].sort((x, y) => y - x)).toEqual(times);
      expect(entries.filter((e) => e.kind === 'interaction').map((e) => e.detail)).toEqual(['电话沟通合同条款']);
      const rows = await p.stageChanges(lead.id);
      expect(stages.map((e) => e.refId).sort()).toEqual(rows.map((r) => r.id).sort());
    });

    it('the manager above reads it; another team cannot', async () => {
      const lead = await p.lead(org.memberA);
      await (await crm.as(org.managerX)).get(`/leads/${lead.id}/timeline`).expect(200);
      expectAppError(await (await crm.as(org.memberC)).get(`/leads/${lead.id}/timeline`), 404, 'NOT_FOUND');
    });
  });

  describe('versions and concurrency', () => {
    it('a move naming a stale version gets 409 with the current state, even when the move would repeat the winner’s', async () => {
      const lead = await p.lead(org.memberA);
      await move(a, lead, { to: 'contacted', version: 1 }).expect(200);
      const stale = await move(a2, lead, { to: 'contacted', version: 1 });
      expectAppError(stale, 409, 'LEAD_VERSION_CONFLICT');
      expect(stale.body.details).toMatchObject({ currentVersion: 2, currentStage: 'contacted', currentStageLabel: '初步接洽' });
      // The same for a move the current stage would judge differently (a move back needing a reason).
      await move(a, lead, { to: 'negotiating', version: 2 }).expect(200);
      const older = await move(a2, lead, { to: 'site_visit', version: 2 });
      expectAppError(older, 409, 'LEAD_VERSION_CONFLICT');
      expect(older.body.details).toMatchObject({ currentVersion: 3, currentStage: 'negotiating' });
      expect(await p.stageChanges(lead.id)).toHaveLength(3);
    });

    const races: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['the same move', { to: 'contacted' }, { to: 'contacted' }],
      ['two different forward moves', { to: 'negotiating' }, { to: 'contacted' }],
      ['a move and a loss', { to: 'site_visit' }, { to: 'lost', reason: '企业放弃' }],
      ['hold against hold', { to: 'on_hold', reason: '甲' }, { to: 'on_hold', reason: '乙' }],
    ];

    it.each(races)('two people moving the same lead at once (%s): exactly one 200 and one 409 with the current state', async (_what, first, second) => {
      for (let round = 0; round < 5; round++) {
        const lead = await p.lead(org.memberA);
        const before = (await p.stageChanges(lead.id)).length;
        const answers: Response[] = await Promise.all([move(a, lead, { ...first, version: 1 }), move(a2, lead, { ...second, version: 1 })]);
        const statuses = answers.map((r) => r.status).sort();
        expect({ round, statuses, bodies: answers.map((r) => r.body.code ?? r.body.stage) }).toMatchObject({ statuses: [200, 409] });
        const winner = answers.find((r) => r.status === 200) as Response;
        const loser = answers.find((r) => r.status === 409) as Response;
        expectAppError(loser, 409, 'LEAD_VERSION_CONFLICT');
        expect(loser.body.details).toMatchObject({ currentVersion: 2, currentStage: winner.body.stage });
        const rows = await p.stageChanges(lead.id);
        expect(rows).toHaveLength(before + 1);
        expect(rows[rows.length - 1]?.to_stage).toBe(winner.body.stage);
        const [row] = await p.db.query('SELECT stage, version FROM leads WHERE id = $1', [lead.id]);
        expect(row).toEqual({ stage: winner.body.stage, version: 2 });
      }
    }, 30_000);
  });

  describe('collisions on reopening', () => {
    it('reopening a lost lead when another team now holds the pair is 409 LEAD_COLLISION naming that team', async () => {
      const lead = await p.lead(org.memberA);
      await move(a, lead, { to: 'lost', reason: '企业转投他处' }).expect(200);
      const b = await crm.as(org.memberB);
      await b.post('/leads').send(await p.leadBody({ enterpriseId: lead.enterprise.id, industryChainId: lead.industryChain.id })).expect(201);
      const res = await move(a, lead, { to: 'contacted', reason: '企业回心转意' });
      expectAppError(res, 409, 'LEAD_COLLISION');
      expect(res.body.details).toEqual({ holdingTeam: { name: org.teamB.name }, stage: 'lead', stageLabel: '线索' });
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.stage).toBe('lost');
    });

    it('reopening from hold needs no collision check (the lead held the pair all along)', async () => {
      const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.OnHold);
      expectAppError(await (await crm.as(org.memberB)).post('/leads').send(await p.leadBody({ enterpriseId: lead.enterprise.id })), 409, 'LEAD_COLLISION');
      await move(a, lead, { to: 'contacted', reason: '恢复洽谈' }).expect(200);
    });
  });

  describe('release after the protection period (保护期)', () => {
    it('an untouched lead past protectionDays is idle in lists; a manager releases it and another team can open the pair', async () => {
      const lead = await p.lead(org.memberA);
      await p.backdate(lead.id, 91);
      const got = await a.get(`/leads/${lead.id}`).expect(200);
      expect(got.body).toMatchObject({ isIdle: true, stage: 'lead' });
      expect(got.body.idleDays).toBeGreaterThanOrEqual(91);
      expect(ids(await a.get('/leads').query({ idle: 'true', limit: 200 }).expect(200))).toContain(lead.id);
      expect((await a.get('/leads').query({ limit: 200 }).expect(200)).body.items.find((l: LeadView) => l.id === lead.id).isIdle).toBe(true);

      const b = await crm.as(org.memberB);
      const body = await p.leadBody({ enterpriseId: lead.enterprise.id, industryChainId: lead.industryChain.id });
      expectAppError(await b.post('/leads').send(body), 409, 'LEAD_COLLISION');

      const mx = await crm.as(org.managerX);
      const released = await mx.post(`/leads/${lead.id}/release`).send({ reason: '三个月无对接' }).expect(200);
      expect(released.body).toMatchObject({ stage: 'lost', isIdle: false, version: 2 });
      expect(released.body.sideStateReason).toContain('三个月无对接');
      const rows = await p.stageChanges(lead.id);
      expect(rows[rows.length - 1]).toMatchObject({ from_stage: 'lead', to_stage: 'lost', actor_id: org.managerX.id });
      expect(Number(rows[rows.length - 1]?.days_in_from_stage)).toBeGreaterThanOrEqual(91);
      expect(ids(await a.get('/leads').query({ idle: 'true', limit: 200 }).expect(200))).not.toContain(lead.id);

      const opened = await b.post('/leads').send(body).expect(201);
      expect(opened.body.team.id).toBe(org.teamB.id);
    });

    it('a recent interaction of the team keeps an old lead protected: releasing it is 409 LEAD_NOT_IDLE', async () => {
      const lead = await p.lead(org.memberA);
      await p.backdate(lead.id, 200);
      await crm.interaction(org.memberA, { enterpriseId: lead.enterprise.id, occurredAt: dayOffset(-10) });
      const got = await a.get(`/leads/${lead.id}`).expect(200);
      expect(got.body.isIdle).toBe(false);
      expect(ids(await a.get('/leads').query({ idle: 'true', limit: 200 }).expect(200))).not.toContain(lead.id);
      const res = await (await crm.as(org.managerX)).post(`/leads/${lead.id}/release`).send({ reason: '清理' });
      expectAppError(res, 409, 'LEAD_NOT_IDLE');
      expect(res.body.details).toMatchObject({ protectionDays: 90 });
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.stage).toBe('lead');
    });

    it('a fresh lead is not idle: 409 LEAD_NOT_IDLE; a signed or lost one is never idle', async () => {
      const lead = await p.lead(org.memberA);
      expectAppError(await (await crm.as(org.managerX)).post(`/leads/${lead.id}/release`).send({ reason: '清理' }), 409, 'LEAD_NOT_IDLE');
      const lost = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.Lost);
      await p.backdate(lost.id, 200);
      expect((await a.get(`/leads/${lost.id}`).expect(200)).body.isIdle).toBe(false);
      expectAppError(await (await crm.as(org.managerX)).post(`/leads/${lost.id}/release`).send({ reason: '清理' }), 409, 'LEAD_NOT_IDLE');
    });

    it('a member cannot release (403); a manager elsewhere gets 404; the admin can', async () => {
      const lead = await p.lead(org.memberA);
      await p.backdate(lead.id, 120);
      expectAppError(await a.post(`/leads/${lead.id}/release`).send({ reason: '自己释放' }), 403, 'FORBIDDEN');
      const my = await p.managerClient({ regionUnitIds: [org.countyY.id] });
      expectAppError(await my.post(`/leads/${lead.id}/release`).send({ reason: '越权' }), 404, 'NOT_FOUND');
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.stage).toBe('lead');
      expectAppError(await (await crm.as(org.managerX)).post(`/leads/${lead.id}/release`).send({}), 400, 'VALIDATION_FAILED', 'reason');
      const admin = await p.adminClient();
      await admin.post(`/leads/${lead.id}/release`).send({ reason: '管理员清理' }).expect(200);
    });

    it('a release reason too long for the reason column is 400 naming reason, not a server error', async () => {
      const lead = await p.lead(org.memberA);
      await p.backdate(lead.id, 120);
      const mx = await crm.as(org.managerX);
      expectAppError(await mx.post(`/leads/${lead.id}/release`).send({ reason: '无'.repeat(500) }), 400, 'VALIDATION_FAILED', 'reason');
      expect((await p.stageChanges(lead.id)).length).toBe(1);
      // The longest that fits: the column's 500 less the 保护期满释放： prefix.
      const reason = '无'.repeat(493);
      const res = await mx.post(`/leads/${lead.id}/release`).send({ reason });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 200, code: undefined });
      expect(res.body.sideStateReason).toBe(`保护期满释放：${reason}`);
    });
  });
});
