import type { Test } from 'supertest';
import { Role } from '../src/common/auth/auth-user';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { binary, Cell, readXlsx } from './harness/spreadsheets';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type MetricBody = { metric: string; label: string; target: string; actual: string; completion: string; aheadBy: string; status: string };
type CompletionBody = {
  level: string;
  period: { label: string };
  dataAsOf: string;
  timeElapsed: string;
  metrics: Array<{ metric: string; label: string; amount: boolean; summable: boolean }>;
  rows: Array<{ assignee: { type: string; id: string; name: string }; metrics: MetricBody[] }>;
  total: { label: string; rows: number; metrics: MetricBody[] } | null;
  totalNote: string | null;
};

const QUERY = { periodType: 'ytd', year: 2024, month: 6, asOf: '2024-06-30' };
const xlsxOf = (req: Test) => req.buffer(true).parse(binary).expect(200);
/** Percent cells hold the fraction of the percent figure: equal to 10 places. */
const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e10) / 1e10 : v);

/**
 * Teams A, B (county X), T (X's township) and C (county Y), 1–6月 2024 as of 30 June:
 *   A signs 50000 on 03-01 (and 50000 on 11-30, after the date); B 50000.5 on 06-01; T 49999.9999 on 02-02;
 *   C 80000 on 07-01 (after). Visits: B 4, T 2, C 3 (one of C's on 07-02, after).
 */
describe('指标任务完成情况 (GET /targets/completion): the progress figures by unit and by team, with a 合计', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;

  const report = async (query: Record<string, unknown>, c: Client = admin) => (await c.get('/targets/completion').query({ ...QUERY, ...query }).expect(200)).body as CompletionBody;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    admin = await tf.crm.client(Role.Admin);
    const signed = async (member: (typeof org)['memberA'], amount: string, on: string) => tf.sign(member, (await tf.lead(member, '2024-01-15')).id, amount, on);
    await signed(org.memberA, '50000', '2024-03-01');
    await signed(org.memberA, '50000', '2024-11-30');
    await signed(org.memberB, '50000.5', '2024-06-01');
    await signed(org.memberT, '49999.9999', '2024-02-02');
    await signed(org.memberC, '80000', '2024-07-01');
    const visits = async (member: (typeof org)['memberA'], dates: string[]) => {
      for (const d of dates) await tf.interaction(member, (await tf.crm.enterprise()).id, d, InteractionType.Visit);
    };
    await visits(org.memberB, ['2024-01-10', '2024-02-10', '2024-03-10', '2024-04-10']);
    await visits(org.memberT, ['2024-05-10', '2024-06-30']);
    await visits(org.memberC, ['2024-01-05', '2024-06-01', '2024-07-02']);
    for (const team of [org.teamA, org.teamB, org.teamT, org.teamC]) {
      await tf.assign({ periodType: 'year', year: 2024, teamId: team.id, values: { enterprises_contacted: 5, visits: 10, signed_projects: 2, signed_amount: '100000' } });
    }
    await tf.assign({ periodType: 'year', year: 2024, regionUnitId: org.countyX.id, values: { signed_projects: 5, signed_amount: '250000.5' } });
    await tf.assign({ periodType: 'year', year: 2024, regionUnitId: org.countyY.id, values: { signed_projects: 5, signed_amount: '250000' } });
    await tf.refresh();
  }, 120_000);
  afterAll(() => t.close());

  it('by team: the same figures as GET /targets/progress, row for row; team B against plain SQL', async () => {
    const body = await report({ level: 'team' });
    expect(body).toMatchObject({ level: 'team', dataAsOf: '2024-06-30', timeElapsed: '50.00' });
    expect(body.metrics.map((m) => [m.metric, m.summable])).toEqual([
      ['enterprises_contacted', false],
      ['visits', true],
      ['signed_projects', true],
      ['signed_amount', true],
    ]);
    const progress = (await admin.get('/targets/progress').query(QUERY).expect(200)).body as { rows: Array<{ target: { assignee: { type: string; id: string } }; metrics: MetricBody[] }> };
    const teamRows = progress.rows.filter((r) => r.target.assignee.type === 'team');
    expect(body.rows.map((r) => [r.assignee.id, r.metrics])).toEqual(teamRows.map((r) => [r.target.assignee.id, r.metrics]));
    expect(body.rows.map((r) => r.assignee.id).sort()).toEqual([org.teamA.id, org.teamB.id, org.teamT.id, org.teamC.id].sort());

    const [sql] = await tf.db.query(
      `SELECT (SELECT count(*)::int FROM interactions i WHERE i.team_id = $1 AND i.deleted_at IS NULL AND i.type IN ('visit', 'inbound_visit')
                 AND (i.occurred_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2024-01-01' AND '2024-06-30') AS visits,
              (SELECT COALESCE(sum(c.amount), 0)::text FROM signing_credits c JOIN signings s ON s.id = c.signing_id
                WHERE c.team_id = $1 AND s.review_status = 'approved' AND s.signed_on BETWEEN '2024-01-01' AND '2024-06-30') AS amount`,
      [org.teamB.id],
    );
    const b = Object.fromEntries((body.rows.find((r) => r.assignee.id === org.teamB.id)?.metrics ?? []).map((m) => [m.metric, m]));
    expect(sql).toEqual({ visits: 4, amount: '50000.5000' });
    expect(b.visits).toMatchObject({ target: '10', actual: '4', completion: '40.00', aheadBy: '-10.00', status: 'behind' });
    expect(b.signed_amount).toMatchObject({ target: '100000', actual: '50000.5', completion: '50.00', aheadBy: '0.00', status: 'on_track' });
  });

  it('by team: the 合计 adds targets and figures (not the completions), leaves 对接企业数 out', async () => {
    const body = await report({ level: 'team' });
    // visits 0 + 4 + 2 + 2 = 8 of 40; projects 1 + 1 + 1 + 0 = 3 of 8; amount 50000 + 50000.5 + 49999.9999 = 150000.4999 of 400000.
    expect(body.total?.rows).toBe(4);
    expect(body.total?.metrics.map((m) => [m.metric, m.target, m.actual, m.completion, m.aheadBy])).toEqual([
      ['visits', '40', '8', '20.00', '-30.00'],
      ['signed_projects', '8', '3', '37.50', '-12.50'],
      ['signed_amount', '400000', '150000.4999', '37.50', '-12.50'],
    ]);
  });

  it('by unit: county X against plain SQL over the signings landing in it', async () => {
    const body = await report({ level: 'unit' });
    expect(body.rows.map((r) => r.assignee.id)).toEqual([org.countyX.id, org.countyY.id].filter((id) => body.rows.some((r) => r.assignee.id === id)));
    const [sql] = await tf.db.query(
      `SELECT count(*) FILTER (WHERE s.kind = 'initial')::int AS projects, COALESCE(sum(s.amount), 0)::text AS amount
         FROM signings s JOIN region_units r ON r.id = s.landing_region_unit_id JOIN region_units x ON x.id = $1
        WHERE r.path LIKE x.path || '%' AND s.review_status = 'approved' AND s.signed_on BETWEEN '2024-01-01' AND '2024-06-30'`,
      [org.countyX.id],
    );
    expect(sql).toEqual({ projects: 3, amount: '150000.4999' });
    const x = Object.fromEntries((body.rows.find((r) => r.assignee.id === org.countyX.id)?.metrics ?? []).map((m) => [m.metric, m]));
    expect(x.signed_projects).toMatchObject({ target: '5', actual: '3', completion: '60.00', aheadBy: '10.00' });
    expect(x.signed_amount).toMatchObject({ target: '250000.5', actual: '150000.4999', completion: '60.00', aheadBy: '10.00' });
    // 合计: X and Y lie side by side — 3 of 10 projects, 150000.4999 of 500000.5.
    expect(body.total?.metrics.map((m) => [m.metric, m.target, m.actual, m.completion])).toEqual([
      ['signed_projects', '10', '3', '30.00'],
      ['signed_amount', '500000.5', '150000.4999', '30.00'],
    ]);
  });

  it('.xlsx: every cell equals the JSON view, two-row header, 合计 row, 说明 and the foot', async () => {
    const json = await report({ level: 'team' });
    const res = await xlsxOf(admin.get('/targets/completion.xlsx').query({ ...QUERY, level: 'team' }));
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('2024年1–6月指标任务完成情况（按招商队）.xlsx'));
    const { sheet } = await readXlsx(res.body as Buffer);
    const row = (n: number, width: number) => Array.from({ length: width }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? null);
    expect(sheet.getCell('A1').value).toBe('2024年1–6月指标任务完成情况（按招商队）');
    expect(String(sheet.getCell('A2').value)).toContain('数据截至：2024-06-30');
    expect(String(sheet.getCell('A2').value)).toContain('序时进度：50.00%');
    expect(sheet.getCell('A3').value).toBe('金额单位：万元');
    const width = 3 + json.metrics.length * 4;
    expect([1, 2, 3, 4, 8, 12, 16].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['序号', '招商队', '序时进度', ...json.metrics.map((m) => m.label)]);
    expect(row(5, 8).slice(3)).toEqual(['目标', '完成', '完成率', '超/欠进度（百分点）', '目标']);
    const cells = (metrics: MetricBody[]): Cell[] =>
      json.metrics.flatMap((m): Cell[] => {
        const p = metrics.find((x) => x.metric === m.metric);
        return p ? [Number(p.target), Number(p.actual), Number(p.completion) / 100, Number(p.aheadBy)] : ['—', '—', '—', '—'];
      });
    json.rows.forEach((r, i) => expect(row(6 + i, width).map(round)).toEqual([i + 1, r.assignee.name, 0.5, ...cells(r.metrics)].map(round)));
    const totalRow = 6 + json.rows.length;
    expect(row(totalRow, width).map(round)).toEqual(['合计', '4个招商队', 0.5, ...cells(json.total?.metrics ?? [])].map(round));
    expect(sheet.getRow(totalRow).getCell(6).value).toBe('—');
    // 签约金额: 目标 400000 shows whole, 完成 150000.4999 with its four decimals; 完成率 as a percent, 超/欠进度 in points.
    expect([16, 17, 18, 19].map((c) => sheet.getRow(totalRow).getCell(c).numFmt)).toEqual(['#,##0', '#,##0.0000', '0.00%', '0.00;-0.00;0.00']);
    expect(sheet.getRow(totalRow + 1).getCell(1).value ?? null).toBeNull();
    expect(String(sheet.getRow(totalRow + 2).getCell(1).value)).toMatch(/^说明：/);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5, xSplit: 2 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '4:5' });
  });

  it('has no 合计 when a listed unit lies within another; refuses a bad level in Chinese', async () => {
    await tf.assign({ periodType: 'year', year: 2024, regionUnitId: org.city.id, values: { signed_projects: 20 } });
    const body = await report({ level: 'unit' });
    expect(body.total).toBeNull();
    expect(body.totalNote).toContain('上下级');
    const { sheet } = await readXlsx((await xlsxOf(admin.get('/targets/completion.xlsx').query({ ...QUERY, level: 'unit' }))).body as Buffer);
    const labels = Array.from({ length: 12 }, (_, i) => sheet.getRow(i + 1).getCell(1).value);
    expect(labels).not.toContain('合计');
    const res = await admin.get('/targets/completion').query({ ...QUERY, level: 'county' });
    expectAppError(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).toContain('level 只能是 unit（区域单位）或 team（招商队）');
    expectAppError(await admin.get('/targets/completion').query({ level: 'team' }), 400, 'VALIDATION_FAILED');
  });

  it("shows a member only their own team's row", async () => {
    const member = await tf.crm.as(org.memberB);
    const body = await report({ level: 'team' }, member);
    expect(body.rows.map((r) => r.assignee.id)).toEqual([org.teamB.id]);
  });
});
