import ExcelJS from 'exceljs';
import { Role } from '../src/common/auth/auth-user';
import { FundsSource } from '../src/projects/entities/project-monthly-funds.entity';
import { ProblemCategory, ProblemStatus, ProjectLifecycle } from '../src/projects/entities/project-enums';
import { ProjectProblemsService } from '../src/projects/project-problems.service';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { binary, Cell, csv, gbk } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

interface Figures {
  totalInvestment: string;
  annualPlan: string | null;
  completedInPeriod: string;
  completedInMonth: string;
  fundsInPeriod: string;
  fundsInMonth: string;
}
interface Row extends Figures {
  seq: number;
  id: string;
  name: string;
  regionUnit: { id: string; name: string } | null;
  regionLabel: string;
  industryChain: { id: string; name: string } | null;
  capacity: string | null;
  currentNode: { node: string; status: string; statusLabel: string; colour: string } | null;
  progressText: string;
  problems: Array<{ category: string; categoryLabel: string; description: string; responsibleDepartment: string }>;
  owner: string | null;
}
interface Group extends Figures {
  level: 'chain' | 'county';
  regionUnit: { id: string; name: string } | null;
  regionLabel: string;
  industryChain: { id: string; name: string } | null;
  projectCount: number;
}
interface Schedule {
  frame: { period: { label: string }; dataAsOf: string; timeElapsed: string; countedFrom: string; countedUntil: string };
  title: string;
  planYear: number;
  monthsLabel: string;
  month: string | null;
  items: Row[];
  nextCursor: string | null;
  projectCount: number;
  groups: Group[];
  total: Figures & { projectCount: number };
}

const FIGURES = ['totalInvestment', 'annualPlan', 'completedInPeriod', 'completedInMonth', 'fundsInPeriod', 'fundsInMonth'] as const;

/** Plain numbers of an .xlsx cell (exceljs gives numbers, or formula results). */

describe('项目调度表 (GET /registry/schedule, .xlsx) and its monthly return (POST /imports/project-progress)', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let admin: RegistryClient;
  let city: { id: string; name: string };
  let countyX: { id: string; name: string };
  let countyY: { id: string; name: string };
  let countyZ: { id: string; name: string };
  let chainA: { id: string; name: string };
  let chainB: { id: string; name: string };
  const ids: Record<string, string> = {};

  // 1–2月 of 2024 as of 29 February (a leap year's last day of February): March is not counted.
  const LEAP = { periodType: 'ytd', year: '2024', month: '3', asOf: '2024-02-29' };

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    const f = new Factory(t);
    p = new ProjectFactory(t, f);
    crm = p.crm;
    admin = await p.as(await f.adminUser());
    city = await f.region({ name: `调度市${Date.now() % 100000}`, level: RegionLevel.City });
    countyX = await f.region({ parentId: city.id, name: '科尔沁区', code: '150502' });
    countyY = await f.region({ parentId: city.id, name: '开鲁县', code: '150523' });
    countyZ = await f.region({ parentId: city.id, name: '库伦旗', code: '150524' }); // no projects: no group
    chainA = await crm.industryChain(`玉米生物${Date.now() % 1000}`);
    chainB = await crm.industryChain(`铝基循环新材料${Date.now() % 1000}`);
    const owner = await f.user({ role: Role.Member, displayName: '王负责' });

    const jingan = await p.project({ name: '经安一期镍铁合金', totalInvestment: '680600', regionUnitId: countyX.id, industryChainId: chainA.id, capacity: '年产镍铁合金30万吨', ownerUserId: owner.id, plannedStartOn: '2023-03-01', startedOn: '2023-04-01', plannedCompletionOn: '2099-12-31', lifecycle: ProjectLifecycle.Construction });
    ids.jingan = jingan.id;
    await p.plan(jingan.id, 2024, '20000');
    await p.plan(jingan.id, 2023, '15000');
    await p.progress(jingan.id, '2023-12', '4000'); // last year: not in 1–2月
    await p.progress(jingan.id, '2024-01', '3000');
    await p.progress(jingan.id, '2024-02', '5000.5');
    await p.progress(jingan.id, '2024-03', '1000'); // after 数据截至
    await p.funds(jingan.id, '2024-01', [{ source: FundsSource.Overseas, fixedAsset: false, amount: '300' }]);
    await p.funds(jingan.id, '2024-02', [
      { source: FundsSource.OutOfProvince, fixedAsset: true, amount: '1200.25' },
      { source: FundsSource.OutOfCity, fixedAsset: true, amount: '99.75' },
    ]);
    const problems = t.app.get(ProjectProblemsService);
    const adminActor = await p.adminActor();
    await problems.create(adminActor, jingan.id, { category: ProblemCategory.Power, description: '220千伏变电站接入未批复', responsibleDepartment: '市能源局' });
    const solved = await problems.create(adminActor, jingan.id, { category: ProblemCategory.Land, description: '已解决的用地问题', responsibleDepartment: '市自然资源局' });
    await problems.update(adminActor, jingan.id, solved.id, { status: ProblemStatus.Resolved, resolution: '已办结' });

    const chuangyuan = await p.project({ name: '创源40万吨轻质高强铝合金材料', totalInvestment: '16000', regionUnitId: countyX.id, industryChainId: chainB.id });
    ids.chuangyuan = chuangyuan.id;
    await p.plan(chuangyuan.id, 2024, '8000');
    await p.progress(chuangyuan.id, '2024-02', '11000');
    await problems.create(adminActor, chuangyuan.id, { category: ProblemCategory.Land, description: '用地指标不足', responsibleDepartment: '科尔沁区自然资源局' });

    const alpha = await p.project({ name: 'A字头配套项目', totalInvestment: '0.0001', regionUnitId: countyX.id, industryChainId: chainA.id });
    ids.alpha = alpha.id;

    const noChain = await p.project({ name: '科尔沁区无产业链项目', totalInvestment: '500', regionUnitId: countyX.id });
    ids.noChain = noChain.id;
    await p.progress(noChain.id, '2024-01', '12.3456');

    const longma = await p.project({ name: '龙马高端装备制造基地', totalInvestment: '1350000', regionUnitId: countyY.id, industryChainId: chainA.id });
    ids.longma = longma.id;
    await p.plan(longma.id, 2024, '100000.1234');
    await p.progress(longma.id, '2024-01', '0.0001');
    await p.funds(longma.id, '2024-01', [{ source: FundsSource.OutOfCity, fixedAsset: true, amount: '50000' }]);

    const cityOwn = await p.project({ name: '市本级物流园', totalInvestment: '30000', regionUnitId: city.id, industryChainId: chainB.id });
    ids.cityOwn = cityOwn.id;
    await p.plan(cityOwn.id, 2024, '3000');
    await p.progress(cityOwn.id, '2024-02', '2999.9999');
    void countyZ;
  }, 120_000);
  afterAll(() => t.close());

  const schedule = (query: Record<string, string>, client: RegistryClient = admin) => client.get('/registry/schedule').query({ regionUnitId: city.id, ...query });
  const all = async (query: Record<string, string>, limit = 2): Promise<{ pages: Schedule[]; items: Row[] }> => {
    const pages: Schedule[] = [];
    let cursor: string | undefined;
    do {
      const res = await schedule({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) }).expect(200);
      const page = res.body as Schedule;
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { pages, items: pages.flatMap((pg) => pg.items) };
  };

  /** Plain SQL: each project's figures for the window [start, end) and its last month, independent of the read model. */
  async function sqlFigures(year: number, start: string, end: string, month: string): Promise<Map<string, Figures>> {
    const rows: Array<Record<string, string> & { id: string }> = await p.db.query(
      `SELECT p.id, p.total_investment::text AS t,
              (SELECT planned_investment::text FROM project_year_plans WHERE project_id = p.id AND year = $2) AS plan,
              (SELECT COALESCE(sum(completed_investment), 0)::text FROM project_monthly_progress WHERE project_id = p.id AND month >= $3 AND month < $4) AS cp,
              (SELECT COALESCE(sum(completed_investment), 0)::text FROM project_monthly_progress WHERE project_id = p.id AND month = $5) AS cm,
              (SELECT COALESCE(sum(amount), 0)::text FROM project_monthly_funds WHERE project_id = p.id AND month >= $3 AND month < $4) AS fp,
              (SELECT COALESCE(sum(amount), 0)::text FROM project_monthly_funds WHERE project_id = p.id AND month = $5) AS fm
         FROM projects p WHERE p.id = ANY($1)`,
      [Object.values(ids), year, start, end, month],
    );
    // numeric text → the API's decimal form (no trailing zeros)
    const dec = (s: string | null) => (s === null ? null : s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
    return new Map(rows.map((r) => [r.id, { totalInvestment: dec(r.t) as string, annualPlan: dec(r.plan), completedInPeriod: dec(r.cp) as string, completedInMonth: dec(r.cm) as string, fundsInPeriod: dec(r.fp) as string, fundsInMonth: dec(r.fm) as string }]));
  }

  /** BigInt sum of decimal strings (4 places), back to the API's form. */
  const sum = (values: Array<string | null>): string => {
    const units = values.reduce((n, v) => {
      if (v === null) return n;
      const [w, f = ''] = v.split('.');
      return n + BigInt(w as string) * 10000n + BigInt((f + '0000').slice(0, 4));
    }, 0n);
    const w = units / 10000n;
    const f = (units % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
    return f ? `${w}.${f}` : `${w}`;
  };

  describe('the JSON', () => {
    it('lists the projects by county (region order, 市本级 last), chain, name — every figure equal to plain SQL; subtotals and total are BigInt sums', async () => {
      const { pages, items } = await all(LEAP);
      expect(pages.length).toBe(3);
      const first = pages[0] as Schedule;
      expect(first.frame.period.label).toBe('2024年1–3月');
      expect(first.frame.dataAsOf).toBe('2024-02-29');
      expect(first.frame.countedUntil).toBe('2024-03-01');
      expect(first.frame.timeElapsed).toBe('16.67'); // 2/12
      expect(first.month).toBe('2024-02');
      expect(first.monthsLabel).toBe('1–2月');
      expect(first.planYear).toBe(2024);
      expect(first.title).toBe('2024年1–3月项目调度表');

      const chainOrder: Array<{ id: string }> = await p.db.query('SELECT id FROM industry_chains WHERE id = ANY($1) ORDER BY sort_order, name, id', [[chainA.id, chainB.id]]);
      const [c1, c2] = chainOrder.map((c) => c.id);
      const inX = (chain: string) => [ids.jingan, ids.chuangyuan, ids.alpha].filter((id) => (chain === chainA.id ? id !== ids.chuangyuan : id === ids.chuangyuan));
      const byName = (list: string[]) => list.map((id) => items.find((r) => r.id === id) as Row).sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => r.id);
      expect(items.map((r) => r.id)).toEqual([...byName(inX(c1 as string)), ...byName(inX(c2 as string)), ids.noChain, ids.longma, ids.cityOwn]);
      expect(items.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(items.map((r) => r.regionLabel)).toEqual(['科尔沁区', '科尔沁区', '科尔沁区', '科尔沁区', '开鲁县', '市本级']);

      const expected = await sqlFigures(2024, '2024-01-01', '2024-03-01', '2024-02-01');
      for (const r of items) expect(FIGURES.map((k) => r[k])).toEqual(FIGURES.map((k) => (expected.get(r.id) as Figures)[k]));
      // A hand table for the one with everything: 3000 + 5000.5 (not 2023-12, not 2024-03); funds 300 + 1200.25 + 99.75.
      const jingan = items.find((r) => r.id === ids.jingan) as Row;
      expect(FIGURES.map((k) => jingan[k])).toEqual(['680600', '20000', '8000.5', '5000.5', '1600', '1300']);
      expect(jingan.capacity).toBe('年产镍铁合金30万吨');
      expect(jingan.owner).toBe('王负责');
      expect(jingan.problems).toEqual([{ category: 'power', categoryLabel: '电力', description: '220千伏变电站接入未批复', responsibleDepartment: '市能源局' }]);
      expect(jingan.currentNode).toMatchObject({ node: 'operating', status: 'on_track' });
      expect(jingan.progressText).toBe('投产运行·正常推进（计划 2099-12-31）');
      expect((items.find((r) => r.id === ids.alpha) as Row).annualPlan).toBeNull();

      // Groups: each county's chains, then the county; every page carries them all.
      for (const pg of pages) expect(pg.groups).toEqual(first.groups);
      const label = (g: Group) => `${g.level}:${g.regionLabel}:${g.industryChain?.id ?? '-'}`;
      expect(first.groups.map(label)).toEqual([`chain:科尔沁区:${c1}`, `chain:科尔沁区:${c2}`, 'chain:科尔沁区:-', 'county:科尔沁区:-', `chain:开鲁县:${chainA.id}`, 'county:开鲁县:-', `chain:市本级:${chainB.id}`, 'county:市本级:-']);
      for (const g of first.groups) {
        const members = items.filter((r) => r.regionUnit?.id === g.regionUnit?.id && (g.level === 'county' || (r.industryChain?.id ?? null) === (g.industryChain?.id ?? null)));
        expect(g.projectCount).toBe(members.length);
        for (const k of FIGURES) expect(g[k]).toBe(sum(members.map((r) => r[k])));
      }
      expect(first.total.projectCount).toBe(6);
      expect(first.projectCount).toBe(6);
      for (const k of FIGURES) expect(first.total[k]).toBe(sum(items.map((r) => r[k])));
      expect(first.total.completedInPeriod).toBe('22012.8456');
    });

    it('counts through a month end: as of 2024-03-31 March is 本月, and February 29 is an earlier month', async () => {
      const { pages, items } = await all({ periodType: 'ytd', year: '2024', month: '12', asOf: '2024-03-31' }, 500);
      expect(pages[0]?.month).toBe('2024-03');
      expect(pages[0]?.monthsLabel).toBe('1–3月');
      const expected = await sqlFigures(2024, '2024-01-01', '2024-04-01', '2024-03-01');
      for (const r of items) expect(FIGURES.map((k) => r[k])).toEqual(FIGURES.map((k) => (expected.get(r.id) as Figures)[k]));
      const jingan = items.find((r) => r.id === ids.jingan) as Row;
      expect([jingan.completedInPeriod, jingan.completedInMonth, jingan.fundsInMonth]).toEqual(['9000.5', '1000', '0']);
    });

    it('filters by chain and 重大项目, refuses bad input in Chinese, and scopes: manager 404 outside, member 403', async () => {
      const byChain = (await schedule({ ...LEAP, industryChainId: chainA.id }).expect(200)).body as Schedule;
      expect(byChain.items.map((r) => r.industryChain?.id)).toEqual(byChain.items.map(() => chainA.id));
      expect(byChain.total.projectCount).toBe(3);
      // 重大项目: total investment at or above config/reporting.json's 100000 万元 — 经安 and 龙马.
      const major = (await schedule({ ...LEAP, major: 'true' }).expect(200)).body as Schedule;
      expect(major.items.map((r) => r.id).sort()).toEqual([ids.jingan, ids.longma].sort());
      expect(major.total.totalInvestment).toBe('2030600');

      expectAppError(await schedule({ ...LEAP, limit: '501' }), 400, 'VALIDATION_FAILED', 'limit');
      expectAppError(await schedule({ ...LEAP, unknown: 'x' }), 400, 'VALIDATION_FAILED', 'unknown');
      expectAppError(await schedule({ ...LEAP, cursor: 'bm90LWEtY3Vyc29y' }), 400, 'INVALID_CURSOR', 'cursor');
      expectAppError(await schedule({ periodType: 'ytd', year: '2024' }), 400, 'VALIDATION_FAILED', 'month');

      const f = p.f;
      const managerX = await p.as(await f.manager({ regionUnitIds: [countyX.id] }));
      const own = (await schedule({ ...LEAP, regionUnitId: countyX.id }, managerX).expect(200)).body as Schedule;
      expect(own.total.projectCount).toBe(4);
      const unfiltered = (await managerX.get('/registry/schedule').query(LEAP).expect(200)).body as Schedule;
      expect(unfiltered.items.every((r) => r.regionUnit?.id === countyX.id)).toBe(true);
      expectAppError(await schedule({ ...LEAP, regionUnitId: countyY.id }, managerX), 404, 'NOT_FOUND');
      expectAppError(await schedule(LEAP, managerX), 404, 'NOT_FOUND'); // the city: not seen whole
      const member = await p.as(await f.user({ role: Role.Member }));
      expectAppError(await schedule(LEAP, member), 403, 'FORBIDDEN');
      expectAppError(await member.get('/registry/schedule.xlsx').query({ ...LEAP, regionUnitId: countyX.id }), 403, 'FORBIDDEN');
    });
  });

  describe('the .xlsx', () => {
    const download = async (query: Record<string, string>, client: RegistryClient = admin) => {
      const res = await client.get('/registry/schedule.xlsx').query({ regionUnitId: city.id, ...query }).buffer(true).parse(binary).expect(200);
      return res;
    };

    it('holds the JSON cell by cell: rows, subtotals as their groups end, the total; frame, frozen header, print titles, number formats', async () => {
      const res = await download(LEAP);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toMatch(/filename="project-schedule-2024-02-29\.xlsx"; filename\*=UTF-8''/);
      expect(res.headers['cache-control']).toBe('no-store');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const json = await all(LEAP, 500);
      const view = json.pages[0] as Schedule;

      expect(sheet.getCell(1, 1).value).toBe('2024年1–3月项目调度表');
      expect(String(sheet.getCell(2, 1).value)).toBe('统计期间：2024年1–3月    数据截至：2024-02-29    本月：2024年2月    序时进度：16.67%');
      expect(sheet.getCell(3, 1).value).toBe('金额单位：万元');
      const header = (sheet.getRow(4).values as Cell[]).slice(1);
      expect(header).toEqual(['序号', '旗县区', '产业链', '项目名称', '建设内容', '总投资', '年度计划投资', '1–2月完成投资', '本月完成投资', '1–2月到位资金', '本月到位资金', '当前节点及进展', '存在问题（卡点堵点）', '责任部门', '项目负责人', '项目编号']);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 4 });
      expect(sheet.pageSetup.printTitlesRow).toBe('4:4');
      expect(sheet.pageSetup.orientation).toBe('landscape');
      expect(sheet.pageSetup.paperSize).toBe(9);

      // The expected table, built from the JSON: each row, a subtotal where its group ends, the total.
      const expected: Array<{ kind: string; cells: Cell[] }> = [];
      const groupRow = (g: Group): Cell[] => [null, g.regionLabel, g.level === 'chain' ? (g.industryChain?.name ?? '未指定产业链') : null, '小计', `${g.projectCount}个项目`, ...FIGURES.map((k) => Number(g[k]))];
      const findGroup = (level: string, region: string | null, chain: string | null) => view.groups.find((g) => g.level === level && (g.regionUnit?.id ?? null) === region && (level === 'county' || (g.industryChain?.id ?? null) === chain)) as Group;
      json.items.forEach((r, i) => {
        expected.push({
          kind: 'data',
          cells: [r.seq, r.regionLabel, r.industryChain?.name ?? '未指定产业链', r.name, r.capacity, ...FIGURES.map((k) => (r[k] === null ? null : Number(r[k]))), r.progressText, r.problems.map((x) => `【${x.categoryLabel}】${x.description}`).join('\n') || null, r.problems.map((x) => x.responsibleDepartment).join('\n') || null, r.owner, r.id],
        });
        const next = json.items[i + 1];
        const region = r.regionUnit?.id ?? null;
        const chain = r.industryChain?.id ?? null;
        if (!next || (next.regionUnit?.id ?? null) !== region || (next.industryChain?.id ?? null) !== chain) expected.push({ kind: 'sub', cells: groupRow(findGroup('chain', region, chain)) });
        if (!next || (next.regionUnit?.id ?? null) !== region) expected.push({ kind: 'sub', cells: groupRow(findGroup('county', region, null)) });
      });
      expected.push({ kind: 'total', cells: [null, '合计', null, '合计', `${view.total.projectCount}个项目`, ...FIGURES.map((k) => Number(view.total[k]))] });

      expected.forEach((e, i) => {
        const row = sheet.getRow(5 + i);
        const cells = Array.from({ length: e.cells.length }, (_, c) => {
          const v = row.getCell(c + 1).value;
          return v === undefined ? null : v;
        });
        expect(cells).toEqual(e.cells);
        // Amounts are numbers whose format shows exactly their decimals (whole ones without a point).
        const amounts = [6, 7, 8, 9, 10, 11].map((c) => row.getCell(c)).filter((cell) => cell.value !== null);
        expect(amounts.map((cell) => typeof cell.value)).toEqual(amounts.map(() => 'number'));
        expect(amounts.map((cell) => cell.numFmt)).toEqual(amounts.map((cell) => {
          const decimals = String(cell.value).split('.')[1]?.length ?? 0;
          return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
        }));
        expect(row.getCell(4).font?.bold ?? false).toBe(e.kind !== 'data');
      });
      // After the table: 说明 lines, then 制表单位 and 制表日期.
      const tail: string[] = [];
      for (let r = 5 + expected.length; r <= sheet.rowCount; r++) tail.push(String(sheet.getRow(r).getCell(1).value ?? ''));
      expect(tail.some((line) => line.startsWith('说明：1.') && line.includes('\n3. '))).toBe(true);
      expect(tail[tail.length - 1]).toMatch(/^制表单位：/);

      const audit: Array<{ changes: unknown }> = await p.db.query("SELECT changes FROM audit_log WHERE entity = 'project-schedule-export' ORDER BY id DESC LIMIT 1");
      expect(JSON.stringify(audit[0]?.changes)).toContain('"projects"');
    });
    it('streams groups larger than a batch in keyset batches, and runs of small groups together: the same rows, order and subtotals as the JSON', async () => {
      // 1,203 projects of a county of another city (the return tests below read this city's), written by SQL (fast):
      // 1,100 in one chain (three batches), 103 in another.
      const bulkCity = await p.f.region({ level: RegionLevel.City });
      const bulk = await p.f.region({ parentId: bulkCity.id, name: '批量县' });
      await p.db.query(
        `INSERT INTO projects (name, region_unit_id, industry_chain_id, total_investment)
         SELECT '批量项目' || lpad(i::text, 5, '0'), $1, CASE WHEN i <= 1100 THEN $2::uuid ELSE $3::uuid END, (i % 97) + 0.25 FROM generate_series(1, 1203) AS i`,
        [bulk.id, chainA.id, chainB.id],
      );
      await p.db.query(
        `INSERT INTO project_monthly_progress (project_id, month, completed_investment)
         SELECT id, '2024-02-01', 1.5 FROM projects WHERE region_unit_id = $1 AND name LIKE '批量项目%1'`,
        [bulk.id],
      );
      const query = { ...LEAP, regionUnitId: bulk.id };
      const json = await all(query, 500);
      const view = json.pages[0] as Schedule;
      expect(json.items.length).toBe(1203);
      const res = await admin.get('/registry/schedule.xlsx').query(query).buffer(true).parse(binary).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const ids16: Cell[] = [];
      const subtotalRows: Cell[][] = [];
      for (let r = 5; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        if (typeof row.getCell(1).value === 'number') ids16.push(row.getCell(16).value);
        else if (row.getCell(4).value === '小计') subtotalRows.push([row.getCell(3).value, row.getCell(5).value, row.getCell(6).value, row.getCell(8).value]);
      }
      expect(ids16).toEqual(json.items.map((r) => r.id));
      expect(subtotalRows).toEqual(view.groups.map((g) => [g.level === 'chain' ? (g.industryChain?.name ?? '未指定产业链') : null, `${g.projectCount}个项目`, Number(g.totalInvestment), Number(g.completedInPeriod)]));
      const [sql] = (await p.db.query('SELECT sum(total_investment)::text AS t FROM projects WHERE region_unit_id = $1', [bulk.id])) as Array<{ t: string }>;
      expect(view.total.totalInvestment).toBe(sql?.t.replace(/\.?0+$/, ''));
    }, 60_000);
  });

  describe('the monthly return (POST /imports/project-progress)', () => {
    interface ReturnReport {
      dryRun: boolean;
      month: string;
      totalRows: number;
      updated: number;
      unchanged: number;
      progressWritten: number;
      fundsWritten: number;
      errorRows: number;
      errors: Array<{ row?: number; column?: string; message: string }>;
      warnings: Array<{ message: string }>;
      changes: Array<{ row: number; projectId: string; completedInvestment?: { before: string | null; after: string | null }; fundsInPlace?: { before: string | null; after: string | null } }>;
    }
    const upload = (file: Buffer, query: Record<string, string> = {}, client: RegistryClient = admin) =>
      client.post('/imports/project-progress').query(query).attach('file', file, { filename: '调度表.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const exportFile = async (query: Record<string, string> = LEAP) => (await admin.get('/registry/schedule.xlsx').query({ regionUnitId: city.id, ...query }).buffer(true).parse(binary).expect(200)).body as Buffer;
    /** Every stored month of the fixture's projects: what a return may change. */
    const stored = async (): Promise<string[]> => {
      const progress: Array<{ k: string }> = await p.db.query(
        `SELECT project_id || ' ' || month || ' ' || completed_investment::text || ' ' || COALESCE(note, '-') AS k FROM project_monthly_progress WHERE project_id = ANY($1) ORDER BY 1`,
        [Object.values(ids)],
      );
      const funds: Array<{ k: string }> = await p.db.query(
        `SELECT project_id || ' ' || month || ' ' || source || ' ' || fixed_asset || ' ' || amount::text AS k FROM project_monthly_funds WHERE project_id = ANY($1) ORDER BY 1`,
        [Object.values(ids)],
      );
      return [...progress.map((r) => `p ${r.k}`), ...funds.map((r) => `f ${r.k}`)];
    };
    /** Finds the sheet row of a project by its 项目编号 (last column). */
    const rowOf = (sheet: ExcelJS.Worksheet, id: string): ExcelJS.Row => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(16).value === id) found = row;
      });
      if (!found) throw new Error(`no row for ${id}`);
      return found;
    };
    const edit = async (file: Buffer, change: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file as unknown as ArrayBuffer);
      change(book.worksheets[0] as ExcelJS.Worksheet);
      return Buffer.from(await book.xlsx.writeBuffer());
    };

    it('re-importing the export unchanged changes nothing: every project row unchanged, subtotals and total skipped', async () => {
      const before = await stored();
      const file = await exportFile();
      const dry = (await upload(file).expect(200)).body as ReturnReport;
      expect(dry.errors).toEqual([]);
      expect(dry).toMatchObject({ dryRun: true, month: '2024-02', totalRows: 6, updated: 0, unchanged: 6, errorRows: 0 });
      const real = (await upload(file, { dryRun: 'false' }).expect(200)).body as ReturnReport;
      expect(real).toMatchObject({ dryRun: false, updated: 0, unchanged: 6, progressWritten: 0, fundsWritten: 0, changes: [] });
      expect(await stored()).toEqual(before);
    });

    it('edited cells write exactly those months: 本月, or 1–N月 less the earlier months; the dry run writes nothing', async () => {
      const before = await stored();
      const file = await edit(await exportFile(), (sheet) => {
        // 经安: both 本月 and 1–2月 changed, consistently (Jan 3000 + Feb 6000).
        const jingan = rowOf(sheet, ids.jingan as string);
        jingan.getCell(9).value = 6000;
        jingan.getCell(8).value = 9000;
        // 创源: 本月 cleared, 1–2月 given — February = 12000 − January's 0.
        const chuangyuan = rowOf(sheet, ids.chuangyuan as string);
        chuangyuan.getCell(9).value = null;
        chuangyuan.getCell(8).value = '12,000';
        // 龙马: 本月到位资金 10 with 1–2月 cleared — a new February row (no row that month yet).
        const longma = rowOf(sheet, ids.longma as string);
        longma.getCell(11).value = 10;
        longma.getCell(10).value = null;
        // 市本级: February's completed investment to zero (as text with full-width digits).
        const cityOwn = rowOf(sheet, ids.cityOwn as string);
        cityOwn.getCell(9).value = '０';
        cityOwn.getCell(8).value = null;
      });
      const dry = (await upload(file).expect(200)).body as ReturnReport;
      expect(dry).toMatchObject({ updated: 4, unchanged: 2, errorRows: 0 });
      expect(await stored()).toEqual(before);
      const byProject = Object.fromEntries(dry.changes.map((c) => [c.projectId, c]));
      expect(byProject[ids.jingan as string]).toMatchObject({ completedInvestment: { before: '5000.5', after: '6000' } });
      expect(byProject[ids.jingan as string]?.fundsInPlace).toBeUndefined();
      expect(byProject[ids.chuangyuan as string]).toMatchObject({ completedInvestment: { before: '11000', after: '12000' } });
      expect(byProject[ids.longma as string]).toMatchObject({ fundsInPlace: { before: null, after: '10' } });
      expect(byProject[ids.cityOwn as string]).toMatchObject({ completedInvestment: { before: '2999.9999', after: '0' } });

      const real = (await upload(file, { dryRun: 'false' }).expect(200)).body as ReturnReport;
      expect(real).toMatchObject({ updated: 4, progressWritten: 3, fundsWritten: 1 });
      const after = await stored();
      const changed = (lines: string[], other: string[]) => lines.filter((l) => !other.includes(l)).sort();
      expect(changed(before, after)).toEqual(
        [`p ${ids.jingan} 2024-02-01 5000.5000 -`, `p ${ids.chuangyuan} 2024-02-01 11000.0000 -`, `p ${ids.cityOwn} 2024-02-01 2999.9999 -`].sort(),
      );
      expect(changed(after, before)).toEqual(
        [`p ${ids.jingan} 2024-02-01 6000.0000 -`, `p ${ids.chuangyuan} 2024-02-01 12000.0000 -`, `p ${ids.cityOwn} 2024-02-01 0.0000 -`, `f ${ids.longma} 2024-02-01 out_of_province true 10.0000`].sort(),
      );
      // And now the new export re-imports unchanged.
      const again = (await upload(await exportFile(), { dryRun: 'false' }).expect(200)).body as ReturnReport;
      expect(again).toMatchObject({ updated: 0, unchanged: 6 });
      expect(await stored()).toEqual(after);
    });

    it('refuses bad rows, each by its Excel row, and writes nothing; a 亿元 header is converted; merged 旗县区 cells carry down', async () => {
      const before = await stored();
      const header = ['序号', '旗县区', '项目名称', '本月完成投资（亿元）', '1–2月完成投资（亿元）', '本月到位资金', '项目编号'];
      const rows: Cell[][] = [
        ['2024年1–2月项目调度表'],
        ['本月：2024年2月'],
        header,
        [1, '科尔沁区', '经安一期镍铁合金', 'abc', null, null, null], // row 4: text in a number column
        [2, null, '创源40万吨轻质高强铝合金材料', 1.2, 1.3, '5,000', null], // row 5: 1.2亿 ≠ 1.3亿 − January 0
        [3, '开鲁县', '不存在的项目', 1, null, null, null], // row 6: no such project
        [null, '科尔沁区', '小计', 99, null, null, null], // row 7: a subtotal, skipped
        [4, '开鲁县', '龙马高端装备制造基地', 0.00001, null, '１２３', ids.longma], // row 8: fine (0.00001亿 = 0.1万)
        [5, '开鲁县', '龙马高端装备制造基地', 1, null, null, ids.longma], // row 9: the same project again
        [6, '开鲁县', '随便', 1, null, null, 'not-an-id'], // row 10: a 项目编号 that is not one
        [null, '合计', null, 1000, null, null, null], // row 11: the total, skipped
      ];
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('调度');
      rows.forEach((r) => sheet.addRow(r));
      sheet.mergeCells('B4:B5'); // 科尔沁区 over rows 4–5
      const file = Buffer.from(await book.xlsx.writeBuffer());

      const res = await upload(file, { dryRun: 'false' });
      expectAppError(res, 422, 'IMPORT_ROWS_INVALID');
      const report = (res.body as { details: ReturnReport }).details;
      const byRow = [...report.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      expect(byRow.map((e) => e.row)).toEqual([4, 5, 6, 9, 10]);
      expect(byRow[0]).toMatchObject({ column: '本月完成投资（亿元）' });
      expect(byRow[0]?.message).toContain('不是数字');
      expect(byRow[1]?.message).toContain('不一致');
      expect(byRow[2]?.message).toContain('未找到项目');
      expect(byRow[3]?.message).toContain('第 8 行');
      expect(byRow[4]?.message).toContain('格式不对');
      // The subtotal and the total are passed over, each with a note in the report.
      expect(report.totalRows).toBe(6);
      expect(report.warnings.filter((w) => /小计|合计/.test(w.message)).length).toBe(2);
      expect(await stored()).toEqual(before);

      // The good rows alone: 亿元 converted exactly, full-width digits read, the merged 旗县区 matches 创源 by name.
      const good = Buffer.from(
        await (async () => {
          const b = new ExcelJS.Workbook();
          const s = b.addWorksheet('调度');
          [rows[0], rows[1], header, [1, '科尔沁区', '经安一期镍铁合金', null, null, null, null], [2, null, '创源40万吨轻质高强铝合金材料', 1.2, 1.2, '5,000', null], rows[7]].forEach((r) => s.addRow(r as Cell[]));
          s.mergeCells('B4:B5');
          return b.xlsx.writeBuffer();
        })(),
      );
      const ok = (await upload(good, { dryRun: 'false' }).expect(200)).body as ReturnReport;
      expect(ok).toMatchObject({ errorRows: 0, updated: 2, unchanged: 1 });
      const written: Array<{ project_id: string; completed_investment: string }> = await p.db.query(
        "SELECT project_id, completed_investment::text FROM project_monthly_progress WHERE month = '2024-02-01' AND project_id = ANY($1) ORDER BY project_id",
        [[ids.chuangyuan, ids.longma]],
      );
      expect(Object.fromEntries(written.map((w) => [w.project_id, w.completed_investment]))).toEqual({ [ids.chuangyuan as string]: '12000.0000', [ids.longma as string]: '0.1000' });
      const funds: Array<{ project_id: string; amount: string }> = await p.db.query(
        "SELECT project_id, amount::text FROM project_monthly_funds WHERE month = '2024-02-01' AND project_id = ANY($1) ORDER BY project_id",
        [[ids.chuangyuan, ids.longma]],
      );
      expect(Object.fromEntries(funds.map((w) => [w.project_id, w.amount]))).toEqual({ [ids.chuangyuan as string]: '5000.0000', [ids.longma as string]: '123.0000' });
    });

    it('reads a GBK CSV (as Excel in China saves it): title line, header, thousands separators', async () => {
      const text = csv([
        ['2024年1–2月项目调度表'],
        ['本月：2024年2月'],
        ['项目编号', '项目名称', '旗县区', '本月完成投资', '本月到位资金'],
        [ids.longma as string, '龙马高端装备制造基地', '开鲁县', '0.1', '1,000'],
        [null, '合计', null, '0.1', '1,000'],
      ]);
      const file = gbk(text);
      const res = (await admin.post('/imports/project-progress').query({ dryRun: 'false' }).attach('file', file, { filename: '调度表.csv', contentType: 'text/csv' }).expect(200)).body as ReturnReport & { encoding: string };
      expect(res).toMatchObject({ encoding: 'gb18030', month: '2024-02', totalRows: 1, updated: 1, fundsWritten: 1 });
      const funds: Array<{ amount: string }> = await p.db.query("SELECT amount::text FROM project_monthly_funds WHERE project_id = $1 AND month = '2024-02-01'", [ids.longma]);
      expect(funds).toEqual([{ amount: '1000.0000' }]);
    });

    it('needs the month (query or title), refuses one that disagrees, and keeps to the caller\'s scope', async () => {
      const file = await exportFile();
      expectAppError(await upload(file, { month: '2024-03' }), 400, 'PROGRESS_RETURN_MONTH_INVALID', 'month');
      expectAppError(await upload(file, { month: '2024-13' }), 400, 'VALIDATION_FAILED', 'month');
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('调度');
      sheet.addRow(['项目名称', '本月完成投资', '项目编号']);
      sheet.addRow(['经安一期镍铁合金', 6000, ids.jingan]);
      const bare = Buffer.from(await book.xlsx.writeBuffer());
      expectAppError(await upload(bare), 400, 'PROGRESS_RETURN_MONTH_INVALID', 'month');
      expect(((await upload(bare, { month: '2024-02' }).expect(200)).body as ReturnReport).unchanged).toBe(1);
      expectAppError(await upload(bare, { month: '2099-01' }), 400, 'PROJECT_MONTH_IN_FUTURE', 'month');

      // A manager of 开鲁县 only: 经安 (科尔沁区) is not theirs.
      const managerY = await p.as(await p.f.manager({ regionUnitIds: [countyY.id] }));
      const res = (await upload(bare, { month: '2024-02' }, managerY).expect(200)).body as ReturnReport;
      expect(res.errors[0]?.message).toContain('不在您的管辖范围内');
      const member = await p.as(await p.f.user({ role: Role.Member }));
      expectAppError(await upload(bare, { month: '2024-02' }, member), 403, 'FORBIDDEN');
    });
  });
});
