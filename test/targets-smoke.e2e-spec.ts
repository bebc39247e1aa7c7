import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { EnterprisesService } from '../src/enterprises/enterprises.service';
import { MetricsService } from '../src/metrics/metrics.service';
import { IndustryChain } from '../src/reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../src/reference/reference.module';
import { ReferenceService } from '../src/reference/reference.service';
import { Factory } from './harness/factories';
import { readXlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

describe('targets, progress, rankings and the dashboard: end to end', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('assigns, splits, follows new data, ranks and exports', async () => {
    const year = Number(businessDate(new Date()).slice(0, 4));
    const today = businessDate(new Date());
    const admin = await f.adminUser();
    const actor = { id: admin.id, username: admin.username, displayName: admin.username, role: Role.Admin };
    const { counties } = await f.cityWithCounties(2);
    const county = counties[0] as { id: string };
    const member = await f.user();
    const teamA = await f.team({ regionUnitId: county.id, memberIds: [member.id] });
    const teamB = await f.team({ regionUnitId: county.id });
    const outside = await f.team({ regionUnitId: (counties[1] as { id: string }).id });
    const manager = await f.manager({ regionUnitIds: [county.id] });
    const [ta, tm, tadmin] = [await admin.token(), await manager.token(), await member.token()];
    const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });

    const unit = await t.http().post('/api/v1/targets').set(auth(ta)).send({ periodType: 'year', year, regionUnitId: county.id, values: { signed_projects: 10, signed_amount: '100000', visits: 20 } }).expect(201);
    await t.http().post('/api/v1/targets').set(auth(ta)).send({ periodType: 'year', year, regionUnitId: county.id, values: { visits: 1 } }).expect(409);
    const bad = await t.http().post('/api/v1/targets').set(auth(ta)).send({ periodType: 'year', year, regionUnitId: county.id, values: { golf: 1 } }).expect(400);
    expect(bad.body.details[0].field).toBe('values.golf');

    const over = await t.http().post(`/api/v1/targets/${unit.body.id}/split`).set(auth(tm)).send({ allocations: [{ teamId: teamA.id, values: { signed_projects: 6 } }, { teamId: teamB.id, values: { signed_projects: 5 } }] }).expect(400);
    expect(over.body.code).toBe('SPLIT_EXCEEDS_PARENT');
    const outsideSplit = await t.http().post(`/api/v1/targets/${unit.body.id}/split`).set(auth(tm)).send({ allocations: [{ teamId: outside.id, values: { signed_projects: 1 } }] }).expect(400);
    expect(outsideSplit.body).toMatchObject({ code: 'SPLIT_OUTSIDE_UNIT', details: [{ field: 'allocations[0].teamId' }] });
    const split = await t.http().post(`/api/v1/targets/${unit.body.id}/split`).set(auth(tm)).send({ allocations: [{ teamId: teamA.id, values: { signed_projects: 6, signed_amount: '60000', visits: 12 } }, { teamId: teamB.id, values: { signed_projects: 4 } }] }).expect(201);
    expect(split.body.unassigned).toEqual({ signed_projects: '0', signed_amount: '40000', visits: '8' });

    const chain = await t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS).create(actor, { name: '玉米生物' });
    const ent = await t.app.get(EnterprisesService).create(actor, { name: '梅花生物科技集团股份有限公司' });
    await t.http().post('/api/v1/interactions').set(auth(tadmin)).send({ enterpriseId: ent.id, type: 'visit', occurredAt: today, summary: '拜访' }).expect(201);
    const lead = await t.http().post('/api/v1/leads').set(auth(tadmin)).send({ title: '二期', enterpriseId: ent.id, industryChainId: chain.id, intendedAmount: '50000', source: 'door_to_door', targetRegionUnitId: county.id }).expect(201);
    await t.http().post(`/api/v1/leads/${lead.body.id}/signings`).set(auth(tadmin)).send({ agreementType: 'investment', amount: '30000.5', signedOn: today }).expect(201);
    await t.app.get(MetricsService).refresh();

    const progress = await t.http().get('/api/v1/targets/progress').query({ periodType: 'year', year }).set(auth(tm)).expect(200);
    const rowA = progress.body.rows.find((r: { target: { assignee: { id: string } } }) => r.target.assignee.id === teamA.id);
    expect(rowA.metrics.find((m: { metric: string }) => m.metric === 'signed_amount')).toMatchObject({ target: '60000', actual: '30000.5' });
    expect(rowA.metrics.find((m: { metric: string }) => m.metric === 'visits')).toMatchObject({ actual: '1' });
    const rowUnit = progress.body.rows.find((r: { target: { assignee: { id: string } } }) => r.target.assignee.id === county.id);
    expect(rowUnit.metrics.find((m: { metric: string }) => m.metric === 'signed_projects')).toMatchObject({ actual: '1' });

    const published = await t.http().post('/api/v1/rankings').set(auth(ta)).send({ periodType: 'year', year, level: 'team' }).expect(201);
    expect(published.body.rows.map((r: { assignee: { id: string } }) => r.assignee.id)).toEqual([teamA.id, teamB.id]);
    const file = await t.http().get(`/api/v1/rankings/${published.body.id}/xlsx`).set(auth(ta)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const { sheet } = await readXlsx(file.body as Buffer);
    expect(sheet.name).toBe('通报排名');
    expect(String(sheet.getCell('A1').value)).toContain('通报排名');
    expect(sheet.getCell('B5').value).toBe(teamA.name);
    await t.http().post('/api/v1/rankings').set(auth(ta)).send({ periodType: 'quarter', year, quarter: 1, level: 'team' }).expect(409);
    const badFormula = await t.http().post('/api/v1/rankings').set(auth(ta)).send({ periodType: 'year', year, level: 'team', formula: { signing: { weight: 1, countShare: 1, amountShare: 0 }, weights: { golf: 1 }, completionCap: 1, sizeBands: [], deductions: { pastStartDeadline: 0 } } }).expect(400);
    expect(badFormula.body.details[0].field).toBe('formula.weights.golf');

    const dash = await t.http().get('/api/v1/dashboard').set(auth(ta)).expect(200);
    expect(dash.body.signing).toMatchObject({ projects: 1, amount: '30000.5', target: '100000' });
    expect(dash.body.thisMonth.visits).toBe(1);
    expect(dash.body.topTeams[0].team.id).toBe(teamA.id);
  });
});
