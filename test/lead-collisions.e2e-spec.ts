import type { Response } from 'supertest';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset, expectAppError, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('lead collisions (撞单, 首报首谈): collision answers, claims and decisions', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;
  let b: Client;
  let c: Client;
  let mx: Client;
  let onlyA: Client;
  let my: Client;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    [a, b, c, mx] = [await crm.as(org.memberA), await crm.as(org.memberB), await crm.as(org.memberC), await crm.as(org.managerX)];
    onlyA = await p.managerClient({ teamIds: [org.teamA.id] });
    my = await p.managerClient({ regionUnitIds: [org.countyY.id] });
  });
  afterAll(() => t.close());

  /** A lead held by team A, with an amount and title that must never leak to another team. */
  const heldByA = async () => p.lead(org.memberA, { intendedAmount: '777777.7777', title: `机密项目${Date.now()}` });
  const pair = (lead: LeadView) => ({ enterpriseId: lead.enterprise.id, industryChainId: lead.industryChain.id });
  const claim = (client: Client, lead: LeadView, kind: 'co_pursue' | 'transfer', reason = '我队已对接该企业多次') => client.post('/lead-claims').send({ ...pair(lead), kind, reason });

  it('the whole flow: collision naming only the holder → claim → decision → co-pursuit', async () => {
    const lead = await heldByA();

    // Team B registers the same enterprise and chain: told only who holds it and at what stage.
    const clash = await b.post('/leads').send(await p.leadBody({ ...pair(lead), intendedAmount: '1' }));
    expectAppError(clash, 409, 'LEAD_COLLISION');
    expect(clash.body.details).toEqual({ holdingTeam: { name: org.teamA.name }, stage: 'lead', stageLabel: '线索' });
    expect(clash.body.message).toContain(org.teamA.name);
    const text = JSON.stringify(clash.body);
    for (const secret of [lead.id, org.memberA.id, org.memberA.username, '777777', lead.title, org.teamA.id]) expect(text).not.toContain(secret);
    // B cannot read the lead it collided with.
    expectAppError(await b.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');

    // B asks to co-pursue.
    const filed = await claim(b, lead, 'co_pursue').expect(201);
    expect(filed.body).toMatchObject({ kind: 'co_pursue', status: 'pending', requestingTeam: { id: org.teamB.id }, requestedBy: { id: org.memberB.id }, holdingTeamName: org.teamA.name, leadId: null, canDecide: false });
    expect(JSON.stringify(filed.body)).not.toContain('777777');
    expectAppError(await claim(b, lead, 'co_pursue'), 409, 'CLAIM_PENDING');
    expectAppError(await claim(b, lead, 'transfer'), 409, 'CLAIM_PENDING');
    expect(await p.count('lead_claims', 'lead_id = $1', [lead.id])).toBe(1);
    const url = `/lead-claims/${filed.body.id}`;

    // Who may decide: a manager above both teams. Above one: sees it, 403. Above neither: 404.
    const seenByA = await onlyA.get(url).expect(200);
    expect(seenByA.body).toMatchObject({ status: 'pending', canDecide: false, leadId: lead.id });
    expectAppError(await onlyA.post(`${url}/decision`).send({ approve: true }), 403, 'CLAIM_DECIDE_FORBIDDEN');
    expectAppError(await my.get(url), 404, 'NOT_FOUND');
    expectAppError(await my.post(`${url}/decision`).send({ approve: true }), 404, 'NOT_FOUND');
    expectAppError(await b.post(`${url}/decision`).send({ approve: true }), 403, 'FORBIDDEN');
    expectAppError(await a.post(`${url}/decision`).send({ approve: true }), 403, 'FORBIDDEN');
    expect((await mx.get(url).expect(200)).body.canDecide).toBe(true);
    expect(await p.count('lead_co_teams', 'lead_id = $1', [lead.id])).toBe(0);

    const decided = await mx.post(`${url}/decision`).send({ approve: true, note: '两队联合跟进，A 队牵头' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'approved', decisionNote: '两队联合跟进，A 队牵头', canDecide: false });
    expect(decided.body.decidedAt).toEqual(expect.any(String));
    expectAppError(await mx.post(`${url}/decision`).send({ approve: false }), 409, 'CLAIM_NOT_PENDING');

    // B now sees the lead (GET, list, coTeams) but does not own it: no moves or edits. It may
    // record the signing (issue 15: the holder keeps it, credit is shared by rule) — here it
    // passes the permission check and is refused only for want of a landing unit, writing nothing.
    const seen = await b.get(`/leads/${lead.id}`).expect(200);
    expect(seen.body).toMatchObject({ team: { id: org.teamA.id }, coTeams: [{ id: org.teamB.id, name: org.teamB.name }], intendedAmount: '777777.7777' });
    expect(ids(await b.get('/leads').query({ limit: 200 }).expect(200))).toContain(lead.id);
    expectAppError(await b.post(`/leads/${lead.id}/transitions`).send({ to: 'contacted' }), 403, 'LEAD_WRITE_FORBIDDEN');
    expectAppError(await b.patch(`/leads/${lead.id}`).send({ title: '改个名字', version: seen.body.version }), 403, 'LEAD_WRITE_FORBIDDEN');
    expectAppError(await b.post(`/leads/${lead.id}/signings`).send({ agreementType: 'investment', amount: '1', signedOn: dayOffset(-1) }), 400, 'LANDING_UNIT_REQUIRED', 'landingRegionUnitId');
    expectAppError(await b.delete(`/leads/${lead.id}`), 403, 'LEAD_WRITE_FORBIDDEN');
    await b.get(`/leads/${lead.id}/timeline`).expect(200);
    expect((await b.get(url).expect(200)).body.leadId).toBe(lead.id);
    const after = await a.get(`/leads/${lead.id}`).expect(200);
    expect(after.body).toMatchObject({ stage: 'lead', version: lead.version, title: lead.title });

    // The decision shows in the lead's timeline.
    const timeline = await a.get(`/leads/${lead.id}/timeline`).expect(200);
    expect(timeline.body.filter((e: { kind: string }) => e.kind === 'claim').map((e: { detail: string }) => e.detail)).toEqual(['两队联合跟进，A 队牵头']);

    // Team C, elsewhere, still collides and still learns only the holder's name.
    const fromC = await c.post('/leads').send(await p.leadBody(pair(lead)));
    expectAppError(fromC, 409, 'LEAD_COLLISION');
    expect(fromC.body.details.holdingTeam).toEqual({ name: org.teamA.name });
  });

  it('a co-pursuing team cannot open a second lead on the same enterprise and chain', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'co_pursue').expect(201);
    await mx.post(`/lead-claims/${filed.body.id}/decision`).send({ approve: true }).expect(200);
    const res = await b.post('/leads').send(await p.leadBody(pair(lead)));
    expectAppError(res, 409, 'LEAD_COLLISION');
    expect(res.body.details.holdingTeam).toEqual({ name: org.teamA.name });
    expect(await p.count('leads', 'enterprise_id = $1 AND deleted_at IS NULL', [lead.enterprise.id])).toBe(1);
    // Nor ask again for the co-pursuit it has.
    expectAppError(await claim(b, lead, 'co_pursue'), 409, 'CLAIM_ALREADY_CO_PURSUING');
  });

  it('the same team registering a pair twice is 409 LEAD_DUPLICATE', async () => {
    const lead = await heldByA();
    const res = await (await crm.as(org.memberA2)).post('/leads').send(await p.leadBody(pair(lead)));
    expectAppError(res, 409, 'LEAD_DUPLICATE');
    // A different chain of the same enterprise is another project.
    const other = await crm.industryChain();
    await a.post('/leads').send(await p.leadBody({ enterpriseId: lead.enterprise.id, industryChainId: other.id })).expect(201);
    await b.post('/leads').send(await p.leadBody({ enterpriseId: lead.enterprise.id, industryChainId: (await crm.industryChain()).id })).expect(201);
  });

  it('a lead on hold still holds the pair; a lost one does not', async () => {
    const lead = await heldByA();
    await p.move(org.memberA, lead.id, LeadStage.OnHold, '等待');
    const held = await b.post('/leads').send(await p.leadBody(pair(lead)));
    expectAppError(held, 409, 'LEAD_COLLISION');
    expect(held.body.details).toMatchObject({ stage: 'on_hold', stageLabel: '搁置' });
    await p.move(org.memberA, lead.id, LeadStage.Lost, '放弃');
    await b.post('/leads').send(await p.leadBody(pair(lead))).expect(201);
  });

  it('changing a lead’s chain onto a pair another team holds is a collision too', async () => {
    const lead = await heldByA();
    const mine = await p.lead(org.memberB, { enterpriseId: lead.enterprise.id, industryChainId: (await crm.industryChain()).id });
    const res = await b.patch(`/leads/${mine.id}`).send({ industryChainId: lead.industryChain.id, version: mine.version });
    expectAppError(res, 409, 'LEAD_COLLISION');
    expect(res.body.details.holdingTeam).toEqual({ name: org.teamA.name });
  });

  it('two teams registering the same pair at once: one 201, one 409 LEAD_COLLISION, one lead', async () => {
    for (let round = 0; round < 5; round++) {
      const ent = await crm.enterprise();
      const [ba, bb] = [await p.leadBody({ enterpriseId: ent.id }), await p.leadBody({ enterpriseId: ent.id })];
      const answers: Response[] = await Promise.all([a.post('/leads').send(ba), b.post('/leads').send(bb)]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const loser = answers.find((r) => r.status === 409) as Response;
      expectAppError(loser, 409, 'LEAD_COLLISION');
      expect(await p.count('leads', 'enterprise_id = $1', [ent.id])).toBe(1);
    }
  }, 30_000);

  it('transfer: the lead moves to the requesting team, owned by the requester; the old team loses sight', async () => {
    const lead = await heldByA();
    await p.move(org.memberA, lead.id, LeadStage.SiteVisit);
    // Team C (another county) also asks; the transfer to B closes C's request.
    const fromC = await claim(c, lead, 'co_pursue').expect(201);
    const filed = await claim(b, lead, 'transfer', '企业更愿意与我队对接').expect(201);
    expectAppError(await mx.post(`/lead-claims/${filed.body.id}/decision`).send({ approve: 'yes' }), 400, 'VALIDATION_FAILED', 'approve');
    const decided = await mx.post(`/lead-claims/${filed.body.id}/decision`).send({ approve: true }).expect(200);
    expect(decided.body.status).toBe('approved');

    const now = await b.get(`/leads/${lead.id}`).expect(200);
    expect(now.body).toMatchObject({ team: { id: org.teamB.id }, owner: { id: org.memberB.id }, stage: 'site_visit', coTeams: [] });
    expect(now.body.version).toBe(lead.version + 2);
    expectAppError(await a.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');
    expect(ids(await a.get('/leads').query({ limit: 200 }).expect(200))).not.toContain(lead.id);
    await b.post(`/leads/${lead.id}/transitions`).send({ to: 'negotiating', version: now.body.version }).expect(200);
    // The old holder now collides with the new one.
    const back = await a.post('/leads').send(await p.leadBody(pair(lead)));
    expectAppError(back, 409, 'LEAD_COLLISION');
    expect(back.body.details.holdingTeam).toEqual({ name: org.teamB.name });
    // C's request was addressed to the old holder: closed.
    const closed = await (await p.adminClient()).get(`/lead-claims/${fromC.body.id}`).expect(200);
    expect(closed.body.status).toBe('rejected');
  });

  it('a co-pursuing team that takes the lead over is no longer listed as co-pursuing it, and the old holder loses sight', async () => {
    const lead = await heldByA();
    const co = await claim(b, lead, 'co_pursue').expect(201);
    await mx.post(`/lead-claims/${co.body.id}/decision`).send({ approve: true }).expect(200);
    // B co-pursues; now B asks to take it over.
    const transfer = await claim(b, lead, 'transfer').expect(201);
    await mx.post(`/lead-claims/${transfer.body.id}/decision`).send({ approve: true }).expect(200);
    const now = await b.get(`/leads/${lead.id}`).expect(200);
    expect(now.body).toMatchObject({ team: { id: org.teamB.id }, coTeams: [] });
    expectAppError(await a.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');
  });

  it('a transfer filed by a manager for a team goes to a member of that team, not to the manager', async () => {
    const lead = await heldByA();
    const filed = await mx.post('/lead-claims').send({ ...pair(lead), teamId: org.teamB.id, kind: 'transfer', reason: '代 B 队申请' }).expect(201);
    expect(filed.body.requestingTeam.id).toBe(org.teamB.id);
    await (await p.adminClient()).post(`/lead-claims/${filed.body.id}/decision`).send({ approve: true }).expect(200);
    const now = await b.get(`/leads/${lead.id}`).expect(200);
    expect(now.body).toMatchObject({ team: { id: org.teamB.id }, owner: { id: org.memberB.id } });
  });

  it('reject: nothing changes', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'transfer').expect(201);
    const res = await mx.post(`/lead-claims/${filed.body.id}/decision`).send({ approve: false, note: '首报首谈，A 队继续' }).expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', decisionNote: '首报首谈，A 队继续', leadId: lead.id });
    expectAppError(await b.get(`/leads/${lead.id}`), 404, 'NOT_FOUND');
    const same = await a.get(`/leads/${lead.id}`).expect(200);
    expect(same.body).toMatchObject({ team: { id: org.teamA.id }, owner: { id: org.memberA.id }, coTeams: [], version: lead.version });
    expect(await p.count('lead_co_teams', 'lead_id = $1', [lead.id])).toBe(0);
    // A rejected claim may be filed again.
    await claim(b, lead, 'co_pursue').expect(201);
  });

  it('withdraw: only the requester; afterwards nothing can be decided and a new claim may be filed', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'co_pursue').expect(201);
    const url = `/lead-claims/${filed.body.id}`;
    expectAppError(await a.post(`${url}/withdraw`), 403, 'CLAIM_DECIDE_FORBIDDEN');
    expectAppError(await c.post(`${url}/withdraw`), 404, 'NOT_FOUND');
    const res = await b.post(`${url}/withdraw`).expect(200);
    expect(res.body.status).toBe('withdrawn');
    expectAppError(await b.post(`${url}/withdraw`), 409, 'CLAIM_NOT_PENDING');
    expectAppError(await mx.post(`${url}/decision`).send({ approve: true }), 409, 'CLAIM_NOT_PENDING');
    expect(await p.count('lead_co_teams', 'lead_id = $1', [lead.id])).toBe(0);
    await claim(b, lead, 'co_pursue').expect(201);
  });

  it('deleting a lead closes the claims on it, and frees the pair', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'transfer').expect(201);
    await a.delete(`/leads/${lead.id}`).expect(204);
    const [row] = await p.db.query('SELECT status, decision_note FROM lead_claims WHERE id = $1', [filed.body.id]);
    expect(row).toEqual({ status: 'rejected', decision_note: '线索已删除，申请自动关闭' });
    expect(ids(await b.get('/lead-claims').query({ status: 'pending', limit: 200 }).expect(200))).not.toContain(filed.body.id);
    await b.post('/leads').send(await p.leadBody(pair(lead))).expect(201);
  });

  it('a lead marked lost closes the claims on it, so nobody approves a transfer of a lost lead; the pair is free', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'transfer').expect(201);
    await a.post(`/leads/${lead.id}/transitions`).send({ to: 'lost', reason: '企业放弃投资' }).expect(200);
    const [row] = await p.db.query('SELECT status, decision_note FROM lead_claims WHERE id = $1', [filed.body.id]);
    expect(row).toEqual({ status: 'rejected', decision_note: '线索已终止，申请自动关闭；申请方可直接登记线索' });
    expectAppError(await mx.post(`/lead-claims/${filed.body.id}/decision`).send({ approve: true }), 409, 'CLAIM_NOT_PENDING');
    expect((await p.db.query('SELECT team_id FROM leads WHERE id = $1', [lead.id]))[0].team_id).toBe(org.teamA.id);
    await b.post('/leads').send(await p.leadBody(pair(lead))).expect(201);
  });

  it('a claim with no other team holding the pair is 409 CLAIM_NO_HOLDER', async () => {
    const ent = await crm.enterprise();
    const res = await b.post('/lead-claims').send({ enterpriseId: ent.id, industryChainId: await p.chainId(), kind: 'co_pursue', reason: '试试' });
    expectAppError(res, 409, 'CLAIM_NO_HOLDER');
    // Nor on one's own lead.
    const lead = await heldByA();
    expectAppError(await claim(a, lead, 'transfer'), 409, 'CLAIM_NO_HOLDER');
    expectAppError(await b.post('/lead-claims').send({ ...pair(lead), kind: 'take', reason: 'x' }), 400, 'VALIDATION_FAILED', 'kind');
    expectAppError(await b.post('/lead-claims').send({ ...pair(lead), kind: 'transfer' }), 400, 'VALIDATION_FAILED', 'reason');
  });

  it('claims are listed to both sides and the managers above, not to others', async () => {
    const lead = await heldByA();
    const filed = await claim(b, lead, 'co_pursue').expect(201);
    const listed = async (client: Client) => ids(await client.get('/lead-claims').query({ status: 'pending', limit: 200 }).expect(200));
    expect(await listed(a)).toContain(filed.body.id);
    expect(await listed(b)).toContain(filed.body.id);
    expect(await listed(mx)).toContain(filed.body.id);
    expect(await listed(onlyA)).toContain(filed.body.id);
    expect(await listed(c)).not.toContain(filed.body.id);
    expect(await listed(my)).not.toContain(filed.body.id);
  });
  describe('merging two companies that each hold a lead on one chain (no double holders)', () => {
    /** Team A registers on company 1 first (首报), team B on company 2 later, same chain; B's lead has team C co-pursuing. */
    const twoHolders = async () => {
      const [one, two] = [await crm.enterprise(), await crm.enterprise()];
      const chainId = await p.chainId();
      const first = await p.lead(org.memberA, { enterpriseId: one.id, industryChainId: chainId });
      const later = await p.lead(org.memberB, { enterpriseId: two.id, industryChainId: chainId });
      await p.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [later.id, org.teamC.id]);
      return { one, two, chainId, first, later };
    };
    const liveOnPair = async (enterpriseId: string, chainId: string) =>
      (await p.db.query(
        "SELECT id, team_id FROM leads WHERE enterprise_id = $1 AND industry_chain_id = $2 AND stage <> 'lost' AND deleted_at IS NULL ORDER BY created_at",
        [enterpriseId, chainId],
      )) as Array<{ id: string; team_id: string }>;

    it('is refused with 409 naming both leads, and nothing moves', async () => {
      const admin = await p.adminClient();
      const { one, two, chainId, first, later } = await twoHolders();
      // Company 2 survives; company 1 (holding the earlier lead) is merged into it.
      const res = await admin.post(`/enterprises/${two.id}/merge`).send({ sourceId: one.id });
      expectAppError(res, 409, 'MERGE_LEAD_CONFLICT');
      expect(res.body.details).toEqual({
        conflicts: [
          {
            industryChainId: chainId,
            industryChainName: first.industryChain.name,
            holder: { leadId: first.id, title: first.title, enterpriseId: one.id, teamId: org.teamA.id, teamName: org.teamA.name, stage: 'lead', stageLabel: '线索' },
            others: [{ leadId: later.id, title: later.title, enterpriseId: two.id, teamId: org.teamB.id, teamName: org.teamB.name, stage: 'lead', stageLabel: '线索' }],
          },
        ],
        options: ['claim', 'co_pursue'],
      });
      expect(res.body.message).toContain(org.teamA.name);
      expect(res.body.message).toContain(org.teamB.name);
      const [source] = await p.db.query('SELECT merged_into_id FROM enterprises WHERE id = $1', [one.id]);
      expect(source.merged_into_id).toBeNull();
      expect(await liveOnPair(one.id, chainId)).toEqual([{ id: first.id, team_id: org.teamA.id }]);
      expect(await liveOnPair(two.id, chainId)).toEqual([{ id: later.id, team_id: org.teamB.id }]);
      expect(await p.count('lead_claims', 'lead_id IN ($1, $2)', [first.id, later.id])).toBe(0);
      expectAppError(await admin.post(`/enterprises/${two.id}/merge`).send({ sourceId: one.id, leadConflicts: 'keep_both' }), 400, 'VALIDATION_FAILED', 'leadConflicts');
    });

    it('leadConflicts=claim: the 首报 lead holds, the later one is closed, its teams file co-pursuit claims for the usual decision', async () => {
      const admin = await p.adminClient();
      const { one, two, chainId, first, later } = await twoHolders();
      await admin.post(`/enterprises/${two.id}/merge`).send({ sourceId: one.id, leadConflicts: 'claim' }).expect(200);
      expect(await liveOnPair(two.id, chainId)).toEqual([{ id: first.id, team_id: org.teamA.id }]);
      expect(await liveOnPair(one.id, chainId)).toEqual([]);
      const [closed] = await p.db.query('SELECT stage, enterprise_id, side_state_reason FROM leads WHERE id = $1', [later.id]);
      expect(closed).toEqual({ stage: 'lost', enterprise_id: two.id, side_state_reason: `企业合并：并入「${first.title}」（${org.teamA.name}持有）` });
      const claims = await p.db.query('SELECT requesting_team_id, kind, status FROM lead_claims WHERE lead_id = $1 ORDER BY requesting_team_id', [first.id]);
      expect(claims).toEqual(
        [org.teamB.id, org.teamC.id].sort().map((teamId) => ({ requesting_team_id: teamId, kind: 'co_pursue', status: 'pending' })),
      );
      expect(await p.count('lead_co_teams', 'lead_id = $1', [first.id])).toBe(0);
      const moves = await p.db.query("SELECT from_stage, to_stage FROM lead_stage_changes WHERE lead_id = $1 AND to_stage = 'lost'", [later.id]);
      expect(moves).toEqual([{ from_stage: 'lead', to_stage: 'lost' }]);
      const audits = await p.db.query("SELECT entity, action FROM audit_log WHERE entity_id IN ($1, $2) OR (entity = 'lead-claim' AND changes::text LIKE $3) ORDER BY id", [first.id, later.id, `%${later.id}%`]);
      expect(audits.map((a: { entity: string; action: string }) => `${a.entity}:${a.action}`)).toEqual(expect.arrayContaining(['lead:transition', 'lead-claim:create']));
      // Each opened claim is announced as a filed one is: to the managers who may decide it, the
      // holding team's group, and the team it was opened for (which did not file it itself).
      const [bClaim] = await p.db.query('SELECT id FROM lead_claims WHERE lead_id = $1 AND requesting_team_id = $2', [first.id, org.teamB.id]);
      const told = await p.db.query("SELECT user_id, team_id FROM notifications WHERE kind = 'lead_claim_filed' AND link_id = $1", [bClaim.id]);
      expect(told).toEqual(expect.arrayContaining([{ user_id: org.managerX.id, team_id: null }, { user_id: null, team_id: org.teamA.id }, { user_id: org.memberB.id, team_id: null }]));
      // The claim is decided as any other: approving it makes B a co-pursuer.
      await mx.post(`/lead-claims/${bClaim.id}/decision`).send({ approve: true }).expect(200);
      expect(await p.count('lead_co_teams', 'lead_id = $1 AND team_id = $2', [first.id, org.teamB.id])).toBe(1);
    });

    it('leadConflicts=co_pursue: the later lead is closed and its teams co-pursue the holder at once', async () => {
      const admin = await p.adminClient();
      const { one, two, chainId, first, later } = await twoHolders();
      await admin.post(`/enterprises/${one.id}/merge`).send({ sourceId: two.id, leadConflicts: 'co_pursue' }).expect(200);
      expect(await liveOnPair(one.id, chainId)).toEqual([{ id: first.id, team_id: org.teamA.id }]);
      const co = await p.db.query('SELECT team_id FROM lead_co_teams WHERE lead_id = $1 ORDER BY team_id', [first.id]);
      expect(co).toEqual([org.teamB.id, org.teamC.id].sort().map((team_id) => ({ team_id })));
      expect(await p.count('lead_claims', 'lead_id = $1', [first.id])).toBe(0);
      const [closed] = await p.db.query('SELECT stage, enterprise_id FROM leads WHERE id = $1', [later.id]);
      expect(closed).toEqual({ stage: 'lost', enterprise_id: one.id });
      const audits = await p.db.query("SELECT action FROM audit_log WHERE entity = 'lead' AND entity_id = $1 AND action = 'co-pursue'", [first.id]);
      expect(audits).toHaveLength(2);
      // Both sides learn of the decision the merge took for them.
      const told = await p.db.query("SELECT DISTINCT user_id FROM notifications WHERE link_type = 'lead' AND link_id = $1 AND user_id IS NOT NULL AND title = '企业合并：转为联合跟进'", [first.id]);
      expect(told.map((r: { user_id: string }) => r.user_id)).toEqual(expect.arrayContaining([org.memberA.id, org.memberB.id, org.memberC.id]));
    });

    it('a signed lead holds even if registered later; two signed leads on one chain cannot be settled', async () => {
      const admin = await p.adminClient();
      const { one, two, chainId, first, later } = await twoHolders();
      await p.sign(org.memberB, later.id);
      const res = await admin.post(`/enterprises/${one.id}/merge`).send({ sourceId: two.id });
      expectAppError(res, 409, 'MERGE_LEAD_CONFLICT');
      expect(res.body.details.conflicts[0].holder.leadId).toBe(later.id);
      await p.sign(org.memberA, first.id);
      const both = await admin.post(`/enterprises/${one.id}/merge`).send({ sourceId: two.id, leadConflicts: 'claim' });
      expectAppError(both, 409, 'MERGE_LEAD_CONFLICT_SIGNED');
      expect((await p.db.query('SELECT merged_into_id FROM enterprises WHERE id = $1', [two.id]))[0].merged_into_id).toBeNull();
      expect((await liveOnPair(one.id, chainId)).map((l) => l.id)).toEqual([first.id]);
    });
  });
});
