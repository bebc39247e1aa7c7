import { Role } from '../src/common/auth/auth-user';
import { formatWanYuan, toUnits } from '../src/common/money/wan-yuan';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { LeadsService } from '../src/leads/leads.service';
import { ProjectLifecycle } from '../src/projects/entities/project-enums';
import { FundsSource } from '../src/projects/entities/project-monthly-funds.entity';
import { ProjectsService } from '../src/projects/projects.service';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { TargetsService } from '../src/targets/targets.service';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory, thisYear, today } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * One organisation, one set of data, read by the admin (the whole city) and by the manager of
 * county X (teams A, B and T only). This year's data is dated today, so the figures do not
 * depend on the day the test runs.
 *
 *   lead  team  chain   intended  stage        signed (this year)        registry project
 *   L1    A     chain1  200000    signed       100000.5 + 20000.25 supp  P1 construction, plan 60000, 45000 this month (+100 last Dec.);
 *                                                                        到位资金 this month 30000 省外 fixed + 1000.5 境外
 *   L2    A     chain1  30000     contacted
 *   L3    A     chain1  10000     lost
 *   L4    B     chain1  60000     signed       50000                     P4 registered, 到位资金 this month 500 市外省内 (no investment)
 *   L5    B     chain1  5000      lead
 *   L6    C     chain2  40000     signed       30000                     P6 operating, 5000.05 this month, 到位资金 this month 2000 市外省内 fixed
 *   L7    city  chain1  80000     negotiating
 *   L8    A     chain1  10000     signed       (1000 on 2024-05-05, created 2024-03-01)
 *   P8: entered in county X without a team, 续建, total 80000, plan 10000, 2500 this month
 *   P9: team T, entered directly, total 5000, plan 1000
 */
describe('the dashboard (驾驶舱): every block, for the city and for a county', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let managerX: Client;
  let chain1: { id: string; name: string };
  let chain2: { id: string; name: string };
  const year = thisYear();
  const month = today().slice(0, 7);

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, managerX] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerX)];
    chain1 = await tf.crm.industryChain(`玉米生物${Date.now() % 1000}`);
    chain2 = await tf.crm.industryChain(`铝基新材料${Date.now() % 1000}`);
    const adminActor = await tf.admin();
    const leads = t.app.get(LeadsService);
    const registry = t.app.get(ProjectsService);
    const e = async () => (await tf.crm.enterprise()).id;

    // This month: A visits ent1 and calls it again (one enterprise, one visit); B receives ent2;
    // C visits ent3; the city team calls ent4.
    const [ent1, ent2, ent3, ent4] = [await e(), await e(), await e(), await e()];
    await tf.interaction(org.memberA, ent1, today(), InteractionType.Visit);
    await tf.interaction(org.memberA, ent1, today(), InteractionType.Call);
    await tf.interaction(org.memberB, ent2, today(), InteractionType.InboundVisit);
    await tf.interaction(org.memberC, ent3, today(), InteractionType.Visit);
    await tf.interaction(org.memberCity, ent4, today(), InteractionType.Call);

    const open = async (member: typeof org.memberA, intendedAmount: string, industryChainId = chain1.id) => {
      const l = await tf.lead(member, today(), { intendedAmount, industryChainId });
      // tf.lead dates created_at at noon; this month's leads keep their real creation time.
      await tf.db.query('UPDATE leads SET created_at = now(), stage_entered_at = now() WHERE id = $1', [l.id]);
      return l;
    };
    const move = (member: typeof org.memberA, id: string, to: LeadStage) => leads.transition(tf.crm.actor(member), id, { to, reason: '测试' });

    const l1 = await open(org.memberA, '200000');
    const l2 = await open(org.memberA, '30000');
    const l3 = await open(org.memberA, '10000');
    const l4 = await open(org.memberB, '60000');
    await open(org.memberB, '5000');
    const l6 = await open(org.memberC, '40000', chain2.id);
    const l7 = await open(org.memberCity, '80000');
    await move(org.memberA, l2.id, LeadStage.Contacted);
    await move(org.memberA, l3.id, LeadStage.Lost);
    await move(org.memberCity, l7.id, LeadStage.Negotiating);
    const s1 = await tf.sign(org.memberA, l1.id, '100000.5', today());
    const s1b = await tf.sign(org.memberA, l1.id, '20000.25', today(), SigningKind.Supplement);
    const s4 = await tf.sign(org.memberB, l4.id, '50000', today());
    const s6 = await tf.sign(org.memberC, l6.id, '30000', today());
    // 2024: A visited ent5 in March, registered L8 then, signed it in May.
    await tf.interaction(org.memberA, await e(), '2024-03-10', InteractionType.Visit);
    const l8 = await tf.lead(org.memberA, '2024-03-01', { intendedAmount: '10000', industryChainId: chain1.id });
    await tf.sign(org.memberA, l8.id, '1000', '2024-05-05');

    // Registry.
    for (const [l, s] of [[l1, s1], [l1, s1b], [l4, s4], [l6, s6]] as const) await tf.rollup(l, s);
    const projectOf = async (leadId: string) => {
      const [p] = (await tf.db.query('SELECT id, version FROM projects WHERE lead_id = $1', [leadId])) as Array<{ id: string; version: number }>;
      return p as { id: string; version: number };
    };
    const p1 = await projectOf(l1.id);
    await registry.update(adminActor, p1.id, { version: p1.version, lifecycle: ProjectLifecycle.Construction, registeredOn: today(), startedOn: today() });
    await tf.plan(p1.id, year, '60000');
    await tf.progress(p1.id, month, '45000');
    await tf.progress(p1.id, `${year - 1}-12`, '100');
    await tf.funds(p1.id, month, [
      { source: FundsSource.OutOfProvince, fixedAsset: true, amount: '30000' },
      { source: FundsSource.Overseas, fixedAsset: false, amount: '1000.5' },
    ]);
    const p4 = await projectOf(l4.id);
    await registry.update(adminActor, p4.id, { version: p4.version, lifecycle: ProjectLifecycle.Registered, registeredOn: today() });
    await tf.funds(p4.id, month, [{ source: FundsSource.OutOfCity, fixedAsset: false, amount: '500' }]);
    const p6 = await projectOf(l6.id);
    await registry.update(adminActor, p6.id, { version: p6.version, lifecycle: ProjectLifecycle.Operating, registeredOn: today(), startedOn: today(), completedOn: today() });
    await tf.progress(p6.id, month, '5000.05');
    await tf.funds(p6.id, month, [{ source: FundsSource.OutOfCity, fixedAsset: true, amount: '2000' }]);
    const p8 = await tf.project({ regionUnitId: org.countyX.id, isContinuing: true, totalInvestment: '80000' });
    await tf.plan(p8.id, year, '10000');
    await tf.progress(p8.id, month, '2500');
    const p9 = await tf.project({ teamId: org.teamT.id, regionUnitId: org.countyX.id, totalInvestment: '5000' });
    await tf.plan(p9.id, year, '1000');

    // This year's targets: the city, both counties, the city team; the counties split among their teams.
    const targets = t.app.get(TargetsService);
    await tf.assign({ periodType: 'year', year, regionUnitId: org.city.id, values: { signed_amount: '500000' } });
    const x = await tf.assign({ periodType: 'year', year, regionUnitId: org.countyX.id, values: { signed_amount: '300000', visits: 100 } });
    const y = await tf.assign({ periodType: 'year', year, regionUnitId: org.countyY.id, values: { signed_amount: '150000' } });
    await tf.assign({ periodType: 'year', year, teamId: org.cityTeam.id, values: { signed_amount: '20000' } });
    await targets.split(tf.crm.actor(org.managerX), x.id, {
      allocations: [
        { teamId: org.teamA.id, values: { signed_amount: '100000' } },
        { teamId: org.teamB.id, values: { signed_amount: '60000' } },
        { teamId: org.teamT.id, values: { signed_amount: '40000' } },
      ],
    });
    await targets.split(tf.crm.actor(org.managerY), y.id, { allocations: [{ teamId: org.teamC.id, values: { signed_amount: '50000' } }] });
    // A quarter's target is not the year's.
    await tf.assign({ periodType: 'quarter', year, quarter: 4, regionUnitId: org.city.id, values: { signed_amount: '999999' } });
    await tf.refresh();
  });
  afterAll(() => t.close());

  const dashboard = async (c: Client, query: Record<string, unknown> = {}) => (await c.get('/dashboard').query(query).expect(200)).body;
  const months = (to: number, fill: (m: string) => object = () => ({})) =>
    Array.from({ length: to }, (_, i) => {
      const m = `${year}-${String(i + 1).padStart(2, '0')}`;
      return { month: m, enterprisesContacted: 0, visits: 0, newLeads: 0, signedProjects: 0, signedAmount: '0', ...fill(m) };
    });
  const team = (tm: { id: string; name: string }) => ({ type: 'team', id: tm.id, name: tm.name });
  /** The conversion block expected: counts and percentages worked out by hand in each test. */
  const conversion = (
    contracted: number,
    n: { performing: number; started: number; funds: [string, string, string]; landed: number; operating: number },
    pct: { 履约率: string; 开工率: string; 落地率: string; 投产率: string },
  ) => {
    const rate = (key: string, label: string, numerator: string, denominator: string, value: string, unit = 'projects') => ({ key, label, numerator, denominator, value, unit, explanation: expect.stringMatching(new RegExp(`^${label} = `)) });
    const d = String(contracted);
    return {
      contractProjects: contracted,
      ...pct,
      资金到位率: n.funds[2],
      cohort: expect.stringContaining('签约'),
      rates: [
        rate('performance_rate', '履约率', String(n.performing), d, pct.履约率),
        rate('start_rate', '开工率', String(n.started), d, pct.开工率),
        rate('funds_in_place_rate', '资金到位率', n.funds[0], n.funds[1], n.funds[2], 'wan_yuan'),
        rate('landing_rate', '落地率', String(n.landed), d, pct.落地率),
        rate('production_rate', '投产率', String(n.operating), d, pct.投产率),
      ],
    };
  };
  /** 同比 when the same months of last year signed nothing: the whole figure is the change, no percent. */
  const firstYear = (projects: number, amount: string) => ({
    projects: { previous: '0', change: String(projects), changePercent: null },
    amount: { previous: '0', change: amount, changePercent: null },
  });
  /** T and the city team tie at 0: listed by name. */
  const tied = () => [org.teamT, org.cityTeam].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));

  it('for the admin: the whole city', async () => {
    const body = await dashboard(admin);
    expect(body.year).toBe(year);
    expect(body.label).toBe(`${year}年`);
    expect(Number(body.timeElapsed)).toBeGreaterThan(0);
    expect(Date.parse(body.asOf)).toBeGreaterThan(Date.now() - 120_000);
    expect(body.thisMonth).toEqual({ month, enterprisesContacted: 4, visits: 3, newLeads: 7 });
    expect(body.pipeline).toEqual({
      stages: [
        { stage: 'lead', label: '线索', count: 1, intendedAmount: '5000', probability: '0.1', weightedAmount: '500' },
        { stage: 'contacted', label: '初步接洽', count: 1, intendedAmount: '30000', probability: '0.2', weightedAmount: '6000' },
        { stage: 'site_visit', label: '考察对接', count: 0, intendedAmount: '0', probability: '0.4', weightedAmount: '0' },
        { stage: 'negotiating', label: '实质性洽谈', count: 1, intendedAmount: '80000', probability: '0.7', weightedAmount: '56000' },
      ],
      open: { count: 3, intendedAmount: '115000', weightedAmount: '62500' },
      onHold: { stage: 'on_hold', label: '搁置', count: 0, intendedAmount: '0' },
      signed: { count: 4, signedAmount: '201000.75' },
      lost: { count: 1, intendedAmount: '10000' },
    });
    // The city's own target, not the city's plus its counties' and teams'.
    expect(body.signing).toEqual({ projects: 3, amount: '200000.75', target: '500000', completion: '40.00', yoy: firstYear(3, '200000.75') });
    // This year's signing cohort P1, P4, P6: all three performing (P4 by its funds alone), P1 and
    // P6 started, all landed, P6 producing; funds 31000.5 + 500 + 2000 = 33500.5 of
    // 120000.75 + 50000 + 30000 = 200000.75 contracted → 16.750187…% → 16.75.
    expect(body.conversion).toEqual(
      conversion(3, { performing: 3, started: 2, funds: ['33500.5', '200000.75', '16.75'], landed: 3, operating: 1 }, { 履约率: '100.00', 开工率: '66.67', 落地率: '100.00', 投产率: '33.33' }),
    );
    expect(body.registry).toEqual({ projects: 5, totalInvestment: '285000.75', annualPlan: '71000', completedYtd: '52500.05', planCompletion: '73.94' });
    const [first, second] = tied();
    expect(body.topTeams).toEqual([
      { rank: 1, team: team(org.teamA), score: 24 },
      { rank: 2, team: team(org.teamB), score: 16.67 },
      { rank: 3, team: team(org.teamC), score: 12 },
      { rank: 4, team: team(first as { id: string; name: string }), score: 0 },
      { rank: 4, team: team(second as { id: string; name: string }), score: 0 },
    ]);
    expect(body.bottomTeams).toEqual([...body.topTeams].reverse());
    const current = Number(month.slice(5));
    expect(body.trends).toEqual(months(current, (m) => (m === month ? { enterprisesContacted: 4, visits: 3, newLeads: 7, signedProjects: 3, signedAmount: '200000.75' } : {})));
    expect(body.byCounty).toEqual([
      { id: org.countyX.id, name: org.countyX.name, code: org.countyX.code, signedAmount: '170000.75', signedProjects: 2 },
      { id: org.countyY.id, name: org.countyY.name, code: org.countyY.code, signedAmount: '30000', signedProjects: 1 },
    ]);
    expect(body.byChain).toEqual([
      { id: chain1.id, name: chain1.name, signedAmount: '170000.75', signedProjects: 2 },
      { id: chain2.id, name: chain2.name, signedAmount: '30000', signedProjects: 1 },
    ]);
  });

  it("for the county manager: only the county's teams", async () => {
    const body = await dashboard(managerX);
    expect(body.thisMonth).toEqual({ month, enterprisesContacted: 2, visits: 2, newLeads: 5 });
    expect(body.pipeline).toEqual({
      stages: [
        { stage: 'lead', label: '线索', count: 1, intendedAmount: '5000', probability: '0.1', weightedAmount: '500' },
        { stage: 'contacted', label: '初步接洽', count: 1, intendedAmount: '30000', probability: '0.2', weightedAmount: '6000' },
        { stage: 'site_visit', label: '考察对接', count: 0, intendedAmount: '0', probability: '0.4', weightedAmount: '0' },
        { stage: 'negotiating', label: '实质性洽谈', count: 0, intendedAmount: '0', probability: '0.7', weightedAmount: '0' },
      ],
      open: { count: 2, intendedAmount: '35000', weightedAmount: '6500' },
      onHold: { stage: 'on_hold', label: '搁置', count: 0, intendedAmount: '0' },
      signed: { count: 3, signedAmount: '171000.75' },
      lost: { count: 1, intendedAmount: '10000' },
    });
    // The county's target: not the city's above it.
    expect(body.signing).toEqual({ projects: 2, amount: '170000.75', target: '300000', completion: '56.67', yoy: firstYear(2, '170000.75') });
    // County X's teams' cohort P1, P4: funds 31000.5 + 500 = 31500.5 of 170000.75 → 18.529624…% → 18.53.
    expect(body.conversion).toEqual(
      conversion(2, { performing: 2, started: 1, funds: ['31500.5', '170000.75', '18.53'], landed: 2, operating: 0 }, { 履约率: '100.00', 开工率: '50.00', 落地率: '100.00', 投产率: '0.00' }),
    );
    expect(body.registry).toEqual({ projects: 3, totalInvestment: '175000.75', annualPlan: '61000', completedYtd: '45000', planCompletion: '73.77' });
    expect(body.topTeams).toEqual([
      { rank: 1, team: team(org.teamA), score: 24 },
      { rank: 2, team: team(org.teamB), score: 16.67 },
      { rank: 4, team: team(org.teamT), score: 0 },
    ]);
    expect(body.bottomTeams).toEqual([...body.topTeams].reverse());
    const current = Number(month.slice(5));
    expect(body.trends).toEqual(months(current, (m) => (m === month ? { enterprisesContacted: 2, visits: 2, newLeads: 5, signedProjects: 2, signedAmount: '170000.75' } : {})));
    // Only the county in the manager's care.
    expect(body.byCounty).toEqual([{ id: org.countyX.id, name: org.countyX.name, code: org.countyX.code, signedAmount: '170000.75', signedProjects: 2 }]);
    expect(body.byChain).toEqual([
      { id: chain1.id, name: chain1.name, signedAmount: '170000.75', signedProjects: 2 },
      { id: chain2.id, name: chain2.name, signedAmount: '0', signedProjects: 0 },
    ]);
  });

  it("for a member: their own team, measured against the team's own target, and no unpublished rank", async () => {
    const body = await dashboard(await tf.crm.as(org.memberA));
    expect(body.thisMonth).toEqual({ month, enterprisesContacted: 1, visits: 1, newLeads: 3 });
    expect(body.signing).toEqual({ projects: 1, amount: '120000.75', target: '100000', completion: '120.00', yoy: firstYear(1, '120000.75') });
    // The ranking preview is for admins and managers (issue 12, item 7): a member's team
    // (rank 1 with 24 points in the admin's preview above) is not ranked on their screen.
    expect(body.topTeams).toEqual([]);
    expect(body.bottomTeams).toEqual([]);
  });

  it('for a past year: twelve months of trends, and that year only', async () => {
    const body = await dashboard(admin, { year: 2024 });
    expect(body).toMatchObject({ year: 2024, label: '2024年', timeElapsed: '100.00' });
    // 本月 of a past year is its last month (1–12月), not today's month: 2024-12 had nothing.
    expect(body.thisMonth).toEqual({ month: '2024-12', enterprisesContacted: 0, visits: 0, newLeads: 0 });
    // 1–3月 of 2024: 本月 is March, when the one contact and visit of 2024 happened.
    const march = await dashboard(admin, { year: 2024, periodType: 'ytd', month: 3 });
    expect(march.thisMonth).toEqual({ month: '2024-03', enterprisesContacted: 1, visits: 1, newLeads: 1 });
    expect(body.signing).toEqual({ projects: 1, amount: '1000', target: null, completion: null, yoy: firstYear(1, '1000') });
    // 2024's signing cohort: L8's signing never entered the registry, and this year's projects
    // are not 2024's — nothing to compute a rate over.
    expect(body.conversion).toMatchObject({ contractProjects: 0, 履约率: null, 开工率: null, 资金到位率: null, 落地率: null, 投产率: null });
    expect(body.conversion.rates.map((r: { value: string | null }) => r.value)).toEqual([null, null, null, null, null]);
    expect(body.trends).toEqual(
      Array.from({ length: 12 }, (_, i) => {
        const m = `2024-${String(i + 1).padStart(2, '0')}`;
        const figures = m === '2024-03' ? { enterprisesContacted: 1, visits: 1, newLeads: 1 } : m === '2024-05' ? { signedProjects: 1, signedAmount: '1000' } : {};
        return { month: m, enterprisesContacted: 0, visits: 0, newLeads: 0, signedProjects: 0, signedAmount: '0', ...figures };
      }),
    );
    expect(body.byCounty).toEqual([
      { id: org.countyX.id, name: org.countyX.name, code: org.countyX.code, signedAmount: '1000', signedProjects: 1 },
      { id: org.countyY.id, name: org.countyY.name, code: org.countyY.code, signedAmount: '0', signedProjects: 0 },
    ]);
    expect(body.byChain).toEqual([
      { id: chain1.id, name: chain1.name, signedAmount: '1000', signedProjects: 1 },
      { id: chain2.id, name: chain2.name, signedAmount: '0', signedProjects: 0 },
    ]);
    expect(body.topTeams).toEqual([]);
    expect(body.bottomTeams).toEqual([]);
  });

  it('takes a period and an as-of date: 1–N月 of a year, 序时进度 in days (live), 同比 against the same months', async () => {
    const body = await dashboard(admin, { periodType: 'ytd', year: 2025, month: 6, asOf: '2025-07-05' });
    // Days through 06-30 (the report's last day), not the as-of day: 181 of 365.
    expect(body).toMatchObject({ year: 2025, label: '2025年1–6月', dataAsOf: '2025-07-05', paceConvention: 'days', timeElapsed: '49.59', previousPeriodLabel: '2024年1–6月' });
    // Nothing signed in 2025's first half; 2024's had the 1000 of May: −1000, −100.00%.
    expect(body.signing).toEqual({
      projects: 0,
      amount: '0',
      target: null,
      completion: null,
      yoy: { projects: { previous: '1', change: '-1', changePercent: '-100.00' }, amount: { previous: '1000', change: '-1000', changePercent: '-100.00' } },
    });
    expect(body.trends.map((m: { month: string }) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    // 2024 as of 2024-04-30: May's signing is not counted yet.
    const april = await dashboard(admin, { year: 2024, asOf: '2024-04-30' });
    expect(april.signing).toMatchObject({ projects: 0, amount: '0' });
    expect(april.trends).toHaveLength(4);
    expect(april.timeElapsed).toBe('33.06'); // 121 of 366 days
  });

  it('counts the signed totals by the counting rules: a BigInt sum of the signings, for the city, a county and a member, in every year', async () => {
    // A member's dashboard: the team's signings only.
    const member = await tf.crm.as(org.memberA);
    const viewers: Array<[string, Client, string[] | null]> = [
      ['admin', admin, null],
      ['manager X', managerX, [org.teamA.id, org.teamB.id]],
      ['member A', member, [org.teamA.id]],
    ];
    for (const y of [year, 2024]) {
      const signings: Array<{ team_id: string | null; kind: string; amount: string }> = await tf.db.query(
        `SELECT team_id, kind, amount::text AS amount FROM signings WHERE signed_on >= $1::date AND signed_on < $2::date`,
        [`${y}-01-01`, `${y + 1}-01-01`],
      );
      for (const [who, client, teams] of viewers) {
        const mine = signings.filter((r) => teams === null || (r.team_id !== null && teams.includes(r.team_id)));
        // 签约项目数: first signings only; 签约金额: every signing's amount (a supplement's is the added amount).
        const units = mine.reduce((sum, r) => {
          const [whole, frac = ''] = r.amount.split('.');
          return sum + BigInt(whole as string) * 10000n + BigInt(frac.padEnd(4, '0').slice(0, 4));
        }, 0n);
        const amount = `${units / 10000n}${units % 10000n ? `.${(units % 10000n).toString().padStart(4, '0').replace(/0+$/, '')}` : ''}`;
        const body = await dashboard(client, { year: y });
        expect({ who, y, projects: body.signing.projects, amount: body.signing.amount }).toEqual({ who, y, projects: mine.filter((r) => r.kind === 'initial').length, amount });
        // The same figure as the year's trend months add up to.
        const trendUnits = body.trends.reduce((sum: bigint, m: { signedAmount: string }) => sum + toUnits(m.signedAmount), 0n);
        expect(formatWanYuan(trendUnits)).toBe(amount);
      }
    }
  });

  it('refuses a bad year with 400 naming it, and answers 401 without a token', async () => {
    expectAppError(await admin.get('/dashboard').query({ year: 1800 }), 400, 'VALIDATION_FAILED', 'year');
    expectAppError(await admin.get('/dashboard').query({ year: 'last' }), 400, 'VALIDATION_FAILED', 'year');
    await t.http().get('/api/v1/dashboard').expect(401);
  });

  it('shows a new lead on the pipeline at once, and in the counted figures from the next refresh', async () => {
    const before = await dashboard(admin);
    const lead = await tf.lead(org.memberA, today(), { intendedAmount: '1.0001', industryChainId: chain1.id });
    await tf.db.query('UPDATE leads SET created_at = now() WHERE id = $1', [lead.id]);
    const cached = await dashboard(admin);
    expect(cached.pipeline.stages[0]).toMatchObject({ stage: 'lead', count: before.pipeline.stages[0].count + 1, intendedAmount: '5001.0001' });
    expect(cached.asOf).toBe(before.asOf);
    expect(cached.thisMonth).toEqual(before.thisMonth);
    await tf.refresh();
    const after = await dashboard(admin);
    expect(Date.parse(after.asOf)).toBeGreaterThan(Date.parse(before.asOf));
    expect(after.thisMonth).toEqual({ ...before.thisMonth, newLeads: before.thisMonth.newLeads + 1 });
  });
  it('puts each signing in the county it lands in, and the city’s own in a 市本级 row: the rows add up to the signed total', async () => {
    // 2023, a year no other test here touches: team A (county X) brings in a project landing in
    // county Y; the city team one landing at the city itself.
    const toY = await tf.lead(org.memberA, '2023-05-01', { intendedAmount: '800', industryChainId: chain1.id, targetRegionUnitId: org.countyY.id });
    await tf.sign(org.memberA, toY.id, '700.5', '2023-06-01');
    const atCity = await tf.lead(org.memberCity, '2023-05-02', { intendedAmount: '400', industryChainId: chain1.id, targetRegionUnitId: org.city.id });
    await tf.sign(org.memberCity, atCity.id, '300.25', '2023-07-01');
    // Teams A and B (both county X) each visit one company in June: one company for the city and the county.
    const shared = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberA, shared, '2023-06-10', InteractionType.Visit);
    await tf.interaction(org.memberB, shared, '2023-06-12', InteractionType.Visit);
    await tf.refresh();
    const body = await dashboard(admin, { year: 2023 });
    expect(body.byCounty).toEqual([
      { id: org.countyX.id, name: org.countyX.name, code: org.countyX.code, signedAmount: '0', signedProjects: 0 },
      { id: org.countyY.id, name: org.countyY.name, code: org.countyY.code, signedAmount: '700.5', signedProjects: 1 },
      { id: org.city.id, name: '市本级', code: org.city.code, signedAmount: '300.25', signedProjects: 1 },
    ]);
    const june = (b: { trends: Array<{ month: string; enterprisesContacted: number }> }) => b.trends.find((m) => m.month === '2023-06')?.enterprisesContacted;
    expect(june(body)).toBe(1);
    const [teamRows] = await tf.db.query("SELECT sum(enterprises_contacted)::int AS n FROM team_month_metrics WHERE month = '2023-06-01'");
    expect(teamRows.n).toBe(2); // what adding up the teams' own counts would have shown
    const rows = body.byCounty.reduce((sum: bigint, r: { signedAmount: string }) => sum + toUnits(r.signedAmount), 0n);
    expect(formatWanYuan(rows)).toBe(body.signing.amount);
    // County X's manager: X (it holds their teams) and Y (their team's project lands there); not the city team's.
    const mx = await dashboard(managerX, { year: 2023 });
    expect(june(mx)).toBe(1);
    expect(mx.byCounty.map((r: { name: string; signedAmount: string }) => [r.name, r.signedAmount])).toEqual([
      [org.countyX.name, '0'],
      [org.countyY.name, '700.5'],
    ]);
  });
});
