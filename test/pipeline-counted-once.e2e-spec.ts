import { formatWanYuan, toUnits } from '../src/common/money/wan-yuan';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, CrmFactory } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

const S = LeadStage;
/** The funnel's steps in order: a lead has reached step k when its furthest stage ordinal is k or more. */
const STEPS = [S.Lead, S.Contacted, S.SiteVisit, S.Negotiating, S.Signed];

/**
 * One definition of the leads a board or funnel counts: the live leads the caller sees (its
 * teams' own and the ones they co-pursue) that belong to the filtered teams (owned or
 * co-pursued by one of them). Whichever path the application takes — trigger-kept totals, region
 * totals, the co-pursued leads counted live, or the leads themselves under any other filter —
 * every figure must equal this count, written here in plain SQL.
 */
describe('pipeline board and funnel: every path counts the one definition', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let chain: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    chain = await p.chainId();

    // Team A (county X): three leads on different stages, one signed twice, one soft-deleted.
    const a1 = await p.lead(org.memberA, { intendedAmount: '1234.5678' });
    const a2 = await p.lead(org.memberA, { intendedAmount: '0.0001' });
    await p.move(org.memberA, a2.id, S.SiteVisit);
    await p.move(org.memberA, a2.id, S.Negotiating);
    await p.sign(org.memberA, a2.id, { amount: '5000.0001' });
    await p.sign(org.memberA, a2.id, { amount: '0.0009', kind: SigningKind.Supplement });
    const a3 = await p.lead(org.memberA, { intendedAmount: '77' });
    await (await crm.as(org.memberA)).delete(`/leads/${a3.id}`).expect(204);
    // Team B (county X): one co-pursued by team C (the other county), one by team A, one on hold.
    const b1 = await p.lead(org.memberB, { intendedAmount: '30' });
    const b2 = await p.lead(org.memberB, { intendedAmount: '8.8' });
    await p.move(org.memberB, b2.id, S.Contacted);
    const b3 = await p.lead(org.memberB, { intendedAmount: '12' });
    await p.move(org.memberB, b3.id, S.OnHold, '企业暂缓');
    // Team C (county Y): one co-pursued by team B and by team A, one lost, one soft-deleted co-pursued by A.
    const c1 = await p.lead(org.memberC, { intendedAmount: '999.9999' });
    await p.move(org.memberC, c1.id, S.Contacted);
    await p.move(org.memberC, c1.id, S.SiteVisit);
    const c2 = await p.lead(org.memberC, { intendedAmount: '5.5' });
    await p.move(org.memberC, c2.id, S.Lost, '企业放弃');
    const c3 = await p.lead(org.memberC, { intendedAmount: '40' });
    // Granted as approved co-pursuit claims would (lead-collisions.e2e-spec covers the flow).
    for (const [lead, team] of [
      [b1.id, org.teamC.id],
      [b2.id, org.teamA.id],
      [c1.id, org.teamB.id],
      [c1.id, org.teamA.id],
      [c3.id, org.teamA.id],
      [a1.id, org.teamB.id],
    ]) {
      await p.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [lead, team]);
    }
    await (await crm.as(org.memberC)).delete(`/leads/${c3.id}`).expect(204);
  });
  afterAll(() => t.close());

  interface Counted {
    stage: LeadStage;
    furthest: number;
    count: number;
    intended: string;
    signed: string;
  }

  /**
   * The definition in plain SQL: `seen` the caller's teams (null: everything); `teamFilters` one
   * set of teams per team filter (a team, a region's teams), each of which the lead must belong to.
   */
  const counted = (seen: string[] | null, teamFilters: string[][], chainId?: string): Promise<Counted[]> => {
    const belongs = (i: number) => `(l.team_id = ANY($${i}) OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = ANY($${i})))`;
    return p.db.query(
      `SELECT l.stage, l.furthest_stage_ordinal AS furthest, count(*)::int AS count,
              sum(l.intended_amount)::text AS intended, sum(l.signed_amount)::text AS signed
         FROM leads l
        WHERE l.deleted_at IS NULL
          AND ($1::uuid[] IS NULL OR l.team_id = ANY($1) OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = ANY($1)))
          AND ($2::uuid IS NULL OR l.industry_chain_id = $2)
          ${teamFilters.map((_t, i) => `AND ${belongs(i + 3)}`).join(' ')}
        GROUP BY 1, 2`,
      [seen, chainId ?? null, ...teamFilters],
    );
  };

  const wan = (rows: Counted[], pick: (r: Counted) => boolean, amount: 'intended' | 'signed') =>
    formatWanYuan(rows.filter(pick).reduce((s, r) => s + toUnits(r[amount]), 0n));
  const n = (rows: Counted[], pick: (r: Counted) => boolean) => rows.filter(pick).reduce((s, r) => s + r.count, 0);

  const expectSame = async (who: Client, query: Record<string, string>, rows: Counted[], label: string) => {
    const board = (await who.get('/pipeline/board').query(query).expect(200)).body;
    const funnel = (await who.get('/pipeline/funnel').query(query).expect(200)).body;
    const got = {
      stages: board.stages.map((s: { stage: LeadStage; count: number; intendedAmount: string }) => [s.stage, s.count, s.intendedAmount]),
      onHold: [board.onHold.count, board.onHold.intendedAmount],
      signed: [board.signed.count, board.signed.signedAmount],
      lost: [board.lost.count, board.lost.intendedAmount],
      reached: funnel.steps.map((s: { stage: LeadStage; reached: number }) => [s.stage, s.reached]),
    };
    const at = (stage: LeadStage) => (r: Counted) => r.stage === stage;
    const expected = {
      stages: got.stages.map(([stage]: [LeadStage]) => [stage, n(rows, at(stage)), wan(rows, at(stage), 'intended')]),
      onHold: [n(rows, at(S.OnHold)), wan(rows, at(S.OnHold), 'intended')],
      signed: [n(rows, at(S.Signed)), wan(rows, at(S.Signed), 'signed')],
      lost: [n(rows, at(S.Lost)), wan(rows, at(S.Lost), 'intended')],
      reached: STEPS.map((stage, k) => [stage, n(rows, (r) => Number(r.furthest) >= k)]),
    };
    try {
      expect(got).toEqual(expected);
    } catch (e) {
      (e as Error).message = `${label}\n${(e as Error).message}`;
      throw e;
    }
  };

  it('for a member, a county manager and the admin, under every team filter form, with co-pursued and deleted leads', async () => {
    const teamsX = [org.teamA.id, org.teamB.id];
    const viewers: Array<[string, Client, string[] | null]> = [
      ['member A', await crm.as(org.memberA), [org.teamA.id]],
      ['member C', await crm.as(org.memberC), [org.teamC.id]],
      ['manager X', await crm.as(org.managerX), teamsX],
      ['admin', await p.adminClient(), null],
    ];
    const teams = { A: org.teamA.id, B: org.teamB.id, C: org.teamC.id };
    for (const [who, client, seen] of viewers) {
      for (const [name, team] of Object.entries(teams)) {
        const cases: Array<[string, Record<string, string>, string[][], string?]> = [
          [`team ${name}`, { teamId: team }, [[team]]],
          [`team ${name} + county X`, { teamId: team, regionUnitId: org.countyX.id }, [[team], teamsX]],
          [`team ${name} + chain`, { teamId: team, industryChainId: chain }, [[team]], chain],
        ];
        for (const [label, query, filtered, chainId] of cases) {
          await expectSame(client, query, await counted(seen, filtered, chainId), `${who}: ${label}`);
        }
      }
      await expectSame(client, { regionUnitId: org.countyX.id }, await counted(seen, [teamsX]), `${who}: county X`);
      await expectSame(client, { regionUnitId: org.countyY.id }, await counted(seen, [[org.teamC.id]]), `${who}: county Y`);
      await expectSame(client, {}, await counted(seen, []), `${who}: unfiltered`);
    }
  });

  it('a team filter answers the same with another filter added that every lead meets', async () => {
    const a = await crm.as(org.memberA);
    // Team B's leads as member A sees them: b2 (co-pursued by A) and c1 and a1 (co-pursued by both).
    const alone = (await a.get('/pipeline/board').query({ teamId: org.teamB.id }).expect(200)).body;
    const withChain = (await a.get('/pipeline/board').query({ teamId: org.teamB.id, industryChainId: chain }).expect(200)).body;
    expect(alone).toEqual(withChain);
    expect(alone.open.count).toBe(3);
  });

  it('the lead list under a team filter holds the leads the board counts', async () => {
    const a = await crm.as(org.memberA);
    const list = (await a.get('/leads').query({ teamId: org.teamB.id, limit: 100 }).expect(200)).body;
    const ids: Array<{ id: string }> = await p.db.query(
      `SELECT l.id FROM leads l
        WHERE l.deleted_at IS NULL
          AND (l.team_id = $1 OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = $1))
          AND (l.team_id = $2 OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = $2))
        ORDER BY 1`,
      [org.teamA.id, org.teamB.id],
    );
    expect(list.items.map((l: { id: string }) => l.id).sort()).toEqual(ids.map((r) => r.id).sort());
    expect(ids.length).toBe(3);
  });
});
