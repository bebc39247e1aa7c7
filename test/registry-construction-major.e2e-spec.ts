import { Role } from '../src/common/auth/auth-user';
import { CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Questions an office asks of the registry: 新建 / 续建 / 改扩建 split, 重大项目 (total investment
 * at or above config/reporting.json majorProjectMinInvestment, 100000万元 in this checkout) and
 * how many of them started (开工) in a period — against a hand-made table of projects and plain
 * SQL over them, never the code's own rules.
 */
describe('registry: 建设类型 split, 重大项目 and 开工 counts', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let admin: RegistryClient;
  const ids: Record<string, string> = {};

  // name, 总投资, 续建, 建设性质, 实际开工, 2022 plan, 2022 progress (month → amount)
  const TABLE: Array<{ name: string; total: string; continuing: boolean; nature: string; started: string | null; plan: string | null; progress: Record<string, string>; plannedStart?: string }> = [
    { name: 'A新建重大', total: '100000', continuing: false, nature: 'new', started: '2022-02-10', plan: '5000', progress: { '2022-03': '1000' } },
    { name: 'B续建重大', total: '250000.5', continuing: true, nature: 'new', started: '2021-05-01', plan: '30000', progress: { '2022-01': '2000.25', '2022-05': '700' } },
    { name: 'C扩建', total: '99999.9999', continuing: false, nature: 'expansion', started: '2022-03-31', plan: '8000', progress: {} },
    { name: 'D技改续建', total: '5000', continuing: true, nature: 'renovation', started: '2022-04-01', plan: '1000', progress: { '2022-02': '0.0001' } },
    { name: 'E迁建重大', total: '120000', continuing: false, nature: 'relocation', started: null, plan: '2000', progress: {}, plannedStart: '2022-01-15' },
    { name: 'F去年一季度开工重大', total: '300000', continuing: false, nature: 'new', started: '2021-03-15', plan: null, progress: {} },
  ];

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    admin = await p.as(await p.f.adminUser());
    const city = await p.f.region();
    const county = await p.f.region({ parentId: city.id, name: '科尔沁区', code: '150502' });
    const chain = await crm.industryChain('新能源及装备制造');
    for (const row of TABLE) {
      const project = await p.project({
        name: row.name,
        totalInvestment: row.total,
        isContinuing: row.continuing,
        nature: row.nature as never,
        regionUnitId: county.id,
        industryChainId: chain.id,
        ...(row.started ? { lifecycle: 'construction' as never, startedOn: row.started } : { lifecycle: 'signed' as never }),
        ...(row.plannedStart ? { plannedStartOn: row.plannedStart } : {}),
      });
      ids[row.name] = project.id;
      if (row.plan) await p.plan(project.id, 2022, row.plan);
      for (const [month, amount] of Object.entries(row.progress)) await p.progress(project.id, month, amount);
    }
  });
  afterAll(() => t.close());

  const names = (items: Array<{ name: string }>) => items.map((i) => i.name).sort();
  const list = async (query: Record<string, unknown>) => (await admin.get('/projects').query({ limit: 200, ...query }).expect(200)).body as { items: Array<{ name: string; constructionType: string; constructionLabel: string; isMajor: boolean }>; total: number };

  it('labels each project 新建 / 续建 / 改扩建: carried over is 续建 whatever its nature, 扩建 and 技改 are 改扩建, 迁建 is 新建', async () => {
    const all = await list({});
    expect(Object.fromEntries(all.items.map((i) => [i.name, i.constructionLabel]))).toEqual({
      A新建重大: '新建',
      B续建重大: '续建',
      C扩建: '改扩建',
      D技改续建: '续建',
      E迁建重大: '新建',
      F去年一季度开工重大: '新建',
    });
    expect(all.total).toBe(TABLE.length);
    expect(names((await list({ constructionType: 'continuing' })).items)).toEqual(['B续建重大', 'D技改续建']);
    expect(names((await list({ constructionType: 'rebuild' })).items)).toEqual(['C扩建']);
  });

  it('filters the project list to 重大项目 (total investment ≥ 100000万元, the threshold itself included) and answers the count', async () => {
    const major = await list({ major: 'true' });
    const [sql] = await p.db.query(`SELECT count(*)::int AS n FROM projects WHERE total_investment >= 100000`);
    expect(names(major.items)).toEqual(['A新建重大', 'B续建重大', 'E迁建重大', 'F去年一季度开工重大']);
    expect(major.items.every((i) => i.isMajor)).toBe(true);
    const flagged: Array<{ name: string }> = await p.db.query(`SELECT name FROM projects WHERE total_investment >= 100000`);
    expect(names((await list({})).items.filter((i) => i.isMajor))).toEqual(names(flagged));
    expect(major.total).toBe(sql.n);
    const rest = await list({ major: 'false', limit: 1 });
    expect(rest.total).toBe(2);
    expect(rest.items).toHaveLength(1);
    expectAppError(await admin.get('/projects').query({ major: 'yes' }), 400, 'VALIDATION_FAILED', 'major');
    expectAppError(await admin.get('/projects').query({ constructionType: 'old' }), 400, 'VALIDATION_FAILED', 'constructionType');
  });

  it('counts 开工 in Q1 2022, split by 建设类型, all projects and 重大项目 alone, with the same quarter of 2021', async () => {
    const q1 = async (query: Record<string, unknown>) => (await admin.get('/registry/summary').query({ year: 2022, asOf: '2022-03-31', groupBy: 'year', ...query }).expect(200)).body;
    const started = async (from: string, to: string, major: boolean) =>
      Number((await p.db.query(`SELECT count(*)::int AS n FROM projects WHERE started_on BETWEEN $1 AND $2 ${major ? 'AND total_investment >= 100000' : ''}`, [from, to]))[0].n);

    const all = (await q1({})).groups.find((g: { year: number }) => g.year === 2022);
    // Started 2022-01-01 … 2022-03-31: A and C (D started on 1 April). The same days of 2021: F.
    expect({ now: all.startedCount, before: all.previous.startedCount, change: all.yoy.startedCount }).toEqual({ now: 2, before: 1, change: 1 });
    expect(all.startedCount).toBe(await started('2022-01-01', '2022-03-31', false));
    expect(all.byConstruction).toEqual([
      // A, E: plans 5000 + 2000; A's March 1000 counted.
      { constructionType: 'new', label: '新建', projectCount: 2, startedCount: 1, totalInvestment: '220000', annualPlan: '7000', completedInYear: '1000', planDoneRate: 14.29 },
      // B, D: plans 30000 + 1000; January 2000.25 and February 0.0001 (B's May is after the cut-off).
      { constructionType: 'continuing', label: '续建', projectCount: 2, startedCount: 0, totalInvestment: '255000.5', annualPlan: '31000', completedInYear: '2000.2501', planDoneRate: 6.45 },
      { constructionType: 'rebuild', label: '改扩建', projectCount: 1, startedCount: 1, totalInvestment: '99999.9999', annualPlan: '8000', completedInYear: '0', planDoneRate: 0 },
    ]);
    // The split adds up to the row.
    expect(all).toMatchObject({ projectCount: 5, startedCount: 2, totalInvestment: '575000.4999', annualPlan: '46000', completedInYear: '3000.2501' });

    const major = await q1({ major: 'true' });
    expect(major.major).toBe(true);
    const m = major.groups.find((g: { year: number }) => g.year === 2022);
    // Major and started in Q1 2022: A alone (C is 0.0001万元 short); in Q1 2021: F.
    expect({ now: m.startedCount, before: m.previous.startedCount }).toEqual({ now: await started('2022-01-01', '2022-03-31', true), before: await started('2021-01-01', '2021-03-31', true) });
    expect({ now: m.startedCount, before: m.previous.startedCount }).toEqual({ now: 1, before: 1 });
    expect(m).toMatchObject({ projectCount: 3, totalInvestment: '470000.5', annualPlan: '37000' });

    // Grouped by county, the total row carries the same figures.
    const byCounty = (await admin.get('/registry/summary').query({ year: 2022, asOf: '2022-03-31', major: 'true' }).expect(200)).body;
    expect(byCounty.total).toMatchObject({ startedCount: 1, projectCount: 3 });
    expectAppError(await admin.get('/registry/summary').query({ major: 'sometimes' }), 400, 'VALIDATION_FAILED', 'major');
  });

  it('counts 开工 for the whole of a past year, and for the same day a year before on 29 February', async () => {
    const y2021 = (await admin.get('/registry/summary').query({ year: 2021, asOf: '2022-03-31', groupBy: 'year' }).expect(200)).body.groups.find((g: { year: number }) => g.year === 2021);
    // All of 2021: B and F.
    expect(y2021.startedCount).toBe(2);
    const leap = (await admin.get('/registry/summary').query({ year: 2024, asOf: '2024-02-29', groupBy: 'year' }).expect(200)).body.groups.find((g: { year: number }) => g.year === 2024);
    expect({ now: leap.startedCount, before: leap.previous.startedCount }).toEqual({ now: 0, before: 0 });
  });

  it('lists the 三未 of 重大项目 alone', async () => {
    const threeUn = async (major: string) => (await admin.get('/registry/three-un').query({ major }).expect(200)).body;
    const major = await threeUn('true');
    const rest = await threeUn('false');
    // E: planned to start 2022-01-15, not started. Started, nothing reported for months: A, B, F (major), C, D (not).
    expect({ notStarted: names(major.notStarted.items), idle: names(major.startedNotBuilding.items) }).toEqual({ notStarted: ['E迁建重大'], idle: ['A新建重大', 'B续建重大', 'F去年一季度开工重大'] });
    expect({ notStarted: names(rest.notStarted.items), idle: names(rest.startedNotBuilding.items) }).toEqual({ notStarted: [], idle: ['C扩建', 'D技改续建'] });
    expect(major.startedNotBuilding.count).toBe(3);
  });

  it('lets a member without a team see nothing, whatever the filter', async () => {
    const member = await p.as(await p.f.user({ role: Role.Member }));
    const body = (await member.get('/projects').query({ major: 'true' }).expect(200)).body;
    expect(body).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});
