import { Role } from '../src/common/auth/auth-user';
import { parseBusinessInstant } from '../src/common/time/business-time';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { LeadsService } from '../src/leads/leads.service';
import { cjk, Client, CrmFactory, dayOffset, expectAppError, ids, validCreditCode } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { ProjectFactory } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

const iso = (date: string) => parseBusinessInstant(date).toISOString();
const hitIds = (group: { items: Array<{ id: string }> }) => group.items.map((i) => i.id).sort();

describe('global search (GET /search) and 今日 follow-up actions', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let pipeline: PipelineFactory;
  let registry: ProjectFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client; // member of team A (county X)
  let a2: Client; // another member of team A
  let c: Client; // member of team C (county Y)
  let admin: Client;
  // 梅花 (méi huā): initials mh, full pinyin meihua — written out by hand, not by the code under test.
  const creditCode = validCreditCode('9115');
  let meihua: { id: string };
  let leadA: { id: string };
  let leadC: { id: string };
  let projectA: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    crm = new CrmFactory(t, f);
    pipeline = new PipelineFactory(t, f);
    registry = new ProjectFactory(t, f);
    org = await crm.org();
    [a, a2, c] = await Promise.all([org.memberA, org.memberA2, org.memberC].map((u) => crm.as(u)));
    admin = await crm.client(Role.Admin);
    meihua = await crm.enterprise({ name: '梅花生物科技集团股份有限公司', shortName: '梅花生物', creditCode });
    leadA = await pipeline.lead(org.memberA, { title: '梅花生物淀粉糖项目', enterpriseId: meihua.id });
    // Another chain: two teams on one company's one chain would be a collision (撞单).
    leadC = await pipeline.lead(org.memberC, { title: '梅花生物二期项目', enterpriseId: meihua.id, industryChainId: (await crm.industryChain()).id });
    projectA = await registry.project({ name: '梅花生物氨基酸产业园', teamId: org.teamA.id });
  });
  afterAll(() => t.close());

  const search = (as: Client, q: string, extra: Record<string, string> = {}) => as.get('/search').query({ q, ...extra });

  describe('search', () => {
    it('pinyin initials find the company, and only the leads and projects in the caller’s scope', async () => {
      const mine = await search(a, 'mhsw');
      expect(mine.status).toBe(200);
      expect(mine.body.q).toBe('mhsw');
      expect(hitIds(mine.body.enterprises)).toEqual([meihua.id]);
      expect(mine.body.enterprises.items[0]).toMatchObject({ name: '梅花生物科技集团股份有限公司', detail: expect.stringContaining('梅花生物') });
      expect(hitIds(mine.body.leads)).toEqual([leadA.id]);
      expect(mine.body.leads).toMatchObject({ total: 1, items: [{ name: '梅花生物淀粉糖项目', detail: expect.stringContaining(org.teamA.name) }] });
      expect(hitIds(mine.body.projects)).toEqual([projectA.id]);

      // Team C's member: their own lead, not team A's; team A's project is out of scope.
      const theirs = await search(c, 'mhsw');
      expect(hitIds(theirs.body.enterprises)).toEqual([meihua.id]);
      expect(hitIds(theirs.body.leads)).toEqual([leadC.id]);
      expect(theirs.body.projects).toEqual({ items: [], total: 0 });

      const all = await search(admin, 'mhsw');
      expect(hitIds(all.body.leads)).toEqual([leadA.id, leadC.id].sort());
    });

    it('two initials (mh), full pinyin (meihua), upper case and full-width letters alike', async () => {
      for (const q of ['mh', 'meihua', 'MHSW', 'ｍｈｓｗ', 'shengwu']) {
        const res = await search(a, q);
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect({ q, hit: hitIds(res.body.enterprises).includes(meihua.id) }).toEqual({ q, hit: true });
        expect({ q, hit: hitIds(res.body.leads).includes(leadA.id) }).toEqual({ q, hit: true });
      }
      // Letters that are no part of the name's pinyin find nothing of it.
      expect(hitIds((await search(a, 'mhxq')).body.enterprises)).not.toContain(meihua.id);
    });

    it('a credit-code prefix and a Chinese fragment find the company', async () => {
      expect(hitIds((await search(a, creditCode.slice(0, 8))).body.enterprises)).toEqual([meihua.id]);
      expect(hitIds((await search(a, creditCode.slice(0, 8).toLowerCase())).body.enterprises)).toEqual([meihua.id]);
      const res = await search(a, '梅花生物');
      expect(hitIds(res.body.enterprises)).toEqual([meihua.id]);
      expect(hitIds(res.body.leads)).toEqual([leadA.id]);
      expect(hitIds(res.body.projects)).toEqual([projectA.id]);
    });

    it('another team’s lead is not found by any of its names', async () => {
      for (const q of ['梅花生物二期', 'mhsweq', 'meihuashengwuerqi']) expect(hitIds((await search(a, q)).body.leads)).toEqual([]);
      for (const q of ['梅花生物二期', 'mhsweq', 'meihuashengwuerqi']) expect(hitIds((await search(c, q)).body.leads)).toEqual([leadC.id]);
    });

    it('the lists answer pinyin as the box does (one matcher)', async () => {
      expect(ids(await a.get('/enterprises').query({ q: 'mhsw' }))).toEqual([meihua.id]);
      expect(ids(await a.get('/leads').query({ q: 'mhsw' }))).toEqual([leadA.id]);
      expect(ids(await a.get('/projects').query({ q: 'mhsw' }))).toEqual([projectA.id]);
    });

    it('a renamed lead is found by its new name’s pinyin, no longer by the old', async () => {
      const lead = await pipeline.lead(org.memberA, { title: '伊利饲草基地项目' });
      expect(hitIds((await search(a, 'ylscjd')).body.leads)).toEqual([lead.id]);
      await t.app.get(LeadsService).update(crm.actor(org.memberA), lead.id, { title: '蒙牛奶源基地项目', version: lead.version });
      expect(hitIds((await search(a, 'ylscjd')).body.leads)).toEqual([]);
      expect(hitIds((await search(a, 'mnnyjd')).body.leads)).toEqual([lead.id]);
      expect(hitIds((await search(a, 'mengniu')).body.leads)).toEqual([lead.id]);
    });

    it('limits each kind and counts every match in scope', async () => {
      const tag = cjk(2);
      for (let i = 0; i < 3; i++) await crm.enterprise({ name: `${tag}矿业${i}号有限公司` });
      const res = await search(admin, `${tag}矿业`, { limit: '2' });
      expect(res.body.enterprises.items).toHaveLength(2);
      expect(res.body.enterprises.total).toBe(3);
    });

    it('refuses a missing, blank or too long query, a bad limit and unknown fields, naming the field', async () => {
      expectAppError(await admin.get('/search'), 400, 'VALIDATION_FAILED', 'q');
      expectAppError(await search(admin, '   '), 400, 'VALIDATION_FAILED', 'q');
      expectAppError(await search(admin, 'm'.repeat(51)), 400, 'VALIDATION_FAILED', 'q');
      expectAppError(await search(admin, 'mh', { limit: '0' }), 400, 'VALIDATION_FAILED', 'limit');
      expectAppError(await search(admin, 'mh', { limit: '21' }), 400, 'VALIDATION_FAILED', 'limit');
      expectAppError(await search(admin, 'mh', { teamId: org.teamA.id }), 400, 'VALIDATION_FAILED', 'teamId');
      const anon = await t.http().get('/api/v1/search').query({ q: 'mh' });
      expect(anon.status).toBe(401);
    });

    it('text that matters to LIKE matches itself only', async () => {
      for (const q of ['%', '_', '\\']) {
        const res = await search(admin, q);
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect(hitIds(res.body.enterprises)).not.toContain(meihua.id);
      }
    });
  });

  describe('follow-up: 完成跟进 and 推迟', () => {
    const log = async (as: Client, body: Record<string, unknown>) => {
      const res = await as.post('/interactions').send({ type: InteractionType.Visit, occurredAt: dayOffset(-1), summary: `拜访${cjk(3)}`, enterpriseId: meihua.id, ...body });
      if (res.status !== 201) throw new Error(`log failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const version = async (id: string): Promise<number> => (await crm.db.query('SELECT follow_up_version FROM interactions WHERE id = $1', [id]))[0].follow_up_version;

    it('推迟 3天后: the new date, still open, its reminder moved (version bumped), audited before → after', async () => {
      const i = await log(a, { nextFollowUpAt: dayOffset(0) });
      const v = await version(i.id);
      const res = await a.post(`/interactions/${i.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: i.id, nextFollowUpAt: iso(dayOffset(3)), followUpDoneAt: null });
      expect(await version(i.id)).toBe(v + 1);
      // The old reminder is removed and a new one due that morning at 08:30 Beijing time.
      const jobs: Array<{ op: string; job_id: string; run_at: Date | null }> = await crm.db.query(
        "SELECT op, job_id, run_at FROM outbox_messages WHERE job_name = 'follow-up.due' AND job_id LIKE $1 ORDER BY id",
        [`follow-up:${i.id}:%`],
      );
      expect(jobs.slice(-2).map((j) => [j.op, j.job_id])).toEqual([
        ['remove', `follow-up:${i.id}:v${v}`],
        ['add', `follow-up:${i.id}:v${v + 1}`],
      ]);
      expect(jobs[jobs.length - 1]?.run_at?.toISOString()).toBe(new Date(`${dayOffset(3)}T08:30:00+08:00`).toISOString());
      const entries = await crm.audit('interaction', i.id);
      expect(entries.map((e) => e.action)).toEqual(['create', 'postpone-follow-up']);
      expect(entries[1]?.actorId).toBe(org.memberA.id);
      // Now due in three days: out of a 2-day window, inside a 4-day one.
      expect(ids(await a.get('/interactions').query({ enterpriseId: meihua.id, followUpDueBefore: dayOffset(2) }))).not.toContain(i.id);
      expect(ids(await a.get('/interactions').query({ enterpriseId: meihua.id, followUpDueBefore: dayOffset(4) }))).toContain(i.id);
    });

    it('refuses a date in the past, a bad date, a missing one and unknown fields; nothing changes', async () => {
      const i = await log(a, { nextFollowUpAt: dayOffset(1) });
      expectAppError(await a.post(`/interactions/${i.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(-1) }), 400, 'FOLLOW_UP_IN_PAST', 'nextFollowUpAt');
      expectAppError(await a.post(`/interactions/${i.id}/follow-up-postpone`).send({ nextFollowUpAt: '2022-13-40' }), 400, 'VALIDATION_FAILED', 'nextFollowUpAt');
      expectAppError(await a.post(`/interactions/${i.id}/follow-up-postpone`).send({}), 400, 'VALIDATION_FAILED', 'nextFollowUpAt');
      expectAppError(await a.post(`/interactions/${i.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3), done: true }), 400, 'VALIDATION_FAILED', 'done');
      expect((await a.get(`/interactions/${i.id}`)).body.nextFollowUpAt).toBe(iso(dayOffset(1)));
      expect((await crm.audit('interaction', i.id)).map((e) => e.action)).toEqual(['create']);
    });

    it('a follow-up done (or never set) cannot be postponed: 409', async () => {
      const i = await log(a, { nextFollowUpAt: dayOffset(1) });
      expect((await a.post(`/interactions/${i.id}/follow-up-done`)).status).toBe(200);
      expectAppError(await a.post(`/interactions/${i.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3) }), 409, 'FOLLOW_UP_NOT_OPEN');
      const none = await log(a, {});
      expectAppError(await a.post(`/interactions/${none.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3) }), 409, 'FOLLOW_UP_NOT_OPEN');
    });

    it('a teammate who went may complete or postpone it; one who did not → 403; another team → 404', async () => {
      const went = await log(a, { nextFollowUpAt: dayOffset(1), participantIds: [org.memberA.id, org.memberA2.id] });
      expect((await a2.post(`/interactions/${went.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(7) })).body.nextFollowUpAt).toBe(iso(dayOffset(7)));
      expect((await a2.post(`/interactions/${went.id}/follow-up-done`)).body.followUpDoneAt).toEqual(expect.any(String));

      const alone = await log(a, { nextFollowUpAt: dayOffset(1) });
      expectAppError(await a2.post(`/interactions/${alone.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3) }), 403, 'INTERACTION_EDIT_FORBIDDEN');
      expectAppError(await a2.post(`/interactions/${alone.id}/follow-up-done`), 403, 'INTERACTION_EDIT_FORBIDDEN');
      expectAppError(await c.post(`/interactions/${alone.id}/follow-up-postpone`).send({ nextFollowUpAt: dayOffset(3) }), 404, 'NOT_FOUND');
      expect((await a.get(`/interactions/${alone.id}`)).body).toMatchObject({ nextFollowUpAt: iso(dayOffset(1)), followUpDoneAt: null });
    });
  });
});
