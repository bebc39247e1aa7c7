import { DataSource } from 'typeorm';
import { businessDate } from '../src/common/time/business-time';
import { addMonths, currentMonthStart, monthLabel } from '../src/projects/project-rules';
import { CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { binary } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

interface Row {
  group: { id: string | null; name: string } | null;
  year: number;
  projectCount: number;
  totalInvestment: string;
  annualPlan: string;
  completedInYear: string;
  planDoneRate: number | null;
  timeElapsedRate: number;
  aheadByPoints: number | null;
  pace: string | null;
  previous: { projectCount: number; totalInvestment: string; annualPlan: string; completedInYear: string; planDoneRate: number | null };
  yoy: { projectCount: number; projectCountRate: number | null; annualPlan: string; annualPlanRate: number | null; completedInYear: string; pacePoints: number | null; threeGrowth: Record<string, boolean> };
}

const monthsAgo = (n: number) => monthLabel(addMonths(currentMonthStart(), -n));

describe('registry summary (项目调度): plan, completion, 序时进度, 三增长 and the 三未 lists', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let admin: RegistryClient;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    admin = await p.as(await p.f.adminUser());
  });
  afterAll(() => t.close());

  describe('figures for 2022 as of 30 June, exact to the digit', () => {
    let city: { id: string };
    let countyX: { id: string; name: string };
    let countyY: { id: string; name: string };
    let chainA: { id: string; name: string };
    let chainB: { id: string; name: string };

    beforeAll(async () => {
      city = await p.f.region();
      countyX = await p.f.region({ parentId: city.id, name: '科尔沁区', code: '150502' });
      countyY = await p.f.region({ parentId: city.id, name: '开鲁县', code: '150523' });
      chainA = await crm.industryChain('镍基循环新材料');
      chainB = await crm.industryChain('铝基循环新材料');
      // 经安一期镍铁合金: total 68.06亿, 2022 plan 2亿 (here with a 2021 plan too).
      const p1 = await p.project({ name: '经安一期镍铁合金', totalInvestment: '680600', regionUnitId: countyX.id, industryChainId: chainA.id });
      await p.plan(p1.id, 2022, '20000');
      await p.plan(p1.id, 2021, '15000');
      await p.progress(p1.id, '2022-01', '3000');
      await p.progress(p1.id, '2022-03', '5000.5');
      await p.progress(p1.id, '2022-07', '1000'); // after the cut-off: not counted as of 30 June
      await p.progress(p1.id, '2021-02', '4000');
      await p.progress(p1.id, '2021-08', '6000'); // after the same point of 2021
      // 创源40万吨轻质高强铝合金材料: total 1.6亿, plan 0.8亿, completed 1.1亿.
      const p2 = await p.project({ name: '创源40万吨轻质高强铝合金材料', totalInvestment: '16000', regionUnitId: countyX.id, industryChainId: chainB.id });
      await p.plan(p2.id, 2022, '8000');
      await p.progress(p2.id, '2022-05', '11000');
      // 龙马高端装备制造基地: total ~135亿.
      const p3 = await p.project({ name: '龙马高端装备制造基地', totalInvestment: '1350000', regionUnitId: countyY.id, industryChainId: chainA.id });
      await p.plan(p3.id, 2022, '100000.1234');
      await p.plan(p3.id, 2021, '50000');
      await p.progress(p3.id, '2022-02', '0.0001');
      await p.progress(p3.id, '2021-06', '25000');
      // No 2022 plan: not counted as a planned project, but its investment is completed investment.
      const p4 = await p.project({ name: '无计划项目', totalInvestment: '5000', regionUnitId: countyY.id, industryChainId: chainB.id });
      await p.progress(p4.id, '2022-04', '777');
      // No county.
      const p5 = await p.project({ name: '未定地点项目', totalInvestment: '0.5', industryChainId: chainA.id });
      await p.plan(p5.id, 2022, '1');
    });

    const summary = async (query: Record<string, unknown>) => (await admin.get('/registry/summary').query({ year: 2022, asOf: '2022-06-30', ...query }).expect(200)).body;

    it('by county', async () => {
      const body = await summary({ groupBy: 'county' });
      expect(body).toMatchObject({ groupBy: 'county', year: 2022, asOf: '2022-06-30' });
      // Counties in GB/T 2260 code order; projects without one last.
      const [x, y, none] = body.groups as Row[];
      expect(body.groups).toHaveLength(3);
      // 30 June is day 181 of 365: 49.59% of the year is gone.
      expect(x).toEqual({
        group: { id: countyX.id, name: '科尔沁区' },
        year: 2022,
        projectCount: 2,
        startedCount: 0,
        totalInvestment: '696600',
        annualPlan: '28000',
        completedInYear: '19000.5',
        planDoneRate: 67.86,
        timeElapsedRate: 49.59,
        aheadByPoints: 18.27,
        pace: 'ahead',
        // Both entered as new, not carried over: all 新建.
        byConstruction: [
          { constructionType: 'new', label: '新建', projectCount: 2, startedCount: 0, totalInvestment: '696600', annualPlan: '28000', completedInYear: '19000.5', planDoneRate: 67.86 },
          { constructionType: 'continuing', label: '续建', projectCount: 0, startedCount: 0, totalInvestment: '0', annualPlan: '0', completedInYear: '0', planDoneRate: null },
          { constructionType: 'rebuild', label: '改扩建', projectCount: 0, startedCount: 0, totalInvestment: '0', annualPlan: '0', completedInYear: '0', planDoneRate: null },
        ],
        previous: { projectCount: 1, startedCount: 0, totalInvestment: '680600', annualPlan: '15000', completedInYear: '4000', planDoneRate: 26.67 },
        yoy: {
          projectCount: 1,
          projectCountRate: 100,
          startedCount: 0,
          annualPlan: '13000',
          annualPlanRate: 86.67,
          completedInYear: '15000.5',
          pacePoints: 41.19,
          threeGrowth: { projectCount: true, annualPlan: true, pace: true, all: true },
        },
      });
      expect(y).toMatchObject({
        group: { id: countyY.id, name: '开鲁县' },
        projectCount: 1,
        totalInvestment: '1350000',
        annualPlan: '100000.1234',
        completedInYear: '777.0001',
        planDoneRate: 0.78,
        aheadByPoints: -48.81,
        pace: 'behind',
        previous: { projectCount: 1, annualPlan: '50000', completedInYear: '25000', planDoneRate: 50 },
        yoy: { projectCount: 0, projectCountRate: 0, annualPlan: '50000.1234', annualPlanRate: 100, pacePoints: -49.22, threeGrowth: { projectCount: false, annualPlan: true, pace: false, all: false } },
      });
      expect(none).toMatchObject({ group: { id: null, name: '未指定' }, projectCount: 1, totalInvestment: '0.5', annualPlan: '1', completedInYear: '0', planDoneRate: 0 });
      expect(body.total).toMatchObject({
        group: null,
        projectCount: 4,
        totalInvestment: '2046600.5',
        annualPlan: '128001.1234',
        completedInYear: '19777.5001',
        planDoneRate: 15.45,
        previous: { projectCount: 2, totalInvestment: '2030600', annualPlan: '65000', completedInYear: '29000', planDoneRate: 44.62 },
        yoy: { projectCount: 2, annualPlan: '63001.1234', completedInYear: '-9222.4999' },
      });
    });

    it('by chain, and within a county subtree', async () => {
      const body = await summary({ groupBy: 'chain' });
      const byId = Object.fromEntries((body.groups as Row[]).map((g) => [g.group?.id, g]));
      expect(byId[chainA.id]).toMatchObject({ projectCount: 3, totalInvestment: '2030600.5', annualPlan: '120001.1234', completedInYear: '8000.5001', planDoneRate: 6.67 });
      expect(byId[chainB.id]).toMatchObject({ projectCount: 1, totalInvestment: '16000', annualPlan: '8000', completedInYear: '11777', planDoneRate: 147.21 });
      const inCity = await summary({ groupBy: 'chain', regionUnitId: city.id });
      expect((inCity.groups as Row[]).find((g) => g.group?.id === chainA.id)).toMatchObject({ projectCount: 2, annualPlan: '120000.1234', completedInYear: '8000.5001' });
      const inX = await summary({ groupBy: 'county', regionUnitId: countyX.id, industryChainId: chainB.id });
      expect(inX.groups).toHaveLength(1);
      expect(inX.total).toMatchObject({ projectCount: 1, annualPlan: '8000', completedInYear: '11000', planDoneRate: 137.5 });
    });

    it('by year: five years, each against the same point of the year before', async () => {
      const body = await summary({ groupBy: 'year' });
      expect((body.groups as Row[]).map((g) => g.year)).toEqual([2018, 2019, 2020, 2021, 2022]);
      const [y2018, , y2020, y2021, y2022] = body.groups as Row[];
      expect(y2022).toMatchObject({ group: null, projectCount: 4, annualPlan: '128001.1234', completedInYear: '19777.5001', timeElapsedRate: 49.59, previous: { annualPlan: '65000', completedInYear: '29000' } });
      // 2021 is over: its whole year counts, and 100% of the time is gone.
      expect(y2021).toMatchObject({ projectCount: 2, annualPlan: '65000', completedInYear: '35000', planDoneRate: 53.85, timeElapsedRate: 100, aheadByPoints: -46.15, pace: 'behind' });
      expect(y2021?.yoy).toMatchObject({ projectCount: 2, projectCountRate: null, annualPlan: '65000', annualPlanRate: null, pacePoints: null });
      expect(y2020).toMatchObject({ projectCount: 0, annualPlan: '0', completedInYear: '0', planDoneRate: null, pace: null });
      expect(y2018?.timeElapsedRate).toBe(100);
      expect(body.total).toBeNull();
    });

    it('31 plans adding up to 591.95亿 show 5919500 万元, to the last digit', async () => {
      const county = await p.f.region({ parentId: city.id, name: '网签县' });
      for (let i = 0; i < 31; i++) {
        const project = await p.project({ regionUnitId: county.id });
        await p.plan(project.id, 2022, i === 30 ? '190951.613' : '190951.6129');
        await p.progress(project.id, '2022-06', i === 30 ? '0.3' : '0.1');
      }
      const body = await summary({ groupBy: 'county', regionUnitId: county.id });
      expect(body.total).toMatchObject({ projectCount: 31, annualPlan: '5919500', completedInYear: '3.3' });
    });

    it('refuses bad parameters', async () => {
      expectAppError(await admin.get('/registry/summary').query({ groupBy: 'team' }), 400, 'VALIDATION_FAILED', 'groupBy');
      expectAppError(await admin.get('/registry/summary').query({ year: '22' }), 400, 'VALIDATION_FAILED', 'year');
      expectAppError(await admin.get('/registry/summary').query({ asOf: '2022-06' }), 400, 'VALIDATION_FAILED', 'asOf');
    });
  });

  it('defaults to this year as of today (Beijing)', async () => {
    const body = (await admin.get('/registry/summary').expect(200)).body;
    const today = businessDate(new Date());
    expect(body).toMatchObject({ groupBy: 'county', year: Number(today.slice(0, 4)), asOf: today });
    expect(body.total.timeElapsedRate).toBeGreaterThan(0);
    expect(body.total.timeElapsedRate).toBeLessThanOrEqual(100);
  });

  it('each caller sums only the projects they may see', async () => {
    const org = await crm.org();
    const mine = await p.project({ teamId: org.teamA.id, regionUnitId: org.countyX.id });
    const theirs = await p.project({ teamId: org.teamC.id, regionUnitId: org.countyY.id });
    await p.plan(mine.id, 2022, '10');
    await p.plan(theirs.id, 2022, '20');
    await p.progress(theirs.id, '2022-05', '7');
    const member = await p.as(org.memberA);
    const body = (await member.get('/registry/summary').query({ year: 2022, asOf: '2022-12-31' }).expect(200)).body;
    expect(body.total).toMatchObject({ projectCount: 1, annualPlan: '10', completedInYear: '0' });
    const manager = await p.as(org.managerX);
    const byManager = (await manager.get('/registry/summary').query({ year: 2022, asOf: '2022-12-31', groupBy: 'year' }).expect(200)).body;
    expect((byManager.groups as Row[])[4]).toMatchObject({ projectCount: 1, annualPlan: '10', completedInYear: '0' });
  });

  describe('三未 lists', () => {
    it('立项未开工, 开工未建设, 建设未竣工 as of today, within scope and plan year', async () => {
      const org = await crm.org();
      const inTeam = { teamId: org.teamA.id, regionUnitId: org.countyX.id };
      const notStarted = await p.project({ ...inTeam, name: '立项未开工', plannedStartOn: dayOffset(-10), lifecycle: 'preparation' as never });
      const notYetDue = await p.project({ ...inTeam, name: '未到开工期', plannedStartOn: dayOffset(1) });
      const idle = await p.project({ ...inTeam, name: '开工未建设', lifecycle: 'construction' as never, startedOn: dayOffset(-200) });
      await p.progress(idle.id, monthsAgo(5), '100');
      await p.progress(idle.id, monthsAgo(1), '0');
      const building = await p.project({ ...inTeam, name: '正常建设', lifecycle: 'construction' as never, startedOn: dayOffset(-200) });
      await p.progress(building.id, monthsAgo(1), '50');
      const justStarted = await p.project({ ...inTeam, name: '刚开工', lifecycle: 'construction' as never, startedOn: dayOffset(-1), plannedCompletionOn: dayOffset(30) });
      const late = await p.project({ ...inTeam, name: '建设未竣工', lifecycle: 'construction' as never, startedOn: dayOffset(-3), plannedStartOn: dayOffset(-20), plannedCompletionOn: dayOffset(-5) });
      const running = await p.project({ ...inTeam, name: '已投产', lifecycle: 'operating' as never, plannedCompletionOn: dayOffset(-5), completedOn: dayOffset(-6), startedOn: dayOffset(-300) });
      const otherTeam = await p.project({ teamId: org.teamC.id, regionUnitId: org.countyY.id, name: '他队立项未开工', plannedStartOn: dayOffset(-10) });

      const body = (await (await p.as(org.memberA)).get('/registry/three-un').expect(200)).body;
      const names = (list: { items: Array<{ id: string }> }) => list.items.map((i) => i.id);
      expect(body.asOf).toBe(businessDate(new Date()));
      expect(names(body.notStarted)).toEqual([notStarted.id]);
      expect(body.notStarted.count).toBe(1);
      expect(body.notStarted.items[0]).toMatchObject({ name: '立项未开工', lifecycle: 'preparation', lifecycleLabel: '前期手续', overdueDays: 10, team: { id: org.teamA.id }, regionUnit: { id: org.countyX.id } });
      expect(names(body.startedNotBuilding)).toEqual([idle.id]);
      expect(body.startedNotBuilding.items[0]).toMatchObject({ lastProgressMonth: monthsAgo(5), overdueDays: null });
      expect(names(body.notCompleted)).toEqual([late.id]);
      expect(body.notCompleted.items[0]).toMatchObject({ overdueDays: 5 });
      for (const id of [notYetDue.id, building.id, justStarted.id, running.id, otherTeam.id]) {
        expect([...names(body.notStarted), ...names(body.startedNotBuilding), ...names(body.notCompleted)]).not.toContain(id);
      }

      const admin2022 = (await admin.get('/registry/three-un').query({ year: 2031, regionUnitId: org.city.id }).expect(200)).body;
      expect(admin2022).toMatchObject({ year: 2031, notStarted: { count: 0 }, startedNotBuilding: { count: 0 }, notCompleted: { count: 0 } });
      await p.plan(late.id, 2031, '1');
      const planned = (await admin.get('/registry/three-un').query({ year: 2031, regionUnitId: org.city.id }).expect(200)).body;
      expect(planned.notCompleted.count).toBe(1);
      const all = (await admin.get('/registry/three-un').query({ regionUnitId: org.city.id, limit: 1 }).expect(200)).body;
      expect(all.notStarted).toMatchObject({ count: 2 });
      expect(all.notStarted.items).toHaveLength(1);

      // The .xlsx: one sheet per list, every project (no row limit), each row as the JSON shows it; audited.
      const json = (await admin.get('/registry/three-un').query({ regionUnitId: org.city.id }).expect(200)).body;
      const res = await admin.get('/registry/three-un.xlsx').query({ regionUnitId: org.city.id }).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent(`在建项目“三未”清单-${json.asOf}.xlsx`));
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['立项未开工', '开工未建设', '建设未竣工']);
      const dates = { notStarted: 'plannedStartOn', startedNotBuilding: 'lastProgressMonth', notCompleted: 'plannedCompletionOn' } as const;
      for (const [n, key] of (['notStarted', 'startedNotBuilding', 'notCompleted'] as const).entries()) {
        const sheet = book.worksheets[n]!;
        expect(String(sheet.getCell('A2').value)).toContain(`项目 ${json[key].count} 个`);
        const items = json[key].items as Array<Record<string, unknown> & { name: string; totalInvestment: string; overdueDays: number | null; startedOn: string | null }>;
        expect(items).toHaveLength(json[key].count);
        items.forEach((i, r) => {
          const row = sheet.getRow(5 + r);
          const text = (c: number) => {
            const v = row.getCell(c).value;
            return v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null);
          };
          expect([text(1), text(2), text(7), text(9), text(10), text(11)]).toEqual([r + 1, i.name, Number(i.totalInvestment), i.startedOn, i[dates[key]] ?? null, i.overdueDays]);
        });
        expect(sheet.getRow(5 + items.length).getCell(2).value ?? null).toBeNull();
      }
      const [entry] = await t.app.get(DataSource).query(`SELECT changes->'rows'->'to' AS rows FROM audit_log WHERE entity = 'three-un-export' ORDER BY at DESC LIMIT 1`);
      expect(entry.rows).toEqual({ notStarted: 2, startedNotBuilding: json.startedNotBuilding.count, notCompleted: json.notCompleted.count });
      expectAppError(await admin.get('/registry/three-un.xlsx').query({ limit: 5 }), 400, 'VALIDATION_FAILED', 'limit');
    });
  });
});
