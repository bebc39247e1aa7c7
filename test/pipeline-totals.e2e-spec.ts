import { Role } from '../src/common/auth/auth-user';
import { formatWanYuan, toUnits } from '../src/common/money/wan-yuan';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { CITY_TEAM_KEY } from '../src/leads/lead-stage-totals.sql';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, CrmFactory } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

const S = LeadStage;

/**
 * lead_stage_totals (kept by a trigger on leads) must equal a GROUP BY over the live leads
 * after every kind of write, whichever code path made it: the board and funnel read it.
 */
describe('pipeline totals: the trigger-kept counters the board reads', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
  });
  afterAll(() => t.close());

  /** Both sides as sorted rows; zero cells left behind by moves are not differences. */
  const totalsVersusLeads = async () => {
    const cells = `leads::text, intended_units::text AS intended, signed_units::text AS signed FROM lead_stage_totals
                    WHERE (leads <> 0 OR intended_units <> 0 OR signed_units <> 0)`;
    const counts = `count(*)::text AS leads, sum(intended_amount * 10000)::bigint::text AS intended, sum(signed_amount * 10000)::bigint::text AS signed
                      FROM leads WHERE deleted_at IS NULL`;
    const totals: Array<Record<string, string>> = await p.db.query(
      `SELECT team_id, stage, furthest_stage_ordinal AS furthest, ${cells} AND team_id <> $1 ORDER BY 1, 2, 3`,
      [CITY_TEAM_KEY],
    );
    const counted: Array<Record<string, string>> = await p.db.query(`SELECT team_id, stage, furthest_stage_ordinal AS furthest, ${counts} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    // The city's cells: every team's together.
    const city: Array<Record<string, string>> = await p.db.query(`SELECT stage, furthest_stage_ordinal AS furthest, ${cells} AND team_id = $1 ORDER BY 1, 2`, [CITY_TEAM_KEY]);
    const cityCounted: Array<Record<string, string>> = await p.db.query(`SELECT stage, furthest_stage_ordinal AS furthest, ${counts} GROUP BY 1, 2 ORDER BY 1, 2`);
    // Each region unit's cells: the leads of the teams at or below it (by path prefix, not the trigger's path split).
    const regions: Array<Record<string, string>> = await p.db.query(
      `SELECT region_unit_id, stage, furthest_stage_ordinal AS furthest, ${cells.replace('lead_stage_totals', 'lead_region_stage_totals')} ORDER BY 1, 2, 3`,
    );
    const regionsCounted: Array<Record<string, string>> = await p.db.query(
      `SELECT a.id AS region_unit_id, l.stage, l.furthest_stage_ordinal AS furthest, count(*)::text AS leads,
              sum(l.intended_amount * 10000)::bigint::text AS intended, sum(l.signed_amount * 10000)::bigint::text AS signed
         FROM leads l JOIN teams t ON t.id = l.team_id JOIN region_units u ON u.id = t.region_unit_id
         JOIN region_units a ON starts_with(u.path, a.path)
        WHERE l.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    return { totals, counted, city, cityCounted, regions, regionsCounted };
  };
  const expectInStep = async () => {
    const { totals, counted, city, cityCounted, regions, regionsCounted } = await totalsVersusLeads();
    expect(totals).toEqual(counted);
    expect(city).toEqual(cityCounted);
    expect(regions).toEqual(regionsCounted);
    if (counted.length) expect(regions.length).toBeGreaterThan(0);
    return counted;
  };

  it('follow creation, moves forward and back, hold, loss, reopening, amounts, signing and deletion', async () => {
    const a = await crm.as(org.memberA);
    const one = await p.lead(org.memberA, { intendedAmount: '1234.5678' });
    const two = await p.lead(org.memberB, { intendedAmount: '0.0001' });
    expect((await expectInStep()).length).toBe(2);

    await p.move(org.memberA, one.id, S.SiteVisit);
    await p.move(org.memberA, one.id, S.Contacted, '退回补充材料');
    await expectInStep();
    await p.move(org.memberA, one.id, S.OnHold, '企业暂缓');
    await p.move(org.memberA, one.id, S.Contacted, '重新启动');
    await expectInStep();

    const current = await a.get(`/leads/${one.id}`).expect(200);
    await a.patch(`/leads/${one.id}`).send({ intendedAmount: '99999999.9999', version: current.body.version }).expect(200);
    await expectInStep();

    await p.move(org.memberA, one.id, S.Negotiating);
    await p.sign(org.memberA, one.id, { amount: '5000.0001' });
    await p.sign(org.memberA, one.id, { amount: '0.0009', kind: SigningKind.Supplement });
    const signed = await expectInStep();
    expect(signed.find((r) => r.stage === S.Signed)).toMatchObject({ leads: '1', signed: '50000010' });

    await p.move(org.memberB, two.id, S.Lost, '企业放弃');
    await expectInStep();
    await p.move(org.memberB, two.id, S.Lead, '重新接触');
    await (await crm.as(org.memberB)).delete(`/leads/${two.id}`).expect(204);
    const rows = await expectInStep();
    expect(rows.map((r) => r.team_id)).toEqual([org.teamA.id]);
  });

  it('follow writes outside the service too: a lead handed to another team, a restored lead', async () => {
    const lead = await p.lead(org.memberC, { intendedAmount: '42' });
    await p.db.query('UPDATE leads SET team_id = $2 WHERE id = $1', [lead.id, org.teamB.id]);
    await expectInStep();
    await p.db.query('UPDATE leads SET deleted_at = now() WHERE id = $1', [lead.id]);
    await expectInStep();
    await p.db.query('UPDATE leads SET deleted_at = NULL WHERE id = $1', [lead.id]);
    await expectInStep();
    await p.db.query('DELETE FROM lead_stage_changes WHERE lead_id = $1', [lead.id]);
    await p.db.query('DELETE FROM leads WHERE id = $1', [lead.id]);
    await expectInStep();
  });

  it('follow a team moving to another region unit and a region unit moving in the tree', async () => {
    const admin = await crm.client(Role.Admin);
    const township = await f.region({ level: RegionLevel.Township, parentId: org.countyY.id });
    const team = await f.team({ regionUnitId: township.id, memberIds: [org.memberC.id] });
    await p.lead(org.memberC, { intendedAmount: '8.8', teamId: team.id });
    await p.lead(org.memberC, { intendedAmount: '1.1', teamId: org.teamC.id });
    await expectInStep();
    await admin.patch(`/teams/${team.id}`).send({ regionUnitId: org.countyX.id }).expect(200);
    await expectInStep();
    await admin.patch(`/teams/${team.id}`).send({ regionUnitId: township.id }).expect(200);
    // The township (with its team) moves from one county to the other.
    await admin.patch(`/regions/${township.id}`).send({ parentId: org.countyX.id }).expect(200);
    await expectInStep();
    const cell = await p.db.query(`SELECT sum(leads)::int AS n FROM lead_region_stage_totals WHERE region_unit_id = $1`, [org.countyY.id]);
    const counted = await p.db.query(`SELECT count(*)::int AS n FROM leads l JOIN teams t ON t.id = l.team_id WHERE t.region_unit_id = $1 AND l.deleted_at IS NULL`, [org.countyY.id]);
    expect(cell[0].n ?? 0).toBe(counted[0].n);
  });

  it('concurrent moves in opposite directions within one team neither deadlock nor drift', async () => {
    const leads = await Promise.all(Array.from({ length: 8 }, (_v, i) => p.lead(org.memberA, { intendedAmount: `${i + 1}.5` })));
    for (const lead of leads.slice(0, 4)) await p.move(org.memberA, lead.id, S.SiteVisit);
    const a = await crm.as(org.memberA);
    // Half go forward from 线索 to 考察对接, half back from 考察对接 to 线索: the same two cells, crossed.
    const moves = leads.map((lead, i) =>
      i < 4 ? a.post(`/leads/${lead.id}/transitions`).send({ to: S.Lead, reason: '退回' }) : a.post(`/leads/${lead.id}/transitions`).send({ to: S.SiteVisit }),
    );
    const results = await Promise.all(moves);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    await expectInStep();
  });

  describe('co-pursued leads on the board', () => {
    let b: Client;
    let leadOfA: string;

    beforeAll(async () => {
      const fresh = await crm.org();
      org = fresh;
      leadOfA = (await p.lead(fresh.memberA, { intendedAmount: '700' })).id;
      await p.lead(fresh.memberB, { intendedAmount: '30' });
      // Granted as an approved co-pursuit claim would (lead-collisions.e2e-spec covers the flow).
      await p.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [leadOfA, fresh.teamB.id]);
      b = await crm.as(fresh.memberB);
    });

    it('count for the co-pursuing team beside its own leads, once', async () => {
      const board = (await b.get('/pipeline/board').expect(200)).body;
      expect(board.stages[0]).toMatchObject({ stage: 'lead', count: 2, intendedAmount: '730' });
      const funnel = (await b.get('/pipeline/funnel').expect(200)).body.steps;
      expect(funnel[0]).toMatchObject({ stage: 'lead', reached: 2 });
      // The manager above both teams sees the lead once, not twice.
      const mx = await crm.as(org.managerX);
      expect((await mx.get('/pipeline/board').expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
    });

    it('and under a filter naming the co-pursuing team or its region, as under any other filter', async () => {
      // Team B's leads are its own and the one it co-pursues: the same under every filter form.
      expect((await b.get('/pipeline/board').query({ teamId: org.teamB.id }).expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
      expect((await b.get('/pipeline/board').query({ regionUnitId: org.countyX.id }).expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
      const chain = (await p.db.query('SELECT industry_chain_id AS id FROM leads WHERE id = $1', [leadOfA]))[0].id as string;
      expect((await b.get('/pipeline/board').query({ industryChainId: chain }).expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
      expect((await b.get('/pipeline/board').query({ teamId: org.teamB.id, industryChainId: chain }).expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
      // The admin's board of team A holds its own lead only once, and team B's holds it too.
      const admin = await p.adminClient();
      expect((await admin.get('/pipeline/board').query({ teamId: org.teamA.id }).expect(200)).body.stages[0]).toMatchObject({ count: 1, intendedAmount: '700' });
      expect((await admin.get('/pipeline/board').query({ teamId: org.teamB.id }).expect(200)).body.stages[0]).toMatchObject({ count: 2, intendedAmount: '730' });
    });

    it('a manager of a county, a township within it, a team elsewhere and a team of their own counts every visible lead once', async () => {
      const township = await f.region({ level: RegionLevel.Township, parentId: org.countyX.id });
      const localMember = await f.user();
      const local = await f.team({ regionUnitId: township.id, memberIds: [localMember.id] });
      const manager = await f.manager({ regionUnitIds: [org.countyX.id, township.id], teamIds: [org.teamC.id] });
      const ownTeam = await f.team({ regionUnitId: org.countyY.id, memberIds: [manager.id] });
      const leadOfC = await p.lead(org.memberC, { intendedAmount: '5.5' });
      await p.move(org.memberC, leadOfC.id, S.Contacted);
      await p.lead(manager, { intendedAmount: '0.25', teamId: ownTeam.id });
      await p.lead(localMember, { intendedAmount: '3', teamId: local.id });
      // Not visible: another team of the other county.
      const elsewhere = await f.team({ regionUnitId: org.countyY.id, memberIds: [(await f.user()).id] });
      await p.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [leadOfC.id, elsewhere.id]);

      const visible = [org.teamA.id, org.teamB.id, org.teamC.id, local.id, ownTeam.id];
      const expected: Array<{ stage: string; count: number; intended: string }> = await p.db.query(
        `SELECT stage, count(*)::int AS count, sum(intended_amount)::text AS intended FROM leads
          WHERE team_id = ANY($1) AND deleted_at IS NULL GROUP BY stage`,
        [visible],
      );
      const board = (await (await crm.as(manager)).get('/pipeline/board').expect(200)).body;
      for (const stage of board.stages) {
        const row = expected.find((e) => e.stage === stage.stage);
        expect({ stage: stage.stage, count: stage.count, intendedAmount: stage.intendedAmount }).toEqual({
          stage: stage.stage,
          count: row?.count ?? 0,
          intendedAmount: row ? formatWanYuan(toUnits(row.intended)) : '0',
        });
      }
      expect(board.open.count).toBe(expected.reduce((n, e) => n + e.count, 0));
    });
  });
});
