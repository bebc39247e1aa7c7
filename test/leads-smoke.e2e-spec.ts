import { Role } from '../src/common/auth/auth-user';
import { EnterprisesService } from '../src/enterprises/enterprises.service';
import { IndustryChain } from '../src/reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../src/reference/reference.module';
import { ReferenceService } from '../src/reference/reference.service';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('leads: the pipeline end to end', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('opens, collides, moves, signs and shows on the board', async () => {
    const admin = await f.adminUser();
    const actor = { id: admin.id, username: admin.username, displayName: admin.username, role: Role.Admin };
    const { city, counties } = await f.cityWithCounties(2);
    const [a, b] = [await f.user(), await f.user()];
    const teamA = await f.team({ regionUnitId: (counties[0] as { id: string }).id, memberIds: [a.id] });
    await f.team({ regionUnitId: (counties[1] as { id: string }).id, memberIds: [b.id] });
    const chain = await t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS).create(actor, { name: '玉米生物' });
    const ent = await t.app.get(EnterprisesService).create(actor, { name: '梅花生物科技集团股份有限公司' });
    const manager = await f.manager({ regionUnitIds: [city.id] });
    const [ta, tb, tm] = [await a.token(), await b.token(), await manager.token()];
    const body = { title: '玉米深加工二期', enterpriseId: ent.id, industryChainId: chain.id, intendedAmount: '50000.5', source: 'door_to_door', targetRegionUnitId: (counties[0] as { id: string }).id };

    const lead = await t.http().post('/api/v1/leads').set('Authorization', `Bearer ${ta}`).send(body).expect(201);
    expect(lead.body).toMatchObject({ stage: 'lead', intendedAmount: '50000.5', team: { id: teamA.id }, version: 1 });

    const clash = await t.http().post('/api/v1/leads').set('Authorization', `Bearer ${tb}`).send(body).expect(409);
    expect(clash.body).toMatchObject({ code: 'LEAD_COLLISION', details: { holdingTeam: { name: teamA.name }, stage: 'lead' } });
    expect(JSON.stringify(clash.body)).not.toContain(lead.body.id);

    const hidden = await t.http().get(`/api/v1/leads/${lead.body.id}`).set("Authorization", `Bearer ${tb}`).expect(404);
    expect(hidden.body.code).toBe("NOT_FOUND");
    const moved = await t.http().post(`/api/v1/leads/${lead.body.id}/transitions`).set('Authorization', `Bearer ${ta}`).send({ to: 'negotiating', version: 1 }).expect(200);
    expect(moved.body).toMatchObject({ stage: 'negotiating', version: 2 });
    const stale = await t.http().post(`/api/v1/leads/${lead.body.id}/transitions`).set('Authorization', `Bearer ${ta}`).send({ to: 'site_visit', reason: '回退', version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'LEAD_VERSION_CONFLICT', details: { currentVersion: 2, currentStage: 'negotiating' } });

    await t.http().post(`/api/v1/leads/${lead.body.id}/signings`).set('Authorization', `Bearer ${ta}`).send({ agreementType: 'investment', amount: '30000.1234', signedOn: '2022-04-27' }).expect(201);
    await t.http().post(`/api/v1/leads/${lead.body.id}/signings`).set('Authorization', `Bearer ${ta}`).send({ agreementType: 'investment', amount: '1', signedOn: '2022-04-27' }).expect(409);
    await t.http().post(`/api/v1/leads/${lead.body.id}/signings`).set('Authorization', `Bearer ${ta}`).send({ kind: 'supplement', agreementType: 'formal_contract', amount: 0.1, signedOn: '2022-05-01' }).expect(201);
    const signed = await t.http().get(`/api/v1/leads/${lead.body.id}`).set('Authorization', `Bearer ${ta}`).expect(200);
    expect(signed.body).toMatchObject({ stage: 'signed', signedAmount: '30000.2234', signedOn: '2022-04-27' });

    const board = await t.http().get('/api/v1/pipeline/board').set('Authorization', `Bearer ${tm}`).expect(200);
    expect(board.body.signed).toEqual({ count: 1, signedAmount: '30000.2234' });
    expect(board.body.open.count).toBe(0);
    const funnel = await t.http().get('/api/v1/pipeline/funnel').set('Authorization', `Bearer ${tm}`).expect(200);
    expect(funnel.body.steps.map((s: { reached: number }) => s.reached)).toEqual([1, 1, 1, 1, 1]);
    const timeline = await t.http().get(`/api/v1/leads/${lead.body.id}/timeline`).set('Authorization', `Bearer ${ta}`).expect(200);
    expect(timeline.body.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['stage', 'signing']));
  });
});
