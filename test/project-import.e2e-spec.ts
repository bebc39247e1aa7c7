import { readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { IMPORT_UPLOAD_DIR } from '../src/common/spreadsheet/upload.interceptor';
import { ProjectLevel, ProjectLifecycle, ProjectNature } from '../src/projects/entities/project-enums';
import { API, cjk, CrmFactory } from './harness/crm-factories';
import { expectError } from './harness/expect-error';
import { Factory, TestUser, unique } from './harness/factories';
import { ProjectFactory } from './harness/project-factories';
import { binary, Cell, csv, gbk, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

/** What the import answers (ImportReportBase). */
interface Report {
  dryRun: boolean;
  fileType: string;
  encoding?: string;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorRows: number;
  errors: Array<{ row?: number; column?: string; message: string }>;
  warnings: Array<{ row?: number; column?: string; message: string }>;
  ignoredColumns: string[];
}

/** The export's columns, as the counties see them (a hand list, not the code's). */
const HEADER = [
  '序号',
  '项目编号',
  '项目名称',
  '投资主体',
  '统一社会信用代码',
  '所在旗县区',
  '所属产业链',
  '建设性质',
  '新建/续建',
  '项目级别',
  '项目阶段',
  '总投资（万元）',
  '计划开工日期',
  '实际开工日期',
  '计划竣工日期',
  '建设规模及内容',
  '预计年产值（万元）',
  '预计年税收（万元）',
  '项目负责人',
  '备注',
];
const NATURE: Record<string, string> = { new: '新建', expansion: '扩建', renovation: '改建/技改', relocation: '迁建' };
const LEVEL: Record<string, string> = { region_major: '自治区重大', city_key: '市重点', county_key: '旗县重点', general: '一般' };
const STAGE: Record<string, string> = { signed: '已签约', registered: '已注册', preparation: '前期手续', construction: '开工建设', operating: '投产运行', stalled: '停缓建' };

interface DbProject {
  id: string;
  name: string;
  enterprise: string | null;
  credit_code: string | null;
  county: string | null;
  chain: string | null;
  nature: string;
  is_continuing: boolean;
  level: string;
  lifecycle: string;
  total_investment: string;
  planned_start_on: string | null;
  started_on: string | null;
  planned_completion_on: string | null;
  capacity: string | null;
  expected_output_value: string | null;
  expected_tax: string | null;
  owner: string | null;
  notes: string | null;
  version: number;
  lead_id: string | null;
  team_id: string | null;
}

const PROJECTS_SQL = `SELECT p.id, p.name, e.name AS enterprise, e.credit_code, r.name AS county, c.name AS chain, p.nature, p.is_continuing, p.level, p.lifecycle,
         p.total_investment::text, p.planned_start_on::text, p.started_on::text, p.planned_completion_on::text, p.capacity,
         p.expected_output_value::text, p.expected_tax::text, u.display_name AS owner, p.notes, p.version, p.lead_id, p.team_id
    FROM projects p LEFT JOIN enterprises e ON e.id = p.enterprise_id LEFT JOIN region_units r ON r.id = p.region_unit_id
    LEFT JOIN industry_chains c ON c.id = p.industry_chain_id LEFT JOIN users u ON u.id = p.owner_user_id`;

/** A numeric(18,4) text as the number Excel holds. */
const num = (v: string | null) => (v === null ? null : Number(v));
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

describe('project list import and export (POST /imports/projects, GET /registry/projects.xlsx)', () => {
  let t: TestApp;
  let f: Factory;
  let p: ProjectFactory;
  let db: DataSource;
  let admin: string;
  let managerA: string;
  let member: string;
  let countyA: { id: string; name: string };
  let countyB: { id: string; name: string };
  let chain: { id: string; name: string };
  let enterprise: { id: string; name: string; creditCode: string | null };
  let owner: TestUser;
  let archived: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new ProjectFactory(t, f);
    db = t.db;
    const crm = new CrmFactory(t, f);
    const { counties } = await f.cityWithCounties(2);
    [countyA, countyB] = counties as unknown as [{ id: string; name: string }, { id: string; name: string }];
    chain = await crm.industryChain();
    enterprise = await crm.enterprise();
    owner = await f.user({ role: Role.Member, displayName: `负责人${cjk(3)}` });
    admin = await (await f.adminUser()).token();
    managerA = await (await f.manager({ regionUnitIds: [countyA.id] })).token();
    member = await (await f.user({ role: Role.Member })).token();
    await p.project({
      name: `导出甲${cjk(4)}项目`,
      regionUnitId: countyA.id,
      enterpriseId: enterprise.id,
      industryChainId: chain.id,
      ownerUserId: owner.id,
      totalInvestment: '12345.6789',
      nature: ProjectNature.Expansion,
      level: ProjectLevel.CityKey,
      lifecycle: ProjectLifecycle.Construction,
      isContinuing: true,
      plannedStartOn: '2022-03-01',
      startedOn: '2022-04-27',
      plannedCompletionOn: '2023-12-31',
      capacity: '年产 10 万吨\n二期厂房',
      expectedOutputValue: '50000',
      expectedTax: '0.5',
      notes: '备注一',
    });
    await p.project({ name: `导出乙${cjk(4)}`, regionUnitId: countyA.id, totalInvestment: '1400000' });
    await p.project({ name: `导出丙${cjk(4)}`, regionUnitId: countyB.id, totalInvestment: '591.95', industryChainId: chain.id });
    // A project keeps a company since archived and an owner who has left: its export must still re-import unchanged.
    archived = await crm.enterprise();
    const left = await f.user({ role: Role.Member, displayName: `离职${cjk(3)}` });
    await p.project({ name: `导出丁${cjk(4)}`, regionUnitId: countyB.id, totalInvestment: '8', enterpriseId: archived.id, ownerUserId: left.id });
    await db.query('UPDATE enterprises SET archived_at = now() WHERE id = $1', [archived.id]);
    await db.query('UPDATE users SET is_active = false WHERE id = $1', [left.id]);
  }, 60_000);
  afterAll(() => t.close());

  afterEach(() => {
    const left = readdirSync(IMPORT_UPLOAD_DIR);
    if (left.length) throw new Error(`uploads left in ${IMPORT_UPLOAD_DIR}: ${left.join(', ')}`);
  });

  const download = (token: string) => t.http().get(`${API}/registry/projects.xlsx`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  const upload = (file: Buffer, name: string, dryRun: boolean, token = admin) =>
    t.http().post(`${API}/imports/projects`).query({ dryRun: String(dryRun) }).set('Authorization', `Bearer ${token}`).attach('file', file, name);
  const all = (): Promise<DbProject[]> => db.query(`${PROJECTS_SQL} ORDER BY p.created_at, p.id`);
  const byName = async (name: string): Promise<DbProject | undefined> => (await db.query(`${PROJECTS_SQL} WHERE p.name = $1`, [name]))[0];
  const importAudits = async () => Number((await db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'project'"))[0].n);

  /** The data rows of an exported sheet: between the header (序号 …) and the first row without a 项目编号. */
  async function exported(buffer: Buffer): Promise<{ book: ExcelJS.Workbook; sheet: ExcelJS.Worksheet; headerRow: number; rows: Cell[][] }> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      if (!headerRow && row.getCell(1).value === '序号') headerRow = n;
    });
    const rows: Cell[][] = [];
    for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
      const values = HEADER.map((_h, i) => sheet.getRow(n).getCell(i + 1).value);
      if (!values[1]) break;
      rows.push(values);
    }
    return { book, sheet, headerRow, rows };
  }

  const save = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());

  describe('the export', () => {
    it('lists every project with the import columns, cell by cell as the database holds them', async () => {
      const res = await download(admin);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
      const { sheet, headerRow, rows } = await exported(res.body as Buffer);
      expect(HEADER.map((_h, i) => sheet.getRow(headerRow).getCell(i + 1).value)).toEqual(HEADER);
      const expected = (await all()).map((d, i) => [
        i + 1,
        d.id,
        d.name,
        d.enterprise,
        d.credit_code,
        d.county,
        d.chain,
        NATURE[d.nature],
        d.is_continuing ? '续建' : '新建',
        LEVEL[d.level],
        STAGE[d.lifecycle],
        num(d.total_investment),
        d.planned_start_on,
        d.started_on,
        d.planned_completion_on,
        d.capacity,
        num(d.expected_output_value),
        num(d.expected_tax),
        d.owner,
        d.notes,
      ]);
      expect(rows.map((r) => r.map(day))).toEqual(expected);
      // The same figures as the JSON API gives for each project.
      const api = await t.http().get(`${API}/projects`).query({ limit: 100 }).set('Authorization', `Bearer ${admin}`);
      const views = new Map((api.body.items as Array<Record<string, unknown>>).map((v) => [v.id, v]));
      expect(views.size).toBe(rows.length);
      for (const r of rows) {
        const v = views.get(r[1]) as Record<string, string | null>;
        expect([r[2], r[11], r[16], r[17], day(r[12])]).toEqual([v.name, Number(v.totalInvestment), num(v.expectedOutputValue), num(v.expectedTax), v.plannedStartOn]);
      }
      // Whole amounts show without a trailing point; 12345.6789 with its four decimals.
      const total = HEADER.indexOf('总投资（万元）') + 1;
      const amountFormats = rows.map((_r, i) => sheet.getRow(headerRow + 1 + i).getCell(total).numFmt);
      expect(amountFormats[expected.findIndex((e) => e[11] === 1400000)]).toBe('#,##0');
      expect(amountFormats[expected.findIndex((e) => e[11] === 12345.6789)]).toBe('#,##0.0000');
      const audit = await db.query("SELECT changes FROM audit_log WHERE entity = 'project-export' ORDER BY id DESC LIMIT 1");
      expect(audit[0].changes).toMatchObject({ rows: { to: expected.length }, complete: { to: true } });
    });

    it("gives a manager the projects of the units they manage, and a member 403", async () => {
      const { rows } = await exported((await download(managerA)).body as Buffer);
      const inA: Array<{ id: string }> = await db.query('SELECT id FROM projects WHERE region_unit_id = $1 ORDER BY created_at, id', [countyA.id]);
      expect(rows.map((r) => r[1])).toEqual(inA.map((r) => r.id));
      expectError(await t.http().get(`${API}/registry/projects.xlsx`).set('Authorization', `Bearer ${member}`), 403, 'FORBIDDEN');
    });
  });

  describe('the round trip', () => {
    it('imports its own export unchanged: every row unchanged, dry or real, nothing written', async () => {
      const file = (await download(admin)).body as Buffer;
      const before = await all();
      const audits = await importAudits();
      for (const dryRun of [true, false]) {
        const res = await upload(file, '项目清单.xlsx', dryRun);
        expect(res.status).toBe(200);
        const r = res.body as Report;
        expect(r).toMatchObject({ dryRun, fileType: 'xlsx', totalRows: before.length, unchanged: before.length, created: 0, updated: 0, errorRows: 0, ignoredColumns: [] });
      }
      expect(await all()).toEqual(before);
      expect(await importAudits()).toBe(audits);
    });

    it('updates exactly the edited cells, creates the new rows, and a second import changes nothing', async () => {
      const { book, sheet, headerRow, rows } = await exported((await download(admin)).body as Buffer);
      const first = (await all())[0] as DbProject;
      const edited = rows.findIndex((r) => r[1] === first.id);
      const rowOf = (i: number) => sheet.getRow(headerRow + 1 + i);
      const col = (h: string) => HEADER.indexOf(h) + 1;
      const renamed = `${first.name}（改）`;
      rowOf(edited).getCell(col('项目名称')).value = renamed;
      rowOf(edited).getCell(col('总投资（万元）')).value = 20000;
      rowOf(edited).getCell(col('项目阶段')).value = '投产运行';
      // A new project typed in under the last one, without 项目编号.
      const added = `新增${cjk(4)}项目`;
      const next = sheet.getRow(headerRow + 1 + rows.length);
      next.values = [null, null, added, enterprise.name, null, countyB.name, chain.name, '新建', '新建', '一般', '前期手续', '5,000', '2027年3月1日'];
      // Whatever the foot held (说明, 制表单位) moves down one row.
      const buffer = await save(book);

      const dry = (await upload(buffer, 'edited.xlsx', true)).body as Report;
      expect(dry).toMatchObject({ totalRows: rows.length + 1, updated: 1, created: 1, unchanged: rows.length - 1, errorRows: 0 });
      const others = (await all()).filter((d) => d.id !== first.id);
      const audits = await importAudits();
      const real = await upload(buffer, 'edited.xlsx', false);
      expect(real.status).toBe(200);
      expect(real.body).toMatchObject({ dryRun: false, updated: 1, created: 1, unchanged: rows.length - 1 });

      const after = await byName(renamed);
      expect(after).toEqual({ ...first, name: renamed, total_investment: '20000.0000', lifecycle: 'operating', version: first.version + 1 });
      expect((await all()).filter((d) => d.id !== first.id && d.name !== added)).toEqual(others);
      expect(await byName(added)).toMatchObject({
        enterprise: enterprise.name,
        county: countyB.name,
        chain: chain.name,
        nature: 'new',
        is_continuing: false,
        level: 'general',
        lifecycle: 'preparation',
        total_investment: '5000.0000',
        planned_start_on: '2027-03-01',
        lead_id: null,
        team_id: null,
        version: 1,
      });
      expect(await importAudits()).toBe(audits + 2);

      const again = (await upload(buffer, 'edited.xlsx', false)).body as Report;
      expect(again).toMatchObject({ updated: 0, created: 0, unchanged: rows.length + 1 });
      expect(await importAudits()).toBe(audits + 2);
    });
  });

  describe('bad files', () => {
    it('names the required columns a file lacks', async () => {
      const res = await upload(await xlsx([['名称', '地点', '金额']]), 'wrong.xlsx', true);
      expectError(res, 400, 'IMPORT_MISSING_COLUMN');
      expect(res.body.message).toBe('前 10 行中没有找到表头：表头应包含必填列「项目名称」「所在旗县区」「总投资（万元）」');
      const partial = await upload(await xlsx([['项目名称', '总投资'], ['甲', 1]]), 'partial.xlsx', true);
      expect(partial.body.message).toBe('表头（第 1 行）缺少必填列「所在旗县区」');
    });

    it('reads a county file as officials keep it: title, 亿元 header, merged county, totals, Chinese dates, full-width digits, "5,000"', async () => {
      const names = [`杂乱甲${cjk(3)}`, `杂乱乙${cjk(3)}`, `杂乱丙${cjk(3)}`];
      const file = await xlsx(
        [
          [`${countyA.name}2026年新建项目清单`],
          ['填报单位：某旗县区', null, null, '单位：亿元'],
          ['序号', '所在旗县区', '项目名称', '计划总投资（亿元）', '开工时间', '预计年产值（万元）', '联系电话'],
          [1, countyA.name, names[0], 1.5, '2022年4月27日', '5,000', '0475-1234567'],
          [2, null, names[1], '０．０１２３４５', '2022.5.1', '１２３', null],
          ['小计', null, null, 1.512345, null, 5123, null],
          [3, countyB.name, names[2], '0.2亿', '20220601', '5000万元', null],
          ['合计', null, null, 1.712345, null, null, null],
          ['制表人：张三'],
        ],
        (sheet) => {
          sheet.mergeCells('A1:G1');
          sheet.mergeCells('B4:B5');
        },
      );
      const r = (await upload(file, 'messy.xlsx', true)).body as Report;
      expect(r).toMatchObject({ totalRows: 3, created: 3, errorRows: 0, ignoredColumns: ['联系电话'] });
      expect(r.warnings).toEqual([
        { message: '以下列不认识，未导入：「联系电话」' },
        { row: 6, message: '第 6 行是「小计」行，未导入' },
        { row: 8, message: '第 8 行是「合计」行，未导入' },
      ]);
      expect((await upload(file, 'messy.xlsx', false)).status).toBe(200);
      const got = await Promise.all(names.map(byName));
      expect(got.map((g) => [g?.county, g?.total_investment, g?.started_on, g?.expected_output_value])).toEqual([
        [countyA.name, '15000.0000', '2022-04-27', '5000.0000'],
        [countyA.name, '123.4500', '2022-05-01', '123.0000'],
        [countyB.name, '2000.0000', '2022-06-01', '5000.0000'],
      ]);
    });

    it('refuses text in number columns, bad dates, formulas without a value and too many decimals, each by row and column, in Chinese', async () => {
      const file = await xlsx(
        [
          ['项目名称', '所在旗县区', '总投资（万元）', '计划开工日期', '项目阶段'],
          [`坏甲${cjk(3)}`, countyA.name, '约五千万', null, null],
          [`坏乙${cjk(3)}`, countyA.name, 100, '明年春天', null],
          [`坏丙${cjk(3)}`, countyA.name, { formula: 'C2*2' } as Cell, null, null],
          [`坏丁${cjk(3)}`, countyA.name, '1.23456', null, '快完工了'],
          [`坏戊${cjk(3)}`, '不存在的旗县', 1, null, null],
        ],
      );
      const r = (await upload(file, 'bad.xlsx', true)).body as Report;
      expect(r.errorRows).toBe(5);
      expect(r.errors).toEqual([
        { row: 2, column: '总投资（万元）', message: '「总投资（万元）」应填数字，「约五千万」不是数字' },
        { row: 3, column: '计划开工日期', message: expect.stringContaining('「计划开工日期」「明年春天」无法识别') },
        { row: 4, column: '总投资（万元）', message: expect.stringContaining('请在 Excel 中重新计算并保存') },
        { row: 5, column: '项目阶段', message: expect.stringContaining('「项目阶段」的「快完工了」不认识：可填 已签约、已注册') },
        { row: 5, column: '总投资（万元）', message: '「总投资（万元）」最多 4 位小数，「1.23456」位数过多：请勿填写比 1 元更小的金额' },
        { row: 6, column: '所在旗县区', message: expect.stringContaining('所在旗县区「不存在的旗县」不存在') },
      ]);
    });

    it('reads a GBK CSV', async () => {
      const name = `编码${cjk(4)}`;
      const text = csv([
        ['项目名称', '所在旗县区', '总投资（万元）', '计划开工日期'],
        [name, countyA.name, '5,000', '2022年4月27日'],
      ]);
      const r = (await upload(gbk(text), 'gbk.csv', false)).body as Report;
      expect(r).toMatchObject({ fileType: 'csv', encoding: 'gb18030', created: 1 });
      expect(await byName(name)).toMatchObject({ county: countyA.name, total_investment: '5000.0000', planned_start_on: '2022-04-27' });
    });

    it('writes nothing when one row is bad: 422 with the report', async () => {
      const good = `全有全无${cjk(4)}`;
      const file = await xlsx([
        ['项目名称', '所在旗县区', '总投资（万元）', '投资主体'],
        [good, countyA.name, 100, null],
        [`全有全无${cjk(4)}`, countyA.name, 100, `没有这家${cjk(4)}有限公司`],
      ]);
      const res = await upload(file, 'one-bad.xlsx', false);
      expectError(res, 422, 'IMPORT_ROWS_INVALID');
      expect(res.body.details).toMatchObject({ errorRows: 1, errors: [{ row: 3, column: '投资主体', message: expect.stringContaining('不在企业库中') }] });
      expect(await byName(good)).toBeUndefined();
    });

    it('refuses an archived company or a user who has left for a new project', async () => {
      const file = await xlsx([['项目名称', '所在旗县区', '总投资（万元）', '投资主体', '项目负责人'], [`归档${cjk(4)}`, countyA.name, 1, archived.name, null]]);
      const r = (await upload(file, 'archived.xlsx', true)).body as Report;
      expect(r.errors).toEqual([{ row: 2, column: '投资主体', message: `投资主体「${archived.name}」已归档，不能作为新的投资主体` }]);
      const gone = (await byName((await all()).find((d) => d.name.startsWith('导出丁'))?.name as string))?.owner as string;
      const r2 = (await upload(await xlsx([['项目名称', '所在旗县区', '总投资（万元）', '项目负责人'], [`离职${cjk(4)}`, countyA.name, 1, gone]]), 'left.xlsx', true)).body as Report;
      expect(r2.errors).toEqual([{ row: 2, column: '项目负责人', message: `项目负责人「${gone}」不是在职用户：请填写系统中的姓名或手机号` }]);
    });

    it('refuses a project named twice in one file', async () => {
      const twice = `重复${cjk(4)}`;
      const r = (await upload(await xlsx([['项目名称', '所在旗县区', '总投资（万元）'], [twice, countyA.name, 1], [twice, countyA.name, 2]]), 'twice.xlsx', true)).body as Report;
      expect(r.errors).toEqual([{ row: 3, column: '项目名称', message: '与第 2 行是同一个项目，一个项目只能有一行' }]);
    });
  });

  describe('scope', () => {
    it("gives a manager row errors for units outside their scope, and lets them import their own", async () => {
      const mine = unique('本县');
      const file = await xlsx([
        ['项目名称', '所在旗县区', '总投资（万元）'],
        [mine, countyA.name, 10],
        [unique('外县'), countyB.name, 10],
      ]);
      const r = (await upload(file, 'scope.xlsx', true, managerA)).body as Report;
      expect(r).toMatchObject({ created: 1, errorRows: 1 });
      expect(r.errors).toEqual([{ row: 3, column: '所在旗县区', message: `「${countyB.name}」不在您管辖的区域内，不能导入该旗县区的项目` }]);
      const other = (await all()).find((d) => d.county === countyB.name) as DbProject;
      const byId = await xlsx([['项目编号', '项目名称', '所在旗县区', '总投资（万元）'], [other.id, other.name, countyA.name, 10]]);
      const r2 = (await upload(byId, 'scope-id.xlsx', true, managerA)).body as Report;
      expect(r2.errors).toEqual([{ row: 2, column: '项目编号', message: expect.stringContaining('不存在或不在您的管辖范围内') }]);
    });

    it('answers a member 403', async () => {
      const file = await xlsx([['项目名称', '所在旗县区', '总投资（万元）'], ['甲乙', countyA.name, 1]]);
      expectError(await upload(file, 'member.xlsx', true, member), 403, 'FORBIDDEN');
    });
  });
});
