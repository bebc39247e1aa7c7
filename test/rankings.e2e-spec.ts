import type { Test } from 'supertest';
import { Role } from '../src/common/auth/auth-user';
import { ManagerScopesService } from '../src/teams/manager-scopes.service';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { binary, readXlsx } from './harness/spreadsheets';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type RankingRowBody = { rank: number; assignee: { type: string; id: string; name: string }; score: { total: number; signing: number; metrics: Record<string, number>; bandPenalty: number; deduction: number }; metrics: Array<{ metric: string; target: string; actual: string; completion: string }> };
type TotalsBody = { label: string; units: number; metrics: Array<{ metric: string; target: string; actual: string; completion: string; aheadBy: string; units: number }> };
type RankingBody = { id?: string; title: string; level: string; rows: RankingRowBody[]; timeElapsed: string; totals: TotalsBody; formulaText: string };

const YEAR = 2024;

/**
 * Four teams with 2024 targets (visits 4, 2 projects / 100000 万元, except T: 4 / 200000 and
 * C: 1 / 10000), and counties X (A, B, T) and Y (C):
 *
 *   team  visits  signings                        default score
 *   A     0       50000 + 50000                   (1 × .5 + 1 × .5) × 40            = 40
 *   B     4       50000                           (.5 × .5 + .5 × .5) × 40 + 10     = 30
 *   T     4       49999.9999 + 50000.0001         (.5 × .5 + .5 × .5) × 40 + 10     = 30
 *   C     8       —  (two projects late at the year's end: −2)    0 + 1.2 × 10 − 2 = 10
 *
 * C's projects, by planned start: 2024-03-01 never started (late in Q1 and in the year); 2024-02-01
 * started 2024-06-01 (late at the end of Q1, not of the year); 2024-05-01 never started (late in
 * the year, not in Q1); 2025-06-01 never started (late today, but in neither period).
 */
describe('rankings (通报排名): order, ties, formulas, publishing and the spreadsheet', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let managerX: Client;
  let memberA: Client;

  const names = (body: RankingBody) => body.rows.map((r) => [r.rank, r.assignee.id, r.score.total]);
  /** Publishes a 通报; when its period and level are already published, as a correction of the current version. */
  const publish = async (body: Record<string, unknown>) => {
    const list = (await admin.get('/rankings').expect(200)).body as Array<{ id: string; periodType: string; year: number; quarter: number; level: string; superseded: boolean }>;
    const current = list.find((r) => !r.superseded && r.periodType === body.periodType && r.year === body.year && r.quarter === (body.quarter ?? 0) && r.level === body.level);
    return admin.post('/rankings').send(current ? { ...body, correctionOf: current.id, correctionNote: '重新发布（测试）' } : body).expect(201);
  };
  const xlsxOf = (req: Test) => req.buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, managerX, memberA] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerX), await tf.crm.as(org.memberA)];

    const signed = async (member: (typeof org)['memberA'], amount: string, on: string) => {
      const lead = await tf.lead(member, '2024-01-15');
      await tf.sign(member, lead.id, amount, on);
    };
    await signed(org.memberA, '50000', '2024-03-01');
    await signed(org.memberA, '50000', '2024-11-30');
    await signed(org.memberB, '50000', '2024-06-01');
    await signed(org.memberT, '49999.9999', '2024-02-02');
    await signed(org.memberT, '50000.0001', '2024-12-31');
    // Outside the period: not counted.
    await signed(org.memberC, '80000', '2025-01-01');
    const visits = async (member: (typeof org)['memberA'], n: number) => {
      for (let i = 0; i < n; i++) await tf.interaction(member, (await tf.crm.enterprise()).id, `2024-0${(i % 9) + 1}-10`, InteractionType.Visit);
    };
    await visits(org.memberB, 4);
    await visits(org.memberT, 4);
    await visits(org.memberC, 8);
    const late = (plannedStartOn: string, startedOn?: string) => tf.project({ teamId: org.teamC.id, regionUnitId: org.countyY.id, plannedStartOn, ...(startedOn ? { startedOn, lifecycle: 'construction' as never } : {}) });
    await late('2024-03-01');
    await late('2024-02-01', '2024-06-01');
    await late('2024-05-01');
    await late('2025-06-01');
    await tf.assign({ periodType: 'quarter', year: YEAR, quarter: 1, teamId: org.teamC.id, values: { signed_projects: 1 } });

    const team = (teamId: string, signed_projects: number, signed_amount: string) => tf.assign({ periodType: 'year', year: YEAR, teamId, values: { visits: 4, signed_projects, signed_amount } });
    await team(org.teamA.id, 2, '100000');
    await team(org.teamB.id, 2, '100000');
    await team(org.teamT.id, 4, '200000');
    await team(org.teamC.id, 1, '10000');
    await tf.assign({ periodType: 'year', year: YEAR, regionUnitId: org.countyX.id, values: { signed_projects: 5, signed_amount: '250000' } });
    await tf.assign({ periodType: 'year', year: YEAR, regionUnitId: org.countyY.id, values: { signed_projects: 5, signed_amount: '250000' } });
    await tf.assign({ periodType: 'quarter', year: YEAR, quarter: 1, regionUnitId: org.countyX.id, values: { signed_projects: 1 } });
    await tf.refresh();
  });
  afterAll(() => t.close());

  it('orders teams by the default score; equal scores share a rank (1, 2, 2, 4)', async () => {
    const res = await admin.get('/rankings/preview').query({ periodType: 'year', year: YEAR, level: 'team' }).expect(200);
    const body = res.body as RankingBody;
    expect(body).toMatchObject({ title: '2024年招商引资工作通报排名（招商队）', level: 'team', timeElapsed: '100.00' });
    expect(names(body)).toEqual([
      [1, org.teamA.id, 40],
      [2, org.teamB.id, 30],
      [2, org.teamT.id, 30],
      [4, org.teamC.id, 10],
    ]);
    const c = body.rows[3] as RankingRowBody;
    expect(c.score).toEqual({
      total: 10,
      signing: 0,
      metrics: { visits: 12 },
      bandPenalty: 0,
      deduction: 2,
      exact: { total: '10.000000', signing: '0.000000', metrics: { visits: '12.000000' }, bandPenalty: '0.000000', deduction: '2.000000' },
    });
    expect(c.assignee).toEqual({ type: 'team', id: org.teamC.id, name: org.teamC.name });
    const t2 = body.rows[2] as RankingRowBody;
    expect(t2.metrics).toEqual([
      expect.objectContaining({ metric: 'visits', target: '4', actual: '4', completion: '100.00' }),
      expect.objectContaining({ metric: 'signed_projects', target: '4', actual: '2', completion: '50.00' }),
      expect.objectContaining({ metric: 'signed_amount', target: '200000', actual: '100000', completion: '50.00' }),
    ]);
  });

  it('adds a 合计 row equal to plain-SQL sums, and shows the formula from config with each row\'s components adding up to its score', async () => {
    const body = (await admin.get('/rankings/preview').query({ periodType: 'year', year: YEAR, level: 'team' }).expect(200)).body as RankingBody;
    const teams = [org.teamA.id, org.teamB.id, org.teamT.id, org.teamC.id];
    const [targets] = await tf.db.query(
      `SELECT trim_scale(sum(("values"->>'visits')::numeric))::text AS visits, trim_scale(sum(("values"->>'signed_projects')::numeric))::text AS projects,
              trim_scale(sum(("values"->>'signed_amount')::numeric))::text AS amount
         FROM targets WHERE period_type = 'year' AND year = $2 AND team_id = ANY($1)`,
      [teams, YEAR],
    );
    const [signed] = await tf.db.query(
      `SELECT count(*)::text AS projects, trim_scale(sum(amount))::text AS amount FROM signings
        WHERE kind = 'initial' AND team_id = ANY($1) AND signed_on >= '2024-01-01' AND signed_on < '2025-01-01'`,
      [teams],
    );
    const [visited] = await tf.db.query(
      `SELECT count(*)::text AS visits FROM interactions
        WHERE type = 'visit' AND team_id = ANY($1) AND occurred_at >= '2024-01-01T00:00:00+08:00' AND occurred_at < '2025-01-01T00:00:00+08:00'`,
      [teams],
    );
    const [rates] = await tf.db.query(
      `SELECT round($1::numeric * 100 / $2::numeric, 2)::text AS visits, round($3::numeric * 100 / $4::numeric, 2)::text AS projects, round($5::numeric * 100 / $6::numeric, 2)::text AS amount`,
      [visited.visits, targets.visits, signed.projects, targets.projects, signed.amount, targets.amount],
    );
    expect(body.totals).toEqual({
      label: '合计',
      units: 4,
      metrics: [
        { metric: 'visits', label: '走访次数', target: targets.visits, actual: visited.visits, completion: rates.visits, aheadBy: '0.00', units: 4 },
        { metric: 'signed_projects', label: '签约项目数', target: targets.projects, actual: signed.projects, completion: rates.projects, aheadBy: expect.any(String), units: 4 },
        { metric: 'signed_amount', label: '签约金额（万元）', target: targets.amount, actual: signed.amount, completion: rates.amount, aheadBy: expect.any(String), units: 4 },
      ],
    });
    // By hand: 16 of 16 visits, 5 of 9 projects, 250000 of 410000 万元.
    expect(body.totals.metrics.map((m) => [m.target, m.actual, m.completion, m.aheadBy])).toEqual([
      ['16', '16', '100.00', '0.00'],
      ['9', '5', '55.56', '-44.44'],
      ['410000', '250000', '60.98', '-39.02'],
    ]);
    for (const row of body.rows) {
      const cents = [row.score.signing, ...Object.values(row.score.metrics), -row.score.bandPenalty, -row.score.deduction].reduce((a, v) => a + Math.round(v * 100), 0);
      expect(cents).toBe(Math.round(row.score.total * 100));
    }
    expect(body.formulaText).toContain('(签约项目数完成率×0.5 + 签约金额完成率×0.5) × 40');
    expect(body.formulaText).toContain('走访次数×10');
    expect(body.formulaText).toContain('只舍入一次');
    // A manager's preview adds up the rows it shows (Y's manager: team C alone).
    const managerY = await tf.crm.as(org.managerY);
    const scoped = (await managerY.get('/rankings/preview').query({ periodType: 'year', year: YEAR, level: 'team' }).expect(200)).body as RankingBody;
    const visibleTargets = scoped.rows.reduce((a, r) => a + Number(r.metrics.find((m) => m.metric === 'visits')?.target ?? 0), 0);
    expect(scoped.totals.units).toBe(scoped.rows.length);
    expect(scoped.totals.metrics[0]?.target).toBe(String(visibleTargets));
  });

  it('ranks units by their whole subtree, without the team targets', async () => {
    const res = await admin.get('/rankings/preview').query({ periodType: 'year', year: YEAR, level: 'unit' }).expect(200);
    const body = res.body as RankingBody;
    expect(body.title).toBe('2024年招商引资工作通报排名（区域）');
    // X: 5 projects, 250000 → 40. Y: nothing signed, C's two late projects → −2.
    expect(names(body)).toEqual([
      [1, org.countyX.id, 40],
      [2, org.countyY.id, -2],
    ]);
    expect(body.rows.map((r) => r.assignee.type)).toEqual(['unit', 'unit']);
    const q1 = await admin.get('/rankings/preview').query({ periodType: 'quarter', year: YEAR, quarter: 1, level: 'unit' }).expect(200);
    // Q1: A on 1 March and T on 2 February: 2 projects against 1 → capped at 1.2 × .5 × 40.
    expect(names(q1.body)).toEqual([[1, org.countyX.id, 24]]);
  });

  it('deducts for projects late at the end of the period ranked, not for those late only since', async () => {
    // Q1 2024: the project planned for 1 March and the one planned for 1 February (started only in June).
    const q1 = await admin.get('/rankings/preview').query({ periodType: 'quarter', year: YEAR, quarter: 1, level: 'team' }).expect(200);
    expect(names(q1.body)).toEqual([[1, org.teamC.id, -2]]);
    expect(q1.body.rows[0].score.deduction).toBe(2);
  });

  it('publishes with a formula given at publish time, and orders by it', async () => {
    const formula = {
      signing: { weight: 0, countShare: 0.5, amountShare: 0.5 },
      weights: { visits: 100 },
      completionCap: 2,
      sizeBands: [{ label: '5亿元以上', min: '50000', max: null, required: 1, penalty: 5 }],
      deductions: { pastStartDeadline: 0 },
    };
    const res = await admin.post('/rankings').send({ periodType: 'year', year: YEAR, level: 'team', title: '2024年度招商引资考核排名', formula }).expect(201);
    // Visits: C 2 × 100, B and T 100, A 0; A, B and T each signed at least one project of 50000 or more
    // (T's 49999.9999 does not count, its 50000.0001 does); C signed none: −5.
    expect(names(res.body)).toEqual([
      [1, org.teamC.id, 195],
      [2, org.teamB.id, 100],
      [2, org.teamT.id, 100],
      [4, org.teamA.id, 0],
    ]);
    expect(res.body).toMatchObject({ title: '2024年度招商引资考核排名', formula, periodType: 'year', year: YEAR, quarter: 0, level: 'team', timeElapsed: '100.00', publishedById: admin.user.id });
    const stored = await admin.get(`/rankings/${res.body.id}`).expect(200);
    expect(names(stored.body)).toEqual(names(res.body));
  });

  it('refuses a period without targets (409) and formulas naming unknown metrics or bad bands (400), writing nothing', async () => {
    const before = await tf.count('rankings');
    expectAppError(await admin.post('/rankings').send({ periodType: 'year', year: 2019, level: 'team' }), 409, 'RANKING_NO_TARGETS');
    // Q2 has no targets at all.
    expectAppError(await admin.post('/rankings').send({ periodType: 'quarter', year: YEAR, quarter: 2, level: 'team' }), 409, 'RANKING_NO_TARGETS');
    expectAppError(await managerX.get('/rankings/preview').query({ periodType: 'quarter', year: YEAR, quarter: 2, level: 'unit' }), 409, 'RANKING_NO_TARGETS');
    const base = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: {}, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 1 } };
    const golf = await admin.post('/rankings').send({ periodType: 'year', year: YEAR, level: 'team', formula: { ...base, weights: { visits: 1, golf_rounds: 2 } } });
    expectAppError(golf, 400, 'VALIDATION_FAILED', 'formula.weights.golf_rounds');
    expect(golf.body.message).toContain('golf_rounds');
    const signedTwice = await admin.post('/rankings').send({ periodType: 'year', year: YEAR, level: 'team', formula: { ...base, weights: { signed_amount: 2 } } });
    expectAppError(signedTwice, 400, 'VALIDATION_FAILED', 'formula.weights.signed_amount');
    const numericBand = await admin.post('/rankings').send({ periodType: 'year', year: YEAR, level: 'team', formula: { ...base, sizeBands: [{ label: '3–10亿元', min: 30000, max: 100000, required: 1, penalty: 2 }] } });
    expectAppError(numericBand, 400, 'VALIDATION_FAILED', 'formula.sizeBands[0]');
    expectAppError(await admin.post('/rankings').send({ periodType: 'year', year: YEAR, level: 'county' }), 400, 'VALIDATION_FAILED', 'level');
    expect(await tf.count('rankings')).toBe(before);
  });

  it('lets only an admin publish (403 otherwise); managers may preview, members may not', async () => {
    const before = await tf.count('rankings');
    const body = { periodType: 'year', year: YEAR, level: 'team' };
    expectAppError(await managerX.post('/rankings').send(body), 403, 'FORBIDDEN');
    expectAppError(await memberA.post('/rankings').send(body), 403, 'FORBIDDEN');
    expectAppError(await memberA.get('/rankings/preview').query(body), 403, 'FORBIDDEN');
    expectAppError(await memberA.get('/rankings/preview.xlsx').query(body), 403, 'FORBIDDEN');
    await managerX.get('/rankings/preview').query(body).expect(200);
    expect(await tf.count('rankings')).toBe(before);
  });

  /**
   * The unpublished preview by role and scope, expected by hand from the table at the top (team
   * ranks 1 A 40, 2 B 30, 2 T 30, 4 C 10; units 1 X 40, 2 Y −2): a manager reads the rows of
   * their scope with the figures and the rank of the full ranking; a member reads none.
   */
  describe('who previews what', () => {
    const teamQuery = { periodType: 'year', year: YEAR, level: 'team' };
    const unitQuery = { periodType: 'year', year: YEAR, level: 'unit' };
    const SCOPED = '（分管范围，名次按全体排名）';
    let managerY: Client;
    let managerTeamA: Client;
    let managerCity: Client;
    let managerNone: Client;
    let full: RankingBody;

    beforeAll(async () => {
      managerY = await tf.crm.as(org.managerY);
      managerTeamA = await tf.crm.as(await tf.f.manager({ teamIds: [org.teamA.id] }));
      managerCity = await tf.crm.as(await tf.f.manager({ regionUnitIds: [org.city.id] }));
      managerNone = await tf.crm.as(await tf.f.manager());
      full = (await admin.get('/rankings/preview').query(teamQuery).expect(200)).body as RankingBody;
    });

    const preview = async (c: Client, query: Record<string, unknown>) => (await c.get('/rankings/preview').query(query).expect(200)).body as RankingBody;

    it.each([
      ['the county X manager', () => managerX, () => [[1, org.teamA.id, 40], [2, org.teamB.id, 30], [2, org.teamT.id, 30]]],
      ['the county Y manager', () => managerY, () => [[4, org.teamC.id, 10]]],
      ['a manager of team A by name', () => managerTeamA, () => [[1, org.teamA.id, 40]]],
      ['the city manager', () => managerCity, () => [[1, org.teamA.id, 40], [2, org.teamB.id, 30], [2, org.teamT.id, 30], [4, org.teamC.id, 10]]],
      ['a manager of nothing', () => managerNone, () => []],
    ] as Array<[string, () => Client, () => unknown[]]>)('teams: %s sees the rows of their scope, ranked as in the full ranking', async (_who, client, expected) => {
      const body = await preview(client(), teamQuery);
      expect(names(body)).toEqual(expected());
      expect(body.title).toBe(`2024年招商引资工作通报排名（招商队）${SCOPED}`);
      // The same figures as the admin's rows, to the last field.
      for (const row of body.rows) expect(row).toEqual(full.rows.find((r) => r.assignee.id === row.assignee.id));
      expect(body).toMatchObject({ level: 'team', timeElapsed: full.timeElapsed });
    });

    it.each([
      ['the county X manager', () => managerX, () => [[1, org.countyX.id, 40]]],
      ['the county Y manager', () => managerY, () => [[2, org.countyY.id, -2]]],
      ['a manager of team A by name (a team does not open its county)', () => managerTeamA, () => []],
      ['the city manager', () => managerCity, () => [[1, org.countyX.id, 40], [2, org.countyY.id, -2]]],
    ] as Array<[string, () => Client, () => unknown[]]>)('units: %s sees the units in their scope whole', async (_who, client, expected) => {
      expect(names(await preview(client(), unitQuery))).toEqual(expected());
    });

    it('an admin sees every row, untitled by scope', async () => {
      expect(full.title).toBe('2024年招商引资工作通报排名（招商队）');
      expect(names(full)).toEqual([[1, org.teamA.id, 40], [2, org.teamB.id, 30], [2, org.teamT.id, 30], [4, org.teamC.id, 10]]);
    });

    it('keeps managers apart however they take turns (the cache is per scope), and follows a change of scope', async () => {
      for (let round = 0; round < 2; round++) {
        expect(names(await preview(managerY, teamQuery)).map((r) => r[1])).toEqual([org.teamC.id]);
        expect(names(await preview(managerX, teamQuery)).map((r) => r[1])).toEqual([org.teamA.id, org.teamB.id, org.teamT.id]);
        expect(names(await preview(managerTeamA, teamQuery)).map((r) => r[1])).toEqual([org.teamA.id]);
        expect((await preview(admin, teamQuery)).rows).toHaveLength(4);
      }
      // Team A's manager is given team C as well: the next preview shows it, nothing stale.
      const user = managerTeamA.user;
      const adminUser = await tf.f.adminUser();
      await t.app.get(ManagerScopesService).replace({ id: adminUser.id, username: adminUser.username, displayName: adminUser.username, role: Role.Admin }, user.id, { regionUnitIds: [], teamIds: [org.teamA.id, org.teamC.id] });
      expect(names(await preview(managerTeamA, teamQuery))).toEqual([[1, org.teamA.id, 40], [4, org.teamC.id, 10]]);
      await t.app.get(ManagerScopesService).replace({ id: adminUser.id, username: adminUser.username, displayName: adminUser.username, role: Role.Admin }, user.id, { regionUnitIds: [], teamIds: [org.teamA.id] });
      expect(names(await preview(managerTeamA, teamQuery))).toEqual([[1, org.teamA.id, 40]]);
    });

    it("a manager's preview .xlsx holds their rows only, with the full ranking's ranks", async () => {
      const { sheet } = await readXlsx((await xlsxOf(managerY.get('/rankings/preview.xlsx').query(teamQuery))).body as Buffer);
      expect(sheet.getCell('A1').value).toBe(`2024年招商引资工作通报排名（招商队）${SCOPED}`);
      expect([1, 2, 13].map((c) => sheet.getRow(5).getCell(c).value)).toEqual([4, org.teamC.name, 10]);
      // The 合计 row adds up the rows shown (team C alone); after a blank row the formula, the weights, how it reads, then the foot.
      expect([1, 2, 3, 4].map((c) => sheet.getRow(6).getCell(c).value)).toEqual(['合计', '合计（1个招商队）', 4, 8]);
      expect(sheet.getRow(7).getCell(1).value ?? null).toBeNull();
      expect(String(sheet.getRow(8).getCell(1).value)).toMatch(/^评分公式：/);
      expect(String(sheet.getRow(10).getCell(1).value)).toMatch(/^说明：/);
      expect(sheet.getRow(11).getCell(1).value).toBe('制表单位：通辽市投资促进中心');
      const x = await readXlsx((await xlsxOf(managerX.get('/rankings/preview.xlsx').query(unitQuery))).body as Buffer);
      expect([1, 2].map((c) => x.sheet.getRow(5).getCell(c).value)).toEqual([1, org.countyX.name]);
      expect(x.sheet.getRow(6).getCell(1).value).toBe('合计');
      expect(x.sheet.getRow(11).getCell(1).value).toBe('制表单位：通辽市投资促进中心');
    });

    it('a member gets 403 on the preview and its .xlsx, whatever the level', async () => {
      for (const query of [teamQuery, unitQuery]) {
        expectAppError(await memberA.get('/rankings/preview').query(query), 403, 'FORBIDDEN');
        expectAppError(await memberA.get('/rankings/preview.xlsx').query(query), 403, 'FORBIDDEN');
      }
    });

    it('everyone reads a published 通报 whole: members and managers of one county see every row; the publication is audited', async () => {
      const published = (await publish({ ...teamQuery, title: '2024年招商队通报（范围测试）' })).body as RankingBody & { id: string };
      // A second publication of the year's team ranking: a correction (version 2), audited as one.
      const [entry] = await tf.db.query(`SELECT actor_id, action, changes->'rows'->>'to' AS rows, changes->'version'->>'to' AS version FROM audit_log WHERE entity = 'ranking' AND entity_id = $1`, [published.id]);
      expect(entry).toEqual({ actor_id: admin.user.id, action: 'correct', rows: '4', version: '2' });
      for (const c of [memberA, managerY, managerTeamA, managerNone]) {
        expect((await c.get('/rankings').expect(200)).body.map((r: { id: string }) => r.id)).toContain(published.id);
        expect(names((await c.get(`/rankings/${published.id}`).expect(200)).body)).toEqual(names(full));
      }
      const { sheet } = await readXlsx((await xlsxOf(memberA.get(`/rankings/${published.id}/xlsx`))).body as Buffer);
      expect([5, 6, 7, 8].map((r) => sheet.getRow(r).getCell(2).value)).toEqual([org.teamA.name, org.teamB.name, org.teamT.name, org.teamC.name]);
    });
  });

  describe('the spreadsheet', () => {
    let rankingId: string;
    beforeAll(async () => {
      rankingId = ((await publish({ periodType: 'year', year: YEAR, level: 'team', title: '2024年全市招商引资工作通报' })).body as { id: string }).id;
    });

    it('is the table officials circulate: title, period and units, two-row header, frozen, A4 landscape', async () => {
      const res = await xlsxOf(memberA.get(`/rankings/${rankingId}/xlsx`));
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('2024年全市招商引资工作通报'));
      const { sheet } = await readXlsx(res.body as Buffer);
      expect(sheet.name).toBe('通报排名');
      expect(sheet.getCell('A1').value).toBe('2024年全市招商引资工作通报');
      const info = String(sheet.getCell('A2').value);
      expect(info).toContain('统计期间：2024年（2024-01-01 至 2024-12-31）');
      expect(info).toContain('序时进度：100.00%（口径：按月计（1–N月为 N/12））');
      expect(info).toContain('数据截至：');
      expect(info).toContain('同比：2023年');
      expect(info).toContain('第3版');
      expect(info).toContain('金额单位：万元');
      // Metrics in their fixed order: visits, signed projects, signed amount; then 序时进度 and the score.
      const row3 = [1, 2, 3, 6, 9, 12, 13, 14].map((c) => sheet.getRow(3).getCell(c).value);
      expect(row3).toEqual(['排名', '招商队', '走访次数', '签约项目数', '签约金额（万元）', '序时进度', '得分', '得分构成']);
      // The score's components: the signing score, each weighted metric the rows score (visits alone here), the deductions.
      expect([14, 15, 16, 17].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['签约得分', '走访次数得分', '规模档次扣分', '逾期未开工扣分']);
      expect([3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['目标', '完成', '完成率', '目标', '完成', '完成率', '目标', '完成', '完成率']);
      expect([...(sheet.model.merges as string[])].sort()).toEqual(['A1:Q1', 'A2:Q2', 'A3:A4', 'B3:B4', 'C3:E3', 'F3:H3', 'I3:K3', 'L3:L4', 'M3:M4', 'N3:Q3', 'A11:Q11', 'A12:Q12', 'A13:Q13', 'A14:Q14', 'A15:I15', 'J15:Q15'].sort());
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 2 });
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:4' });
      expect(sheet.headerFooter.oddFooter).toBe('&C第 &P 页，共 &N 页');
    });

    it('holds ranks, names and numbers, with percent formats', async () => {
      const { sheet } = await readXlsx((await xlsxOf(admin.get(`/rankings/${rankingId}/xlsx`))).body as Buffer);
      const data = [5, 6, 7, 8].map((r) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((c) => sheet.getRow(r).getCell(c).value));
      // Components: 签约得分, 走访次数得分, 规模档次扣分, 逾期未开工扣分 — they add up to the score.
      expect(data).toEqual([
        [1, org.teamA.name, 4, 0, 0, 2, 2, 1, 100000, 100000, 1, 1, 40, 40, 0, 0, 0],
        [2, org.teamB.name, 4, 4, 1, 2, 1, 0.5, 100000, 50000, 0.5, 1, 30, 20, 10, 0, 0],
        [2, org.teamT.name, 4, 4, 1, 4, 2, 0.5, 200000, 100000, 0.5, 1, 30, 20, 10, 0, 0],
        [4, org.teamC.name, 4, 8, 2, 1, 0, 0, 10000, 0, 0, 1, 10, 0, 12, 0, -2],
      ]);
      // 合计: 16 of 16 visits, 5 of 9 projects, 250000 of 410000 万元 (completions from the exact sums).
      expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => sheet.getRow(9).getCell(c).value)).toEqual(['合计', '合计（4个招商队）', 16, 16, 1, 9, 5, 0.5556, 410000, 250000, 0.6098, 1]);
      expect([5, 8, 11].map((c) => sheet.getRow(9).getCell(c).numFmt)).toEqual(['0.00%', '0.00%', '0.00%']);
      expect(sheet.getRow(10).getCell(1).value ?? null).toBeNull();
      expect(String(sheet.getRow(11).getCell(1).value)).toMatch(/^评分公式：得分 = 签约得分 \+ 各指标得分/);
      expect(String(sheet.getRow(12).getCell(1).value)).toMatch(/^权重：签约得分 /);
      expect(String(sheet.getRow(13).getCell(1).value)).toMatch(/^说明：完成率 = 完成 ÷ 目标/);
      // The third publication of the period: a correction, its note printed beneath the formula.
      expect(sheet.getRow(14).getCell(1).value).toBe('更正说明（第3版）：重新发布（测试）');
      // 制表单位 and 制表日期 (the day it was published) at the foot.
      expect(sheet.getRow(15).getCell(1).value).toBe('制表单位：通辽市投资促进中心');
      expect(String(sheet.getRow(15).getCell(10).value)).toMatch(/^制表日期：\d{4}-\d{2}-\d{2}$/);
      const row = sheet.getRow(6);
      expect([5, 8, 11, 12].map((c) => row.getCell(c).numFmt)).toEqual(['0.00%', '0.00%', '0.00%', '0.00%']);
      // Whole amounts without a trailing decimal point (not "100,000." as '#,##0.####' showed them).
      expect([9, 10].map((c) => row.getCell(c).numFmt)).toEqual(['#,##0', '#,##0']);
      expect([13, 14, 15, 16, 17].map((c) => row.getCell(c).numFmt)).toEqual(['0.00;-0.00;0.00', '0.00;-0.00;0.00', '0.00;-0.00;0.00', '0.00;-0.00;0.00', '0.00;-0.00;0.00']);
    });

    it('is the same table for a preview of units', async () => {
      const { sheet } = await readXlsx((await xlsxOf(admin.get('/rankings/preview.xlsx').query({ periodType: 'year', year: YEAR, level: 'unit' }))).body as Buffer);
      expect(sheet.getCell('A1').value).toBe('2024年招商引资工作通报排名（区域）');
      expect(sheet.getCell('B3').value).toBe('单位');
      expect(sheet.getRow(3).getCell(3).value).toBe('签约项目数');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
      expect([5, 6].map((r) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((c) => sheet.getRow(r).getCell(c).value))).toEqual([
        [1, org.countyX.name, 5, 5, 1, 250000, 250000, 1, 1, 40],
        [2, org.countyY.name, 5, 0, 0, 250000, 0, 0, 1, -2],
      ]);
    });
  });

  it('keeps a published ranking as it was when the data change afterwards', async () => {
    const published = (await publish({ periodType: 'year', year: YEAR, level: 'unit' })).body as RankingBody & { id: string };
    expect(names(published)).toEqual([
      [1, org.countyX.id, 40],
      [2, org.countyY.id, -2],
    ]);
    // C signs 2 projects worth 300000 in 2024 (−2 for the late projects remains).
    for (const amount of ['150000', '150000']) {
      const lead = await tf.lead(org.memberC, '2024-05-05');
      await tf.sign(org.memberC, lead.id, amount, '2024-10-10');
    }
    await tf.refresh();
    const preview = await admin.get('/rankings/preview').query({ periodType: 'year', year: YEAR, level: 'unit' }).expect(200);
    // Y: (2/5 × .5 + 300000/250000 × .5) × 40 − 2 = 30
    expect(names(preview.body)).toEqual([
      [1, org.countyX.id, 40],
      [2, org.countyY.id, 30],
    ]);
    // The 合计 row as published: X's 5 projects / 250000 万元 against 10 / 500000.
    expect(published.totals.metrics.map((m) => [m.metric, m.target, m.actual, m.completion])).toEqual([
      ['signed_projects', '10', '5', '50.00'],
      ['signed_amount', '500000', '250000', '50.00'],
    ]);
    expect((preview.body as RankingBody).totals.metrics.map((m) => m.actual)).toEqual(['7', '550000']);
    const stored = await memberA.get(`/rankings/${published.id}`).expect(200);
    expect(stored.body.rows).toEqual(published.rows);
    expect(stored.body.totals).toEqual(published.totals);
    expect(stored.body.formulaText).toBe(published.formulaText);
    const list = await memberA.get('/rankings').expect(200);
    const listed = (list.body as Array<{ id: string; rows?: unknown }>).find((r) => r.id === published.id);
    expect(listed).toMatchObject({ id: published.id, level: 'unit', year: YEAR });
    expect(listed).not.toHaveProperty('rows');
    expectAppError(await memberA.get('/rankings/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });

  it('sends the preview gzipped to clients that take gzip, and plain to others', async () => {
    const query = { periodType: 'year', year: YEAR, level: 'team' };
    const zipped = await admin.get('/rankings/preview').query(query).set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/^application\/json/);
    const plain = await admin.get('/rankings/preview').query(query).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(zipped.body);
    expect(names(plain.body as RankingBody)).toHaveLength(4);
  });

  it('recomputes a preview when a target of the period changes, without waiting for a refresh (a manager\'s scoped one too)', async () => {
    const query = { periodType: 'year', year: YEAR, level: 'team' };
    const managerY = await tf.crm.as(org.managerY);
    const teamC = (body: RankingBody) => body.rows.find((r) => r.assignee.id === org.teamC.id) as RankingRowBody;
    const before = teamC((await managerY.get('/rankings/preview').query(query).expect(200)).body);
    expect(before.metrics[0]).toMatchObject({ metric: 'visits', target: '4', actual: '8' });
    const [target] = await tf.db.query(`SELECT id, version FROM targets WHERE team_id = $1 AND period_type = 'year' AND year = $2`, [org.teamC.id, YEAR]);
    await admin.patch(`/targets/${target.id}`).send({ values: { visits: 16, signed_projects: 1, signed_amount: '10000' }, version: target.version }).expect(200);
    const after = teamC((await managerY.get('/rankings/preview').query(query).expect(200)).body);
    expect(after.metrics[0]).toMatchObject({ metric: 'visits', target: '16', actual: '8', completion: '50.00' });
  });
});
