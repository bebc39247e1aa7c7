import type { Test } from 'supertest';
import { Role } from '../src/common/auth/auth-user';
import { CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { binary, Cell, readXlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

interface Item {
  seq: number;
  id: string;
  name: string;
  lifecycleLabel: string;
  enterprise: { name: string } | null;
  regionUnit: { name: string } | null;
  industryChain: { name: string } | null;
  team: { name: string } | null;
  totalInvestment: string;
  signedOn: string | null;
  registeredOn: string | null;
  startedOn: string | null;
  deadline: string | null;
  overdueDays: number | null;
}
interface List {
  label: string;
  count: number;
  overdue: number;
  items: Item[];
}

const xlsxOf = (req: Test) => req.buffer(true).parse(binary).expect(200);
const date = (d: string | null) => (d === null ? null : new Date(`${d}T00:00:00Z`));
/** A row of cells as exceljs reads them back (empty cells as null). */
const cells = (row: Cell[] | undefined, n: number) => Array.from({ length: n }, (_, i) => row?.[i] ?? null);

describe('registry reports: 三未清单 and the 项目汇总表 .xlsx', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let admin: RegistryClient;
  let county: { id: string; name: string };
  let chain: { id: string; name: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    admin = await p.as(await p.f.adminUser());
    const city = await p.f.region();
    county = await p.f.region({ parentId: city.id, name: '奈曼旗', code: '150525' });
    chain = await crm.industryChain('新能源装备');
    const investor = await crm.enterprise({ name: '内蒙古测试能源有限公司' });
    // The hand table (数据截至 2024-03-01, a leap year; registration due 90 days after signing):
    //   A signed 2023-12-01 → due 2024-02-29 → 1 day overdue; B signed 2023-11-30 → due 2024-02-28 → 2;
    //   C signed 2024-01-31 → due 2024-04-30 → 0; F signed 2024-01-01 → due 2024-03-31 → 0 (registers on 2024-03-02, after the date);
    //   J registered, planned start 2023-01-31 (a month end) → 395; D planned start 2023-02-28 → 367; E no planned start → blank, last;
    //   G started 2020-02-29, planned completion 2021-02-28 → 1097; I planned completion 2024-12-31 → 0; K started without a registration date, no planned completion → blank;
    //   H completed 2024-02-01: on no list.
    const table: Array<[string, string, Record<string, string | null>]> = [
      ['A', '1400000', { signed_on: '2023-12-01' }],
      ['B', '0.5', { signed_on: '2023-11-30' }],
      ['C', '20000', { signed_on: '2024-01-31' }],
      ['F', '3000.25', { signed_on: '2024-01-01', registered_on: '2024-03-02' }],
      ['D', '5000', { signed_on: '2021-12-01', registered_on: '2022-01-15', planned_start_on: '2023-02-28' }],
      ['E', '6000', { registered_on: '2023-06-01' }],
      ['J', '7000', { registered_on: '2023-01-01', planned_start_on: '2023-01-31' }],
      ['G', '8000', { registered_on: '2020-01-01', started_on: '2020-02-29', planned_completion_on: '2021-02-28' }],
      ['I', '9000', { registered_on: '2022-01-01', started_on: '2023-01-31', planned_completion_on: '2024-12-31' }],
      ['K', '10000', { signed_on: '2023-01-01', started_on: '2023-06-01' }],
      ['H', '11000', { registered_on: '2022-01-01', started_on: '2023-01-01', completed_on: '2024-02-01' }],
    ];
    for (const [key, totalInvestment, dates] of table) {
      const project = await p.project({ name: `三未测试项目${key}`, totalInvestment, regionUnitId: county.id, industryChainId: chain.id, ...(key === 'A' ? { enterpriseId: investor.id } : {}) });
      ids[key] = project.id;
      const cols = Object.keys(dates);
      await p.db.query(`UPDATE projects SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [project.id, ...cols.map((c) => dates[c])]);
    }
  }, 60_000);
  afterAll(() => t.close());

  const unfulfilled = async (query: Record<string, unknown>, client = admin) => (await client.get('/registry/unfulfilled').query({ regionUnitId: county.id, ...query }).expect(200)).body;
  const keysOf = (list: List) => list.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));

  it('lists each project once where its dates put it on 数据截至, most overdue first, days exact across the leap day and month ends', async () => {
    const body = await unfulfilled({ asOf: '2024-03-01' });
    expect(body.dataAsOf).toBe('2024-03-01');
    expect(body.registerWithinDays).toBe(90);
    const lists = body as Record<'unregistered' | 'notStarted' | 'notProducing', List>;
    expect(keysOf(lists.unregistered)).toEqual(['B', 'A', 'F', 'C']);
    expect(lists.unregistered.items.map((i) => [i.deadline, i.overdueDays])).toEqual([
      ['2024-02-28', 2],
      ['2024-02-29', 1],
      ['2024-03-31', 0],
      ['2024-04-30', 0],
    ]);
    expect(keysOf(lists.notStarted)).toEqual(['J', 'D', 'E']);
    expect(lists.notStarted.items.map((i) => i.overdueDays)).toEqual([395, 367, null]);
    expect(keysOf(lists.notProducing)).toEqual(['G', 'I', 'K']);
    expect(lists.notProducing.items.map((i) => i.overdueDays)).toEqual([1097, 0, null]);
    expect([lists.unregistered, lists.notStarted, lists.notProducing].map((l) => [l.label, l.count, l.overdue])).toEqual([
      ['签约未注册', 4, 2],
      ['注册未开工', 3, 2],
      ['开工未投产', 3, 1],
    ]);
    const a = lists.unregistered.items[1] as Item;
    expect(a).toMatchObject({ seq: 2, name: '三未测试项目A', enterprise: { name: '内蒙古测试能源有限公司' }, regionUnit: { name: '奈曼旗' }, industryChain: { name: '新能源装备' }, team: null, totalInvestment: '1400000', signedOn: '2023-12-01' });
  });

  it('is due on the deadline itself, overdue the day after; earlier dates give earlier lists', async () => {
    const onLeapDay = await unfulfilled({ asOf: '2024-02-29' });
    expect((onLeapDay.unregistered as List).items.map((i) => [i.deadline, i.overdueDays])).toEqual([
      ['2024-02-28', 1],
      ['2024-02-29', 0],
      ['2024-03-31', 0],
      ['2024-04-30', 0],
    ]);
    expect((onLeapDay.unregistered as List).overdue).toBe(1);
    // Before H completed it was still building; before C was signed it was on no list.
    const january = await unfulfilled({ asOf: '2024-01-15' });
    expect(keysOf(january.unregistered as List)).toEqual(['B', 'A', 'F']);
    const building = keysOf(january.notProducing as List);
    expect(building.slice(0, 2)).toEqual(['G', 'I']);
    // Without a deadline: last, in no particular order among themselves.
    expect(building.slice(2).sort()).toEqual(['H', 'K']);
    expect((january.notProducing as List).items.map((i) => i.overdueDays)).toEqual([1051, 0, null, null]);
  });

  it('limits the JSON lists but counts them in full; refuses bad input in Chinese', async () => {
    const body = await unfulfilled({ asOf: '2024-03-01', limit: 1 });
    expect((body.unregistered as List).items).toHaveLength(1);
    expect((body.unregistered as List).count).toBe(4);
    expectAppError(await admin.get('/registry/unfulfilled').query({ asOf: '2024-02-30' }), 400, 'VALIDATION_FAILED');
    expectAppError(await admin.get('/registry/unfulfilled').query({ limit: 0 }), 400, 'VALIDATION_FAILED');
    expectAppError(await admin.get('/registry/unfulfilled').query({ bogus: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('shows a member only the projects of their scope (none here)', async () => {
    const member = await p.as(await p.f.user({ role: Role.Member }));
    const body = await unfulfilled({ asOf: '2024-03-01' }, member);
    expect([body.unregistered.count, body.notStarted.count, body.notProducing.count]).toEqual([0, 0, 0]);
  });

  it('.xlsx: one sheet per list, every cell equal to the JSON view, audited', async () => {
    const query = { regionUnitId: county.id, asOf: '2024-03-01' };
    const json = (await admin.get('/registry/unfulfilled').query(query).expect(200)).body;
    const res = await xlsxOf(admin.get('/registry/unfulfilled.xlsx').query(query));
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('三未清单-2024-03-01.xlsx')}`);
    expect(res.headers['cache-control']).toBe('no-store');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['签约未注册', '注册未开工', '开工未投产']);
    const since = { unregistered: (i: Item) => i.signedOn, notStarted: (i: Item) => i.registeredOn, notProducing: (i: Item) => i.startedOn };
    for (const [n, kind] of (['unregistered', 'notStarted', 'notProducing'] as const).entries()) {
      const sheet = book.worksheets[n] as import('exceljs').Worksheet;
      const list = json[kind] as List;
      expect(sheet.getCell('A1').value).toBe(`三未清单（${list.label}）`);
      expect(String(sheet.getCell('A2').value)).toContain('数据截至：2024-03-01');
      expect(String(sheet.getCell('A2').value)).toContain(`${list.label}项目 ${list.count} 个，其中逾期 ${list.overdue} 个`);
      expect(sheet.getCell('A3').value).toBe('金额单位：万元');
      expect(cells((sheet.getRow(4).values as Cell[]).slice(1), 11)).toEqual(['序号', '项目名称', '投资方', '旗县区', '产业链', '招商队', '总投资', '项目阶段', (list as unknown as { sinceLabel: string }).sinceLabel, (list as unknown as { deadlineLabel: string }).deadlineLabel, '逾期天数']);
      list.items.forEach((i, r) => {
        const row = sheet.getRow(5 + r);
        expect(cells((row.values as Cell[]).slice(1), 11)).toEqual([
          i.seq,
          i.name,
          i.enterprise?.name ?? null,
          i.regionUnit?.name ?? null,
          i.industryChain?.name ?? null,
          i.team?.name ?? null,
          Number(i.totalInvestment),
          i.lifecycleLabel,
          date(since[kind](i)),
          date(i.deadline),
          i.overdueDays,
        ]);
      });
      // The row after the table is empty, then 说明, then 制表单位 and 制表日期.
      const after = 5 + list.items.length;
      expect(sheet.getRow(after).getCell(1).value ?? null).toBeNull();
      expect(String(sheet.getRow(after + 1).getCell(1).value)).toMatch(/^说明：/);
      const foot = [...Array(4).keys()].map((k) => String(sheet.getRow(after + 2 + k).getCell(1).value ?? '')).find((v) => v.startsWith('制表单位'));
      expect(foot).toBe('制表单位：通辽市投资促进中心');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '4:4' });
    }
    // Whole amounts show without a trailing point, decimals as they are.
    const first = book.worksheets[0] as import('exceljs').Worksheet;
    expect([5, 6].map((r) => [first.getRow(r).getCell(7).value, first.getRow(r).getCell(7).numFmt])).toEqual([
      [0.5, '#,##0.0'],
      [1400000, '#,##0'],
    ]);
    const [entry] = await p.db.query(`SELECT changes->'rows'->>'to' AS rows FROM audit_log WHERE entity = 'unfulfilled-export' AND actor_id = $1 ORDER BY at DESC LIMIT 1`, [admin.user.id]);
    expect(JSON.parse(entry.rows)).toEqual({ unregistered: 4, notStarted: 3, notProducing: 3 });
  });

  describe('项目汇总表 .xlsx', () => {
    beforeAll(async () => {
      await p.plan(ids.D as string, 2024, '4000');
      await p.plan(ids.J as string, 2024, '1000.5');
      await p.plan(ids.J as string, 2023, '2000');
      await p.progress(ids.D as string, '2024-01', '1000');
      await p.progress(ids.J as string, '2023-02', '500');
      await p.db.query(`UPDATE projects SET is_continuing = true WHERE id = $1`, [ids.J]);
    });

    it('holds GET /registry/summary cell by cell: groups, 新建/续建/改扩建, 上年同期, 同比, 合计', async () => {
      const query = { year: 2024, asOf: '2024-03-01', regionUnitId: county.id, groupBy: 'county' };
      const json = (await admin.get('/registry/summary').query(query).expect(200)).body;
      const res = await xlsxOf(admin.get('/registry/summary.xlsx').query(query));
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('2024年项目汇总表（按旗县区）.xlsx'));
      const { sheet } = await readXlsx(res.body as Buffer);
      const rows = Array.from({ length: 12 }, (_, i) => (sheet.getRow(i + 1).values as Cell[]).slice(1));
      expect(sheet.getCell('A1').value).toBe('2024年项目汇总表（按旗县区）');
      expect(String(sheet.getCell('A2').value)).toContain('数据截至：2024-03-01');
      expect(sheet.getCell('A3').value).toBe('金额单位：万元');
      expect([1, 2, 9, 12, 15, 19].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['旗县区', '本期', '新建', '续建', '改扩建', '上年同期']);
      expect(cells(rows[4], 9).slice(1)).toEqual(['项目数', '总投资', '年度计划投资', '完成投资', '完成率', '序时进度', '超/欠进度（百分点）', '项目数']);
      type R = { group: { name: string } | null; projectCount: number; totalInvestment: string; annualPlan: string; completedInYear: string; planDoneRate: number | null; timeElapsedRate: number; aheadByPoints: number | null; byConstruction: Array<{ projectCount: number; annualPlan: string; completedInYear: string }>; previous: { projectCount: number; annualPlan: string; completedInYear: string; planDoneRate: number | null }; yoy: { projectCount: number; annualPlan: string; completedInYear: string; pacePoints: number | null } };
      const pct = (n: number | null) => (n === null ? null : n / 100);
      const expected = (r: R, label: string) => [
        label,
        r.projectCount,
        Number(r.totalInvestment),
        Number(r.annualPlan),
        Number(r.completedInYear),
        pct(r.planDoneRate),
        pct(r.timeElapsedRate),
        r.aheadByPoints,
        ...r.byConstruction.flatMap((c) => [c.projectCount, Number(c.annualPlan), Number(c.completedInYear)]),
        r.previous.projectCount,
        Number(r.previous.annualPlan),
        Number(r.previous.completedInYear),
        pct(r.previous.planDoneRate),
        r.yoy.projectCount,
        Number(r.yoy.annualPlan),
        Number(r.yoy.completedInYear),
        r.yoy.pacePoints,
      ];
      const groups = json.groups as R[];
      expect(groups).toHaveLength(1);
      const width = 25;
      // Percent cells hold the fraction of the percent figure (0.1667 for 16.67): equal to 10 places.
      const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e10) / 1e10 : v);
      const approx = (got: Cell[], want: Array<string | number | null>) => expect(got.map(round)).toEqual(want.map(round));
      approx(cells(rows[5], width), expected(groups[0] as R, '奈曼旗'));
      approx(cells(rows[6], width), expected(json.total as R, '合计'));
      // The hand-checked figures: D and J planned (4000 + 1000.5), D completed 1000 in January; J is 续建.
      expect(cells(rows[6], 9)).toEqual(['合计', 2, 12000, 5000.5, 1000, expect.any(Number), expect.any(Number), expect.any(Number), 1]);
      expect(cells(rows[6], 25).slice(11, 14)).toEqual([1, 1000.5, 0]);
      expect(sheet.getRow(7).getCell(4).numFmt).toBe('#,##0.0');
      expect(sheet.getRow(7).getCell(3).numFmt).toBe('#,##0');
      expect(rows[7]?.length ?? 0).toBe(0);
      expect(String(rows[8]?.[0])).toMatch(/^说明：/);
    });

    it('refuses the summary query\'s bad input as the JSON view does', async () => {
      expectAppError(await admin.get('/registry/summary.xlsx').query({ groupBy: 'town' }), 400, 'VALIDATION_FAILED');
    });
  });
});
