import { Role } from '../src/common/auth/auth-user';
import { ProjectLifecycle } from '../src/projects/entities/project-enums';
import { ProjectsService } from '../src/projects/projects.service';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { RegistryClient } from './harness/project-factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * 实际到位资金 and the five rates over the signing cohort, against this hand-made table
 * (teams A and B in county X, C in county Y; amounts in 万元):
 *
 *   project  team  signed (first + supplements)          stage / dates                       reported
 *   Q1       A     2022-03-10 10000 + 2022-06-01 2000.5    construction (reg. 04-01, st. 05-01)  funds 2022-05: 省外 fixed 3000, 市外省内 1000.25; 2023-02: 境外 fixed 500
 *   Q2       B     2022-08-15 30000                        signed                              完成投资 2022-10: 100 (no funds)
 *   Q3       C     2022-11-30 7000                         operating (2022-12-01 … 2023-06-30)  funds 2023-01: 市外省内 fixed 7000
 *   Q4       A     2023-02-01 20000                        registered 2023-03-01               funds 2023-04: 省外 0, 境外 fixed 0
 *   Q5       C     2023-12-31 20000                        preparation (reg. 2023-12-31)        funds 2024-01: 市外省内 fixed 1002
 *   D1       B     — (entered directly, in no cohort)     signed                              funds 2022-05: 市外省内 999
 *
 * Cohort 2022 (Q1, Q2, Q3): contracted 3; performing 3 (Q1, Q3 by funds, Q2 by investment);
 * started 2 (Q1, Q3); landed 2; producing 1 (Q3); contract 12000.5 + 30000 + 7000 = 49000.5;
 * funds 3000 + 1000.25 + 500 + 7000 = 11500.25 → 11500.25 ÷ 49000.5 = 23.4696…% → 23.47.
 * Cohort 2023 (Q4, Q5): contracted 2; performing 1 (Q5: Q4's rows are zeros); started 0;
 * landed 2; producing 0; contract 40000; funds 1002 → 2.505% exactly → 2.51 (half up, once).
 * County X's share of 2022 (Q1, Q2): funds 4000.25 + 500 = 4500.25 of 42000.5 → 10.7147…% → 10.71.
 */
describe('实际到位资金 and the rates over the signing cohort', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: RegistryClient;
  const p: Record<'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'd1', string> = { q1: '', q2: '', q3: '', q4: '', q5: '', d1: '' };

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    admin = await tf.projects.as(await tf.f.adminUser());
    const adminActor = await tf.admin();
    const registry = t.app.get(ProjectsService);

    const signed = async (member: typeof org.memberA, signings: Array<[string, string]>): Promise<string> => {
      const lead = await tf.lead(member, '2022-01-05');
      for (const [i, [amount, on]] of signings.entries()) {
        const s = await tf.sign(member, lead.id, amount, on, i === 0 ? SigningKind.Initial : SigningKind.Supplement);
        await tf.rollup(lead, s);
      }
      const [row] = (await tf.db.query('SELECT id FROM projects WHERE lead_id = $1', [lead.id])) as Array<{ id: string }>;
      return (row as { id: string }).id;
    };
    const stage = async (id: string, changes: Record<string, string>) => {
      const [{ version }] = (await tf.db.query('SELECT version FROM projects WHERE id = $1', [id])) as Array<{ version: number }>;
      await registry.update(adminActor, id, { version, ...changes });
    };

    p.q1 = await signed(org.memberA, [['10000', '2022-03-10'], ['2000.5', '2022-06-01']]);
    await stage(p.q1, { lifecycle: ProjectLifecycle.Construction, registeredOn: '2022-04-01', startedOn: '2022-05-01', ownerUserId: org.memberA.id });
    p.q2 = await signed(org.memberB, [['30000', '2022-08-15']]);
    await tf.progress(p.q2, '2022-10', '100');
    p.q3 = await signed(org.memberC, [['7000', '2022-11-30']]);
    await stage(p.q3, { lifecycle: ProjectLifecycle.Operating, registeredOn: '2022-12-01', startedOn: '2022-12-01', completedOn: '2023-06-30' });
    p.q4 = await signed(org.memberA, [['20000', '2023-02-01']]);
    await stage(p.q4, { lifecycle: ProjectLifecycle.Registered, registeredOn: '2023-03-01' });
    p.q5 = await signed(org.memberC, [['20000', '2023-12-31']]);
    await stage(p.q5, { lifecycle: ProjectLifecycle.Preparation, registeredOn: '2023-12-31' });
    p.d1 = (await tf.project({ teamId: org.teamB.id, regionUnitId: org.countyX.id, totalInvestment: '5000' })).id;

    // Funds through HTTP, as the admin files them.
    const put = async (id: string, month: string, rows: unknown[]) => admin.put(`/projects/${id}/funds/${month}`).send({ rows }).expect(200);
    await put(p.q1, '2022-05', [
      { source: 'out_of_province', fixedAsset: true, amount: '3000' },
      { source: 'out_of_city', fixedAsset: false, amount: '1000.25' },
    ]);
    await put(p.q1, '2023-02', [{ source: 'overseas', fixedAsset: true, amount: '500' }]);
    await put(p.q3, '2023-01', [{ source: 'out_of_city', fixedAsset: true, amount: '7000' }]);
    await put(p.q4, '2023-04', [
      { source: 'out_of_province', fixedAsset: false, amount: '0' },
      { source: 'overseas', fixedAsset: true, amount: 0 },
    ]);
    await put(p.q5, '2024-01', [{ source: 'out_of_city', fixedAsset: true, amount: '1002' }]);
    await put(p.d1, '2022-05', [{ source: 'out_of_city', fixedAsset: false, amount: '999' }]);
    await tf.assign({ periodType: 'year', year: 2022, teamId: org.teamA.id, values: { funds_in_place: '8000' } });
    await tf.refresh();
  });
  afterAll(() => t.close());

  /** A rate as the dashboard shows it. */
  const rate = (key: string, label: string, numerator: string, denominator: string, value: string | null, unit = 'projects') => ({
    key,
    label,
    numerator,
    denominator,
    value,
    unit,
    explanation: expect.stringMatching(new RegExp(`^${label} = `)),
  });

  it("counts each year's signings only: the five rates of the 2022 and 2023 cohorts against the hand table", async () => {
    const client = await tf.crm.as(await tf.f.adminUser());
    const conversion = async (c: Client, year: number) => (await c.get('/dashboard').query({ year }).expect(200)).body.conversion;
    const y2022 = await conversion(client, 2022);
    expect(y2022).toMatchObject({ contractProjects: 3, 履约率: '100.00', 开工率: '66.67', 资金到位率: '23.47', 落地率: '66.67', 投产率: '33.33' });
    expect(y2022.rates).toEqual([
      rate('performance_rate', '履约率', '3', '3', '100.00'),
      rate('start_rate', '开工率', '2', '3', '66.67'),
      rate('funds_in_place_rate', '资金到位率', '11500.25', '49000.5', '23.47', 'wan_yuan'),
      rate('landing_rate', '落地率', '2', '3', '66.67'),
      rate('production_rate', '投产率', '1', '3', '33.33'),
    ]);
    const y2023 = await conversion(client, 2023);
    expect(y2023.rates).toEqual([
      rate('performance_rate', '履约率', '1', '2', '50.00'),
      rate('start_rate', '开工率', '0', '2', '0.00'),
      // 1002 ÷ 40000 = 2.505% exactly: rounded once, half up.
      rate('funds_in_place_rate', '资金到位率', '1002', '40000', '2.51', 'wan_yuan'),
      rate('landing_rate', '落地率', '2', '2', '100.00'),
      rate('production_rate', '投产率', '0', '2', '0.00'),
    ]);
    // County X's manager: teams A and B only (Q1, Q2).
    const x2022 = await conversion(await tf.crm.as(org.managerX), 2022);
    expect(x2022).toMatchObject({ contractProjects: 2, 履约率: '100.00', 开工率: '50.00', 资金到位率: '10.71', 落地率: '50.00', 投产率: '0.00' });
    expect(x2022.rates[2]).toEqual(rate('funds_in_place_rate', '资金到位率', '4500.25', '42000.5', '10.71', 'wan_yuan'));
  });

  it('counts funds_in_place by month reported, per team, as the counting rules say; targets measure it', async () => {
    const rows: Array<{ team_id: string; month: string; funds: string }> = await tf.db.query(
      `SELECT team_id, to_char(month, 'YYYY-MM') AS month, funds_in_place::numeric::text AS funds FROM team_month_metrics
        WHERE team_id = ANY($1) AND funds_in_place <> 0 ORDER BY 1, 2`,
      [[org.teamA.id, org.teamB.id, org.teamC.id]],
    );
    const trim = (v: string) => v.replace(/\.?0+$/, '');
    const expected = [
      [org.teamA.id, '2022-05', '4000.25'],
      [org.teamA.id, '2023-02', '500'],
      [org.teamB.id, '2022-05', '999'],
      [org.teamC.id, '2023-01', '7000'],
      [org.teamC.id, '2024-01', '1002'],
    ].sort((a, b) => (a[0] as string).localeCompare(b[0] as string) || (a[1] as string).localeCompare(b[1] as string));
    expect(rows.map((r) => [r.team_id, r.month, trim(r.funds)])).toEqual(expected);

    const client = await tf.crm.as(await tf.f.adminUser());
    const progress = (await client.get('/targets/progress').query({ periodType: 'year', year: 2022 }).expect(200)).body;
    const row = progress.rows.find((r: { target: { assignee: { id: string } } }) => r.target.assignee.id === org.teamA.id);
    expect(row.metrics).toEqual([expect.objectContaining({ metric: 'funds_in_place', label: '实际到位资金（万元）', target: '8000', actual: '4000.25' })]);
  });

  it('lists the months with rows by source, month totals and exact cumulative', async () => {
    const body = (await admin.get(`/projects/${p.q1}/funds`).expect(200)).body;
    expect(body).toMatchObject({ cumulative: '4500.25', fixedAssetCumulative: '3500', contractAmount: '12000.5' });
    expect(body.bySource).toEqual([
      { source: 'out_of_city', sourceLabel: '市外省内', amount: '1000.25', fixedAsset: '0' },
      { source: 'out_of_province', sourceLabel: '省外', amount: '3000', fixedAsset: '3000' },
      { source: 'overseas', sourceLabel: '境外', amount: '500', fixedAsset: '500' },
    ]);
    expect(body.items.map((i: { month: string; total: string; cumulative: string; rows: unknown[] }) => [i.month, i.total, i.cumulative, i.rows])).toEqual([
      [
        '2022-05',
        '4000.25',
        '4000.25',
        [
          { source: 'out_of_city', sourceLabel: '市外省内', fixedAsset: false, amount: '1000.25' },
          { source: 'out_of_province', sourceLabel: '省外', fixedAsset: true, amount: '3000' },
        ],
      ],
      ['2023-02', '500', '4500.25', [{ source: 'overseas', sourceLabel: '境外', fixedAsset: true, amount: '500' }]],
    ]);
  });

  it("replaces a month's rows exactly, in one write, and audits the replacement", async () => {
    const id = (await tf.project({ teamId: org.teamA.id, totalInvestment: '100' })).id;
    const url = `/projects/${id}/funds/2024-03`;
    const first = (await admin.put(url).send({ rows: [{ source: 'overseas', fixedAsset: false, amount: '0.0001' }, { source: 'out_of_city', fixedAsset: true, amount: '123456789.9999' }] }).expect(200)).body;
    expect(first).toMatchObject({ month: '2024-03', total: '123456790', cumulative: '123456790', projectCumulative: '123456790', created: true });
    await admin.put(`/projects/${id}/funds/2024-02`).send({ rows: [{ source: 'out_of_province', fixedAsset: true, amount: '1.5' }] }).expect(200);
    // The second PUT of March replaces both rows; nothing of the first stays.
    const second = (await admin.put(url).send({ rows: [{ source: 'out_of_province', fixedAsset: false, amount: '2.25' }] }).expect(200)).body;
    expect(second).toMatchObject({ month: '2024-03', total: '2.25', cumulative: '3.75', projectCumulative: '3.75', created: false });
    expect(second.rows).toEqual([{ source: 'out_of_province', sourceLabel: '省外', fixedAsset: false, amount: '2.25' }]);
    const stored: Array<{ month: string; source: string; fixed_asset: boolean; amount: string }> = await tf.db.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, source::text, fixed_asset, amount::text FROM project_monthly_funds WHERE project_id = $1 ORDER BY month`,
      [id],
    );
    expect(stored).toEqual([
      { month: '2024-02', source: 'out_of_province', fixed_asset: true, amount: '1.5000' },
      { month: '2024-03', source: 'out_of_province', fixed_asset: false, amount: '2.2500' },
    ]);
    // An empty list clears the month.
    expect((await admin.put(url).send({ rows: [] }).expect(200)).body).toMatchObject({ total: '0', cumulative: '1.5', created: false });
    expect((await admin.get(`/projects/${id}/funds`).expect(200)).body.items.map((i: { month: string }) => i.month)).toEqual(['2024-02']);

    const audit: Array<{ action: string; actor_id: string; changes: { rows?: { from: unknown; to: unknown }; month?: unknown } }> = await tf.db.query(
      `SELECT action, actor_id, changes FROM audit_log WHERE entity = 'project' AND entity_id = $1 AND action = 'report-funds' ORDER BY at, id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['report-funds', 'report-funds', 'report-funds', 'report-funds']);
    expect(audit[2]?.actor_id).toBe(admin.user.id);
    expect(audit[2]?.changes.rows).toEqual({
      from: [
        { source: 'out_of_city', fixedAsset: true, amount: '123456789.9999' },
        { source: 'overseas', fixedAsset: false, amount: '0.0001' },
      ],
      to: [{ source: 'out_of_province', fixedAsset: false, amount: '2.25' }],
    });
  });

  it('refuses a future or malformed month, a bad source, a negative amount, a duplicate row and unknown fields with 400 naming them', async () => {
    const url = (m: string) => `/projects/${p.q1}/funds/${m}`;
    const row = { source: 'out_of_city', fixedAsset: true, amount: '1' };
    // January of next year: in the future whatever today is.
    const far = `${new Date().getUTCFullYear() + 1}-01`;
    expectAppError(await admin.put(url(far)).send({ rows: [row] }), 400, 'PROJECT_MONTH_IN_FUTURE', 'month');
    expectAppError(await admin.put(url('2022-13')).send({ rows: [row] }), 400, 'PROJECT_MONTH_INVALID', 'month');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [{ ...row, source: 'abroad' }] }), 400, 'VALIDATION_FAILED', 'rows[0].source');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [row, { ...row, source: 'overseas', amount: '-0.01' }] }), 400, 'VALIDATION_FAILED', 'rows[1].amount');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [{ ...row, amount: 0.1 + 0.2 }] }), 400, 'VALIDATION_FAILED', 'rows[0].amount');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [{ source: 'overseas', amount: '1' }] }), 400, 'VALIDATION_FAILED', 'rows[0].fixedAsset');
    const dup = await admin.put(url('2022-05')).send({ rows: [row, { ...row, fixedAsset: false }, { ...row, amount: '2' }] });
    expectAppError(dup, 400, 'PROJECT_FUNDS_ROW_DUPLICATE', 'rows[2]');
    expect(dup.body.message).toContain('rows[0]');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [{ ...row, note: 'x' }] }), 400, 'VALIDATION_FAILED', 'rows[0].note');
    expectAppError(await admin.put(url('2022-05')).send({ rows: [row], completedInvestment: '1' }), 400, 'VALIDATION_FAILED', 'completedInvestment');
    expectAppError(await admin.put(url('2022-05')).send({}), 400, 'VALIDATION_FAILED', 'rows');
    // Nothing changed.
    expect((await admin.get(`/projects/${p.q1}/funds`).expect(200)).body.cumulative).toBe('4500.25');
  });

  it('answers 404 outside scope, 403 to a viewer who is neither admin nor owner, and lets the owner file', async () => {
    const outsider = await tf.projects.as(org.memberC);
    expectAppError(await outsider.get(`/projects/${p.q1}/funds`), 404, 'NOT_FOUND');
    expectAppError(await outsider.put(`/projects/${p.q1}/funds/2022-07`).send({ rows: [] }), 404, 'NOT_FOUND');
    const manager = await tf.projects.as(org.managerX);
    await manager.get(`/projects/${p.q1}/funds`).expect(200);
    expectAppError(await manager.put(`/projects/${p.q1}/funds/2022-07`).send({ rows: [] }), 403, 'PROJECT_WRITE_FORBIDDEN');
    const owner = await tf.projects.as(org.memberA);
    const body = (await owner.put(`/projects/${p.q1}/funds/2022-07`).send({ rows: [{ source: 'overseas', fixedAsset: false, amount: '0' }] }).expect(200)).body;
    expect(body).toMatchObject({ created: true, cumulative: '4000.25', projectCumulative: '4500.25', reportedBy: { id: org.memberA.id } });
    await tf.crm.client(Role.Member).then((c) => c.get(`/projects/${p.q1}/funds`).expect(404));
  });

  it('lists the five definitions at GET /reporting/rates', async () => {
    const client = await tf.crm.as(org.memberA);
    const body = (await client.get('/reporting/rates').expect(200)).body;
    expect(body.cohort).toContain('签约');
    expect(body.rates.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['performance_rate', '履约率'],
      ['start_rate', '开工率'],
      ['funds_in_place_rate', '资金到位率'],
      ['landing_rate', '落地率'],
      ['production_rate', '投产率'],
    ]);
    expect(body.rates[2]).toMatchObject({ explanation: '资金到位率 = 签约项目实际到位资金 ÷ 合同投资额', unit: 'wan_yuan' });
    for (const r of body.rates) for (const k of ['numerator', 'denominator', 'computation']) expect(r[k].length).toBeGreaterThan(0);
  });
});
