import { Role } from '../src/common/auth/auth-user';
import { Client, CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { ProjectFactory } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * 产业链图谱 (issue 19): links and placements kept by admins, the graph's per-link figures in the
 * caller's scope, a link's companies and leads, and 目标企业 → 线索 through the lead rules.
 * Figures are checked against a hand table of the rows built here (the period is 2022, every
 * date set explicitly) and the admin's against plain SQL.
 */
describe('chain map (产业链图谱)', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let projects: ProjectFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let admin: Client;
  let a: Client;
  let b: Client;
  let c: Client;
  let mx: Client;
  let chainId: string;
  let otherChainId: string;
  const links: Record<'grow' | 'starch' | 'amino', string> = { grow: '', starch: '', amino: '' };
  const ent: Record<'e1' | 'e2' | 'e3' | 'e4', { id: string; name: string }> = {} as never;
  const leadIds: Record<string, string> = {};
  const YEAR_2022 = { periodType: 'year', year: 2022 };

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    projects = new ProjectFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    admin = await crm.client(Role.Admin);
    [a, b, c, mx] = [await crm.as(org.memberA), await crm.as(org.memberB), await crm.as(org.memberC), await crm.as(org.managerX)];
    chainId = (await crm.industryChain()).id;
    otherChainId = (await crm.industryChain()).id;
    for (const k of ['e1', 'e2', 'e3', 'e4'] as const) {
      const e = await crm.enterprise();
      ent[k] = { id: e.id, name: e.name };
    }
  });
  afterAll(() => t.close());

  const setCreated = (leadId: string, at: string) => t.db.query('UPDATE leads SET created_at = $2 WHERE id = $1', [leadId, at]);

  it('admins build the graph: links, placements, 409s, audit rows', async () => {
    const grow = await admin.post('/chain-links').send({ chainId, segment: 'upstream', name: '玉米种植', keyProducts: '籽粒玉米', sortOrder: 1 }).expect(201);
    expect(grow.body).toMatchObject({ chainId, segment: 'upstream', segmentLabel: '上游', name: '玉米种植', keyProducts: '籽粒玉米', sortOrder: 1 });
    links.grow = grow.body.id;
    links.starch = (await admin.post('/chain-links').send({ chainId, segment: 'midstream', name: '玉米淀粉' }).expect(201)).body.id;
    links.amino = (await admin.post('/chain-links').send({ chainId, segment: 'downstream', name: '氨基酸' }).expect(201)).body.id;
    // The same name in another chain is fine; in the same chain it is a 409.
    await admin.post('/chain-links').send({ chainId: otherChainId, segment: 'upstream', name: '玉米种植' }).expect(201);
    expectAppError(await admin.post('/chain-links').send({ chainId, segment: 'midstream', name: '玉米种植' }), 409, 'CHAIN_LINK_NAME_TAKEN', 'name');
    expectAppError(await admin.patch(`/chain-links/${links.starch}`).send({ name: '玉米种植' }), 409, 'CHAIN_LINK_NAME_TAKEN', 'name');

    await admin.post(`/chain-links/${links.grow}/companies`).send({ enterpriseId: ent.e1.id, placement: 'local' }).expect(201);
    await admin.post(`/chain-links/${links.starch}/companies`).send({ enterpriseId: ent.e2.id, placement: 'landed', note: '2021年落地' }).expect(201);
    await admin.post(`/chain-links/${links.starch}/companies`).send({ enterpriseId: ent.e4.id, placement: 'target' }).expect(201);
    const placed = await admin.post(`/chain-links/${links.amino}/companies`).send({ enterpriseId: ent.e3.id, placement: 'target' }).expect(201);
    expect(placed.body).toEqual({ enterpriseId: ent.e3.id, enterpriseName: ent.e3.name, placement: 'target', placementLabel: '目标企业', note: null, leadCount: 0 });
    expectAppError(await admin.post(`/chain-links/${links.amino}/companies`).send({ enterpriseId: ent.e3.id, placement: 'local' }), 409, 'CHAIN_COMPANY_PLACED', 'enterpriseId');
    // A company may stand on several links (here e1 also as a target downstream, removed again).
    await admin.post(`/chain-links/${links.amino}/companies`).send({ enterpriseId: ent.e1.id, placement: 'target' }).expect(201);
    await admin.patch(`/chain-links/${links.amino}/companies/${ent.e1.id}`).send({ note: '扩产意向' }).expect(204);
    const [e1Row] = await t.db.query('SELECT id FROM chain_link_companies WHERE link_id = $1 AND enterprise_id = $2', [links.amino, ent.e1.id]);
    await admin.delete(`/chain-links/${links.amino}/companies/${ent.e1.id}`).expect(204);
    expectAppError(await admin.delete(`/chain-links/${links.amino}/companies/${ent.e1.id}`), 404, 'NOT_FOUND');

    // A link with companies is not deleted; an empty one is.
    expectAppError(await admin.delete(`/chain-links/${links.amino}`), 409, 'CHAIN_LINK_NOT_EMPTY');
    const spare = (await admin.post('/chain-links').send({ chainId, segment: 'downstream', name: '临时链节' }).expect(201)).body.id;
    await admin.patch(`/chain-links/${spare}`).send({ keyProducts: '赖氨酸', sortOrder: 5 }).expect(200);
    await admin.delete(`/chain-links/${spare}`).expect(204);
    expectAppError(await admin.get(`/chain-links/${spare}`), 404, 'NOT_FOUND');

    // Every write audited, in order, with who did it.
    const spareAudit = await crm.audit('chain-link', spare);
    expect(spareAudit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(spareAudit.every((e) => e.actorId === admin.user.id)).toBe(true);
    const [row] = await t.db.query('SELECT id FROM chain_link_companies WHERE link_id = $1 AND enterprise_id = $2', [links.starch, ent.e2.id]);
    expect((await crm.audit('chain-link-company', row.id)).map((e) => e.action)).toEqual(['create']);
    expect((await crm.audit('chain-link-company', e1Row.id)).map((e) => e.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses bad input with 400 naming the field, members and managers with 403', async () => {
    expectAppError(await admin.post('/chain-links').send({ chainId, segment: 'upstream', name: '化肥', extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
    expectAppError(await admin.post('/chain-links').send({ chainId, segment: 'sideways', name: '化肥' }), 400, 'VALIDATION_FAILED', 'segment');
    expectAppError(await admin.post('/chain-links').send({ chainId, segment: 'upstream' }), 400, 'VALIDATION_FAILED', 'name');
    expectAppError(await admin.post('/chain-links').send({ chainId: 'x', segment: 'upstream', name: '化肥' }), 400, 'VALIDATION_FAILED', 'chainId');
    expectAppError(await admin.post('/chain-links').send({ chainId: '00000000-0000-4000-8000-000000000000', segment: 'upstream', name: '化肥' }), 400, 'REFERENCE_INACTIVE', 'chainId');
    expectAppError(await admin.patch(`/chain-links/${links.grow}`).send({ chainId: otherChainId }), 400, 'VALIDATION_FAILED', 'chainId');
    expectAppError(await admin.post(`/chain-links/${links.grow}/companies`).send({ enterpriseId: ent.e2.id, placement: 'maybe' }), 400, 'VALIDATION_FAILED', 'placement');
    expectAppError(await admin.post(`/chain-links/${links.grow}/companies`).send({ enterpriseId: '00000000-0000-4000-8000-000000000000', placement: 'local' }), 400, 'REFERENCE_NOT_FOUND', 'enterpriseId');
    expectAppError(await a.get(`/industry-chains/${chainId}/graph`), 400, 'VALIDATION_FAILED', 'periodType');
    expectAppError(await a.get(`/industry-chains/${chainId}/graph`).query({ periodType: 'ytd', year: 2022 }), 400, 'VALIDATION_FAILED', 'month');
    expectAppError(await a.get(`/industry-chains/${chainId}/graph`).query({ ...YEAR_2022, asOf: '2022-05-01' }), 400, 'VALIDATION_FAILED', 'asOf');
    expectAppError(await a.get('/industry-chains/00000000-0000-4000-8000-000000000000/graph').query(YEAR_2022), 404, 'NOT_FOUND');
    expectAppError(await a.post('/chain-links').send({ chainId, segment: 'upstream', name: '化肥' }), 403, 'FORBIDDEN');
    expectAppError(await mx.post(`/chain-links/${links.grow}/companies`).send({ enterpriseId: ent.e2.id, placement: 'local' }), 403, 'FORBIDDEN');
    expectAppError(await mx.delete(`/chain-links/${links.grow}`), 403, 'FORBIDDEN');
  });

  it("shows each link's counts, 补链 gaps and the period's figures in the caller's scope", async () => {
    // Leads: e1 by team A (2022-01-01 00:30 Beijing: still 2022), e2 by team C (2022-06-01),
    // e4 by team B in 2021 (outside), e2 by team A in another chain (another chain's map).
    leadIds.e1A = (await p.lead(org.memberA, { enterpriseId: ent.e1.id, industryChainId: chainId })).id;
    await setCreated(leadIds.e1A, '2022-01-01T00:30:00+08:00');
    leadIds.e2C = (await p.lead(org.memberC, { enterpriseId: ent.e2.id, industryChainId: chainId })).id;
    await setCreated(leadIds.e2C, '2022-06-01T09:00:00+08:00');
    leadIds.e4B = (await p.lead(org.memberB, { enterpriseId: ent.e4.id, industryChainId: chainId })).id;
    await setCreated(leadIds.e4B, '2021-12-31T23:30:00+08:00');
    leadIds.e2Aother = (await p.lead(org.memberA, { enterpriseId: ent.e2.id, industryChainId: otherChainId })).id;
    await setCreated(leadIds.e2Aother, '2022-03-01T09:00:00+08:00');

    // Projects: e1 by team A signed 2022 (100), e2 by team C signed 2022 (1234.5678) and 2021 (9),
    // e2 by team C in the other chain (50).
    const project = async (enterpriseId: string, teamId: string, chain: string, signedOn: string, amount: string) => {
      const made = await projects.project({ enterpriseId, teamId, industryChainId: chain });
      await t.db.query('UPDATE projects SET signed_on = $2, signed_amount = $3 WHERE id = $1', [made.id, signedOn, amount]);
    };
    await project(ent.e1.id, org.teamA.id, chainId, '2022-12-31', '100');
    await project(ent.e2.id, org.teamC.id, chainId, '2022-02-15', '1234.5678');
    await project(ent.e2.id, org.teamC.id, chainId, '2021-12-31', '9');
    await project(ent.e2.id, org.teamC.id, otherChainId, '2022-02-15', '50');

    // The hand table: per caller, link → [leads, signed projects, signed amount].
    const expected: Record<string, Record<string, [number, number, string]>> = {
      admin: { 玉米种植: [1, 1, '100'], 玉米淀粉: [1, 1, '1234.5678'], 氨基酸: [0, 0, '0'] },
      memberA: { 玉米种植: [1, 1, '100'], 玉米淀粉: [0, 0, '0'], 氨基酸: [0, 0, '0'] },
      managerX: { 玉米种植: [1, 1, '100'], 玉米淀粉: [0, 0, '0'], 氨基酸: [0, 0, '0'] },
      memberC: { 玉米种植: [0, 0, '0'], 玉米淀粉: [1, 1, '1234.5678'], 氨基酸: [0, 0, '0'] },
    };
    const clients: Record<string, Client> = { admin, memberA: a, managerX: mx, memberC: c };
    for (const [who, table] of Object.entries(expected)) {
      const res = await clients[who]!.get(`/industry-chains/${chainId}/graph`).query(YEAR_2022).expect(200);
      expect(res.body.segments.map((s: { label: string }) => s.label)).toEqual(['上游', '中游', '下游']);
      const seen: Record<string, [number, number, string]> = {};
      for (const s of res.body.segments) for (const l of s.links) seen[l.name] = [l.figures.leads, l.figures.signedProjects, l.figures.signedAmount];
      expect({ who, seen }).toEqual({ who, seen: table });
      // Counts and gaps are shared reference data: the same for every caller.
      const flat = res.body.segments.flatMap((s: { links: unknown[] }) => s.links);
      expect(flat.map((l: { name: string; companies: object; isGap: boolean }) => [l.name, l.companies, l.isGap])).toEqual([
        ['玉米种植', { local: 1, landed: 0, target: 0 }, false],
        ['玉米淀粉', { local: 0, landed: 1, target: 1 }, false],
        ['氨基酸', { local: 0, landed: 0, target: 1 }, true],
      ]);
      expect(res.body.gapCount).toBe(1);
    }

    // The admin's totals against plain SQL over the same rows.
    const [sql] = await t.db.query(
      `WITH placed AS (SELECT c.enterprise_id FROM chain_link_companies c JOIN chain_links k ON k.id = c.link_id WHERE k.chain_id = $1)
       SELECT (SELECT count(*)::int FROM leads l WHERE l.industry_chain_id = $1 AND l.deleted_at IS NULL AND l.enterprise_id IN (SELECT * FROM placed)
                 AND (l.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2022-01-01' AND '2022-12-31') AS leads,
              (SELECT count(*)::int FROM projects j WHERE j.industry_chain_id = $1 AND j.enterprise_id IN (SELECT * FROM placed)
                 AND j.signed_on BETWEEN '2022-01-01' AND '2022-12-31') AS projects,
              (SELECT sum(j.signed_amount)::text FROM projects j WHERE j.industry_chain_id = $1 AND j.enterprise_id IN (SELECT * FROM placed)
                 AND j.signed_on BETWEEN '2022-01-01' AND '2022-12-31') AS amount`,
      [chainId],
    );
    const totals = (await admin.get(`/industry-chains/${chainId}/graph`).query(YEAR_2022).expect(200)).body.totals;
    expect(totals).toEqual({ leads: sql.leads, signedProjects: sql.projects, signedAmount: '1334.5678' });
    expect(sql.amount).toBe('1334.5678');

    // 1–2月 of 2022 keeps e1's lead and e2's February signing only.
    const ytd = (await admin.get(`/industry-chains/${chainId}/graph`).query({ periodType: 'ytd', year: 2022, month: 2 }).expect(200)).body;
    expect(ytd.period.label).toBe('2022年1–2月');
    expect(ytd.totals).toEqual({ leads: 1, signedProjects: 1, signedAmount: '1234.5678' });
  });

  it("opens a link: its companies for everyone, its leads in the caller's scope only", async () => {
    const starch = async (client: Client) => (await client.get(`/chain-links/${links.starch}`).expect(200)).body;
    const seenBy = async (client: Client) => (await starch(client)).leads.map((l: { id: string }) => l.id).sort();
    const forAdmin = await starch(admin);
    expect(forAdmin).toMatchObject({ id: links.starch, segment: 'midstream', name: '玉米淀粉', chain: { id: chainId } });
    expect(forAdmin.companies.map((x: { enterpriseId: string; placement: string }) => [x.enterpriseId, x.placement])).toEqual([
      [ent.e2.id, 'landed'],
      [ent.e4.id, 'target'],
    ]);
    expect(await seenBy(admin)).toEqual([leadIds.e2C, leadIds.e4B].sort());
    expect(await seenBy(c)).toEqual([leadIds.e2C]);
    expect(await seenBy(b)).toEqual([leadIds.e4B]);
    expect(await seenBy(a)).toEqual([]);
    expect(await seenBy(mx)).toEqual([leadIds.e4B]);
    // The lead in another chain never shows here; lead counts per company are scoped too.
    expect((await starch(a)).companies.map((x: { leadCount: number }) => x.leadCount)).toEqual([0, 0]);
    expect((await starch(admin)).companies.map((x: { leadCount: number }) => x.leadCount)).toEqual([1, 1]);
    expectAppError(await a.get('/chain-links/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });

  it('turns a target company into a lead in one step, under the collision rules', async () => {
    const url = `/chain-links/${links.amino}/companies/${ent.e3.id}/lead`;
    const made = await b.post(url).send({ intendedAmount: '3000' }).expect(201);
    expect(made.body).toMatchObject({ title: `${ent.e3.name}·氨基酸`, enterprise: { id: ent.e3.id }, industryChain: { id: chainId }, team: { id: org.teamB.id }, stage: 'lead', intendedAmount: '3000' });
    expect((await crm.audit('lead', made.body.id)).map((e) => e.action)).toEqual(['create']);
    // Another team meets the same 首报 rule as on POST /leads: 409, told only who holds it.
    const clash = await a.post(url).send({});
    expectAppError(clash, 409, 'LEAD_COLLISION');
    expect(clash.body.details).toEqual({ holdingTeam: { name: org.teamB.name }, stage: 'lead', stageLabel: '线索' });
    expect(await p.count('leads', 'enterprise_id = $1 AND industry_chain_id = $2', [ent.e3.id, chainId])).toBe(1);
    // Only a target converts; an unknown placement is a 404; bad input a 400.
    expectAppError(await a.post(`/chain-links/${links.grow}/companies/${ent.e1.id}/lead`).send({}), 409, 'CHAIN_COMPANY_NOT_TARGET', 'enterpriseId');
    expectAppError(await a.post(`/chain-links/${links.grow}/companies/${ent.e3.id}/lead`).send({}), 404, 'NOT_FOUND');
    expectAppError(await a.post(url).send({ intendedAmount: '-1' }), 400, 'VALIDATION_FAILED', 'intendedAmount');
    expectAppError(await a.post(url).send({ industryChainId: otherChainId }), 400, 'VALIDATION_FAILED', 'industryChainId');
    // A manager opens it for a team, naming a member, like any lead.
    const target = (await admin.post(`/chain-links/${links.amino}/companies`).send({ enterpriseId: ent.e1.id, placement: 'target' }).expect(201)).body;
    const byManager = await mx.post(`/chain-links/${links.amino}/companies/${target.enterpriseId}/lead`).send({ teamId: org.teamA.id, ownerId: org.memberA.id, title: '梅花氨基酸扩产' });
    // e1 already has team A's lead in this chain: the lead rules answer as on POST /leads, pointing at it.
    expectAppError(byManager, 409, 'LEAD_DUPLICATE');
    expect(byManager.body.details).toEqual({ existingLeadId: leadIds.e1A });
    expect(await p.count('leads', 'enterprise_id = $1 AND industry_chain_id = $2 AND deleted_at IS NULL', [ent.e1.id, chainId])).toBe(1);
  });

  it('moves placements when companies merge', async () => {
    const from = await crm.enterprise();
    await admin.post(`/chain-links/${links.grow}/companies`).send({ enterpriseId: from.id, placement: 'target' }).expect(201);
    await admin.post(`/chain-links/${links.starch}/companies`).send({ enterpriseId: from.id, placement: 'target' }).expect(201);
    // e2 is on the starch link already: the merged company's starch placement goes, grow moves.
    const merged = await admin.post(`/enterprises/${ent.e2.id}/merge`).send({ sourceId: from.id });
    expect(merged.status).toBeLessThan(300);
    const rows: Array<{ link_id: string; placement: string }> = await t.db.query('SELECT link_id, placement FROM chain_link_companies WHERE enterprise_id = $1 ORDER BY placement', [ent.e2.id]);
    expect(rows.sort((x, y) => x.link_id.localeCompare(y.link_id))).toEqual(
      [
        { link_id: links.starch, placement: 'landed' },
        { link_id: links.grow, placement: 'target' },
      ].sort((x, y) => x.link_id.localeCompare(y.link_id)),
    );
    expect(await t.db.query('SELECT 1 FROM chain_link_companies WHERE enterprise_id = $1', [from.id])).toEqual([]);
  });
});
