import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { IMPORT_UPLOAD_DIR } from '../src/enterprises/import/enterprise-import.controller';
import { IndustryChain } from '../src/reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../src/reference/reference.module';
import { ReferenceService } from '../src/reference/reference.service';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { Cell, creditCode, csv, gbk, reorderZip, report, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const URL = '/api/v1/imports/enterprises';
const HEADER = ['企业名称', '企业简称', '统一社会信用代码', '所属产业链', '总部所在地', '标签', '成立日期', '备注', '联系人', '职务', '手机', '座机', '邮箱', '微信'];

/** A row under HEADER from the fields given by header name. */
function row(fields: Record<string, Cell>): Cell[] {
  return HEADER.map((h) => fields[h] ?? null);
}

describe('enterprise import (POST /imports/enterprises)', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  let admin: string;
  let member: string;
  let corn: IndustryChain;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    db = t.app.get<DataSource>(getDataSourceToken());
    admin = await (await f.adminUser()).token();
    member = await (await f.user({ role: Role.Member })).token();
    const chains = t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS);
    corn = await chains.create(null, { name: '玉米生物' });
    await chains.create(null, { name: '铝基循环新材料' });
    await chains.create(null, { name: '现代中医药（蒙医药）' });
    await chains.create(null, { name: '硅砂新材料', isActive: false });
  });
  afterAll(() => t.close());

  // Every upload, accepted or refused, leaves no temp file behind.
  afterEach(() => {
    const left = readdirSync(IMPORT_UPLOAD_DIR);
    if (left.length) throw new Error(`uploads left in ${IMPORT_UPLOAD_DIR}: ${left.join(', ')}`);
  });

  const upload = (file: Buffer, name: string, dryRun: boolean | undefined, token = admin) => {
    const req = t.http().post(URL).set('Authorization', `Bearer ${token}`);
    if (dryRun !== undefined) req.query({ dryRun: String(dryRun) });
    return req.attach('file', file, name);
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const enterprises = (like: string) => count('SELECT count(*) AS n FROM enterprises WHERE name LIKE $1', [like]);
  const contactsOf = (like: string) =>
    count('SELECT count(*) AS n FROM enterprise_contacts c JOIN enterprises e ON e.id = c.enterprise_id WHERE e.name LIKE $1', [like]);
  const byName = async (name: string) =>
    (await db.query('SELECT *, founded_on::text AS founded FROM enterprises WHERE name = $1', [name]))[0] as Record<string, unknown> | undefined;
  const importAudits = () => count("SELECT count(*) AS n FROM audit_log WHERE action = 'import'");

  describe('a file with bad rows', () => {
    const codes = { good: creditCode() };
    let file: Buffer;
    beforeAll(async () => {
      file = await xlsx([
        HEADER,
        row({ 企业名称: '坏行测试甲生物科技股份有限公司', 统一社会信用代码: codes.good, 所属产业链: '玉米生物', 联系人: '王经理', 手机: '13912345678' }),
        row({ 企业名称: '坏行测试乙公司', 统一社会信用代码: '91110000600037341I' }),
        row({ 企业名称: '坏行测试丙公司', 统一社会信用代码: '91350211M0000XUF46' }),
        row({ 企业名称: '坏行测试丁公司', 所属产业链: '不存在的产业链' }),
        row({ 企业名称: '坏行测试戊公司', 联系人: '李总', 手机: '12345' }),
        row({ 企业名称: '坏行测试己公司', 成立日期: '去年春天' }),
        row({ 企业简称: '没有全称', 备注: '名称是空的' }),
        row({}),
        row({ 企业名称: '坏行测试庚公司', 所属产业链: '硅砂新材料' }),
        row({ 企业名称: '坏行测试辛有限公司', 总部所在地: '广东省深圳市' }),
      ]);
    });

    it('the dry run reports each bad row by its Excel row number and reason, and writes nothing', async () => {
      const auditsBefore = await importAudits();
      const res = await upload(file, '名单.xlsx', true).expect(200);
      const r = report(res);
      expect(r).toMatchObject({ dryRun: true, fileType: 'xlsx', sheet: '企业名单', totalRows: 9, errorRows: 7, created: 2, updated: 0, unchanged: 0, contactsCreated: 1 });
      const at = (n: number) => r.errors.filter((e) => e.row === n);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual([{ row: 3, column: '统一社会信用代码', message: expect.stringContaining('格式不正确') }]);
      expect(at(4)).toEqual([{ row: 4, column: '统一社会信用代码', message: expect.stringContaining('校验位不符') }]);
      expect(at(5)).toEqual([{ row: 5, column: '所属产业链', message: expect.stringContaining('不存在') }]);
      expect(at(6)).toEqual([{ row: 6, column: '手机', message: expect.stringContaining('手机号') }]);
      expect(at(7)).toEqual([{ row: 7, column: '成立日期', message: expect.stringContaining('无法识别') }]);
      expect(at(8)).toEqual([{ row: 8, column: '企业名称', message: '企业名称不能为空' }]);
      expect(at(9)).toEqual([]); // a blank row is skipped, not an error
      expect(at(10)).toEqual([{ row: 10, column: '所属产业链', message: expect.stringContaining('已停用') }]);
      expect(await enterprises('坏行测试%')).toBe(0);
      expect(await contactsOf('坏行测试%')).toBe(0);
      expect(await importAudits()).toBe(auditsBefore);
    });

    it('without ?dryRun the request is a dry run', async () => {
      const res = await upload(file, '名单.xlsx', undefined).expect(200);
      expect(report(res)).toMatchObject({ dryRun: true, errorRows: 7 });
      expect(await enterprises('坏行测试%')).toBe(0);
    });

    it('the real run refuses the whole file with 422 and the report, writing nothing — not even the good rows', async () => {
      const res = await upload(file, '名单.xlsx', false).expect(422);
      expectError(res, 422, 'IMPORT_ROWS_INVALID');
      expect(res.body.details).toMatchObject({ dryRun: false, totalRows: 9, errorRows: 7 });
      expect(res.body.details.errors).toHaveLength(7);
      expect(await enterprises('坏行测试%')).toBe(0);
      expect(await contactsOf('坏行测试%')).toBe(0);
    });

    it('a bad checksum is accepted when the row says 强制保存 = 是, and recorded as overridden', async () => {
      const res = await upload(
        await xlsx([
          ['企业名称', '统一社会信用代码', '强制保存'],
          ['厦门校验位测试有限公司', '91350211M0000XUF46', '是'],
        ]),
        'override.xlsx',
        false,
      ).expect(200);
      expect(report(res)).toMatchObject({ created: 1, errorRows: 0 });
      expect(await byName('厦门校验位测试有限公司')).toMatchObject({ credit_code: '91350211M0000XUF46', credit_code_checksum_overridden: true });
    });
  });

  describe('a clean file, imported twice', () => {
    const meihua = creditCode();
    const huaneng = creditCode();
    let file: Buffer;
    beforeAll(async () => {
      file = await xlsx(
        [
          HEADER,
          row({
            企业名称: '往返梅花生物科技集团股份有限公司',
            企业简称: '往返梅花',
            统一社会信用代码: meihua,
            所属产业链: '玉米生物',
            总部所在地: '内蒙古自治区通辽市',
            标签: '上市公司、民营500强',
            成立日期: '2002年4月27日',
            备注: '玉米深加工',
            联系人: '王经理',
            职务: '投资发展部总监',
            手机: 13912345678, // Excel turned it into a number
            座机: '0475-8231234',
            邮箱: 'wang@example.com',
            微信: 'wang_mh',
          }),
          row({ 企业名称: '往返梅花生物科技集团股份有限公司', 统一社会信用代码: meihua, 联系人: '赵主任', 手机: '13812345678' }),
          row({ 企业名称: '往返华能通辽风力发电有限公司', 统一社会信用代码: huaneng, 所属产业链: '现代中医药(蒙医药)', 总部所在地: '北京市', 标签: '央企/国企,世界500强' }),
          row({ 企业名称: '往返经安有色金属有限公司', 总部所在地: '广东省深圳市南山区', 成立日期: '2010/3/1' }),
        ],
        (sheet) => {
          sheet.getCell('G5').value = 44678.5; // an Excel serial with a time: 2022-04-27 noon
        },
      );
    });

    it('creates the enterprises and contacts, audited, searchable, with every field converted', async () => {
      const before = await importAudits();
      const res = await upload(file, 'companies.xlsx', false).expect(200);
      expect(report(res)).toMatchObject({ dryRun: false, totalRows: 4, created: 3, updated: 0, unchanged: 1, contactsCreated: 2, errorRows: 0, errors: [] });
      expect(await byName('往返梅花生物科技集团股份有限公司')).toMatchObject({
        short_name: '往返梅花',
        credit_code: meihua,
        industry_chain_id: corn.id,
        hq_province: '内蒙古自治区',
        hq_city: '通辽市',
        tags: ['上市公司', '民营500强'],
        founded: '2002-04-27',
        notes: '玉米深加工',
      });
      expect(await byName('往返华能通辽风力发电有限公司')).toMatchObject({ hq_province: '北京市', hq_city: '北京市', tags: ['央企/国企', '世界500强'] });
      expect(await byName('往返经安有色金属有限公司')).toMatchObject({ hq_province: '广东省', hq_city: '深圳市', founded: '2022-04-27' });
      const contacts = await db.query(
        "SELECT c.name, c.title, c.mobile, c.landline, c.email, c.wechat FROM enterprise_contacts c JOIN enterprises e ON e.id = c.enterprise_id WHERE e.credit_code = $1 ORDER BY c.name",
        [meihua],
      );
      expect(contacts).toEqual([
        { name: '王经理', title: '投资发展部总监', mobile: '13912345678', landline: '0475-8231234', email: 'wang@example.com', wechat: 'wang_mh' },
        { name: '赵主任', title: null, mobile: '13812345678', landline: null, email: null, wechat: null },
      ]);
      // One audit entry per created enterprise and per new contact.
      expect((await importAudits()) - before).toBe(5);
      const search = await t.http().get('/api/v1/enterprises').query({ q: '往返梅花' }).set('Authorization', `Bearer ${member}`).expect(200);
      expect(search.body.items.map((e: { name: string }) => e.name)).toEqual(['往返梅花生物科技集团股份有限公司']);
    });

    it('importing the same file again creates nothing: every row is unchanged', async () => {
      const counts = [await enterprises('往返%'), await contactsOf('往返%'), await importAudits()];
      const res = await upload(file, 'companies.xlsx', false).expect(200);
      expect(report(res)).toMatchObject({ totalRows: 4, created: 0, updated: 0, unchanged: 4, contactsCreated: 0, errorRows: 0, warningCount: 0 });
      expect([await enterprises('往返%'), await contactsOf('往返%'), await importAudits()]).toEqual(counts);
    });

    it('a later file fills only the empty fields of a known enterprise and reports values that differ', async () => {
      const res = await upload(
        await xlsx([
          ['企业名称', '所属产业链', '成立日期', '备注'],
          ['往返经安有色金属有限责任公司', '铝基循环新材料', '2011-01-01', '镍铁合金'], // same normalised name
        ]),
        'fill.xlsx',
        false,
      ).expect(200);
      const r = report(res);
      expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect(r.warnings).toEqual([{ row: 2, message: expect.stringContaining('成立日期') }]);
      const jingan = await byName('往返经安有色金属有限公司');
      expect(jingan).toMatchObject({ founded: '2022-04-27', notes: '镍铁合金' });
      expect(jingan?.industry_chain_id).not.toBeNull();
      const [audit] = await db.query("SELECT changes FROM audit_log WHERE action = 'import' AND entity_id = $1 ORDER BY id DESC LIMIT 1", [jingan?.id]);
      expect(Object.keys(audit.changes).sort()).toEqual(['industryChainId', 'notes']);
    });
  });

  it('an old list naming a company merged away (its code or its name) updates the survivor, creating nothing', async () => {
    const api = (path: string, body: object) => t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body);
    const code = creditCode();
    const survivor = (await api('/enterprises', { name: '合并测试兴固新材料有限公司' }).expect(201)).body;
    const mergedByCode = (await api('/enterprises', { name: '合并测试兴固硅业有限公司', creditCode: code }).expect(201)).body;
    const mergedByName = (await api('/enterprises', { name: '合并测试兴固建材有限公司' }).expect(201)).body;
    await api(`/enterprises/${survivor.id}/merge`, { sourceId: mergedByCode.id }).expect(200);
    await api(`/enterprises/${survivor.id}/merge`, { sourceId: mergedByName.id }).expect(200);
    const before = await enterprises('合并测试%');
    const res = await upload(
      await xlsx([
        ['企业名称', '统一社会信用代码', '备注'],
        ['合并测试兴固硅业（旧名单）有限公司', code, '旧名单：硅业'],
        ['合并测试兴固建材有限公司', null, null],
      ]),
      'old-list.xlsx',
      false,
    ).expect(200);
    expect(report(res)).toMatchObject({ totalRows: 2, created: 0, errorRows: 0 });
    expect(await enterprises('合并测试%')).toBe(before);
    expect((await byName('合并测试兴固新材料有限公司'))?.notes).toBe('旧名单：硅业');
  });

  it('rows of the same enterprise within one file make one enterprise; the later rows fill it', async () => {
    const code = creditCode();
    const res = await upload(
      await xlsx([
        ['企业名称', '统一社会信用代码', '所属产业链', '联系人', '手机'],
        ['同文件兴固新材料股份有限公司', code, null, '甲', '13900000001'],
        ['同文件兴固新材料有限公司', null, '玉米生物', '乙', '13900000002'], // same normalised name, no code
        ['同文件兴固（通辽）新材料', code, null, '甲', '13900000001'], // same code, other name; same contact
        ['同文件兴固新材料有限公司', creditCode(), null, null, null], // same name, another code
      ]),
      'dups.xlsx',
      true,
    ).expect(200);
    const r = report(res);
    expect(r).toMatchObject({ totalRows: 4, created: 1, updated: 1, unchanged: 1, contactsCreated: 2, errorRows: 1 });
    expect(r.errors).toEqual([{ row: 5, message: expect.stringMatching(/第 2 行.*信用代码不同/) }]);
    expect(r.warnings).toEqual([{ row: 4, message: expect.stringMatching(/信用代码与第 2 行的企业.*相同而名称不同/) }]);

    // Without the conflicting row, for real.
    const clean = await xlsx([
      ['企业名称', '统一社会信用代码', '所属产业链', '联系人', '手机'],
      ['同文件兴固新材料股份有限公司', code, null, '甲', '13900000001'],
      ['同文件兴固新材料有限公司', null, '玉米生物', '乙', '13900000002'],
    ]);
    await upload(clean, 'dups.xlsx', false).expect(200);
    expect(await enterprises('同文件%')).toBe(1);
    expect(await byName('同文件兴固新材料股份有限公司')).toMatchObject({ credit_code: code, industry_chain_id: corn.id });
    expect(await contactsOf('同文件%')).toBe(2);
  });

  it('an in-file duplicate across the batch boundary, and more errors than the list holds', async () => {
    const rows: Cell[][] = [['企业名称', '所属产业链', '手机', '联系人']];
    for (let i = 0; i < 1200; i++) rows.push([`批量测试企业${i}有限公司`, null, null, null]);
    rows.push(['批量测试企业0有限公司', '玉米生物', null, null]); // row 1202 fills row 2's enterprise, two batches later
    const res = await upload(await xlsx(rows), 'many.xlsx', false).expect(200);
    expect(report(res)).toMatchObject({ totalRows: 1201, created: 1200, updated: 1, unchanged: 0 });
    expect(await byName('批量测试企业0有限公司')).toMatchObject({ industry_chain_id: corn.id });
    expect(await enterprises('批量测试企业%')).toBe(1200);

    const bad: Cell[][] = [['企业名称', '手机', '联系人']];
    for (let i = 0; i < 1100; i++) bad.push([`错误上限企业${i}`, '123', '某人']);
    const capped = report(await upload(await xlsx(bad), 'bad.xlsx', true).expect(200));
    expect(capped).toMatchObject({ totalRows: 1100, errorRows: 1100, errorCount: 1100 });
    expect(capped.errors).toHaveLength(1000);
    expect(capped.errors[999]).toMatchObject({ row: 1001 });
  });

  // exceljs's streaming reader decodes each 16 KB piece of the zip on its own: a Chinese
  // character cut by a piece boundary came out as U+FFFD, silently (exceljs#2084).
  it.each([
    ['shared strings, sheet set aside (as Excel orders the zip)', '共享', true, false],
    ['shared strings first, sheet streamed from the zip', '前置', true, true],
    ['inline strings (as the export writes them)', '内联', false, false],
  ])('long Chinese text across many decompression chunks arrives whole: %s', async (_what, tag, useSharedStrings, stringsFirst) => {
    const names = Array.from({ length: 400 }, (_, i) => `${tag}长名称${'内蒙古通辽市科尔沁区经济开发区新材料产业园'.repeat(1 + (i % 3))}${i}号有限公司`);
    const path = join(tmpdir(), `utf8-${randomBytes(4).toString('hex')}.xlsx`);
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['企业名称', '备注']).commit();
    // The notes are formulas: their cached text sits in the sheet itself, not in the shared strings.
    for (const name of names) sheet.addRow([name, { formula: 'A1&""', result: `${name}的备注：玉米深加工、铝基循环新材料` }]).commit();
    await book.commit();
    try {
      const written = readFileSync(path);
      const file = stringsFirst ? reorderZip(written, ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']) : written;
      const res = await upload(file, 'long.xlsx', false).expect(200);
      expect(report(res)).toMatchObject({ created: 400, errorRows: 0 });
    } finally {
      rmSync(path, { force: true });
    }
    const stored = await db.query('SELECT name, notes FROM enterprises WHERE name LIKE $1 ORDER BY name', [`${tag}长名称%`]);
    expect(stored.map((r: { name: string }) => r.name)).toEqual([...names].sort());
    expect(stored.filter((r: { notes: string }) => r.notes.includes('\uFFFD'))).toEqual([]);
  });

  it('formula cells count by their cached result; a formula without one is a row error', async () => {
    const file = await xlsx([['企业名称', '手机', '联系人', '备注'], [null, null, '王', null], [null, null, null, null]], (sheet) => {
      sheet.getCell('A2').value = { formula: 'CONCATENATE("公式兴固","新材料有限公司")', result: '公式兴固新材料有限公司' };
      sheet.getCell('B2').value = { formula: '13900000000+8', result: 13900000008 };
      sheet.getCell('A3').value = { formula: 'A2&"二"', result: '公式兴固新材料二有限公司' };
      sheet.getCell('D3').value = { formula: 'B2*2' } as Cell; // never calculated
    });
    const r = report(await upload(file, 'formula.xlsx', true).expect(200));
    expect(r).toMatchObject({ totalRows: 2, created: 1, errorRows: 1 });
    expect(r.errors).toEqual([{ row: 3, column: '备注', message: expect.stringContaining('公式没有计算结果') }]);

    const ok = await xlsx([['企业名称', '手机', '联系人']], (sheet) => {
      sheet.getCell('A2').value = { formula: 'CONCATENATE("公式兴固","新材料有限公司")', result: '公式兴固新材料有限公司' };
      sheet.getCell('B2').value = { formula: '13900000000+8', result: 13900000008 };
      sheet.getCell('C2').value = { richText: [{ text: '王' }, { font: { bold: true }, text: '经理' }] };
    });
    expect(report(await upload(ok, 'formula.xlsx', false).expect(200))).toMatchObject({ created: 1, contactsCreated: 1 });
    const [contact] = await db.query("SELECT c.name, c.mobile FROM enterprise_contacts c JOIN enterprises e ON e.id = c.enterprise_id WHERE e.name = '公式兴固新材料有限公司'");
    expect(contact).toEqual({ name: '王经理', mobile: '13900000008' });
  });

  it('成立日期 from a Chinese date, an Excel serial and a date cell', async () => {
    const file = await xlsx(
      [
        ['企业名称', '成立日期'],
        ['日期测试甲有限公司', '2022年4月27日'],
        ['日期测试乙有限公司', 44678],
        ['日期测试丙有限公司', new Date(Date.UTC(2022, 3, 27))],
        ['日期测试丁有限公司', '2022.4.27'],
      ],
      (sheet) => {
        sheet.getCell('B4').numFmt = 'yyyy"年"m"月"d"日"';
      },
    );
    expect(report(await upload(file, 'dates.xlsx', false).expect(200))).toMatchObject({ created: 4, errorRows: 0 });
    const founded = await db.query("SELECT DISTINCT founded_on::text AS d FROM enterprises WHERE name LIKE '日期测试%'");
    expect(founded).toEqual([{ d: '2022-04-27' }]);
  });

  it('unknown columns are ignored and reported; synonyms and a second sheet are handled', async () => {
    const file = await xlsx(
      [
        ['公司名称', '注册资本', '信用代码', '地址'],
        ['列名测试有限公司', '1000万', null, '通辽市'],
      ],
      (_sheet, book) => {
        book.addWorksheet('说明').addRow(['请勿修改表头']);
      },
    );
    const r = report(await upload(file, 'cols.xlsx', true).expect(200));
    expect(r).toMatchObject({ created: 1, errorRows: 0, ignoredColumns: ['注册资本', '地址'] });
    expect(r.warnings).toEqual([
      { message: expect.stringMatching(/不认识.*「注册资本」「地址」/) },
      { message: expect.stringContaining('「说明」') },
    ]);
  });

  it('a missing 企业名称 header, a header-only file and a repeated column are refused with 400', async () => {
    const noName = await upload(await xlsx([['简称', '手机'], ['甲', '13900000000']]), 'x.xlsx', true);
    expectError(noName, 400, 'IMPORT_MISSING_COLUMN');
    expect(noName.body.message).toContain('企业名称');
    expectError(await upload(await xlsx([HEADER]), 'x.xlsx', true), 400, 'IMPORT_NO_ROWS');
    expectError(await upload(await xlsx([['企业名称', '公司名称'], ['甲公司', '甲公司']]), 'x.xlsx', true), 400, 'IMPORT_DUPLICATE_COLUMN');
  });

  it('a name typed over two lines is read as one; a bare city is kept as the city, with a warning', async () => {
    const file = await xlsx([
      ['企业名称', '企业简称', '总部所在地'],
      ['换行测试锦联\n铝材有限公司', 'Jinlian  Aluminium', '深圳市'],
    ]);
    const r = report(await upload(file, 'x.xlsx', false).expect(200));
    expect(r.warnings).toEqual([{ row: 2, column: '总部所在地', message: expect.stringContaining('只记了城市') }]);
    expect(await byName('换行测试锦联铝材有限公司')).toMatchObject({ short_name: 'Jinlian Aluminium', hq_province: null, hq_city: '深圳市' });
  });

  it('a credit code Excel stored as a number is a row error that says why', async () => {
    const r = report(await upload(await xlsx([['企业名称', '统一社会信用代码'], ['数字代码有限公司', 911100006000373400]]), 'x.xlsx', true).expect(200));
    expect(r.errors).toEqual([{ row: 2, column: '统一社会信用代码', message: expect.stringContaining('存成了数字') }]);
  });

  describe('CSV', () => {
    const rows = [
      ['企业名称', '统一社会信用代码', '所属产业链', '总部所在地', '成立日期', '联系人', '手机'],
      ['编码测试锦联铝材股份有限公司', null, '铝基循环新材料', '内蒙古自治区通辽市', '2022/4/27', '孙经理', '13700000001'],
      ['编码测试玉王生物有限公司', null, '玉米生物', '广东省深圳市', '2022-04-27', null, null],
    ];

    it('reads a GBK (GB18030) CSV as Excel saves it in China', async () => {
      const file = gbk(csv(rows));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow(); // really not UTF-8
      const res = await upload(file, '企业.csv', false).expect(200);
      expect(report(res)).toMatchObject({ fileType: 'csv', encoding: 'gb18030', created: 2, contactsCreated: 1, errorRows: 0 });
      expect(await byName('编码测试锦联铝材股份有限公司')).toMatchObject({ hq_province: '内蒙古自治区', hq_city: '通辽市', founded: '2022-04-27' });
    });

    it('reads a UTF-8 CSV with a BOM; the BOM does not spoil the first header', async () => {
      const text = csv(rows.map((r, i) => (i === 0 ? r : r.map((v) => (typeof v === 'string' ? v.replace('编码测试', 'BOM测试') : v)))));
      const res = await upload(Buffer.from(`\uFEFF${text}`, 'utf8'), 'bom.csv', false).expect(200);
      expect(report(res)).toMatchObject({ fileType: 'csv', encoding: 'utf-8', created: 2, errorRows: 0 });
      expect(await enterprises('BOM测试%')).toBe(2);
    });

    it('CSV row numbers are the rows Excel shows', async () => {
      const text = csv([['企业名称', '手机', '联系人'], ['行号甲有限公司', '13700000001', '甲'], ['行号乙有限公司', 'abc', '乙']]);
      const r = report(await upload(Buffer.from(text), 'rows.csv', true).expect(200));
      expect(r.errors).toEqual([{ row: 3, column: '手机', message: expect.any(String) }]);
    });
  });

  describe('files that are not spreadsheets', () => {
    it('20 MB of random bytes named .xlsx: 400', async () => {
      const res = await upload(randomBytes(20 * 1024 * 1024), '企业名单.xlsx', true);
      expectError(res, 400, 'IMPORT_NOT_SPREADSHEET');
    });

    it('a zip that is not a workbook (zip magic, then garbage): 400', async () => {
      const res = await upload(Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(4096)]), 'fake.xlsx', true);
      expectError(res, 400, 'IMPORT_NOT_SPREADSHEET');
    });

    it('a PNG named .csv: 400', async () => {
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), randomBytes(512)]);
      expectError(await upload(png, 'list.csv', true), 400, 'IMPORT_NOT_SPREADSHEET');
    });

    it('an old .xls (OLE2) file gets advice to save as .xlsx', async () => {
      const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(1024)]);
      expectError(await upload(ole, 'list.xls', true), 400, 'IMPORT_LEGACY_XLS');
    });

    it('an empty file: 400', async () => {
      expectError(await upload(Buffer.alloc(0), 'empty.csv', true), 400, 'IMPORT_FILE_EMPTY');
    });

    it('a file over 30 MB: 413 in the error shape, nothing kept', async () => {
      const res = await upload(Buffer.alloc(31 * 1024 * 1024, 0x41), 'huge.csv', true);
      expectError(res, 413, 'IMPORT_FILE_TOO_LARGE');
    });
  });

  describe('the request', () => {
    it('no file: 400', async () => {
      const res = await t.http().post(URL).query({ dryRun: 'true' }).set('Authorization', `Bearer ${admin}`).field('note', 'x');
      expectError(res, 400, 'IMPORT_FILE_MISSING');
      expectError(await t.http().post(URL).set('Authorization', `Bearer ${admin}`).send({}), 400, 'IMPORT_FILE_MISSING');
    });

    it('the file under another field name: 400', async () => {
      const res = await t.http().post(URL).set('Authorization', `Bearer ${admin}`).attach('upload', Buffer.from('企业名称\n甲公司\n'), 'a.csv');
      expectError(res, 400, 'IMPORT_FILE_FIELD');
    });

    it('dryRun must be true or false', async () => {
      const res = await t.http().post(URL).query({ dryRun: 'maybe' }).set('Authorization', `Bearer ${admin}`).attach('file', Buffer.from('企业名称\n甲公司\n'), 'a.csv');
      expectError(res, 400, 'VALIDATION_FAILED', 'dryRun');
    });

    it('a real import while another runs: 409; a dry run still answers', async () => {
      const other = db.createQueryRunner();
      await other.connect();
      try {
        await other.query("SELECT pg_advisory_lock(hashtext('enterprise-import'))");
        const file = Buffer.from('企业名称\n并发导入有限公司\n');
        expectError(await upload(file, 'a.csv', false), 409, 'IMPORT_IN_PROGRESS');
        expect(report(await upload(file, 'a.csv', true).expect(200))).toMatchObject({ created: 1 });
        expect(await enterprises('并发导入%')).toBe(0);
      } finally {
        await other.query("SELECT pg_advisory_unlock(hashtext('enterprise-import'))");
        await other.release();
      }
    });

    it('a member may not import: 403', async () => {
      const res = await upload(Buffer.from('企业名称\n成员导入有限公司\n'), 'a.csv', false, member);
      expectError(res, 403, 'FORBIDDEN');
      expect(await enterprises('成员导入%')).toBe(0);
    });

    it('signed out: 401', async () => {
      expectError(await t.http().post(URL).attach('file', Buffer.from('企业名称\n甲\n'), 'a.csv'), 401, 'UNAUTHENTICATED');
    });
  });
});
