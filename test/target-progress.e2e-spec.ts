import { Role } from '../src/common/auth/auth-user';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { LeadClaimKind } from '../src/leads/entities/lead-claim.entity';
import { LeadClaimsService } from '../src/leads/lead-claims.service';
import { ProjectsService } from '../src/projects/projects.service';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { TargetsService } from '../src/targets/targets.service';
import { Client } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { byMetric, MetricRow, TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type ProgressBody = {
  period: { type: string; year: number; quarter?: number; label: string; start: string; end: string };
  targetPeriod: { type: string; year: number; quarter?: number; label: string } | null;
  dataAsOf: string;
  paceConvention: string;
  previousPeriodLabel: string;
  timeElapsed: string;
  asOf: string;
  rows: Array<{ target: { id: string; assignee: { type: string; id: string; name: string } }; metrics: MetricRow[] }>;
};

/** Every metric's actual, for compact comparison. */
const ALL = ['enterprises_contacted', 'visits', 'new_leads', 'signed_projects', 'signed_amount', 'projects_registered', 'projects_started', 'completed_investment'] as const;
const FULL = { enterprises_contacted: 1000, visits: 1000, new_leads: 1000, signed_projects: 1000, signed_amount: '99999999', projects_registered: 1000, projects_started: 1000, completed_investment: '99999999' };

describe('progress against targets follows the data (序时进度)', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  const ids: Record<string, string> = {};

  const progress = async (c: Client, query: Record<string, unknown>): Promise<ProgressBody> => (await c.get('/targets/progress').query(query).expect(200)).body as ProgressBody;
  const rowOf = (body: ProgressBody, assigneeId: string) => {
    const row = body.rows.find((r) => r.target.assignee.id === assigneeId);
    if (!row) throw new Error(`no progress row for ${assigneeId}: ${JSON.stringify(body.rows.map((r) => r.target.assignee))}`);
    return byMetric(row.metrics);
  };
  const actuals = (body: ProgressBody, assigneeId: string) => Object.fromEntries(Object.entries(rowOf(body, assigneeId)).map(([m, r]) => [m, r.actual]));
  const expected = (values: Partial<Record<(typeof ALL)[number], string>>) => Object.fromEntries(ALL.map((m) => [m, values[m] ?? '0']));

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    admin = await tf.crm.client(Role.Admin);
    const adminActor = await tf.admin();
    const e = async () => (await tf.crm.enterprise()).id;
    const [ent1, ent2, ent3, ent4, ent5] = [await e(), await e(), await e(), await e(), await e()];

    // ── Interactions, team A: ent1 visited in January and again (来访) in May, called in March: one
    // enterprise, two visits. ent2 called in February. ent3 visited in April (deleted later).
    await tf.interaction(org.memberA, ent1, '2024-01-10', InteractionType.Visit);
    await tf.interaction(org.memberA, ent1, '2024-03-05', InteractionType.Call);
    await tf.interaction(org.memberA, ent1, '2024-05-01T10:00', InteractionType.InboundVisit);
    await tf.interaction(org.memberA, ent2, '2024-02-20', InteractionType.Call);
    ids.ent3Visit = (await tf.interaction(org.memberA, ent3, '2024-04-02', InteractionType.Visit)).id;
    // ent1 also on New Year's Eve 2023 at 23:30 Beijing (15:30 UTC): 2023's contact, not 2024's.
    await tf.interaction(org.memberA, ent1, '2023-12-31T23:30', InteractionType.Visit);
    // ent4 at 07:00 on 1 January 2025 in Beijing — still 31 December 2024 in UTC: 2025's.
    await tf.interaction(org.memberA, ent4, '2025-01-01T07:00+08:00', InteractionType.Visit);
    // Team T (a township below county X): ent5 in June.
    await tf.interaction(org.memberT, ent5, '2024-06-15', InteractionType.Visit);

    // ── Leads and signings.
    const chain = await tf.chainId();
    const l1 = await tf.lead(org.memberA, '2024-02-01');
    ids.l2 = (await tf.lead(org.memberA, '2024-03-01')).id; // deleted later
    const l3 = await tf.lead(org.memberA, '2024-04-10'); // transferred to team B, signed there
    const l4 = await tf.lead(org.memberT, '2024-07-01');
    const l5 = await tf.lead(org.memberA, '2023-11-01');
    const s1 = await tf.sign(org.memberA, l1.id, '100000.1234', '2024-05-20');
    const s1b = await tf.sign(org.memberA, l1.id, '2000.0001', '2024-09-01', SigningKind.Supplement);
    await tf.sign(org.memberA, l1.id, '1', '2025-01-02', SigningKind.Supplement);
    await tf.sign(org.memberT, l4.id, '5000', '2024-07-15');
    await tf.sign(org.memberA, l5.id, '7000', '2023-12-20');
    // 转交: team B asks for the lead team A registered; the county manager agrees.
    const claims = t.app.get(LeadClaimsService);
    const claim = await claims.create(tf.crm.actor(org.memberB), { enterpriseId: l3.enterprise.id, industryChainId: chain, kind: LeadClaimKind.Transfer, reason: '企业总部在本队对接' });
    await claims.decide(tf.crm.actor(org.managerX), claim.id, { approve: true });
    await tf.sign(org.memberB, l3.id, '30000.5', '2024-06-20');

    // ── Registry. P1 rolled up from l1 (team A): registered June, started August, reports in
    // August, September 2024 and January 2025.
    const rolled = [await tf.rollup(l1, s1), await tf.rollup(l1, s1b)];
    if (rolled.join() !== 'created,applied') throw new Error(`rollup: ${rolled.join()}`);
    const [p1] = await tf.projects.projectsOfLead(l1.id);
    const registry = t.app.get(ProjectsService);
    const { version } = (await tf.db.query('SELECT version FROM projects WHERE id = $1', [p1?.id]))[0] as { version: number };
    await registry.update(adminActor, p1?.id as string, { version, registeredOn: '2024-06-01', startedOn: '2024-08-01' });
    await tf.progress(p1?.id as string, '2024-08', '300.5');
    await tf.progress(p1?.id as string, '2024-09', '200');
    await tf.progress(p1?.id as string, '2025-01', '50');
    // P2 entered in county X without a team; P3 in X's township (stored as the county), registered in 2023.
    const p2 = await tf.project({ regionUnitId: org.countyX.id, registeredOn: '2024-03-03', startedOn: '2024-10-10' });
    await tf.progress(p2.id, '2024-11', '1000');
    await tf.project({ regionUnitId: org.townshipX.id, registeredOn: '2023-05-05' });
    // County Y: P4 by team C, P5 without a team.
    await tf.project({ teamId: org.teamC.id, regionUnitId: org.countyY.id, registeredOn: '2024-02-02' });
    await tf.project({ regionUnitId: org.countyY.id, registeredOn: '2024-12-01', startedOn: '2024-12-31' });

    // ── Targets for 2024: the city, both counties, and county X split among A, B and T.
    ids.city = (await tf.assign({ periodType: 'year', year: 2024, regionUnitId: org.city.id, values: { signed_amount: '200000', projects_registered: 10 } })).id;
    ids.countyY = (await tf.assign({ periodType: 'year', year: 2024, regionUnitId: org.countyY.id, values: { projects_registered: 2, projects_started: 2 } })).id;
    ids.countyX = (
      await tf.assign({
        periodType: 'year',
        year: 2024,
        regionUnitId: org.countyX.id,
        values: { enterprises_contacted: 3, visits: 4, new_leads: 3, signed_projects: 3, signed_amount: '137000.6235', projects_registered: 2, projects_started: 2, completed_investment: '3001' },
      })
    ).id;
    await t.app.get(TargetsService).split(tf.crm.actor(org.managerX), ids.countyX, {
      allocations: [
        { teamId: org.teamA.id, values: { enterprises_contacted: 2, visits: 2, new_leads: 2, signed_projects: 1, signed_amount: '102000.1235', projects_registered: 1, projects_started: 1, completed_investment: '1001' } },
        { teamId: org.teamB.id, values: { enterprises_contacted: 0, visits: 1, new_leads: 0, signed_projects: 1, signed_amount: '30000.5', projects_registered: 0, projects_started: 0, completed_investment: '0' } },
        { teamId: org.teamT.id, values: { enterprises_contacted: 1, visits: 1, new_leads: 1, signed_projects: 1, signed_amount: '5000', projects_registered: 0, projects_started: 0, completed_investment: '0' } },
      ],
    });
    // Team A in 2023, 2025 and Q2 2024; county X in Q2 2024.
    await tf.assign({ periodType: 'year', year: 2023, teamId: org.teamA.id, values: FULL });
    await tf.assign({ periodType: 'year', year: 2025, teamId: org.teamA.id, values: FULL });
    await tf.assign({ periodType: 'quarter', year: 2024, quarter: 2, regionUnitId: org.countyX.id, values: { ...FULL, visits: 2, signed_amount: '260001.2468' } });
  });
  afterAll(() => t.close());

  it('counts nothing before the figures are recomputed, then every team and unit exactly', async () => {
    const stale = await progress(admin, { periodType: 'year', year: 2024 });
    expect(actuals(stale, org.teamA.id)).toEqual(expected({}));

    const before = Date.now();
    await tf.refresh();
    const body = await progress(admin, { periodType: 'year', year: 2024 });
    expect(body.period).toEqual({ type: 'year', year: 2024, label: '2024年', start: '2024-01-01', end: '2025-01-01' });
    expect(body.timeElapsed).toBe('100.00');
    expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(before - 1000);
    expect(body.rows.map((r) => r.target.assignee.id).sort()).toEqual([org.city.id, org.countyX.id, org.countyY.id, org.teamA.id, org.teamB.id, org.teamT.id].sort());

    // Still counting ent3's deleted-to-be visit and l2.
    expect(actuals(body, org.teamA.id)).toEqual(
      expected({ enterprises_contacted: '3', visits: '3', new_leads: '3', signed_projects: '1', signed_amount: '102000.1235', projects_registered: '1', projects_started: '1', completed_investment: '500.5' }),
    );
    // The transferred lead: signed by B, registered (new-lead credit) by A.
    expect(actuals(body, org.teamB.id)).toEqual(expected({ signed_projects: '1', signed_amount: '30000.5' }));
    expect(actuals(body, org.teamT.id)).toEqual(expected({ enterprises_contacted: '1', visits: '1', new_leads: '1', signed_projects: '1', signed_amount: '5000' }));
    // County X: A + B + T and the project entered in the county without a team.
    expect(actuals(body, org.countyX.id)).toEqual(
      expected({ enterprises_contacted: '4', visits: '4', new_leads: '4', signed_projects: '3', signed_amount: '137000.6235', projects_registered: '2', projects_started: '2', completed_investment: '1500.5' }),
    );
    expect(actuals(body, org.countyY.id)).toEqual({ projects_registered: '2', projects_started: '1' });
    expect(actuals(body, org.city.id)).toEqual({ signed_amount: '137000.6235', projects_registered: '4' });
  });

  it('drops deleted interactions and leads, and picks up new data, at the next refresh', async () => {
    const memberA = await tf.crm.as(org.memberA);
    await memberA.delete(`/interactions/${ids.ent3Visit}`).expect(204);
    await memberA.delete(`/leads/${ids.l2}`).expect(204);
    const ent = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberB, ent, '2024-08-08', InteractionType.Visit);
    await tf.interaction(org.memberB, ent, '2024-08-09', InteractionType.Visit);

    const stale = await progress(admin, { periodType: 'year', year: 2024 });
    expect(actuals(stale, org.teamA.id)).toMatchObject({ enterprises_contacted: '3', visits: '3', new_leads: '3' });

    await tf.refresh();
    const body = await progress(admin, { periodType: 'year', year: 2024 });
    expect(actuals(body, org.teamA.id)).toEqual(
      expected({ enterprises_contacted: '2', visits: '2', new_leads: '2', signed_projects: '1', signed_amount: '102000.1235', projects_registered: '1', projects_started: '1', completed_investment: '500.5' }),
    );
    expect(actuals(body, org.teamB.id)).toEqual(expected({ enterprises_contacted: '1', visits: '2', signed_projects: '1', signed_amount: '30000.5' }));
    expect(actuals(body, org.countyX.id)).toEqual(
      expected({ enterprises_contacted: '4', visits: '5', new_leads: '3', signed_projects: '3', signed_amount: '137000.6235', projects_registered: '2', projects_started: '2', completed_investment: '1500.5' }),
    );
  });

  it('judges a finished year: reached is done, anything short is behind (序时进度 100%)', async () => {
    const body = await progress(admin, { periodType: 'year', year: 2024 });
    const x = rowOf(body, org.countyX.id);
    expect(x.enterprises_contacted).toMatchObject({ target: '3', actual: '4', completion: '133.33', aheadBy: '33.33', status: 'done' });
    expect(x.signed_amount).toMatchObject({ target: '137000.6235', actual: '137000.6235', completion: '100.00', aheadBy: '0.00', status: 'done' });
    expect(x.new_leads).toMatchObject({ target: '3', actual: '3', status: 'done' });
    expect(x.completed_investment).toMatchObject({ target: '3001', actual: '1500.5', completion: '50.00', aheadBy: '-50.00', status: 'behind' });
    const a = rowOf(body, org.teamA.id);
    expect(a.completed_investment).toMatchObject({ target: '1001', actual: '500.5', completion: '50.00', status: 'behind' });
    expect(a.signed_amount).toMatchObject({ target: '102000.1235', actual: '102000.1235', status: 'done' });
    // A zero target is met.
    expect(rowOf(body, org.teamB.id).new_leads).toMatchObject({ target: '0', actual: '0', completion: '100.00', status: 'done' });
    expect(rowOf(body, org.countyY.id).projects_started).toMatchObject({ target: '2', actual: '1', completion: '50.00', status: 'behind' });
    const labels = Object.fromEntries(Object.values(x).map((m) => [m.metric, (m as MetricRow & { label: string }).label]));
    expect(labels.signed_amount).toBe('签约金额（万元）');
  });

  it('counts a quarter by its own months, and a year by the Beijing calendar', async () => {
    const q2 = await progress(admin, { periodType: 'quarter', year: 2024, quarter: 2 });
    expect(q2.period).toEqual({ type: 'quarter', year: 2024, quarter: 2, label: '2024年第二季度', start: '2024-04-01', end: '2024-07-01' });
    expect(q2.timeElapsed).toBe('100.00');
    expect(q2.rows.map((r) => r.target.assignee.id)).toEqual([org.countyX.id]);
    // ent1 was first contacted in January: only T's ent5 (June) is a new contact this quarter;
    // l3 (April) is its one new lead, l2 (March) deleted anyway.
    expect(actuals(q2, org.countyX.id)).toEqual(expected({ enterprises_contacted: '1', visits: '2', new_leads: '1', signed_projects: '2', signed_amount: '130000.6234', projects_registered: '1' }));
    expect(rowOf(q2, org.countyX.id).signed_amount).toMatchObject({ completion: '50.00', aheadBy: '-50.00', status: 'behind' });
    expect(rowOf(q2, org.countyX.id).visits).toMatchObject({ status: 'done' });
    // The same months as a range starting in April: no target of its own, and not measured against
    // the whole year's target (three months against twelve); a range from January is.
    const aprToJun = await progress(admin, { periodType: 'range', from: '2024-04', to: '2024-06' });
    expect(aprToJun).toMatchObject({ targetPeriod: null, rows: [], period: { label: '2024年4–6月', start: '2024-04-01', end: '2024-07-01' } });
    const janToJun = await progress(admin, { periodType: 'range', from: '2024-01', to: '2024-06' });
    expect(janToJun.targetPeriod).toEqual({ type: 'year', year: 2024, label: '2024年' });
    // A range across years has no target period: nothing to measure.
    const campaign = await progress(admin, { periodType: 'range', from: '2023-09', to: '2024-06' });
    expect(campaign).toMatchObject({ targetPeriod: null, rows: [], period: { label: '2023年9月–2024年6月' } });

    const y2023 = await progress(admin, { periodType: 'year', year: 2023 });
    expect(actuals(y2023, org.teamA.id)).toEqual(expected({ enterprises_contacted: '1', visits: '1', new_leads: '1', signed_projects: '1', signed_amount: '7000' }));
    // 2025: ent4 at 07:00 on 1 January (Beijing), the supplement (amount only, not a project), January's report.
    const y2025 = await progress(admin, { periodType: 'year', year: 2025 });
    expect(actuals(y2025, org.teamA.id)).toEqual(expected({ enterprises_contacted: '1', visits: '1', signed_amount: '1', completed_investment: '50' }));
  });

  it('shows each role only the targets it may see, with the same figures', async () => {
    const all = await progress(admin, { periodType: 'year', year: 2024 });
    const seen = async (c: Client) => {
      const body = await progress(c, { periodType: 'year', year: 2024 });
      for (const r of body.rows) expect(actuals(body, r.target.assignee.id)).toEqual(actuals(all, r.target.assignee.id));
      return body.rows.map((r) => r.target.assignee.id).sort();
    };
    expect(await seen(await tf.crm.as(org.managerX))).toEqual([org.city.id, org.countyX.id, org.teamA.id, org.teamB.id, org.teamT.id].sort());
    expect(await seen(await tf.crm.as(org.managerY))).toEqual([org.city.id, org.countyY.id].sort());
    expect(await seen(await tf.crm.as(org.memberA))).toEqual([org.city.id, org.countyX.id, org.teamA.id].sort());
    expect(await seen(await tf.crm.as(org.memberC))).toEqual([org.city.id, org.countyY.id].sort());
  });

  it('reads 1–N月 as of a date: the year target, the months counted, 序时进度 in months (通报)', async () => {
    // Team C: a 1000 signing in June 2024, 500 in July, and 800 in March 2023 (last year's 1–6月).
    const ent = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberC, ent, '2024-06-05', InteractionType.Visit);
    await tf.sign(org.memberC, (await tf.lead(org.memberC, '2024-06-01')).id, '1000', '2024-06-10');
    await tf.sign(org.memberC, (await tf.lead(org.memberC, '2024-07-02')).id, '500', '2024-07-15');
    await tf.sign(org.memberC, (await tf.lead(org.memberC, '2023-02-01')).id, '800', '2023-03-01');
    await tf.assign({ periodType: 'year', year: 2024, teamId: org.teamC.id, values: { visits: 1_000_000, new_leads: 1, signed_amount: '2000' } });
    await tf.refresh();

    // 1–6月 on 2024-07-05: 6/12 of the year (never 187/366), June's figures, July's left out.
    const h1 = await progress(admin, { periodType: 'ytd', year: 2024, month: 6, asOf: '2024-07-05' });
    expect(h1).toMatchObject({ dataAsOf: '2024-07-05', paceConvention: 'months', timeElapsed: '50.00', previousPeriodLabel: '2023年1–6月' });
    expect(h1.period).toEqual({ type: 'ytd', year: 2024, month: 6, label: '2024年1–6月', start: '2024-01-01', end: '2024-07-01' });
    expect(h1.targetPeriod).toEqual({ type: 'year', year: 2024, label: '2024年' });
    const c = rowOf(h1, org.teamC.id);
    expect(c.signed_amount).toMatchObject({ target: '2000', actual: '1000', completion: '50.00', aheadBy: '0.00', status: 'on_track' });
    expect(c.new_leads).toMatchObject({ actual: '1', status: 'done' });
    // 1 of 1,000,000 is 0.0001%: shown 0.00, 50.00 points behind.
    expect(c.visits).toMatchObject({ actual: '1', completion: '0.00', aheadBy: '-50.00', status: 'behind' });
    // 同比: 1000 against last year's 800 → +200, +25.00%; no visits last year → null percent.
    expect((c.signed_amount as MetricRow & { yoy: unknown }).yoy).toEqual({ previous: '800', change: '200', changePercent: '25.00' });
    expect((c.visits as MetricRow & { yoy: unknown }).yoy).toEqual({ previous: '0', change: '1', changePercent: null });

    // The year as of 07-01: July counts (7/12 = 58.33%), so 1500 of 2000 = 75.00%, 16.67 points ahead.
    const y = await progress(admin, { periodType: 'year', year: 2024, asOf: '2024-07-01' });
    expect(y).toMatchObject({ dataAsOf: '2024-07-01', timeElapsed: '58.33' });
    expect(rowOf(y, org.teamC.id).signed_amount).toMatchObject({ actual: '1500', completion: '75.00', aheadBy: '16.67', status: 'on_track' });
    // As of 06-30 July is not counted yet.
    const june = await progress(admin, { periodType: 'year', year: 2024, asOf: '2024-06-30' });
    expect(june.timeElapsed).toBe('50.00');
    expect(rowOf(june, org.teamC.id).signed_amount).toMatchObject({ actual: '1000' });
  });

  it('counts 1–N月 and the same months of last year exactly as plain SQL over the signings does', async () => {
    const plain = async (from: string, to: string) =>
      (await tf.db.query(
        `SELECT team_id, sum(amount)::text AS amount, count(*) FILTER (WHERE kind = 'initial')::text AS projects
           FROM signings WHERE signed_on >= $1 AND signed_on < $2 GROUP BY team_id`,
        [from, to],
      )) as Array<{ team_id: string; amount: string; projects: string }>;
    const canonical = (v: string | undefined) => (v === undefined ? '0' : v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
    for (const month of [1, 3, 6, 7, 12]) {
      const body = await progress(admin, { periodType: 'ytd', year: 2024, month, asOf: '2024-12-31' });
      const mm = String(month + 1).padStart(2, '0');
      const [now, before] = [await plain('2024-01-01', month === 12 ? '2025-01-01' : `2024-${mm}-01`), await plain('2023-01-01', month === 12 ? '2024-01-01' : `2023-${mm}-01`)];
      for (const team of [org.teamA.id, org.teamB.id, org.teamC.id, org.teamT.id]) {
        const row = rowOf(body, team).signed_amount as (MetricRow & { yoy: { previous: string } }) | undefined;
        if (!row) continue;
        expect({ month, team, actual: row.actual, previous: row.yoy.previous }).toEqual({
          month,
          team,
          actual: canonical(now.find((r) => r.team_id === team)?.amount),
          previous: canonical(before.find((r) => r.team_id === team)?.amount),
        });
      }
    }
  });

  it('refuses a bad period with 400 naming the field', async () => {
    for (const [query, field] of [
      [{ periodType: 'quarter', year: 2024 }, 'quarter'],
      [{ periodType: 'quarter', year: 2024, quarter: 5 }, 'quarter'],
      [{ periodType: 'week', year: 2024 }, 'periodType'],
      [{ periodType: 'year' }, 'year'],
      [{ periodType: 'ytd', year: 2024 }, 'month'],
      [{ periodType: 'ytd', year: 2024, month: 13 }, 'month'],
      [{ periodType: 'ytd', year: 2024, month: 0 }, 'month'],
      [{ periodType: 'half', year: 2024 }, 'half'],
      [{ periodType: 'half', year: 2024, half: 3 }, 'half'],
      [{ periodType: 'range', from: '2024-03' }, 'to'],
      [{ periodType: 'range', from: '2024-13', to: '2024-12' }, 'from'],
      [{ periodType: 'range', from: '2024-05', to: '2024-03' }, 'to'],
      [{ periodType: 'range', from: '2014-01', to: '2024-03' }, 'to'],
      [{ periodType: 'year', year: 2024, asOf: '2024-02-30' }, 'asOf'],
      [{ periodType: 'year', year: 2024, asOf: '2024-07' }, 'asOf'],
      [{ periodType: 'year', year: 2024, pace: 'months' }, 'pace'],
    ] as const) {
      const res = await admin.get('/targets/progress').query(query).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
