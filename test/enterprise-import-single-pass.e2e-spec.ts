import { randomBytes } from 'node:crypto';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { Cell, creditCode, report, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const URL = '/api/v1/imports/enterprises';
const HEADER = ['企业名称', '企业简称', '统一社会信用代码', '所属产业链', '总部所在地', '标签', '成立日期', '备注', '联系人', '职务', '手机', '座机', '邮箱', '微信'];
const row = (fields: Record<string, Cell>): Cell[] => HEADER.map((h) => fields[h] ?? null);

/**
 * Issue 18: the real run reads the file once, checking and writing in the same pass (it used to
 * check in a first pass and write in a second). Its refusal must carry exactly the report the
 * check gives — the dry run's, row by row — for a file with every kind of error, bad rows both
 * before and after the first 500-row write batch; and the rows it writes must carry the search
 * columns the single write (POST /enterprises) stores.
 */
describe('enterprise import in one pass', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await (await new Factory(t).adminUser()).token();
  }, 60_000);
  afterAll(() => t?.close());

  const upload = (file: Buffer, dryRun: boolean) => t.http().post(URL).query({ dryRun: String(dryRun) }).set('Authorization', `Bearer ${admin}`).attach('file', file, '名单.xlsx');
  const create = (body: Record<string, unknown>) => t.http().post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body).expect(201);
  const counts = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM enterprises)::int AS e, (SELECT count(*) FROM enterprise_contacts)::int AS c, (SELECT count(*) FROM audit_log)::int AS a`))[0] as Record<string, number>;

  it('refuses a file with every kind of error with the dry run’s report, writing nothing', async () => {
    const tag = randomBytes(3).toString('hex');
    const existingCode = creditCode();
    await create({ name: `单遍${tag}已有企业有限公司`, creditCode: existingCode });
    const good = (i: number) => row({ 企业名称: `单遍${tag}企业${i}号有限公司`, 统一社会信用代码: creditCode(), 联系人: `联系人${i}`, 手机: `139${String(10_000_000 + i).slice(-8)}` });
    const bad: Record<number, Cell[]> = {
      3: row({ 企业名称: `单遍${tag}格式公司`, 统一社会信用代码: '91110000600037341I' }),
      10: row({ 企业名称: `单遍${tag}校验位公司`, 统一社会信用代码: '91350211M0000XUF46' }),
      40: row({ 企业名称: `单遍${tag}产业链公司`, 所属产业链: '不存在的产业链' }),
      120: row({ 企业名称: `单遍${tag}手机公司`, 联系人: '李总', 手机: '12345' }),
      300: row({ 企业名称: `单遍${tag}日期公司`, 成立日期: '去年春天' }),
      450: row({ 企业简称: '没有全称' }),
      // Past the first write batch (data rows 1–500).
      520: row({ 企业名称: `单遍${tag}已有企业有限公司`, 统一社会信用代码: creditCode() }), // same name as a company in the database, another code
      610: row({ 企业名称: `单遍${tag}文件内企业有限公司`, 统一社会信用代码: creditCode() }), // same name as row 600, another code
      700: row({ 企业名称: `单遍${tag}邮箱公司`, 联系人: '赵经理', 邮箱: 'not-an-email' }),
      701: row({ 企业名称: `单遍${tag}座机公司`, 联系人: '钱经理', 座机: '12' }),
      702: row({ 企业名称: `单遍${tag}缺联系人公司`, 手机: '13912345678' }),
      703: row({ 企业名称: `单遍${tag}标签公司`, 标签: '不存在的标签' }),
      704: row({ 企业名称: '甲' }),
      705: row({ 企业名称: `单遍${tag}多处错误公司`, 统一社会信用代码: 'X', 手机: '1', 成立日期: '2999-01-01' }),
    };
    const data: Cell[][] = [HEADER];
    // Data row 600 is good: the company row 610 clashes with.
    const first = row({ 企业名称: `单遍${tag}文件内企业有限公司`, 统一社会信用代码: creditCode() });
    for (let i = 1; i <= 800; i++) data.push(bad[i] ?? (i === 600 ? first : good(i)));
    const file = await xlsx(data);

    const before = await counts();
    const dry = report(await upload(file, true).expect(200));
    const real = await upload(file, false);
    expectError(real, 422, 'IMPORT_ROWS_INVALID');
    expect(real.body.details).toEqual({ ...dry, dryRun: false });
    // The report itself, by Excel row (data row + 1) and column, from the table above.
    expect(dry).toMatchObject({ totalRows: 800, errorRows: Object.keys(bad).length });
    expect(new Set(dry.errors.map((e) => e.row))).toEqual(new Set(Object.keys(bad).map((i) => Number(i) + 1)));
    const at = (i: number) => dry.errors.filter((e) => e.row === i + 1);
    expect(at(3)).toEqual([{ row: 4, column: '统一社会信用代码', message: expect.stringContaining('格式不正确') }]);
    expect(at(120)).toEqual([{ row: 121, column: '手机', message: expect.stringContaining('手机号') }]);
    expect(at(520)).toEqual([{ row: 521, message: expect.stringMatching(/已有企业.*信用代码不同/) }]);
    expect(at(610)).toEqual([{ row: 611, message: expect.stringMatching(/第 601 行.*信用代码不同/) }]);
    expect(at(705).map((e) => e.column).sort()).toEqual(['成立日期', '手机', '统一社会信用代码']);
    expect(await counts()).toEqual(before);
  });

  it('stores the search columns of imported and filled rows exactly as the single write does', async () => {
    const tag = randomBytes(3).toString('hex');
    const names = {
      plain: `内蒙古${tag}梅花生物科技集团股份有限公司`,
      short: `重庆${tag}长安汽车ＡＢＣ 2号厂有限公司`,
      filledInFile: `呼和浩特${tag}银行行长乐器有限公司`,
      filledExisting: `鄂尔多斯${tag}吕氏女儿绿色能源有限公司`,
      // Quotes and backslashes: the gram arrays go to COPY and to the fill as array literals.
      quoted: `上海${tag}"星\\辰"科技有限公司`,
      filledQuoted: `天津${tag}"北\\斗"导航有限公司`,
    };
    const shortOf = { short: '长安ABC', filledInFile: '乐器', filledExisting: '吕氏', quoted: '星"辰\\', filledQuoted: '"北斗\\' };
    const columns = 'search_text, search_grams, pinyin_initials, pinyin_full, pinyin_grams';
    const stored = async (name: string) => (await t.db.query(`SELECT ${columns} FROM enterprises WHERE name = $1`, [name]))[0] as Record<string, unknown>;
    // The independent computation: each company first written once by POST /enterprises with the
    // names it ends up with, its columns kept, then renamed aside so that the import makes it anew.
    const expected: Record<string, Record<string, unknown>> = {};
    for (const [key, name] of Object.entries(names)) {
      await create({ name, shortName: shortOf[key as keyof typeof shortOf] });
      expected[key] = await stored(name);
      await t.db.query(`UPDATE enterprises SET name = name || '（旧）', normalized_name = normalized_name || '（旧）' WHERE name = $1`, [name]);
    }
    // Present before the import without a short name: the import fills it.
    await create({ name: names.filledExisting });
    await create({ name: names.filledQuoted });
    const file = await xlsx([
      HEADER,
      row({ 企业名称: names.plain }),
      row({ 企业名称: names.short, 企业简称: shortOf.short }),
      row({ 企业名称: names.filledInFile }),
      row({ 企业名称: names.filledExisting, 企业简称: shortOf.filledExisting }),
      row({ 企业名称: names.filledInFile, 企业简称: shortOf.filledInFile }), // fills the short name of row 4's new company
      row({ 企业名称: names.quoted, 企业简称: shortOf.quoted }),
      row({ 企业名称: names.filledQuoted, 企业简称: shortOf.filledQuoted }),
    ]);
    expect(report(await upload(file, false).expect(200))).toMatchObject({ created: 4, updated: 3, errorRows: 0 });
    for (const [key, name] of Object.entries(names)) expect({ key, ...(await stored(name)) }).toEqual({ key, ...expected[key] });
  });
});
