import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { ENTERPRISE_COLUMNS } from '../src/enterprises/import/import-columns';
import { IndustryChain } from '../src/reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../src/reference/reference.module';
import { ReferenceService } from '../src/reference/reference.service';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { binary, Cell, creditCode, readXlsx, report, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const EXPORT = '/api/v1/enterprises/export.xlsx';
const HEADERS = ENTERPRISE_COLUMNS.map((c) => c.header);
const col = (header: string) => HEADERS.indexOf(header);

describe('enterprise export (GET /enterprises/export.xlsx)', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  let admin: string;
  let member: string;
  let corn: IndustryChain;
  const meihuaCode = creditCode();

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    db = t.app.get<DataSource>(getDataSourceToken());
    admin = await (await f.adminUser()).token();
    member = await (await f.user({ role: Role.Member })).token();
    const chains = t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS);
    corn = await chains.create(null, { name: '玉米生物' });
    const alu = await chains.create(null, { name: '铝基循环新材料' });

    const post = async (url: string, body: object) => {
      const res = await t.http().post(`/api/v1${url}`).set('Authorization', `Bearer ${admin}`).send(body);
      if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const meihua = await post('/enterprises', {
      name: '导出梅花生物科技集团股份有限公司',
      shortName: '导出梅花',
      creditCode: meihuaCode,
      industryChainId: corn.id,
      hqProvince: '内蒙古自治区',
      hqCity: '通辽市',
      tags: ['上市公司', '民营500强'],
      foundedOn: '2002-04-27',
      notes: '玉米深加工',
    });
    await post(`/enterprises/${meihua.id}/contacts`, {
      name: '王经理',
      title: '投资发展部总监',
      mobile: '13912345678',
      landline: '0475-8231234',
      email: 'wang@example.com',
      wechat: 'wang_mh',
    });
    await post(`/enterprises/${meihua.id}/contacts`, { name: '赵主任', mobile: '13812345678' });
    await post('/enterprises', {
      name: '导出华能通辽风力发电有限公司',
      creditCode: '91350211M0000XUF46',
      overrideChecksum: true,
      industryChainId: alu.id,
      hqProvince: '北京市',
      hqCity: '北京市',
      tags: ['央企/国企'],
    });
    const jingan = await post('/enterprises', { name: '导出经安有色金属有限公司', hqProvince: '广东省' });
    await post(`/enterprises/${jingan.id}/contacts`, { name: '钱工' });
    const archived = await post('/enterprises', { name: '导出已归档有限公司' });
    await t.http().post(`/api/v1/enterprises/${archived.id}/archive`).set('Authorization', `Bearer ${admin}`).expect(200);
  });
  afterAll(() => t.close());

  // The admin's export is the full one (contact details included); what others get is tested below.
  const download = (query: Record<string, string> = {}, token = admin) =>
    t.http().get(EXPORT).query(query).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  const dataRows = async (query: Record<string, string> = {}) => {
    const res = await download(query).expect(200);
    const { rows } = await readXlsx(res.body as Buffer);
    expect(rows[0]).toEqual(HEADERS);
    return rows.slice(1);
  };
  /** The newest export audit entry, by plain SQL. */
  const lastExport = async () => {
    const [row] = await db.query(
      `SELECT actor_id, action, changes->'filters'->'to' AS filters, (changes->'enterprises'->>'to')::int AS enterprises,
              (changes->'rows'->>'to')::int AS rows, (changes->'contactDetails'->>'to')::boolean AS "contactDetails", (changes->'complete'->>'to')::boolean AS complete
         FROM audit_log WHERE entity = 'enterprise-export' ORDER BY id DESC LIMIT 1`,
    );
    return row as { actor_id: string; action: string; filters: Record<string, string>; enterprises: number; rows: number; contactDetails: boolean; complete: boolean } | undefined;
  };
  const exportCount = async () => Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE entity = 'enterprise-export'`))[0].n);
  const named = (rows: Cell[][], name: string) => rows.filter((r) => r[col('企业名称')] === name);

  it('an admin downloads the list as an .xlsx named for the day, with the import headers and a frozen header row', async () => {
    const res = await download().expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`企业库-${businessDate(new Date())}.xlsx`)}`);
    const { sheet, rows } = await readXlsx(res.body as Buffer);
    expect(sheet.name).toBe('企业库');
    expect(rows[0]).toEqual(HEADERS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(col('企业名称') + 1).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });

  it('one row per contact person, the enterprise columns repeated; one row for an enterprise without contacts; archived ones left out', async () => {
    const rows = await dataRows();
    const meihua = named(rows, '导出梅花生物科技集团股份有限公司');
    expect(meihua).toHaveLength(2);
    const wang = meihua.find((r) => r[col('联系人')] === '王经理') as Cell[];
    expect(wang[col('企业简称')]).toBe('导出梅花');
    expect(wang[col('统一社会信用代码')]).toBe(meihuaCode);
    expect(wang[col('所属产业链')]).toBe('玉米生物');
    expect(wang[col('总部所在地')]).toBe('内蒙古自治区通辽市');
    expect(wang[col('标签')]).toBe('上市公司、民营500强');
    expect(wang[col('成立日期')]).toEqual(new Date(Date.UTC(2002, 3, 27))); // a real date cell
    expect(wang[col('备注')]).toBe('玉米深加工');
    expect([wang[col('职务')], wang[col('手机')], wang[col('座机')], wang[col('邮箱')], wang[col('微信')]]).toEqual([
      '投资发展部总监',
      '13912345678', // text, not a number Excel would reformat
      '0475-8231234',
      'wang@example.com',
      'wang_mh',
    ]);
    const [huaneng] = named(rows, '导出华能通辽风力发电有限公司');
    expect(huaneng?.[col('强制保存')]).toBe('是');
    expect(huaneng?.[col('总部所在地')]).toBe('北京市');
    expect(huaneng?.[col('联系人')]).toBeUndefined();
    expect(named(rows, '导出经安有色金属有限公司').map((r) => [r[col('总部所在地')], r[col('联系人')]])).toEqual([['广东省', '钱工']]);
    expect(named(rows, '导出已归档有限公司')).toEqual([]);
  });

  it('takes the filters of the list', async () => {
    const names = (rows: Cell[][]) => [...new Set(rows.map((r) => r[col('企业名称')]))];
    expect(names(await dataRows({ industryChainId: corn.id }))).toEqual(['导出梅花生物科技集团股份有限公司']);
    expect(names(await dataRows({ q: '经安' }))).toEqual(['导出经安有色金属有限公司']);
    expect(names(await dataRows({ hqProvince: '北京市' }))).toEqual(['导出华能通辽风力发电有限公司']);
    expect(names(await dataRows({ tag: '上市公司' }))).toEqual(['导出梅花生物科技集团股份有限公司']);
    expect(await dataRows({ q: '没有这样的企业' })).toEqual([]);
  });

  it('refuses paging parameters and bad filters like the list does', async () => {
    expectError(await t.http().get(EXPORT).query({ cursor: 'abc' }).set('Authorization', `Bearer ${member}`), 400, 'VALIDATION_FAILED', 'cursor');
    expectError(await t.http().get(EXPORT).query({ industryChainId: 'x' }).set('Authorization', `Bearer ${member}`), 400, 'VALIDATION_FAILED', 'industryChainId');
  });

  it('signed out: 401', async () => {
    expectError(await t.http().get(EXPORT), 401, 'UNAUTHENTICATED');
  });

  // An import batch shares one created_at: the keyset must step over ties by id, across the batch boundary.
  it('reads the database in batches: a list longer than one batch comes out whole, each enterprise once', async () => {
    const rows: Cell[][] = [['企业名称', '总部所在地']];
    for (let i = 0; i < 1050; i++) rows.push([`导出批次企业${String(i).padStart(4, '0')}有限公司`, '海南省海口市']);
    const imported = await t.http().post('/api/v1/imports/enterprises').query({ dryRun: 'false' }).set('Authorization', `Bearer ${admin}`).attach('file', await xlsx(rows), 'batch.xlsx');
    expect(report(imported)).toMatchObject({ created: 1050 });
    const exported = (await dataRows({ hqProvince: '海南省' })).map((r) => r[col('企业名称')]);
    expect(exported).toHaveLength(1050);
    expect(new Set(exported).size).toBe(1050);
    // Audited as one export, after the last batch: its count is the whole stream's.
    expect(await lastExport()).toMatchObject({ filters: { hqProvince: '海南省' }, enterprises: 1050, rows: 1050, complete: true });
  });

  it('export → import changes nothing: every row is unchanged, no warnings, no new records', async () => {
    const file = (await download({}, admin).expect(200)).body as Buffer;
    const counts = async () =>
      (await db.query(`SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM enterprise_contacts) AS c, (SELECT count(*) FROM audit_log) AS a`))[0];
    const before = await counts();
    const res = await t.http().post('/api/v1/imports/enterprises').query({ dryRun: 'false' }).set('Authorization', `Bearer ${admin}`).attach('file', file, '企业库.xlsx');
    const r = report(res);
    expect(res.status).toBe(200);
    expect(r).toMatchObject({ created: 0, updated: 0, contactsCreated: 0, errorRows: 0, warningCount: 0, ignoredColumns: [] });
    expect(r.unchanged).toBe(r.totalRows);
    expect(r.totalRows).toBeGreaterThanOrEqual(4);
    expect(await counts()).toEqual(before);
  });

  /**
   * Contact details leave in bulk only with an admin. Its own companies (named 审计导出…), expected
   * by hand: 甲 has 孙总 (董事长, all four channels) and 李秘书 (秘书, a mobile), 乙 no contact,
   * 丙 has 周工 (an e-mail only).
   */
  describe('contact details and the audit trail', () => {
    const Q = { q: '审计导出' };
    const CHANNELS = ['手机', '座机', '邮箱', '微信'];
    const SECRETS = ['13700001111', '0475-8230001', 'sun@example.com', 'sun_wx', '13700002222', 'zhou@example.com'];
    const WITHOUT = HEADERS.filter((h) => !CHANNELS.includes(h));
    let users: Record<'member' | 'managerIn' | 'managerNone', { id: string; token: string }>;
    let chainId: string;

    beforeAll(async () => {
      const post = async (url: string, body: object) => {
        const res = await t.http().post(`/api/v1${url}`).set('Authorization', `Bearer ${admin}`).send(body);
        if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { id: string };
      };
      chainId = (await t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS).create(null, { name: '现代煤化工' })).id;
      const jia = await post('/enterprises', { name: '审计导出甲有限公司', industryChainId: chainId });
      await post(`/enterprises/${jia.id}/contacts`, { name: '孙总', title: '董事长', mobile: '13700001111', landline: '0475-8230001', email: 'sun@example.com', wechat: 'sun_wx' });
      await post(`/enterprises/${jia.id}/contacts`, { name: '李秘书', title: '秘书', mobile: '13700002222' });
      await post('/enterprises', { name: '审计导出乙有限公司' });
      const bing = await post('/enterprises', { name: '审计导出丙有限公司' });
      await post(`/enterprises/${bing.id}/contacts`, { name: '周工', email: 'zhou@example.com' });

      const city = await f.region();
      const memberUser = await f.user({ role: Role.Member });
      await f.team({ regionUnitId: city.id, memberIds: [memberUser.id] });
      const managerIn = await f.manager({ regionUnitIds: [city.id] });
      const managerNone = await f.manager();
      users = {
        member: { id: memberUser.id, token: await memberUser.token() },
        managerIn: { id: managerIn.id, token: await managerIn.token() },
        managerNone: { id: managerNone.id, token: await managerNone.token() },
      };
    });

    it.each(['member', 'managerIn', 'managerNone'] as const)('%s: the companies and their people by name and post, no mobile, landline, e-mail or WeChat', async (who) => {
      const res = await download(Q, users[who].token).expect(200);
      const { rows } = await readXlsx(res.body as Buffer);
      expect(rows[0]).toEqual(WITHOUT);
      const text = JSON.stringify(rows);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const at = (h: string) => WITHOUT.indexOf(h);
      const people = rows.slice(1).map((r) => [r[at('企业名称')], r[at('联系人')] ?? null, r[at('职务')] ?? null]);
      expect(people).toEqual([
        ['审计导出甲有限公司', '孙总', '董事长'],
        ['审计导出甲有限公司', '李秘书', '秘书'],
        ['审计导出乙有限公司', null, null],
        ['审计导出丙有限公司', '周工', null],
      ]);
      expect(await lastExport()).toEqual({ actor_id: users[who].id, action: 'export', filters: Q, enterprises: 3, rows: 4, contactDetails: false, complete: true });
    });

    it('admin: every contact channel, audited as such', async () => {
      const adminId = (await f.adminUser()).id;
      const { rows } = await readXlsx((await download(Q).expect(200)).body as Buffer);
      expect(rows[0]).toEqual(HEADERS);
      const text = JSON.stringify(rows);
      for (const secret of SECRETS) expect(text).toContain(secret);
      expect(rows).toHaveLength(1 + 4);
      expect(await lastExport()).toEqual({ actor_id: adminId, action: 'export', filters: Q, enterprises: 3, rows: 4, contactDetails: true, complete: true });
      await download({ ...Q, industryChainId: chainId }).expect(200);
      expect(await lastExport()).toEqual({ actor_id: adminId, action: 'export', filters: { ...Q, industryChainId: chainId }, enterprises: 1, rows: 2, contactDetails: true, complete: true });
    });

    it('audits every export, an empty one too, once each; a refused request is not an export', async () => {
      const before = await exportCount();
      await download({ q: '没有这样的企业' }, users.member.token).expect(200);
      expect(await lastExport()).toEqual({ actor_id: users.member.id, action: 'export', filters: { q: '没有这样的企业' }, enterprises: 0, rows: 0, contactDetails: false, complete: true });
      await download({ ...Q, industryChainId: chainId }, users.managerIn.token).expect(200);
      expect(await lastExport()).toEqual({ actor_id: users.managerIn.id, action: 'export', filters: { ...Q, industryChainId: chainId }, enterprises: 1, rows: 2, contactDetails: false, complete: true });
      expectError(await t.http().get(EXPORT).query({ industryChainId: 'x' }).set('Authorization', `Bearer ${users.member.token}`), 400, 'VALIDATION_FAILED', 'industryChainId');
      expectError(await t.http().get(EXPORT).query(Q), 401, 'UNAUTHENTICATED');
      expect(await exportCount()).toBe(before + 2);
    });
  });
});
