import { encodeCursor } from '../src/common/pagination/page';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { Client, CrmFactory, dayOffset, expectAppError, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** Units of 1/10,000 万元, for ordering amounts without floats. */
const units = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole as string) * 10_000n + BigInt(frac.padEnd(4, '0'));
};

describe('leads: CRUD within scope, filters, sorting, validation', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
  });
  afterAll(() => t.close());

  describe('scope', () => {
    let org: Awaited<ReturnType<CrmFactory['org']>>;
    let leadA: LeadView;
    let leadB: LeadView;
    let leadC: LeadView;

    beforeAll(async () => {
      org = await crm.org();
      leadA = await p.lead(org.memberA);
      leadB = await p.lead(org.memberB);
      leadC = await p.lead(org.memberC);
    });

    it('a member of team A gets 404 on team B’s lead for every route, and B’s lead is unchanged', async () => {
      const a = await crm.as(org.memberA);
      const url = `/leads/${leadB.id}`;
      const answers = [
        await a.get(url),
        await a.patch(url).send({ title: '改名', version: leadB.version }),
        await a.post(`${url}/transitions`).send({ to: LeadStage.Contacted, version: leadB.version }),
        await a.post(`${url}/signings`).send({ agreementType: 'investment', amount: '1', signedOn: dayOffset(-1) }),
        await a.get(`${url}/signings`),
        await a.get(`${url}/timeline`),
        await a.delete(url),
      ];
      for (const res of answers) expectAppError(res, 404, 'NOT_FOUND');
      // The same answer as an id that does not exist: nothing to learn by guessing.
      expectAppError(await a.get('/leads/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      const after = await (await crm.as(org.memberB)).get(url).expect(200);
      expect(after.body).toMatchObject({ title: leadB.title, stage: LeadStage.Lead, version: leadB.version });
      expect(await p.count('signings', 'lead_id = $1', [leadB.id])).toBe(0);
      expect(await p.count('lead_stage_changes', 'lead_id = $1', [leadB.id])).toBe(1);
    });

    it('a member sees their own team’s leads only; the team mate can read and change them', async () => {
      const a = await crm.as(org.memberA);
      const list = await a.get('/leads').query({ limit: 200 }).expect(200);
      expect(ids(list)).toContain(leadA.id);
      expect(ids(list)).not.toContain(leadB.id);
      expect(ids(list)).not.toContain(leadC.id);
      const mate = await crm.as(org.memberA2);
      const res = await mate.patch(`/leads/${leadA.id}`).send({ notes: '队友补充', version: leadA.version }).expect(200);
      expect(res.body).toMatchObject({ notes: '队友补充', version: leadA.version + 1 });
      leadA = res.body;
    });

    it('the county manager sees both teams of the county; a manager elsewhere sees neither; the admin sees all', async () => {
      const mx = await crm.as(org.managerX);
      const inX = ids(await mx.get('/leads').query({ limit: 200 }).expect(200));
      expect(inX).toEqual(expect.arrayContaining([leadA.id, leadB.id]));
      expect(inX).not.toContain(leadC.id);
      await mx.get(`/leads/${leadA.id}`).expect(200);
      await mx.get(`/leads/${leadB.id}`).expect(200);
      expectAppError(await mx.get(`/leads/${leadC.id}`), 404, 'NOT_FOUND');

      const my = await p.managerClient({ regionUnitIds: [org.countyY.id] });
      const inY = ids(await my.get('/leads').query({ limit: 200 }).expect(200));
      expect(inY).toContain(leadC.id);
      expect(inY).not.toContain(leadA.id);
      expect(inY).not.toContain(leadB.id);
      for (const lead of [leadA, leadB]) {
        expectAppError(await my.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');
        expectAppError(await my.post(`/leads/${lead.id}/transitions`).send({ to: LeadStage.Contacted }), 404, 'NOT_FOUND');
        expectAppError(await my.get(`/leads/${lead.id}/timeline`), 404, 'NOT_FOUND');
      }

      const admin = await p.adminClient();
      const all = ids(await admin.get('/leads').query({ limit: 200 }).expect(200));
      expect(all).toEqual(expect.arrayContaining([leadA.id, leadB.id, leadC.id]));
    });

    it('the county manager may change a lead of a team below; a manager of another team may not', async () => {
      const mx = await crm.as(org.managerX);
      const res = await mx.patch(`/leads/${leadB.id}`).send({ intendedAmount: '20000', version: leadB.version }).expect(200);
      expect(res.body).toMatchObject({ intendedAmount: '20000', version: leadB.version + 1 });
      leadB = res.body;
      const teamCManager = await p.managerClient({ teamIds: [org.teamC.id] });
      expectAppError(await teamCManager.patch(`/leads/${leadB.id}`).send({ title: '越权', version: leadB.version }), 404, 'NOT_FOUND');
    });
  });

  describe('create, update and delete', () => {
    let org: Awaited<ReturnType<CrmFactory['org']>>;
    let a: Client;

    beforeAll(async () => {
      org = await crm.org();
      a = await crm.as(org.memberA);
    });

    it('opens a lead with every field, owned by the caller in their team, at stage lead, and logs the opening', async () => {
      const target = org.countyX;
      const source = await p.sourceRegion();
      const body = await p.leadBody({ targetRegionUnitId: target.id, sourceRegionId: source.id, intendedAmount: '308000.1234', expectedSignDate: '2030-06-30', isAnchor: true, source: 'exhibition', notes: '展会接洽' });
      const res = await a.post('/leads').send(body).expect(201);
      expect(res.body).toMatchObject({
        title: body.title,
        enterprise: { id: body.enterpriseId },
        team: { id: org.teamA.id, name: org.teamA.name },
        owner: { id: org.memberA.id },
        industryChain: { id: body.industryChainId },
        targetRegionUnit: { id: target.id },
        sourceRegion: { id: source.id, name: source.name },
        intendedAmount: '308000.1234',
        expectedSignDate: '2030-06-30',
        source: 'exhibition',
        sourceLabel: '展会招商',
        isAnchor: true,
        stage: 'lead',
        stageLabel: '线索',
        signedAmount: '0',
        signedOn: null,
        coTeams: [],
        version: 1,
        isIdle: false,
      });
      const changes = await p.stageChanges(res.body.id);
      expect(changes).toEqual([expect.objectContaining({ from_stage: null, to_stage: 'lead', actor_id: org.memberA.id })]);
      await a.get(`/leads/${res.body.id}`).expect(200);
    });

    it.each([
      ['a negative amount', { intendedAmount: '-1' }, 'intendedAmount'],
      ['five decimals', { intendedAmount: '1.23456' }, 'intendedAmount'],
      ['a JSON float that is not exact (0.1 + 0.2)', { intendedAmount: 0.1 + 0.2 }, 'intendedAmount'],
      ['a negative JSON number', { intendedAmount: -5 }, 'intendedAmount'],
      ['an exponent', { intendedAmount: '1e5' }, 'intendedAmount'],
      ['an amount as words', { intendedAmount: '五万' }, 'intendedAmount'],
      ['no amount', { intendedAmount: undefined }, 'intendedAmount'],
      ['an unknown source', { source: 'fax' }, 'source'],
      ['a bad expected date', { expectedSignDate: '2022-02-30' }, 'expectedSignDate'],
      ['a month for the expected date', { expectedSignDate: '2022-04' }, 'expectedSignDate'],
      ['a week for the expected date', { expectedSignDate: '2022-W17' }, 'expectedSignDate'],
      ['an ordinal day for the expected date', { expectedSignDate: '2022-117' }, 'expectedSignDate'],
      ['a date-time for the expected date', { expectedSignDate: '2022-04-27T10:00:00Z' }, 'expectedSignDate'],
      ['an unknown field', { stage: 'negotiating' }, 'stage'],
    ])('refuses %s with 400 naming the field, and writes nothing', async (_what, patch, field) => {
      const before = await p.count('leads');
      const body = await p.leadBody(patch);
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete body[k];
      expectAppError(await a.post('/leads').send(body), 400, 'VALIDATION_FAILED', field);
      expect(await p.count('leads')).toBe(before);
    });

    it('keeps an exact JSON number: 591.95 is stored and shown as "591.95"', async () => {
      const res = await a.post('/leads').send(await p.leadBody({ intendedAmount: 591.95 })).expect(201);
      expect(res.body.intendedAmount).toBe('591.95');
      const [row] = await p.db.query('SELECT intended_amount::text AS v FROM leads WHERE id = $1', [res.body.id]);
      expect(row.v).toBe('591.9500');
      const four = await a.post('/leads').send(await p.leadBody({ intendedAmount: '0.0001' })).expect(201);
      expect(four.body.intendedAmount).toBe('0.0001');
    });

    it('refuses a JSON number too long for a double to carry exactly', async () => {
      // JSON.parse turns 12345678901234.5678 into 12345678901234.568: the API must not store a different amount.
      const body = JSON.stringify(await p.leadBody()).replace('"intendedAmount":"10000"', '"intendedAmount":12345678901234.5678');
      const res = await a.post('/leads').set('Content-Type', 'application/json').send(body);
      expectAppError(res, 400, 'VALIDATION_FAILED', 'intendedAmount');
    });

    it('the owner must be an active member of the lead’s team', async () => {
      expectAppError(await a.post('/leads').send(await p.leadBody({ ownerId: org.memberB.id })), 400, 'LEAD_REFERENCE_INVALID', 'ownerId');
      const ok = await a.post('/leads').send(await p.leadBody({ ownerId: org.memberA2.id })).expect(201);
      expect(ok.body.owner.id).toBe(org.memberA2.id);
      expectAppError(await a.patch(`/leads/${ok.body.id}`).send({ ownerId: org.memberC.id, version: 1 }), 400, 'LEAD_REFERENCE_INVALID', 'ownerId');
      expectAppError(await a.patch(`/leads/${ok.body.id}`).send({ ownerId: org.managerX.id, version: 1 }), 400, 'LEAD_REFERENCE_INVALID', 'ownerId');
      const moved = await a.patch(`/leads/${ok.body.id}`).send({ ownerId: org.memberA.id, version: 1 }).expect(200);
      expect(moved.body.owner.id).toBe(org.memberA.id);
    });

    it('a manager opening a lead for a team names a member of it as owner', async () => {
      const mx = await crm.as(org.managerX);
      const noOwner = await mx.post('/leads').send(await p.leadBody({ teamId: org.teamB.id }));
      expectAppError(noOwner, 400, 'LEAD_REFERENCE_INVALID', 'ownerId');
      const res = await mx.post('/leads').send(await p.leadBody({ teamId: org.teamB.id, ownerId: org.memberB.id })).expect(201);
      expect(res.body).toMatchObject({ team: { id: org.teamB.id }, owner: { id: org.memberB.id } });
    });

    it('a member cannot open a lead for another team', async () => {
      expectAppError(await a.post('/leads').send(await p.leadBody({ teamId: org.teamB.id })), 400, 'TEAM_NOT_WRITABLE', 'teamId');
    });

    it('an update names the version it read; a stale one gets 409 with the current state and writes nothing', async () => {
      const lead = await p.lead(org.memberA, { intendedAmount: '100' });
      const first = await a.patch(`/leads/${lead.id}`).send({ intendedAmount: '200.5', version: 1 }).expect(200);
      expect(first.body).toMatchObject({ intendedAmount: '200.5', version: 2 });
      await p.move(org.memberA, lead.id, LeadStage.Contacted);

      const stale = await (await crm.as(org.memberA2)).patch(`/leads/${lead.id}`).send({ intendedAmount: '999', title: '旧版本', version: 1 });
      expectAppError(stale, 409, 'LEAD_VERSION_CONFLICT');
      expect(stale.body.details).toMatchObject({ currentVersion: 3, currentStage: 'contacted', currentStageLabel: '初步接洽' });
      const now = await a.get(`/leads/${lead.id}`).expect(200);
      expect(now.body).toMatchObject({ intendedAmount: '200.5', title: lead.title, version: 3 });
      expect((await crm.audit('lead', lead.id)).filter((e) => e.action === 'update')).toHaveLength(1);

      expectAppError(await a.patch(`/leads/${lead.id}`).send({ title: '没有版本' }), 400, 'VALIDATION_FAILED', 'version');
    });

    it.each([['title'], ['intendedAmount'], ['source'], ['industryChainId'], ['ownerId'], ['isAnchor']])('refuses %s: null on update with 400, not a server error', async (field) => {
      const lead = await p.lead(org.memberA);
      const res = await a.patch(`/leads/${lead.id}`).send({ [field]: null, version: lead.version });
      expectAppError(res, 400, 'VALIDATION_FAILED', field);
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.version).toBe(lead.version);
    });

    it('clears the optional fields with null on update', async () => {
      const source = await p.sourceRegion();
      const lead = await p.lead(org.memberA, { targetRegionUnitId: org.countyX.id, sourceRegionId: source.id, expectedSignDate: '2030-01-01', notes: '备注' });
      const res = await a.patch(`/leads/${lead.id}`).send({ targetRegionUnitId: null, sourceRegionId: null, expectedSignDate: null, notes: null, isAnchor: true, version: lead.version }).expect(200);
      expect(res.body).toMatchObject({ targetRegionUnit: null, sourceRegion: null, expectedSignDate: null, notes: null, isAnchor: true, version: lead.version + 1 });
    });

    it('deletes an unsigned lead (gone from GET and the list); a signed lead cannot be deleted', async () => {
      const lead = await p.lead(org.memberA);
      await a.delete(`/leads/${lead.id}`).expect(204);
      expectAppError(await a.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');
      expect(ids(await a.get('/leads').query({ limit: 200 }).expect(200))).not.toContain(lead.id);
      expectAppError(await a.delete(`/leads/${lead.id}`), 404, 'NOT_FOUND');
      // The pair is free again for the team.
      await a.post('/leads').send(await p.leadBody({ enterpriseId: lead.enterprise.id })).expect(201);

      const signed = await p.lead(org.memberA);
      await p.sign(org.memberA, signed.id, { amount: '500' });
      expectAppError(await a.delete(`/leads/${signed.id}`), 409, 'LEAD_HAS_SIGNINGS');
      expectAppError(await (await crm.as(org.managerX)).delete(`/leads/${signed.id}`), 409, 'LEAD_HAS_SIGNINGS');
      expect((await a.get(`/leads/${signed.id}`).expect(200)).body.stage).toBe('signed');
    });
  });

  describe('list filters', () => {
    let org: Awaited<ReturnType<CrmFactory['org']>>;
    let admin: Client;
    const L: Record<string, LeadView> = {};
    let chain2: string;
    let source1: string;
    let township: { id: string };
    let memberT: Awaited<ReturnType<Factory['user']>>;

    /** Lists as the admin within this block's city (other blocks write leads too). */
    const list = async (query: Record<string, unknown>) => {
      const res = await admin.get('/leads').query({ regionUnitId: org.city.id, limit: 200, ...query });
      expect(res.status).toBe(200);
      return ids(res).sort();
    };
    const idsOf = (...keys: string[]) => keys.map((k) => (L[k] as LeadView).id).sort();

    beforeAll(async () => {
      org = await crm.org();
      admin = await p.adminClient();
      chain2 = (await crm.industryChain()).id;
      source1 = (await p.sourceRegion()).id;
      township = await f.region({ level: RegionLevel.Township, parentId: org.countyX.id });
      memberT = await f.user();
      await f.team({ regionUnitId: township.id, memberIds: [memberT.id] });
      L.a1 = await p.lead(org.memberA, { title: '玉米深加工一期', intendedAmount: '100' });
      L.a2 = await p.lead(org.memberA, { title: '玉米深加工二期', industryChainId: chain2, sourceRegionId: source1, isAnchor: true });
      L.a3 = await p.lead(org.memberA, { title: '铝合金材料（6061-T6 型材）', targetRegionUnitId: org.countyY.id });
      L.b1 = await p.lead(org.memberB, { title: '风光储氢一体化', sourceRegionId: source1, targetRegionUnitId: org.countyX.id });
      L.c1 = await p.lead(org.memberC, { title: '硅砂新材料', industryChainId: chain2, isAnchor: true });
      L.t1 = await p.lead(memberT, { title: '乡镇玉米烘干' });
      L.old = await p.lead(org.memberB, { title: '旧线索' });
      await p.move(org.memberA, (L.a2 as LeadView).id, LeadStage.Negotiating);
      await p.move(org.memberB, (L.b1 as LeadView).id, LeadStage.Negotiating);
      await p.move(org.memberC, (L.c1 as LeadView).id, LeadStage.Lost);
      await p.backdate((L.old as LeadView).id, 120);
    });

    it('by stage, team and owner', async () => {
      expect(await list({})).toEqual(idsOf('a1', 'a2', 'a3', 'b1', 'c1', 't1', 'old'));
      expect(await list({ stage: 'negotiating' })).toEqual(idsOf('a2', 'b1'));
      expect(await list({ stage: 'lost' })).toEqual(idsOf('c1'));
      expect(await list({ stage: 'lead' })).toEqual(idsOf('a1', 'a3', 't1', 'old'));
      expect(await list({ teamId: org.teamB.id })).toEqual(idsOf('b1', 'old'));
      expect(await list({ ownerId: org.memberA.id })).toEqual(idsOf('a1', 'a2', 'a3'));
      expectAppError(await admin.get('/leads').query({ stage: 'won' }), 400, 'VALIDATION_FAILED', 'stage');
      expectAppError(await admin.get('/leads').query({ teamId: 'x' }), 400, 'VALIDATION_FAILED', 'teamId');
    });

    it('by the team’s region unit, its whole subtree', async () => {
      expect(await list({ regionUnitId: org.countyX.id })).toEqual(idsOf('a1', 'a2', 'a3', 'b1', 't1', 'old'));
      expect(await list({ regionUnitId: township.id })).toEqual(idsOf('t1'));
      expect(await list({ regionUnitId: org.countyY.id })).toEqual(idsOf('c1'));
    });

    it('by target county, industry chain, source region and anchor flag', async () => {
      expect(await list({ targetRegionUnitId: org.countyY.id })).toEqual(idsOf('a3'));
      expect(await list({ targetRegionUnitId: org.countyX.id })).toEqual(idsOf('b1'));
      expect(await list({ industryChainId: chain2 })).toEqual(idsOf('a2', 'c1'));
      expect(await list({ sourceRegionId: source1 })).toEqual(idsOf('a2', 'b1'));
      expect(await list({ isAnchor: 'true' })).toEqual(idsOf('a2', 'c1'));
      expect(await list({ isAnchor: 'false' })).toEqual(idsOf('a1', 'a3', 'b1', 't1', 'old'));
      expect(await list({ isAnchor: 'true', industryChainId: chain2, stage: 'lost' })).toEqual(idsOf('c1'));
      expectAppError(await admin.get('/leads').query({ isAnchor: 'yes' }), 400, 'VALIDATION_FAILED', 'isAnchor');
    });

    it('by registration period (from inclusive, to exclusive)', async () => {
      expect(await list({ from: dayOffset(-30) })).toEqual(idsOf('a1', 'a2', 'a3', 'b1', 'c1', 't1'));
      expect(await list({ to: dayOffset(-30) })).toEqual(idsOf('old'));
      expect(await list({ from: dayOffset(-200), to: dayOffset(-100) })).toEqual(idsOf('old'));
      expect(await list({ from: dayOffset(1) })).toEqual([]);
      expectAppError(await admin.get('/leads').query({ from: 'yesterday' }), 400, 'VALIDATION_FAILED', 'from');
    });

    it('by a fragment of the title, in any letter case', async () => {
      expect(await list({ q: '玉米' })).toEqual(idsOf('a1', 'a2', 't1'));
      expect(await list({ q: '二期' })).toEqual(idsOf('a2'));
      expect(await list({ q: '6061-t6' })).toEqual(idsOf('a3'));
      expect(await list({ q: '%' })).toEqual([]);
      expect(await list({ q: '_' })).toEqual([]);
    });

    it('idle: only leads with no activity for the protection period, flagged isIdle; idle=false the others', async () => {
      expect(await list({ idle: 'true' })).toEqual(idsOf('old'));
      expect(await list({ idle: 'false' })).toEqual(idsOf('a1', 'a2', 'a3', 'b1', 'c1', 't1'));
      const res = await admin.get('/leads').query({ regionUnitId: org.city.id, limit: 200 }).expect(200);
      const flags = Object.fromEntries((res.body.items as LeadView[]).map((l) => [l.id, l.isIdle]));
      expect(flags[(L.old as LeadView).id]).toBe(true);
      expect(Object.values(flags).filter(Boolean)).toHaveLength(1);
      const old = res.body.items.find((l: LeadView) => l.id === (L.old as LeadView).id);
      expect(old.idleDays).toBeGreaterThanOrEqual(120);
    });

    it('filters stay within the caller’s scope', async () => {
      const b = await crm.as(org.memberB);
      const res = await b.get('/leads').query({ industryChainId: chain2, limit: 200 }).expect(200);
      expect(ids(res)).toEqual([]);
      const mine = await b.get('/leads').query({ stage: 'negotiating', limit: 200 }).expect(200);
      expect(ids(mine)).toEqual([(L.b1 as LeadView).id]);
    });
  });

  describe('sorting and cursor paging', () => {
    let org: Awaited<ReturnType<CrmFactory['org']>>;
    const amounts = ['100', '100', '99.9999', '1000000', '0', '5.5', '100.0001', '100', '0.0001', '250000'];
    const created: LeadView[] = [];

    beforeAll(async () => {
      org = await crm.org();
      for (const [i, amount] of amounts.entries()) created.push(await p.lead(i % 2 ? org.memberA : org.memberB, { intendedAmount: amount }));
    });

    it.each([['asc'], ['desc']])('by intendedAmount %s: a cursor walk returns every lead once, in amount order', async (order) => {
      const mx = f.as(await org.managerX.token());
      const { items, pages } = await f.walk<LeadView>(mx, '/api/v1/leads', { sort: 'intendedAmount', order }, 3);
      expect(pages).toBe(Math.ceil(amounts.length / 3));
      const seen = items.map((l) => l.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(created.map((l) => l.id).sort());
      const values = items.map((l) => units(l.intendedAmount));
      const sorted = [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      expect(values).toEqual(order === 'asc' ? sorted : sorted.reverse());
    });

    it('descending is exactly ascending reversed (ties broken by id both ways)', async () => {
      const mx = f.as(await org.managerX.token());
      const asc = (await f.walk<LeadView>(mx, '/api/v1/leads', { sort: 'intendedAmount', order: 'asc' }, 2)).items.map((l) => l.id);
      const desc = (await f.walk<LeadView>(mx, '/api/v1/leads', { sort: 'intendedAmount', order: 'desc' }, 2)).items.map((l) => l.id);
      expect(desc).toEqual([...asc].reverse());
    });

    it('by creation (the default, newest first) and by update: every lead once', async () => {
      const mx = f.as(await org.managerX.token());
      const byCreation = (await f.walk<LeadView>(mx, '/api/v1/leads', {}, 4)).items.map((l) => l.id);
      expect(byCreation).toEqual(created.map((l) => l.id).reverse());
      const byUpdate = (await f.walk<LeadView>(mx, '/api/v1/leads', { sort: 'updatedAt', order: 'asc' }, 4)).items.map((l) => l.id);
      expect([...byUpdate].sort()).toEqual(created.map((l) => l.id).sort());
    });

    it('refuses an unknown sort, order or cursor with 400', async () => {
      const mx = await crm.as(org.managerX);
      expectAppError(await mx.get('/leads').query({ sort: 'title' }), 400, 'VALIDATION_FAILED', 'sort');
      expectAppError(await mx.get('/leads').query({ order: 'up' }), 400, 'VALIDATION_FAILED', 'order');
      expectAppError(await mx.get('/leads').query({ cursor: 'garbage' }), 400, 'INVALID_CURSOR', 'cursor');
      // Well formed, and a date to JavaScript, but not to PostgreSQL (30 February): still the caller's 400, never a 500.
      const feb30 = encodeCursor('2024-02-30T00:00:00Z', '9b2c1f4e-6a51-4d7e-9a0b-2f6f3c1d8e77');
      expectAppError(await mx.get('/leads').query({ cursor: feb30 }), 400, 'INVALID_CURSOR', 'cursor');
      expectAppError(await mx.get('/interactions').query({ cursor: feb30 }), 400, 'INVALID_CURSOR', 'cursor');
      expectAppError(await mx.get('/teams').query({ cursor: feb30 }), 400, 'INVALID_CURSOR', 'cursor');
      expectAppError(await mx.get('/leads').query({ limit: 0 }), 400, 'VALIDATION_FAILED', 'limit');
    });
  });

  it('needs a signed-in caller', async () => {
    const res = await t.http().get('/api/v1/leads');
    expectAppError(res, 401, 'UNAUTHENTICATED');
  });
});
