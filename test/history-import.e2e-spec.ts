import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { businessDate } from '../src/common/time/business-time';
import { InteractionView } from '../src/interactions/dto/interaction.dto';
import { INTERACTION_SHEET_COLUMNS } from '../src/interactions/interaction-sheet';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { LEAD_SHEET_COLUMNS } from '../src/leads/lead-sheet';
import { LeadsSweepJob } from '../src/reminders/leads-sweep.job';
import { expectError } from './harness/expect-error';
import { cjk, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { TeamsService } from '../src/teams/teams.service';
import { binary, Cell, creditCode, csv, gbk, readXlsx, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const API = '/api/v1';
const LEAD_HEADERS = LEAD_SHEET_COLUMNS.map((c) => c.header);
const INTERACTION_HEADERS = INTERACTION_SHEET_COLUMNS.map((c) => c.header);

interface HistoryReport {
  dryRun: boolean;
  headerRow?: number;
  totalRows: number;
  created: number;
  unchanged: number;
  errorRows: number;
  errors: Array<{ row?: number; column?: string; message: string }>;
  warnings: Array<{ row?: number; column?: string; message: string }>;
  ignoredColumns: string[];
}

/** The data rows of an exported sheet under its header (the row starting with `firstHeader`), by header. */
function table(rows: Cell[][], firstHeader: string): { header: Cell[]; data: Array<Map<string, Cell>> } {
  const at = rows.findIndex((r) => r[0] === firstHeader);
  const header = rows[at] as Cell[];
  // The data end at the first row without an id: the 说明 and 制表单位 lines follow.
  const data: Array<Map<string, Cell>> = [];
  for (const r of rows.slice(at + 1)) {
    if (typeof r[0] !== 'string' || !/^[0-9a-f-]{36}$/.test(r[0])) break;
    data.push(new Map(header.map((h, i) => [String(h), r[i] ?? null])));
  }
  return { header, data };
}


describe('history import and export of leads and interactions', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let pf: PipelineFactory;
  let db: DataSource;
  let admin: string;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let chain: { id: string; name: string };
  let e1: { id: string; name: string; creditCode: string | null };
  let e2: { id: string; name: string };
  const e1Code = creditCode();

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    crm = new CrmFactory(t, f);
    pf = new PipelineFactory(t, f);
    db = t.app.get<DataSource>(getDataSourceToken());
    admin = await (await f.adminUser()).token();
    org = await crm.org();
    chain = await crm.industryChain(`历史产业链${cjk(3)}`);
    e1 = await crm.enterprise({ name: `历史甲${cjk(4)}科技股份有限公司`, creditCode: e1Code });
    e2 = await crm.enterprise({ name: `历史乙（通辽）${cjk(4)}有限公司` });
    // Existing work the exports carry: open, lost and signed leads, and interactions with and without a follow-up ahead.
    const open = await pf.lead(org.memberA, { enterpriseId: e1.id, industryChainId: chain.id, intendedAmount: '12345.6789', expectedSignDate: '2027-06-30', notes: '已有线索', isAnchor: true });
    await pf.move(org.memberA, open.id, LeadStage.SiteVisit);
    // 联合跟进 as a decided claim leaves it (the claim's flow is the claims spec's business).
    await db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2), ($1, $3)', [open.id, org.teamB.id, org.teamC.id]);
    const lost = await pf.lead(org.memberA, { enterpriseId: e2.id, industryChainId: chain.id, intendedAmount: '800' });
    await pf.move(org.memberA, lost.id, LeadStage.Lost, '企业放弃');
    const signed = await pf.lead(org.memberB, { enterpriseId: e2.id, intendedAmount: '50000' });
    await pf.sign(org.memberB, signed.id, { amount: '30000' });
    const wang = await crm.contact(e1.id, { name: '王经理', title: '投资总监' });
    await crm.interaction(org.memberA, { enterpriseId: e1.id, nextFollowUpAt: dayOffset(5), location: '北京市朝阳区', outcome: '同意考察', participantIds: [org.memberA.id, org.memberA2.id], contactIds: [wang.id] });
    await crm.interaction(org.memberB, { enterpriseId: e2.id, summary: '电话了解扩产计划' });
    // Two people of one name: the sheets write the one on team A as 「姓名（手机号）」, so the file finds them again.
    namesake = await f.user({ displayName: '同名队员' });
    await f.user({ displayName: '同名队员' });
    await db.query('UPDATE users SET phone = $2 WHERE id = $1', [namesake.id, '13700002222']);
    await t.app.get(TeamsService).addMember(crm.actor(await f.adminUser()), org.teamA.id, namesake.id);
    await pf.lead(namesake, { enterpriseId: e1.id, intendedAmount: '100', teamId: org.teamA.id });
    await crm.interaction(namesake, { enterpriseId: e1.id, teamId: org.teamA.id, summary: '同名队员的走访' });
    // Two teams of one name in two counties: the sheets write team C as 「区域/队名」.
    await f.team({ regionUnitId: org.countyX.id, name: org.teamC.name });
    await pf.lead(org.memberC, {});
    await crm.interaction(org.memberC, { enterpriseId: e2.id });
  }, 120_000);
  /** How the sheets name a team: team C, whose name a team of county X bears too, with its county. */
  const teamName = (id: string, name: string) => (id === org.teamC.id ? `${org.countyY.name}/${name}` : name);
  let namesake: TestUser;
  /** How the sheets name a user: the display name, 「姓名（手机号）」 for the namesake. */
  const sheetName = (id: string, name: string) => (id === namesake.id ? '同名队员（13700002222）' : name);
  afterAll(() => t.close());

  const download = async (path: string, token: string, query: Record<string, string> = {}) => {
    const res = await t.http().get(`${API}${path}`).query(query).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    return res;
  };
  const upload = (kind: 'leads' | 'interactions', file: Buffer, name: string, dryRun: boolean, token = admin) =>
    t.http().post(`${API}/imports/${kind}`).set('Authorization', `Bearer ${token}`).query({ dryRun: String(dryRun) }).attach('file', file, name);
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const queued = () => count('SELECT count(*) AS n FROM outbox_messages');
  const notified = () => count('SELECT count(*) AS n FROM notifications');
  const listOf = async <T>(path: string, token: string, query: Record<string, string> = {}): Promise<T[]> => {
    const res = await t.http().get(`${API}${path}`).query({ limit: 100, ...query }).set('Authorization', `Bearer ${token}`).expect(200);
    return res.body.items as T[];
  };

  describe('the lead export (GET /leads/export.xlsx)', () => {
    it('holds exactly what the list shows the caller, cell by cell, in the import columns under the report frame', async () => {
      const res = await download('/leads/export.xlsx', admin);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toMatch(/filename="leads-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
      expect(res.headers['cache-control']).toBe('no-store');
      const { sheet, rows } = await readXlsx(res.body as Buffer);
      expect(rows[0]?.[0]).toBe('招商线索台账');
      const { header, data } = table(rows, '线索编号');
      expect(header).toEqual(LEAD_HEADERS);
      const views = await listOf<LeadView>('/leads', admin);
      expect(data.map((r) => r.get('线索编号')).sort()).toEqual(views.map((v) => v.id).sort());
      const codes = new Map<string, string | null>([[e1.id, e1Code]]);
      for (const v of views) {
        const r = data.find((d) => d.get('线索编号') === v.id) as Map<string, Cell>;
        const side = v.stage === LeadStage.OnHold || v.stage === LeadStage.Lost;
        expect(Object.fromEntries(r)).toEqual({
          线索编号: v.id,
          线索名称: v.title,
          企业名称: v.enterprise.name,
          统一社会信用代码: codes.get(v.enterprise.id) ?? null,
          招商队: teamName(v.team.id, v.team.name),
          联合跟进招商队: v.coTeams.map((c) => teamName(c.id, c.name)).join('、') || null,
          负责人: sheetName(v.owner.id, v.owner.name),
          所属产业链: v.industryChain.name,
          拟落地旗县区: v.targetRegionUnit?.name ?? null,
          客商来源地: v.sourceRegion?.name ?? null,
          '拟投资额（万元）': Number(v.intendedAmount),
          预计签约日期: v.expectedSignDate ? new Date(`${v.expectedSignDate}T00:00:00Z`) : null,
          招商方式: v.sourceLabel,
          牵引性项目: v.isAnchor ? '是' : '否',
          阶段: v.stageLabel,
          '搁置/终止原因': side ? v.sideStateReason : null,
          登记日期: new Date(`${businessDate(new Date(v.createdAt))}T00:00:00Z`),
          备注: v.notes,
        });
      }
      // The amount keeps its four decimals in a number format that shows them.
      const amountCol = LEAD_HEADERS.indexOf('拟投资额（万元）') + 1;
      const headerRow = rows.findIndex((r) => r[0] === '线索编号') + 1;
      const formats = Array.from({ length: data.length }, (_x, i) => sheet.getRow(headerRow + 1 + i).getCell(amountCol).numFmt);
      expect(formats).toContain('#,##0.0000');
      expect(rows.some((r) => String(r[0] ?? '').startsWith('制表单位：'))).toBe(true);
      const audits = await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'lead-export' AND (changes->'rows'->>'to')::int = $1`, [data.length]);
      expect(audits).toBe(1);
    });

    it('a member exports only what the member sees', async () => {
      const token = await org.memberA.token();
      const { rows } = await readXlsx((await download('/leads/export.xlsx', token)).body as Buffer);
      const views = await listOf<LeadView>('/leads', token);
      expect(table(rows, '线索编号').data.map((r) => r.get('线索编号')).sort()).toEqual(views.map((v) => v.id).sort());
      expect(views.every((v) => v.team.id === org.teamA.id)).toBe(true);
    });

    it('takes the list filters', async () => {
      const filters: Array<Record<string, string>> = [{ stage: 'lost' }, { teamId: org.teamB.id }, { q: '项目' }];
      for (const query of filters) {
        const { rows } = await readXlsx((await download('/leads/export.xlsx', admin, query)).body as Buffer);
        const views = await listOf<LeadView>('/leads', admin, query);
        expect(table(rows, '线索编号').data.map((r) => r.get('线索编号')).sort()).toEqual(views.map((v) => v.id).sort());
      }
      const bad = await download('/leads/export.xlsx', admin, { stage: 'done' });
      expect(bad.status).toBe(400);
    });

    it('re-imports unchanged: every row is matched by its 编号, nothing is written', async () => {
      const file = (await download('/leads/export.xlsx', admin)).body as Buffer;
      const leads = await count('SELECT count(*) AS n FROM leads');
      const audits = await count('SELECT count(*) AS n FROM audit_log');
      const res = await upload('leads', file, '线索.xlsx', false).expect(200);
      const r = res.body as HistoryReport;
      expect(r).toMatchObject({ dryRun: false, headerRow: 4, totalRows: leads, created: 0, unchanged: leads, errorRows: 0 });
      expect(await count('SELECT count(*) AS n FROM leads')).toBe(leads);
      expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audits);
    });
  });

  describe('the interaction export (GET /interactions/export.xlsx)', () => {
    it('holds exactly what the list shows, cell by cell, and re-imports unchanged', async () => {
      const res = await download('/interactions/export.xlsx', admin);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/filename="interactions-/);
      const { rows } = await readXlsx(res.body as Buffer);
      const { header, data } = table(rows, '记录编号');
      expect(header).toEqual(INTERACTION_HEADERS);
      const views = await listOf<InteractionView>('/interactions', admin);
      expect(data).toHaveLength(views.length);
      for (const v of views) {
        const r = data.find((d) => d.get('记录编号') === v.id) as Map<string, Cell>;
        expect(Object.fromEntries(r)).toEqual({
          记录编号: v.id,
          日期: new Date(`${businessDate(new Date(v.occurredAt))}T00:00:00Z`),
          企业名称: v.enterprise.name,
          统一社会信用代码: v.enterprise.id === e1.id ? e1Code : null,
          对接方式: v.typeLabel,
          招商队: teamName(v.team.id, v.team.name),
          记录人: sheetName(v.author.id, v.author.name),
          走访人员: v.participants.map((p) => sheetName(p.id, p.name)).join('、') || null,
          对接人: v.contacts.map((c) => c.name).join('、') || null,
          地点: v.location,
          对接情况: v.summary,
          对接成效: v.outcome,
          下次跟进日期: v.nextFollowUpAt ? new Date(`${businessDate(new Date(v.nextFollowUpAt))}T00:00:00Z`) : null,
        });
      }
      const before = { rows: await count('SELECT count(*) AS n FROM interactions'), queued: await queued() };
      const again = await upload('interactions', res.body as Buffer, '走访.xlsx', false).expect(200);
      expect(again.body).toMatchObject({ created: 0, unchanged: views.length, errorRows: 0 });
      expect(await count('SELECT count(*) AS n FROM interactions')).toBe(before.rows);
      expect(await queued()).toBe(before.queued);
    });
  });

  describe('a city moving in: historical leads', () => {
    const HEADER = ['序号', '项目名称', '企业名称', '统一社会信用代码', '招商队', '负责人', '产业链', '拟投资额（亿元）', '招商方式', '推进阶段', '原因', '首次接触日期', '备注', '联合跟进'];
    let file: Buffer;
    beforeAll(async () => {
      // A chain of its own: the leads above already hold e1 and e2 on theirs.
      const chain = await crm.industryChain(`历史导入链${cjk(3)}`);
      await db.query('UPDATE users SET phone = $2 WHERE id = $1', [org.memberB.id, '13900001111']);
      file = await xlsx([
        ['2023年招商线索台账'],
        ['金额单位：亿元'],
        HEADER,
        // The name as another list writes it: half-width brackets, no 有限公司 (team A has never logged a contact with it).
        [1, '历史甲扩产项目', e2.name.replace('（', '(').replace('）', ')').replace('有限公司', ''), null, org.teamA.name, org.memberA.username, chain.name, 1.5, '以商招商', '洽谈', null, '2023年3月5日', '老台账', `${org.teamB.name}，${org.countyY.name}/${org.teamC.name}`],
        // By credit code, the name written without 股份; the owner as 「姓名（手机号）」.
        [2, '历史乙新建项目', e1.name.replace('股份有限公司', '有限公司'), e1Code, org.teamB.name, `${org.memberB.username}（13900001111）`, chain.name, '0.05', '上门招商', '搁置', '企业资金紧张', '2022/11/20', null],
        ['合计', null, null, null, null, null, null, 1.55, null, null, null, null, null],
        [],
        ['说明：根据各旗县区报送整理'],
      ]);
    });

    it('the dry run predicts the import and writes nothing', async () => {
      const before = await count('SELECT count(*) AS n FROM leads');
      const res = await upload('leads', file, '台账.xlsx', true).expect(200);
      expect(res.body).toMatchObject({ dryRun: true, headerRow: 3, totalRows: 2, created: 2, unchanged: 0, errorRows: 0, ignoredColumns: [] });
      expect((res.body as HistoryReport).warnings).toEqual([{ row: 6, message: '第 6 行是「合计」行，未导入' }]);
      expect(await count('SELECT count(*) AS n FROM leads')).toBe(before);
    });

    it('imports with the historical dates, 亿元 converted to 万元, stages by the pipeline rules, and no reminder or notification', async () => {
      const before = { queued: await queued(), notified: await notified() };
      const res = await upload('leads', file, '台账.xlsx', false).expect(200);
      expect(res.body).toMatchObject({ dryRun: false, created: 2, unchanged: 0, errorRows: 0 });
      const rows: Array<Record<string, unknown>> = await db.query(
        `SELECT l.title, l.team_id, l.owner_id, l.intended_amount::text AS amount, l.stage, l.side_state_reason, l.furthest_stage_ordinal,
                (l.created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS registered, l.notes,
                (SELECT count(*)::int FROM lead_stage_changes c WHERE c.lead_id = l.id) AS changes,
                ARRAY(SELECT c.team_id FROM lead_co_teams c WHERE c.lead_id = l.id ORDER BY c.team_id) AS co_teams
           FROM leads l WHERE l.title LIKE '历史%项目' ORDER BY l.title`,
      );
      expect(rows).toEqual([
        { title: '历史乙新建项目', team_id: org.teamB.id, owner_id: org.memberB.id, amount: '500.0000', stage: 'on_hold', side_state_reason: '企业资金紧张', furthest_stage_ordinal: 0, registered: '2022-11-20', notes: null, changes: 2, co_teams: [] },
        { title: '历史甲扩产项目', team_id: org.teamA.id, owner_id: org.memberA.id, amount: '15000.0000', stage: 'negotiating', side_state_reason: null, furthest_stage_ordinal: 3, registered: '2023-03-05', notes: '老台账', changes: 2, co_teams: [org.teamB.id, org.teamC.id].sort() },
      ]);
      expect(await queued()).toBe(before.queued);
      expect(await notified()).toBe(before.notified);
      expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'lead' AND action = 'import'`)).toBe(2);
      // Nor afterwards: the hourly sweep finds the 1.5亿 lead neither idle nor past a response deadline of 2023.
      await t.app.get(LeadsSweepJob).sweep({});
      const aboutImported = `SELECT count(*) AS n FROM notifications n JOIN leads l ON n.link_id = l.id WHERE l.title LIKE '历史%项目'`;
      expect(await count(aboutImported)).toBe(0);
    });

    it('a second import of the same file is a no-op, every row unchanged by its natural key', async () => {
      const before = await count('SELECT count(*) AS n FROM leads');
      const res = await upload('leads', file, '台账.xlsx', false).expect(200);
      expect(res.body).toMatchObject({ created: 0, unchanged: 2, errorRows: 0 });
      expect(await count('SELECT count(*) AS n FROM leads')).toBe(before);
    });
  });

  describe('bad lead files', () => {
    let twin1: TestUser;
    let fresh: { name: string };
    beforeAll(async () => {
      twin1 = await f.user({ displayName: '重名队员' });
      await f.user({ displayName: '重名队员' });
      fresh = await crm.industryChain(`坏文件链${cjk(3)}`);
    });
    const good = (title: string): Cell[] => [title, e1.name, org.teamA.name, org.memberA.username, fresh.name, '5,000', '上门招商', '线索', '2024-01-02'];
    const HEADER = ['线索名称', '企业名称', '招商队', '负责人', '所属产业链', '拟投资额（万元）', '招商方式', '阶段', '登记日期'];
    const teamC = () => `${org.countyY.name}/${org.teamC.name}`;

    it('reports each bad row by its Excel row number and column, in Chinese; the real run writes nothing, not even the good rows', async () => {
      const file = await xlsx(
        [
          HEADER,
          good('坏文件好行'),
          ['坏文件甲', '不存在的企业有限公司', org.teamA.name, org.memberA.username, chain.name, '100', '上门招商', '线索', null],
          ['坏文件乙', e1.name, '不存在的招商队', org.memberA.username, chain.name, '100', '上门招商', '线索', null],
          ['坏文件丙', e1.name, org.teamA.name, '重名队员', chain.name, '100', '上门招商', '线索', null],
          ['坏文件丁', e2.name, org.teamA.name, org.memberA.username, `${chain.name}`, '100', '上门招商', '已签约', null],
          ['坏文件戊', e1.name, org.teamA.name, org.memberA.username, chain.name, '一百万', '上门招商', '线索', '去年春天'],
          ['坏文件己', e2.name, teamC(), org.memberC.username, chain.name, '100', '上门招商', '线索', null],
          ['坏文件庚', e2.name, null, org.memberC.username, fresh.name, '100', '上门招商', '线索', null],
          ['坏文件辛', e1.name, org.teamC.name, org.memberC.username, fresh.name, '100', '上门招商', '线索', null],
        ],
        (sheet) => sheet.mergeCells('C8:C9'),
      );
      const res = await upload('leads', file, '坏.xlsx', true).expect(200);
      const r = res.body as HistoryReport;
      const at = (row: number) => r.errors.filter((e) => e.row === row);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual([{ row: 3, column: '企业名称', message: expect.stringMatching(/不存在的企业有限公司.*不在企业库中.*先导入企业名单/) }]);
      expect(at(4)).toEqual([{ row: 4, column: '招商队', message: '招商队「不存在的招商队」不存在' }]);
      expect(at(5)).toEqual([{ row: 5, column: '负责人', message: expect.stringMatching(/有 2 个负责人叫「重名队员」.*请写作「姓名（手机号）」/) }]);
      expect(at(6)).toEqual([{ row: 6, column: '阶段', message: expect.stringMatching(/已签约的项目不能作为历史线索导入.*项目认定/) }]);
      expect(at(7)).toEqual([
        { row: 7, column: '拟投资额（万元）', message: '「拟投资额（万元）」应填数字，「一百万」不是数字' },
        { row: 7, column: '登记日期', message: expect.stringContaining('无法识别') },
      ]);
      // A team merged over rows 8 and 9 is the team of both.
      expect(at(8)).toEqual([]);
      expect(at(9)).toEqual([]);
      expect(at(10)).toEqual([{ row: 10, column: '招商队', message: expect.stringMatching(/有 2 个招商队叫「.*」（.*），无法确定是哪一个：请写作「所属区域\/招商队名称」/) }]);
      expect(r).toMatchObject({ totalRows: 9, errorRows: 6, created: 3 });
      expect(twin1.id).toBeDefined();

      const real = await upload('leads', file, '坏.xlsx', false).expect(422);
      expectError(real, 422, 'IMPORT_ROWS_INVALID');
      expect(real.body.details).toMatchObject({ dryRun: false, errorRows: 6 });
      expect(await count(`SELECT count(*) AS n FROM leads WHERE title LIKE '坏文件%'`)).toBe(0);
    });

    it('a row colliding with another team’s lead on the same enterprise and chain is refused, naming the holder (首报首谈)', async () => {
      const file = await xlsx([HEADER, ['撞单历史项目', e1.name, teamC(), org.memberC.username, chain.name, '100', '上门招商', '线索', null]]);
      const res = await upload('leads', file, '撞单.xlsx', true).expect(200);
      expect((res.body as HistoryReport).errors).toEqual([{ row: 2, message: expect.stringContaining(`「${org.teamA.name}」首报`) }]);
    });

    it('wrong columns: a file without a required column, or without any header, is refused as a whole', async () => {
      const missing = await upload('leads', await xlsx([['线索名称', '企业名称', '阶段'], ['缺列项目', e1.name, '线索']]), '缺列.xlsx', true).expect(400);
      expectError(missing, 400, 'IMPORT_MISSING_COLUMN');
      expect(missing.body.message).toContain('「招商队」');
      const none = await upload('leads', await xlsx([['甲', '乙'], ['1', '2']]), '无表头.xlsx', true).expect(400);
      expectError(none, 400, 'IMPORT_MISSING_COLUMN');
      expect(none.body.message).toContain('没有找到表头');
    });
  });

  describe('a city moving in: historical interactions', () => {
    const HEADER = ['走访日期', '企业名称', '方式', '招商队', '记录人', '参与人员', '对接内容', '下次跟进日期', '对接人'];
    let file: Buffer;
    beforeAll(() => {
      // Excel in China saves CSV as GBK.
      file = gbk(
        csv([
          HEADER,
          ['2023年4月1日', e1.name, '走访', org.teamA.name, org.memberA.username, `${org.memberA.username}、${org.memberA2.username}`, '历史走访：洽谈扩产事宜', '2023-04-15', '王经理'],
          ['2023/5/6', e2.name, '电话', org.teamB.name, org.memberB.username, null, '历史电话：了解进展', null],
        ]),
      );
    });

    it('imports past interactions without a reminder, an escalation or a notification; past follow-ups are recorded done', async () => {
      const before = { queued: await queued(), notified: await notified() };
      const res = await upload('interactions', file, '走访.csv', false).expect(200);
      expect(res.body).toMatchObject({ dryRun: false, totalRows: 2, created: 2, errorRows: 0 });
      const rows: Array<Record<string, unknown>> = await db.query(
        `SELECT i.type, i.team_id, i.author_id, (i.occurred_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day,
                (i.next_follow_up_at AT TIME ZONE 'Asia/Shanghai')::date::text AS follow_up, i.follow_up_done_at IS NOT NULL AS done,
                (SELECT count(*)::int FROM interaction_participants p WHERE p.interaction_id = i.id) AS participants,
                (SELECT count(*)::int FROM interaction_contacts c WHERE c.interaction_id = i.id) AS contacts
           FROM interactions i WHERE i.summary LIKE '历史%' ORDER BY i.occurred_at`,
      );
      expect(rows).toEqual([
        { type: 'visit', team_id: org.teamA.id, author_id: org.memberA.id, day: '2023-04-01', follow_up: '2023-04-15', done: true, participants: 2, contacts: 1 },
        { type: 'call', team_id: org.teamB.id, author_id: org.memberB.id, day: '2023-05-06', follow_up: null, done: false, participants: 1, contacts: 0 },
      ]);
      expect(await queued()).toBe(before.queued);
      expect(await notified()).toBe(before.notified);
    });

    it('a second import of the same file is a no-op', async () => {
      const res = await upload('interactions', file, '走访.csv', false).expect(200);
      expect(res.body).toMatchObject({ created: 0, unchanged: 2, errorRows: 0 });
      expect(await count(`SELECT count(*) AS n FROM interactions WHERE summary LIKE '历史%'`)).toBe(2);
    });

    it('a follow-up still ahead is scheduled as on any new record', async () => {
      const ahead = gbk(csv([HEADER, [dayOffset(-2), e2.name, '来访', org.teamB.name, org.memberB.username, null, '历史来访：跟进在后', dayOffset(3)]]));
      const res = await upload('interactions', ahead, '走访2.csv', false).expect(200);
      expect(res.body).toMatchObject({ created: 1 });
      const jobs = await count(
        `SELECT count(*) AS n FROM outbox_messages o JOIN interactions i ON o.job_id LIKE 'follow-up:' || i.id || ':%' WHERE i.summary = '历史来访：跟进在后'`,
      );
      expect(jobs).toBe(1);
    });

    it('bad rows: an unknown enterprise, an unknown kind, a future date, a participant outside the team; nothing is written', async () => {
      const bad = await xlsx([
        HEADER,
        [dayOffset(-1), '没有的企业有限公司', '走访', org.teamA.name, org.memberA.username, null, '坏走访甲', null],
        [dayOffset(-1), e1.name, '飞鸽传书', org.teamA.name, org.memberA.username, null, '坏走访乙', null],
        [dayOffset(3), e1.name, '走访', org.teamA.name, org.memberA.username, null, '坏走访丙', null],
        [dayOffset(-1), e1.name, '走访', org.teamA.name, org.memberA.username, org.memberC.username, '坏走访丁', null],
        [dayOffset(-1), e1.name, '走访', org.teamA.name, org.memberA.username, null, '坏走访好行', null],
        [dayOffset(-1), e1.name, '走访', org.teamA.name, org.memberA.username, null, '坏走访戊', null, '李总'],
      ]);
      const res = await upload('interactions', bad, '坏走访.xlsx', false).expect(422);
      const r = res.body.details as HistoryReport;
      const at = (row: number) => r.errors.filter((e) => e.row === row).map((e) => `${e.column ?? ''}:${e.message}`);
      expect(at(2)).toEqual([expect.stringMatching(/^企业名称:.*没有的企业有限公司.*先导入企业名单/)]);
      expect(at(3)).toEqual([expect.stringMatching(/^方式:「方式」的「飞鸽传书」不认识：可填 外出拜访、/)]);
      expect(at(4)).toEqual([expect.stringMatching(/^走访日期:.*晚于今天/)]);
      expect(at(5)).toEqual([expect.stringMatching(/^参与人员:.*不是本队队员/)]);
      expect(at(6)).toEqual([]);
      expect(at(7)).toEqual(['对接人:对接人「李总」不是该企业登记的联系人：请先在企业库中添加']);
      expect(await count(`SELECT count(*) AS n FROM interactions WHERE summary LIKE '坏走访%'`)).toBe(0);
    });
  });

  describe('records of people who have left', () => {
    it('an export naming a user deactivated since re-imports unchanged; a new row naming them is refused', async () => {
      await db.query('UPDATE users SET is_active = false WHERE id = $1', [org.memberA2.id]);
      const file = (await download('/interactions/export.xlsx', admin)).body as Buffer;
      const all = await count('SELECT count(*) AS n FROM interactions WHERE deleted_at IS NULL');
      expect((await upload('interactions', file, '走访.xlsx', false).expect(200)).body).toMatchObject({ created: 0, unchanged: all, errorRows: 0 });
      const HEADER = ['日期', '企业名称', '对接方式', '招商队', '记录人', '走访人员', '对接情况'];
      const fresh = await xlsx([HEADER, [dayOffset(-3), e1.name, '外出拜访', org.teamA.name, org.memberA.username, org.memberA2.username, '离队人员的新记录']]);
      const res = await upload('interactions', fresh, '新.xlsx', true).expect(200);
      expect((res.body as HistoryReport).errors).toEqual([{ row: 2, column: '走访人员', message: `走访人员「${org.memberA2.username}」已停用` }]);
    });
  });

  describe('who may import', () => {
    it('members and managers get 403 on both imports; they may export what they see', async () => {
      const file = await xlsx([['线索名称'], ['x']]);
      for (const token of [await org.memberA.token(), await org.managerX.token()]) {
        expectError(await upload('leads', file, 'a.xlsx', true, token), 403, 'FORBIDDEN');
        expectError(await upload('interactions', file, 'a.xlsx', true, token), 403, 'FORBIDDEN');
        expect((await download('/interactions/export.xlsx', token)).status).toBe(200);
      }
    });
  });
});
