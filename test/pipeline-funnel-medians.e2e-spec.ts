import { CITY_TEAM_KEY } from '../src/leads/lead-stage-totals.sql';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { LeadsService } from '../src/leads/leads.service';
import { Client, CrmFactory } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

const S = LeadStage;
const STEPS = [S.Lead, S.Contacted, S.SiteVisit, S.Negotiating, S.Signed];
/** Where a non-signed lead may be moved by hand (signing goes through a signing). */
const MOVABLE = [S.Lead, S.Contacted, S.SiteVisit, S.Negotiating, S.OnHold, S.Lost];

/** A small seeded generator (mulberry32): the same sequence of writes on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The funnel's medians come from trigger-kept histograms of whole days plus the exact values of
 * the one or two buckets holding the middle; after a random sequence of writes — creations,
 * moves forward and back, holds, closes and releases, signings, reassignments, co-pursuit,
 * corrected durations (ties, whole-day boundaries), soft and hard deletions — the funnel must
 * equal percentile_cont over the stage changes in plain SQL, for every role and filter form,
 * and the histograms a GROUP BY over the changes of live leads.
 */
describe('pipeline funnel: medians from day histograms equal a plain-SQL recomputation', () => {
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
  });
  afterAll(() => t.close());

  /** The funnel in plain SQL: `seen` the caller's teams (null: all), `teams` a team filter's teams. */
  const expected = async (seen: string[] | null, teams: string[] | null, chainId?: string) => {
    const where = `l.deleted_at IS NULL
        AND ($1::uuid[] IS NULL OR l.team_id = ANY($1) OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = ANY($1)))
        AND ($2::uuid[] IS NULL OR l.team_id = ANY($2) OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = ANY($2)))
        AND ($3::uuid IS NULL OR l.industry_chain_id = $3)`;
    const args = [seen, teams, chainId ?? null];
    const medians: Array<{ stage: LeadStage; median: string }> = await p.db.query(
      `SELECT sc.from_stage AS stage, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text AS median
         FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
        WHERE ${where} AND sc.from_stage IS NOT NULL GROUP BY 1`,
      args,
    );
    const reached: Array<{ furthest: number; n: number }> = await p.db.query(`SELECT l.furthest_stage_ordinal AS furthest, count(*)::int AS n FROM leads l WHERE ${where} GROUP BY 1`, args);
    return STEPS.map((stage, k) => ({
      stage,
      reached: reached.filter((r) => Number(r.furthest) >= k).reduce((s, r) => s + r.n, 0),
      medianDays: stage === S.Signed ? null : (medians.find((m) => m.stage === stage)?.median ?? null),
    }));
  };

  const expectFunnel = async (who: Client, query: Record<string, string>, seen: string[] | null, teams: string[] | null, label: string, chainId?: string) => {
    const body = (await who.get('/pipeline/funnel').query(query).expect(200)).body as { steps: Array<{ stage: LeadStage; reached: number; medianDays: string | null }> };
    const got = body.steps.map((s) => ({ stage: s.stage, reached: s.reached, medianDays: s.medianDays }));
    try {
      expect(got).toEqual(await expected(seen, teams, chainId));
    } catch (e) {
      (e as Error).message = `${label}\n${(e as Error).message}`;
      throw e;
    }
  };

  /** Every non-zero bucket of the team (and city) and region histograms, against the changes of live leads. */
  const expectHistograms = async (label: string) => {
    const diff: unknown[] = await p.db.query(
      `WITH live AS (
         SELECT l.team_id, sc.from_stage AS stage, floor(sc.days_in_from_stage)::int AS day
           FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
          WHERE l.deleted_at IS NULL AND sc.from_stage IS NOT NULL AND sc.days_in_from_stage IS NOT NULL),
       want AS (
         SELECT team_id AS key, stage, day, count(*)::int AS n FROM live GROUP BY 1, 2, 3
         UNION ALL SELECT $1::uuid, stage, day, count(*)::int FROM live GROUP BY 2, 3
         UNION ALL SELECT a.id, v.stage, v.day, count(*)::int
                     FROM live v JOIN teams t ON t.id = v.team_id JOIN region_units u ON u.id = t.region_unit_id,
                          unnest(string_to_array(rtrim(u.path, '/'), '/')::uuid[]) AS a(id)
                    GROUP BY 1, 2, 3),
       have AS (
         SELECT team_id AS key, stage, day, changes AS n FROM lead_stage_day_counts WHERE changes <> 0
         UNION ALL SELECT region_unit_id, stage, day, changes FROM lead_region_stage_day_counts WHERE changes <> 0)
       (SELECT 'missing' AS what, * FROM want EXCEPT ALL SELECT 'missing', * FROM have)
       UNION ALL (SELECT 'extra', * FROM have EXCEPT ALL SELECT 'extra', * FROM want)`,
      [CITY_TEAM_KEY],
    );
    expect({ label, diff }).toEqual({ label, diff: [] });
  };

  it('after a random sequence of writes, for the admin, a county manager and members, under every filter form', async () => {
    const rnd = random(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const members: Record<string, TestUser> = { [org.teamA.id]: org.memberA, [org.teamB.id]: org.memberB, [org.teamC.id]: org.memberC };
    const teams = [org.teamA.id, org.teamB.id, org.teamC.id];
    const leads: Array<{ id: string; team: string }> = [];
    const admin = await p.adminClient();
    const service = t.app.get(LeadsService);

    for (let i = 0; i < 24; i++) {
      const team = pick(teams);
      const lead = await p.lead(members[team] as TestUser, { intendedAmount: '100' });
      leads.push({ id: lead.id, team });
    }
    const live = async () => (await p.db.query(`SELECT id, team_id, stage FROM leads WHERE deleted_at IS NULL AND id = ANY($1)`, [leads.map((l) => l.id)])) as Array<{ id: string; team_id: string; stage: LeadStage }>;
    // Durations with ties, whole-day boundaries and fractions, so that medians interpolate across buckets.
    const durations = ['0.000', '0.999', '1.000', '1.500', '2.250', '2.250', '2.999', '3.000', '7.125', '10.000', '10.001', '41.600', '365.250'];

    for (let step = 0; step < 160; step++) {
      const rows = await live();
      if (rows.length === 0) break;
      const lead = pick(rows);
      const by = members[lead.team_id] as TestUser;
      const action = rnd();
      if (lead.stage !== S.Signed && action < 0.45) {
        const to = pick(MOVABLE.filter((s) => s !== lead.stage));
        await p.move(by, lead.id, to);
      } else if (action < 0.62) {
        // A duration corrected (as imports and seeds write them): the change's bucket moves.
        const [change] = await p.db.query(`SELECT id FROM lead_stage_changes WHERE lead_id = $1 AND from_stage IS NOT NULL ORDER BY random() LIMIT 1`, [lead.id]);
        if (change) await p.db.query('UPDATE lead_stage_changes SET days_in_from_stage = $2 WHERE id = $1', [change.id, pick(durations)]);
      } else if (action < 0.68 && STEPS.slice(0, 4).includes(lead.stage)) {
        await p.sign(by, lead.id, { amount: '50' });
      } else if (action < 0.76) {
        // Reassigned to another team, as a granted transfer claim writes it.
        const to = pick(teams.filter((x) => x !== lead.team_id));
        await p.db.query('UPDATE leads SET team_id = $2, owner_id = $3, version = version + 1 WHERE id = $1', [lead.id, to, (members[to] as TestUser).id]);
      } else if (action < 0.84) {
        await p.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [lead.id, pick(teams.filter((x) => x !== lead.team_id))]);
      } else if (action < 0.88 && lead.stage !== S.Signed && lead.stage !== S.Lost) {
        // Released: idle beyond the protection period, a manager closes it.
        await p.backdate(lead.id, 200);
        await service.release(crm.actor(await f.adminUser()), lead.id, '长期无进展');
      } else if (action < 0.92 && lead.stage !== S.Signed) {
        await (await crm.as(by)).delete(`/leads/${lead.id}`).expect(204);
      } else if (action < 0.94) {
        // Restored (an undo by hand) or, for a deleted one, nothing: its changes come back with it.
        const [gone] = await p.db.query(`SELECT id FROM leads WHERE deleted_at IS NOT NULL AND id = ANY($1) LIMIT 1`, [leads.map((l) => l.id)]);
        if (gone) await p.db.query('UPDATE leads SET deleted_at = NULL WHERE id = $1', [gone.id]);
      } else if (action < 0.96 && lead.stage !== S.Signed) {
        // Deleted outright: its changes go by cascade.
        await p.db.query('DELETE FROM lead_co_teams WHERE lead_id = $1', [lead.id]);
        await p.db.query('DELETE FROM lead_claims WHERE lead_id = $1', [lead.id]);
        await p.db.query('DELETE FROM leads WHERE id = $1', [lead.id]);
      } else {
        const team = pick(teams);
        const fresh = await p.lead(members[team] as TestUser, { intendedAmount: '100' });
        leads.push({ id: fresh.id, team });
      }
      if (step % 40 === 39) await expectHistograms(`after step ${step}`);
    }
    await expectHistograms('at the end');

    const teamsX = [org.teamA.id, org.teamB.id];
    const viewers: Array<[string, Client, string[] | null]> = [
      ['admin', admin, null],
      ['manager X', await crm.as(org.managerX), teamsX],
      ['member A', await crm.as(org.memberA), [org.teamA.id]],
      ['member C', await crm.as(org.memberC), [org.teamC.id]],
    ];
    for (const [who, client, seen] of viewers) {
      await expectFunnel(client, {}, seen, null, `${who}: unfiltered`);
      for (const team of teams) await expectFunnel(client, { teamId: team }, seen, [team], `${who}: team ${team}`);
      await expectFunnel(client, { regionUnitId: org.countyX.id }, seen, teamsX, `${who}: county X`);
      await expectFunnel(client, { regionUnitId: org.countyY.id }, seen, [org.teamC.id], `${who}: county Y`);
      await expectFunnel(client, { industryChainId: chain }, seen, null, `${who}: chain`, chain);
    }
  }, 300_000);

  it('a team moving to another county carries its histogram, and a county moving in the tree rebuilds them', async () => {
    const lead = await p.lead(org.memberA, { intendedAmount: '1' });
    await p.move(org.memberA, lead.id, S.Contacted);
    await p.db.query(`UPDATE lead_stage_changes SET days_in_from_stage = 5.5 WHERE lead_id = $1 AND from_stage IS NOT NULL`, [lead.id]);
    await p.db.query('UPDATE teams SET region_unit_id = $2 WHERE id = $1', [org.teamA.id, org.countyY.id]);
    await expectHistograms('team A in county Y');
    await expectFunnel(await crm.as(org.managerX), {}, [org.teamB.id], null, 'manager X without team A');
    await p.db.query('UPDATE teams SET region_unit_id = $2 WHERE id = $1', [org.teamA.id, org.countyX.id]);
    await expectHistograms('team A back in county X');
    // Rewriting a path (as a region move does) rebuilds every region's histogram from the team ones.
    await p.db.query(`UPDATE lead_region_stage_day_counts SET changes = changes + 7 WHERE region_unit_id = $1`, [org.countyX.id]);
    await p.db.query('UPDATE region_units SET path = path WHERE id = $1', [org.countyX.id]);
    await expectHistograms('after a region move');
  });
});
