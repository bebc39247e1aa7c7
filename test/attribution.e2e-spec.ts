import { Role } from '../src/common/auth/auth-user';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { MetricsService } from '../src/metrics/metrics.service';
import { REPORTING_RULES, ReportingRules } from '../src/metrics/reporting-rules';
import { ProjectLifecycle } from '../src/projects/entities/project-enums';
import { RankingFiguresReadModel } from '../src/rankings/ranking-figures.read-model';
import { SigningView } from '../src/signings/dto/signing.dto';
import { AgreementType, SigningKind } from '../src/signings/entities/signing.entity';
import { SigningsService } from '../src/signings/signings.service';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type Row = { kind: 'unit' | 'city_level' | 'total'; label: string; unit: { id: string; name: string }; values: Record<string, string>; yoy: Record<string, { previous: string; change: string; changePercent: string | null }> };
type Report = { view: string; parent: { id: string; name: string }; frame: Record<string, unknown>; indicators: Array<{ metric: string; attribution: string; attributionLabel: string; summable: boolean }>; rows: Row[] };

const METRICS = ['enterprises_contacted', 'visits', 'new_leads', 'signed_projects', 'signed_amount', 'projects_registered', 'projects_started', 'completed_investment', 'funds_in_place'] as const;
const SUMMABLE = METRICS.filter((m) => m !== 'enterprises_contacted');

/** 万元 text to a count of 0.0001 万元, written here rather than taken from the code under test. */
const units = (v: string): bigint => {
  const negative = v.startsWith('-');
  const [w, f = ''] = (negative ? v.slice(1) : v).split('.');
  const n = BigInt(w as string) * 10000n + BigInt(f.padEnd(4, '0'));
  return negative ? -n : n;
};

/** A row's values as a full record: zeros where the hand table says nothing. */
const full = (v: Partial<Record<(typeof METRICS)[number], string>>) => Object.fromEntries(METRICS.map((m) => [m, v[m] ?? '0']));

/**
 * Attribution that adds up (issue 15 items 1 and 5): signings land in a county or at 市本级,
 * the 通报 table's counties plus 市本级 equal the city in both views, co-pursuing teams get
 * their agreed share, and a company counts once per unit however many teams contacted it.
 */
describe('attribution: landing unit, the 通报 table, credit sharing, distinct contacts', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let rules: ReportingRules;
  let s3: SigningView;

  const report = async (c: Client, query: Record<string, string>): Promise<Report> => (await c.get('/reporting/units').query({ periodType: 'range', ...query }).expect(200)).body as Report;
  const byLabel = (r: Report) => Object.fromEntries(r.rows.map((row) => [row.kind === 'unit' ? row.unit.id : row.kind, row.values]));

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    admin = await tf.crm.client(Role.Admin);
    rules = t.app.get<ReportingRules>(REPORTING_RULES);

    // ── Contacts: teams A and B (both county X) visit one company in February 2024; team A
    // visits a second company in 2021-10 and 2022-03.
    const shared = (await tf.crm.enterprise()).id;
    const twoYears = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberA, shared, '2024-02-05', InteractionType.Visit);
    await tf.interaction(org.memberB, shared, '2024-02-20', InteractionType.Visit);
    await tf.interaction(org.memberA, twoYears, '2021-10-10', InteractionType.Call);
    await tf.interaction(org.memberA, twoYears, '2022-03-15', InteractionType.Call);

    // ── Signings. The city's own team signs a project landing in county X (the lead's target);
    // a county-Y team signs one landing at 市本级 (the lead's target is the city itself); team A
    // signs one landing in X's township (mapped up to X), with a supplement.
    const l1 = await tf.lead(org.memberCity, '2024-01-15', { targetRegionUnitId: org.countyX.id });
    const l2 = await tf.lead(org.memberC, '2024-02-15', { targetRegionUnitId: org.city.id });
    const l3 = await tf.lead(org.memberA, '2024-03-15', { targetRegionUnitId: org.townshipX.id });
    await tf.sign(org.memberCity, l1.id, '1000.5', '2024-03-10');
    await tf.sign(org.memberC, l2.id, '2000.25', '2024-04-01');
    s3 = await tf.sign(org.memberA, l3.id, '300', '2024-05-01');
    await tf.sign(org.memberA, l3.id, '0.0001', '2024-06-01', SigningKind.Supplement);

    // ── Projects: team C (county Y) entered one located in county X, registered, started and
    // reporting investment; one without a team in county Y, registered.
    const pj = await tf.projects.project({ teamId: org.teamC.id, regionUnitId: org.countyX.id, registeredOn: '2024-06-10', startedOn: '2024-07-01', lifecycle: ProjectLifecycle.Construction });
    await tf.progress(pj.id, '2024-08', '500.5');
    await tf.projects.project({ regionUnitId: org.countyY.id, registeredOn: '2024-06-20' });
    await tf.refresh();
  });
  afterAll(async () => {
    await t.close();
  });

  // The hand-made table: who signed and entered what where, counted by landing unit and by team.
  const LANDING = () => ({
    [org.countyX.id]: full({ enterprises_contacted: '1', visits: '2', new_leads: '1', signed_projects: '2', signed_amount: '1300.5001', projects_registered: '1', projects_started: '1', completed_investment: '500.5' }),
    [org.countyY.id]: full({ new_leads: '1', projects_registered: '1' }),
    city_level: full({ new_leads: '1', signed_projects: '1', signed_amount: '2000.25' }),
    total: full({ enterprises_contacted: '1', visits: '2', new_leads: '3', signed_projects: '3', signed_amount: '3300.7501', projects_registered: '2', projects_started: '1', completed_investment: '500.5' }),
  });
  const TEAM = () => ({
    [org.countyX.id]: full({ enterprises_contacted: '1', visits: '2', new_leads: '1', signed_projects: '1', signed_amount: '300.0001' }),
    [org.countyY.id]: full({ new_leads: '1', signed_projects: '1', signed_amount: '2000.25', projects_registered: '2', projects_started: '1', completed_investment: '500.5' }),
    city_level: full({ new_leads: '1', signed_projects: '1', signed_amount: '1000.5' }),
    total: full({ enterprises_contacted: '1', visits: '2', new_leads: '3', signed_projects: '3', signed_amount: '3300.7501', projects_registered: '2', projects_started: '1', completed_investment: '500.5' }),
  });

  it('a signing lands where its lead means to land, a township mapped up to its county', () => {
    expect(s3.landingRegionUnit).toEqual({ id: org.countyX.id, name: org.countyX.name });
  });

  it('counts each signing where it lands: counties + 市本级 = the city (landing view)', async () => {
    const r = await report(admin, { parentUnitId: org.city.id, from: '2024-01', to: '2024-12', view: 'landing' });
    expect(byLabel(r)).toEqual(LANDING());
    expect(r.rows.map((row) => row.kind)).toEqual(['unit', 'unit', 'city_level', 'total']);
    expect(r.rows.find((row) => row.kind === 'city_level')?.label).toBe('市本级');
    expect(r.indicators.every((i) => i.attribution === 'landing')).toBe(true);
  });

  it('reads any report period with its 数据截至 and 同比: 2025 against the 2024 table above', async () => {
    const r = await report(admin, { parentUnitId: org.city.id, periodType: 'year', year: '2025', view: 'landing', asOf: '2025-12-31' });
    expect(r.frame).toMatchObject({ dataAsOf: '2025-12-31', paceConvention: rules.pace.bulletin, timeElapsed: '100.00', previousPeriodLabel: '2024年' });
    const last = LANDING();
    for (const row of r.rows) {
      const key = row.kind === 'unit' ? row.unit.id : row.kind;
      for (const m of METRICS) {
        const previous = (last[key] as Record<string, string>)[m] as string;
        const yoy = row.yoy[m] as { previous: string; change: string; changePercent: string | null };
        expect({ key, m, previous: yoy.previous, change: units(yoy.change), percentNull: yoy.changePercent === null }).toEqual({
          key,
          m,
          previous,
          change: units(row.values[m] as string) - units(previous),
          percentNull: units(previous) === 0n,
        });
      }
    }
  });

  it('and by the team that brought it in (team view)', async () => {
    const r = await report(admin, { parentUnitId: org.city.id, from: '2024-01', to: '2024-12', view: 'team' });
    expect(byLabel(r)).toEqual(TEAM());
    expect(r.indicators.every((i) => i.attribution === 'team')).toBe(true);
  });

  it('the rows sum to the total to the last 万元 digit in both views (BigInt)', async () => {
    for (const view of ['landing', 'team', 'configured']) {
      const r = await report(admin, { parentUnitId: org.city.id, from: '2024-01', to: '2024-12', view });
      const total = r.rows.find((row) => row.kind === 'total') as Row;
      for (const m of SUMMABLE) {
        const sum = r.rows.filter((row) => row.kind !== 'total').reduce((acc, row) => acc + units(row.values[m] as string), 0n);
        expect({ view, m, sum: sum.toString() }).toEqual({ view, m, sum: units(total.values[m] as string).toString() });
      }
    }
  });

  it('configured view: each indicator as config/reporting.json says, and says so', async () => {
    const r = await report(admin, { parentUnitId: org.city.id, from: '2024-01', to: '2024-12' });
    expect(r.view).toBe('configured');
    const used = Object.fromEntries(r.indicators.map((i) => [i.metric, i.attribution]));
    expect(used).toEqual(rules.attribution);
    const landing = LANDING();
    const team = TEAM();
    const rows = byLabel(r);
    for (const key of Object.keys(landing)) {
      for (const m of METRICS) expect({ key, m, v: rows[key]?.[m] }).toEqual({ key, m, v: (rules.attribution[m] === 'landing' ? landing : team)[key]?.[m] });
    }
  });

  it('targets and rankings of units read the configured view (MetricsService.forUnits)', async () => {
    const values = await t.app.get(MetricsService).forUnits({ start: '2024-01-01', end: '2025-01-01' }, [org.countyX.id, org.countyY.id]);
    // signed_amount is configured by landing: X has the city team's project and team A's.
    expect(rules.attribution.signed_amount).toBe('landing');
    expect(values.get(org.countyX.id)?.signed_amount).toBe('1300.5001');
    expect(values.get(org.countyY.id)?.signed_amount).toBe('0');
  });

  it('rankings of units size first signings where they land, or by team, as the figures are placed', async () => {
    const figures = t.app.get(RankingFiguresReadModel);
    const sizes = async (place: 'landing' | 'team') => {
      const map = await figures.firstSigningAmounts('unit', [org.countyX.id, org.countyY.id], '2024-01-01', '2025-01-01', place);
      return [org.countyX.id, org.countyY.id].map((id) => (map.get(id) ?? []).map((v) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v)).sort());
    };
    expect(await sizes('landing')).toEqual([['1000.5', '300'], []]);
    expect(await sizes('team')).toEqual([['300'], ['2000.25']]);
  });

  it('a company two teams of one county contacted: 1 for each team, 1 for the county, 1 for the city', async () => {
    const metrics = t.app.get(MetricsService);
    const teams = await metrics.forTeams({ start: '2024-01-01', end: '2025-01-01' }, [org.teamA.id, org.teamB.id]);
    expect([teams.get(org.teamA.id)?.enterprises_contacted, teams.get(org.teamB.id)?.enterprises_contacted]).toEqual(['1', '1']);
    const units2024 = await metrics.forUnits({ start: '2024-01-01', end: '2025-01-01' }, [org.countyX.id, org.city.id], 'team');
    expect([units2024.get(org.countyX.id)?.enterprises_contacted, units2024.get(org.city.id)?.enterprises_contacted]).toEqual(['1', '1']);
  });

  it('the per-unit contacts view agrees with a plain distinct count over each calendar year', async () => {
    const units = [org.city.id, org.countyX.id, org.townshipX.id, org.countyY.id];
    for (const year of [2021, 2022, 2024]) {
      const fast = await t.app.get(MetricsService).forUnits({ start: `${year}-01-01`, end: `${year + 1}-01-01` }, units, 'team');
      const plain: Array<{ id: string; n: number }> = await tf.db.query(
        `SELECT u.id, (SELECT count(DISTINCT i.enterprise_id)::int FROM interactions i JOIN teams tm ON tm.id = i.team_id JOIN region_units h ON h.id = tm.region_unit_id
                        WHERE i.deleted_at IS NULL AND h.path LIKE u.path || '%'
                          AND extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai') = $2) AS n
           FROM region_units u WHERE u.id = ANY($1)`,
        [units, year],
      );
      for (const r of plain) expect({ year, unit: r.id, n: fast.get(r.id)?.enterprises_contacted }).toEqual({ year, unit: r.id, n: String(r.n) });
    }
  });

  it('a company contacted in 2021-10 and 2022-03 counts once over 2021-09..2022-12, once in each year', async () => {
    const row = async (from: string, to: string) => byLabel(await report(admin, { parentUnitId: org.city.id, from, to, view: 'team' }))[org.countyX.id]?.enterprises_contacted;
    expect(await row('2021-09', '2022-12')).toBe('1');
    expect(await row('2021-01', '2021-12')).toBe('1');
    expect(await row('2022-01', '2022-12')).toBe('1');
    // The total of a range spanning the years counts it once too.
    const r = await report(admin, { parentUnitId: org.city.id, from: '2021-09', to: '2024-12', view: 'team' });
    expect(byLabel(r).total?.enterprises_contacted).toBe('2');
  });

  it('scope: a manager reads units they see whole; the city outside it is 404; members 403', async () => {
    const managerX = await tf.crm.as(org.managerX);
    const r = await report(managerX, { parentUnitId: org.countyX.id, from: '2024-01', to: '2024-12', view: 'landing' });
    // County X's table: its township (team T: nothing), X 本级 (teams A and B, signings landing at X), the total.
    expect(byLabel(r)).toEqual({ [org.townshipX.id]: full({}), city_level: LANDING()[org.countyX.id], total: LANDING()[org.countyX.id] });
    expectAppError(await managerX.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.city.id, from: '2024-01', to: '2024-12' }), 404, 'NOT_FOUND');
    expectAppError(await managerX.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.countyY.id, from: '2024-01', to: '2024-12' }), 404, 'NOT_FOUND');
    const member = await tf.crm.as(org.memberA);
    expect((await member.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.countyX.id, from: '2024-01', to: '2024-12' })).status).toBe(403);
  });

  it("opens a county manager's 通报 on his county when he names no unit (the menu's page), and a manager of teams only on nothing", async () => {
    const managerX = await tf.crm.as(org.managerX);
    const r = await report(managerX, { from: '2024-01', to: '2024-12', view: 'landing' });
    // The same table as county X named: its township, X 本级, the total (figures as by hand above).
    expect(r.parent.id).toBe(org.countyX.id);
    expect(byLabel(r)).toEqual({ [org.townshipX.id]: full({}), city_level: LANDING()[org.countyX.id], total: LANDING()[org.countyX.id] });
    // Naming a unit outside his scope is still a 404, never his county instead.
    expectAppError(await managerX.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.city.id, from: '2024-01', to: '2024-12' }), 404, 'NOT_FOUND');
    const teamsOnly = await tf.crm.as(await tf.crm.f.manager({ teamIds: [org.teamA.id] }));
    expectAppError(await teamsOnly.get('/reporting/units').query({ periodType: 'range', from: '2024-01', to: '2024-12' }), 404, 'NOT_FOUND');
  });

  it('refuses a bad range or view naming the field', async () => {
    expectAppError(await admin.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.city.id, from: '2024-05', to: '2024-04' }), 400, 'VALIDATION_FAILED', 'to');
    expectAppError(await admin.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.city.id, from: '2024-13', to: '2024-12' }), 400, 'VALIDATION_FAILED', 'from');
    expectAppError(await admin.get('/reporting/units').query({ periodType: 'range', parentUnitId: org.city.id, from: '2024-01', to: '2024-12', view: 'county' }), 400, 'VALIDATION_FAILED', 'view');
  });

  describe('the landing unit of a signing', () => {
    const sign = (c: Client, leadId: string, body: Record<string, unknown>) =>
      c.post(`/leads/${leadId}/signings`).send({ agreementType: AgreementType.Investment, amount: '10', signedOn: '2023-07-01', ...body });

    it('is required when the lead names no 拟落地旗县区; must be a county or the city; unknown is 404', async () => {
      const lead = await tf.lead(org.memberA, '2023-06-01');
      const a = await tf.crm.as(org.memberA);
      expectAppError(await sign(a, lead.id, {}), 400, 'LANDING_UNIT_REQUIRED', 'landingRegionUnitId');
      expectAppError(await sign(a, lead.id, { landingRegionUnitId: org.townshipX.id }), 400, 'LANDING_UNIT_LEVEL', 'landingRegionUnitId');
      expectAppError(await sign(a, lead.id, { landingRegionUnitId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
      const ok = await sign(a, lead.id, { landingRegionUnitId: org.city.id }).expect(201);
      expect(ok.body.landingRegionUnit).toEqual({ id: org.city.id, name: org.city.name });
      expect(ok.body.credits).toEqual([{ team: { id: org.teamA.id, name: org.teamA.name }, amount: '10', projects: 1 }]);
    });
  });

  describe('credit sharing on a co-pursued lead', () => {
    let leadId: string;
    beforeAll(async () => {
      const lead = await tf.lead(org.memberA, '2024-08-01', { targetRegionUnitId: org.countyX.id });
      leadId = lead.id;
      await tf.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2), ($1, $3)', [leadId, org.teamC.id, org.cityTeam.id]);
    });

    it('a manager of the holding team sets a share; others may not; shares stay under 100', async () => {
      const managerX = await tf.crm.as(org.managerX);
      const managerY = await tf.crm.as(org.managerY);
      const memberA = await tf.crm.as(org.memberA);
      const url = (team: string) => `/leads/${leadId}/co-teams/${team}`;
      expectAppError(await memberA.patch(url(org.teamC.id)).send({ share: '30' }), 403, 'CO_TEAM_SHARE_FORBIDDEN');
      // Manager of the co-pursuing team's county: sees the lead, does not manage its holder.
      expectAppError(await managerY.patch(url(org.teamC.id)).send({ share: '30' }), 403, 'CO_TEAM_SHARE_FORBIDDEN');
      for (const share of ['0', '100', '12.345', '-1', 30]) expectAppError(await managerX.patch(url(org.teamC.id)).send({ share }), 400, 'VALIDATION_FAILED', 'share');
      expectAppError(await managerX.patch(url(org.teamB.id)).send({ share: '10' }), 404, 'CO_TEAM_NOT_FOUND');
      const set = await managerX.patch(url(org.teamC.id)).send({ share: '30' }).expect(200);
      expect(set.body.coTeams).toEqual(
        expect.arrayContaining([
          { id: org.teamC.id, name: org.teamC.name, share: '30' },
          { id: org.cityTeam.id, name: org.cityTeam.name, share: null },
        ]),
      );
      expectAppError(await managerX.patch(url(org.cityTeam.id)).send({ share: '70' }), 409, 'CO_TEAM_SHARES_TOO_LARGE', 'share');
      await admin.patch(url(org.cityTeam.id)).send({ share: '12.5' }).expect(200);
      const audit = await tf.crm.audit('lead', leadId);
      expect(audit.filter((a) => a.action === 'co-team-share').length).toBe(2);
    });

    it('a co-pursuing member records the signing; agreed shares split the amount exactly, the project to the holder', async () => {
      const previous = rules.creditSharing;
      rules.creditSharing = 'agreed_shares';
      try {
        // 1000.0001 × 30% = 300.00003 → 300; × 12.5% = 125.0000125 → 125; the holder 575.0001.
        const s = await t.app.get(SigningsService).create(tf.crm.actor(org.memberC), leadId, { agreementType: AgreementType.Investment, amount: '1000.0001', signedOn: '2024-09-01' });
        expect(s.team.id).toBe(org.teamA.id);
        const credits = Object.fromEntries(s.credits.map((c) => [c.team.id, [c.amount, c.projects]]));
        expect(credits).toEqual({ [org.teamA.id]: ['575.0001', 1], [org.teamC.id]: ['300', 0], [org.cityTeam.id]: ['125', 0] });
        expect(s.credits[0]?.team.id).toBe(org.teamA.id);
        const sum = s.credits.reduce((acc, c) => acc + units(c.amount), 0n);
        expect(sum).toBe(units('1000.0001'));
        // A supplement by the holder: shared the same way, no project.
        const sup = await t.app.get(SigningsService).create(tf.crm.actor(org.memberA), leadId, { kind: SigningKind.Supplement, agreementType: AgreementType.Investment, amount: '0.0003', signedOn: '2024-10-01' });
        expect(Object.fromEntries(sup.credits.map((c) => [c.team.id, [c.amount, c.projects]]))).toEqual({ [org.teamA.id]: ['0.0002', 0], [org.teamC.id]: ['0.0001', 0], [org.cityTeam.id]: ['0', 0] });
      } finally {
        rules.creditSharing = previous;
      }
      await tf.refresh();
        const teams = await t.app.get(MetricsService).forTeams({ start: '2024-10-01', end: '2025-01-01' }, [org.teamA.id, org.teamC.id, org.cityTeam.id]);
      expect([org.teamA.id, org.teamC.id, org.cityTeam.id].map((id) => teams.get(id)?.signed_amount)).toEqual(['0.0002', '0.0001', '0']);
      const q3 = await t.app.get(MetricsService).forTeams({ start: '2024-07-01', end: '2024-10-01' }, [org.teamA.id, org.teamC.id, org.cityTeam.id]);
      expect([org.teamA.id, org.teamC.id, org.cityTeam.id].map((id) => [q3.get(id)?.signed_amount, q3.get(id)?.signed_projects])).toEqual([
        ['575.0001', '1'],
        ['300', '0'],
        ['125', '0'],
      ]);
      // By landing, the whole signing is county X's, counted once.
      const r = await report(admin, { parentUnitId: org.city.id, from: '2024-09', to: '2024-09', view: 'landing' });
      expect(byLabel(r)[org.countyX.id]?.signed_amount).toBe('1000.0001');
      expect(byLabel(r).total?.signed_projects).toBe('1');
    });
  });
});
