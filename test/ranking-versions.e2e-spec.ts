import { Role } from '../src/common/auth/auth-user';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { binary, readXlsx } from './harness/spreadsheets';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type Metric = { metric: string; target: string; actual: string; completion: string; aheadBy: string; status: string; yoy?: { previous: string; change: string; changePercent: string | null } };
type Row = { rank: number; assignee: { id: string; name: string }; score: { total: number }; metrics: Metric[] };
type Published = {
  id: string;
  version: number;
  periodType: string;
  periodLabel: string;
  dataAsOf: string;
  paceConvention: string;
  timeElapsed: string;
  correctionOfId: string | null;
  correctionNote: string | null;
  changes: unknown;
  supersededById: string | null;
  superseded: boolean;
  rows: Row[];
  totals: unknown;
};

/**
 * A 1–10月 通报 of 2024 for teams A and B (targets: 2 projects, 100000 万元 each), published as of
 * 2024-11-05 with a formula that scores signings alone: (projects ÷ 2 × .5 + amount ÷ 100000 × .5) × 100.
 *
 *   team  1–10月 signings         score   November (not counted)   2023 1–10月
 *   A     50000 (03-01)          50      30000 (11-20)            40000 (05-01)
 *   B     20000 (06-01)          35      —                        —
 *
 * Then B's 60000 of 09-09 is entered late: B 2 projects / 80000 → 90 points, first.
 */
describe('通报 by month with an as-of date, frozen once published, corrected by new versions', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let memberA: Client;
  const query = { periodType: 'ytd', year: 2024, month: 10, asOf: '2024-11-05', level: 'team' };
  const formula = { signing: { weight: 100, countShare: 0.5, amountShare: 0.5 }, weights: {}, completionCap: 2, sizeBands: [], deductions: { pastStartDeadline: 0 } };
  const metric = (row: Row | undefined, m: string) => row?.metrics.find((x) => x.metric === m);
  const rowOf = (body: { rows: Row[] }, id: string) => body.rows.find((r) => r.assignee.id === id);
  let v1: Published;
  let v2: Published;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, memberA] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.memberA)];
    const signed = async (member: (typeof org)['memberA'], amount: string, on: string) => tf.sign(member, (await tf.lead(member, `${on.slice(0, 4)}-01-15`)).id, amount, on);
    await signed(org.memberA, '50000', '2024-03-01');
    await signed(org.memberA, '30000', '2024-11-20');
    await signed(org.memberA, '40000', '2023-05-01');
    await signed(org.memberB, '20000', '2024-06-01');
    for (const team of [org.teamA, org.teamB]) await tf.assign({ periodType: 'year', year: 2024, teamId: team.id, values: { signed_projects: 2, signed_amount: '100000' } });
    await tf.refresh();
  });
  afterAll(() => t.close());

  it('previews 1–10月 as of 11-05: the year target, 10/12 of the year gone (months), November left out, 同比 against 2023 1–10月', async () => {
    const body = (await admin.get('/rankings/preview').query(query).expect(200)).body as Omit<Published, 'version'> & { period: { label: string; start: string; end: string }; previousPeriodLabel: string; version: null };
    expect(body).toMatchObject({ dataAsOf: '2024-11-05', paceConvention: 'months', timeElapsed: '83.33', previousPeriodLabel: '2023年1–10月', version: null });
    expect(body.period).toMatchObject({ label: '2024年1–10月', start: '2024-01-01', end: '2024-11-01' });
    const a = rowOf(body, org.teamA.id);
    // 50000 of 100000 = 50.00%; 50 − 83.333… = −33.33; 同比 +10000 on 40000 = +25.00%.
    expect(metric(a, 'signed_amount')).toMatchObject({ actual: '50000', completion: '50.00', aheadBy: '-33.33', status: 'behind', yoy: { previous: '40000', change: '10000', changePercent: '25.00' } });
    expect(metric(rowOf(body, org.teamB.id), 'signed_amount')?.yoy).toEqual({ previous: '0', change: '20000', changePercent: null });
    // The same months by plain SQL over the signings, this year and last.
    for (const [from, to, field] of [['2024-01-01', '2024-11-01', 'actual'], ['2023-01-01', '2023-11-01', 'previous']] as const) {
      const sums = (await tf.db.query(`SELECT team_id, sum(amount)::numeric(20,0)::text AS amount FROM signings WHERE signed_on >= $1 AND signed_on < $2 GROUP BY team_id`, [from, to])) as Array<{ team_id: string; amount: string }>;
      for (const team of [org.teamA, org.teamB]) {
        const m = metric(rowOf(body, team.id), 'signed_amount') as Metric;
        expect(field === 'actual' ? m.actual : m.yoy?.previous).toBe(sums.find((s) => s.team_id === team.id)?.amount ?? '0');
      }
    }
  });

  it('publishes version 1 with its period, 数据截至 and pace convention; later data edits do not change it', async () => {
    v1 = (await admin.post('/rankings').send({ ...query, formula }).expect(201)).body as Published;
    expect(v1).toMatchObject({ version: 1, periodType: 'ytd', periodLabel: '2024年1–10月', dataAsOf: '2024-11-05', paceConvention: 'months', timeElapsed: '83.33', correctionOfId: null, correctionNote: null, changes: null, supersededById: null, superseded: false });
    expect(v1.rows.map((r) => [r.rank, r.assignee.id, r.score.total])).toEqual([
      [1, org.teamA.id, 50],
      [2, org.teamB.id, 35],
    ]);

    // B's September signing entered late, and the figures recomputed.
    await tf.sign(org.memberB, (await tf.lead(org.memberB, '2024-08-01')).id, '60000', '2024-09-09');
    await tf.refresh();
    const preview = (await admin.get('/rankings/preview').query(query).expect(200)).body as { rows: Row[] };
    expect(preview.rows.map((r) => [r.rank, r.assignee.id])).toEqual([
      [1, org.teamB.id],
      [2, org.teamA.id],
    ]);
    const stored = (await memberA.get(`/rankings/${v1.id}`).expect(200)).body as Published;
    expect(stored).toEqual(v1);
  });

  it('refuses a second publication of the period that is not a correction of the current version (400 naming the fields)', async () => {
    const before = await tf.count('rankings');
    const refused = async (body: Record<string, unknown>, code: string) => {
      const res = await admin.post('/rankings').send({ ...query, formula, ...body });
      expectAppError(res, 400, code);
      return (res.body.details as Array<{ field: string }>).map((d) => d.field);
    };
    expect(await refused({}, 'RANKING_CORRECTION_REQUIRED')).toEqual(['correctionOf', 'correctionNote']);
    expect(await refused({ correctionOf: v1.id }, 'RANKING_CORRECTION_REQUIRED')).toEqual(['correctionNote']);
    expect(await refused({ correctionOf: '00000000-0000-4000-8000-000000000000', correctionNote: '更正' }, 'RANKING_NOT_A_VERSION')).toEqual(['correctionOf']);
    expectAppError(await admin.post('/rankings').send({ ...query, formula, correctionOf: 'x', correctionNote: '更正' }), 400, 'VALIDATION_FAILED', 'correctionOf');
    expectAppError(await admin.post('/rankings').send({ ...query, formula, correctionOf: v1.id, correctionNote: '' }), 400, 'VALIDATION_FAILED', 'correctionNote');
    // Another period's first publication cannot be a correction.
    expect(await refused({ month: 9, correctionOf: v1.id, correctionNote: '更正' }, 'RANKING_NOTHING_TO_CORRECT')).toEqual(['correctionOf']);
    expect(await tf.count('rankings')).toBe(before);
  });

  it('publishes a correction as version 2 listing exactly what changed; version 1 stays as it was, superseded', async () => {
    v2 = (await admin.post('/rankings').send({ ...query, formula, correctionOf: v1.id, correctionNote: '补录乙队9月签约项目' }).expect(201)).body as Published;
    expect(v2).toMatchObject({ version: 2, correctionOfId: v1.id, correctionNote: '补录乙队9月签约项目', supersededById: null, superseded: false });
    // B: 2 projects / 80000 → (1 × .5 + .8 × .5) × 100 = 90, first; A unchanged but second.
    expect(v2.changes).toEqual([
      {
        assignee: { type: 'team', id: org.teamB.id, name: org.teamB.name },
        changes: [
          { what: 'rank', label: '名次', before: '2', after: '1' },
          { what: 'score', label: '得分', before: '35.00', after: '90.00' },
          { what: 'actual', metric: 'signed_projects', label: '签约项目数完成', before: '1', after: '2' },
          { what: 'actual', metric: 'signed_amount', label: '签约金额（万元）完成', before: '20000', after: '80000' },
        ],
      },
      { assignee: { type: 'team', id: org.teamA.id, name: org.teamA.name }, changes: [{ what: 'rank', label: '名次', before: '1', after: '2' }] },
    ]);
    const old = (await memberA.get(`/rankings/${v1.id}`).expect(200)).body as Published;
    expect(old).toEqual({ ...v1, supersededById: v2.id, supersededAt: expect.any(String), superseded: true });
    expect(old.rows).toEqual(v1.rows);

    // Correcting the old version again: a newer one exists.
    expectAppError(await admin.post('/rankings').send({ ...query, formula, correctionOf: v1.id, correctionNote: '再次更正' }), 409, 'RANKING_NOT_CURRENT_VERSION');
  });

  it('lists the versions of the series from any of them', async () => {
    for (const id of [v1.id, v2.id]) {
      const versions = (await memberA.get(`/rankings/${id}/versions`).expect(200)).body as Published[];
      expect(versions.map((v) => [v.id, v.version, v.superseded, v.correctionNote])).toEqual([
        [v1.id, 1, true, null],
        [v2.id, 2, false, '补录乙队9月签约项目'],
      ]);
      expect(versions[0]).not.toHaveProperty('rows');
    }
    expectAppError(await memberA.get('/rankings/00000000-0000-4000-8000-000000000000/versions'), 404, 'NOT_FOUND');
  });

  it('prints period, 数据截至, version and the correction note in the spreadsheet', async () => {
    const sheetOf = async (id: string) => (await readXlsx((await memberA.get(`/rankings/${id}/xlsx`).buffer(true).parse(binary).expect(200)).body as Buffer)).sheet;
    const [s1, s2] = [await sheetOf(v1.id), await sheetOf(v2.id)];
    expect(String(s1.getCell('A2').value)).toContain('统计期间：2024年1–10月（2024-01-01 至 2024-10-31）  数据截至：2024-11-05  序时进度：83.33%');
    expect(String(s1.getCell('A2').value)).toContain('第1版');
    expect(String(s2.getCell('A2').value)).toContain('第2版');
    const notes = (sheet: typeof s1) => [7, 8, 9, 10, 11, 12, 13, 14].map((r) => sheet.getRow(r).getCell(1).value ?? null).map(String);
    expect(notes(s2)).toContain('更正说明（第2版）：补录乙队9月签约项目');
    expect(notes(s1).some((n) => n.startsWith('更正说明'))).toBe(false);
  });

  it('refuses bad period parameters with 400 naming the field', async () => {
    for (const [q, field] of [
      [{ ...query, month: undefined }, 'month'],
      [{ ...query, month: 13 }, 'month'],
      [{ ...query, periodType: 'half', month: undefined }, 'half'],
      [{ periodType: 'range', from: '2024-06', to: '2024-01', level: 'team' }, 'to'],
      [{ ...query, asOf: '2024-11-31' }, 'asOf'],
    ] as const) {
      expectAppError(await admin.get('/rankings/preview').query(q), 400, 'VALIDATION_FAILED', field);
    }
  });
});
