import { Role } from '../src/common/auth/auth-user';
import { formatWanYuan, fromNumeric } from '../src/common/money/wan-yuan';
import { REPORTING_RULES, ReportingRules } from '../src/metrics/reporting-rules';
import { ProjectNature } from '../src/projects/entities/project-enums';
import { ProjectsRepository, SummaryFigures, SummaryGroupColumn, SummaryPeriod } from '../src/projects/projects.repository';
import { ProjectsService } from '../src/projects/projects.service';
import { Factory, TestUser } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The registry summary read from project_summary_cells (kept by triggers) against a plain-SQL
 * recomputation from projects, plans and reports, after each step of a sequence of writes:
 * created, planned, reported (2月29日 of 2024 — a past leap year, as reports of future months are refused —, December → January), moved to another team, unit,
 * chain and 建设类型, corrected, started, deleted — for an admin, a county manager and a member
 * who also owns a project of another team.
 */
describe('registry summary cells: equal to a plain-SQL recomputation after every write', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let repo: ProjectsRepository;
  let rules: ReportingRules;
  let admin: TestUser;
  let manager: TestUser;
  let member: TestUser;
  let ids: Record<string, string>;
  let projects: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    repo = t.app.get(ProjectsRepository);
    rules = t.app.get(REPORTING_RULES);
    admin = await p.f.adminUser();
    const city = await p.f.region();
    const countyX = await p.f.region({ parentId: city.id, name: '科尔沁区', code: '150502' });
    const countyY = await p.f.region({ parentId: city.id, name: '开鲁县', code: '150523' });
    const chainA = await p.crm.industryChain('镍基循环新材料');
    const chainB = await p.crm.industryChain('铝基循环新材料');
    member = await p.f.user({ role: Role.Member });
    const teamX = await p.f.team({ regionUnitId: countyX.id, memberIds: [member.id] });
    const teamY = await p.f.team({ regionUnitId: countyY.id });
    manager = await p.f.manager({ regionUnitIds: [countyX.id] });
    ids = { city: city.id, countyX: countyX.id, countyY: countyY.id, chainA: chainA.id, chainB: chainB.id, teamX: teamX.id, teamY: teamY.id };
    projects = {};
  });
  afterAll(() => t.close());

  const periods: SummaryPeriod[] = [
    // 1–2月 2024 to the leap day (a month over: cells only), and to mid-February (starts counted live).
    { key: 'leap', year: 2024, fromMonth: '2024-01-01', toMonth: '2024-02-01', fromDay: '2024-01-01', toDay: '2024-02-29' },
    { key: 'midFeb', year: 2024, fromMonth: '2024-01-01', toMonth: '2024-02-01', fromDay: '2024-01-01', toDay: '2024-02-15' },
    { key: 'y2024', year: 2024, fromMonth: '2024-01-01', toMonth: '2024-12-01', fromDay: '2024-01-01', toDay: '2024-12-31' },
    // January 2025 after December 2024, and a year with no month counted yet.
    { key: 'jan2025', year: 2025, fromMonth: '2025-01-01', toMonth: '2025-01-01', fromDay: '2025-01-01', toDay: '2025-01-10' },
    { key: 'none2025', year: 2025, fromMonth: '2025-01-01', toMonth: '2024-12-01', fromDay: '2025-01-01', toDay: '2024-12-31' },
    { key: 'y2023', year: 2023, fromMonth: '2023-01-01', toMonth: '2023-12-01', fromDay: '2023-01-01', toDay: '2023-12-31' },
  ];

  /** Who sees which projects, written out by hand from the fixture (not the access rules' SQL). */
  const scopes = () => ({
    admin: 'TRUE',
    manager: `(p.team_id = '${ids.teamX}' OR (p.team_id IS NULL AND p.region_unit_id = '${ids.countyX}') OR p.owner_user_id = '${manager.id}')`,
    member: `(p.team_id = '${ids.teamX}' OR p.owner_user_id = '${member.id}')`,
  });

  /** The figures recomputed in plain SQL: plans of the year, reports of the months, starts of the days. */
  async function expected(scope: string, group: SummaryGroupColumn, extra = 'TRUE'): Promise<Map<string, Record<string, string>>> {
    const g = group ? `p.${group}` : 'NULL::uuid';
    const type = `CASE WHEN p.is_continuing THEN 'continuing' WHEN p.nature IN ('expansion', 'renovation') THEN 'rebuild' ELSE 'new' END`;
    const out = new Map<string, Record<string, string>>();
    const cell = (key: string) => out.get(key) ?? out.set(key, { projects: '0', started: '0', totalInvestment: '0', planned: '0', completed: '0' }).get(key)!;
    for (const pr of periods) {
      const w = `${scope} AND ${extra}`;
      const plans: Array<{ g: string | null; t: string; n: string; ti: string; pl: string }> = await p.db.query(
        `SELECT ${g} AS g, ${type} AS t, count(*)::text AS n, sum(p.total_investment)::text AS ti, sum(pl.planned_investment)::text AS pl
           FROM projects p JOIN project_year_plans pl ON pl.project_id = p.id WHERE pl.year = $1 AND ${w} GROUP BY 1, 2`,
        [pr.year],
      );
      for (const r of plans) Object.assign(cell(`${pr.key}|${r.g}|${r.t}`), { projects: r.n, totalInvestment: fromNumeric(r.ti), planned: fromNumeric(r.pl) });
      const done: Array<{ g: string | null; t: string; c: string }> = await p.db.query(
        `SELECT ${g} AS g, ${type} AS t, sum(mp.completed_investment)::text AS c
           FROM projects p JOIN project_monthly_progress mp ON mp.project_id = p.id WHERE mp.month BETWEEN $1 AND $2 AND ${w} GROUP BY 1, 2`,
        [pr.fromMonth, pr.toMonth],
      );
      for (const r of done) cell(`${pr.key}|${r.g}|${r.t}`).completed = fromNumeric(r.c);
      const started: Array<{ g: string | null; t: string; n: string }> = await p.db.query(
        `SELECT ${g} AS g, ${type} AS t, count(*)::text AS n FROM projects p WHERE p.started_on BETWEEN $1 AND $2 AND ${w} GROUP BY 1, 2`,
        [pr.fromDay, pr.toDay],
      );
      for (const r of started) cell(`${pr.key}|${r.g}|${r.t}`).started = r.n;
    }
    return out;
  }

  const asMap = (rows: SummaryFigures[]) =>
    new Map(
      rows.map((r) => [
        `${r.key}|${r.groupId}|${r.constructionType}`,
        { projects: String(r.projects), started: String(r.started), totalInvestment: formatWanYuan(r.totalInvestment), planned: formatWanYuan(r.planned), completed: formatWanYuan(r.completed) },
      ]),
    );

  /** Every grouping, filter and caller: the summary's figures equal the recomputation. */
  async function expectExact(step: string) {
    const callers = { admin, manager, member };
    for (const [who, user] of Object.entries(callers)) {
      const actor = p.crm.actor(user);
      const scope = scopes()[who as keyof ReturnType<typeof scopes>];
      for (const group of ['region_unit_id', 'industry_chain_id', null] as SummaryGroupColumn[]) {
        const got = asMap(await repo.summaryFigures(actor, {}, group, periods));
        expect({ step, who, group, figures: got }).toEqual({ step, who, group, figures: await expected(scope, group) });
      }
      const inX = asMap(await repo.summaryFigures(actor, { regionUnitId: ids.countyX, industryChainId: ids.chainA }, 'region_unit_id', periods));
      expect({ step, who, filter: 'X+A', figures: inX }).toEqual({
        step,
        who,
        filter: 'X+A',
        figures: await expected(scope, 'region_unit_id', `p.region_unit_id = '${ids.countyX}' AND p.industry_chain_id = '${ids.chainA}'`),
      });
      // 重大项目 falls back to the live query: the same answer.
      const major = asMap(await repo.summaryFigures(actor, { major: true }, 'industry_chain_id', periods));
      expect({ step, who, filter: 'major', figures: major }).toEqual({
        step,
        who,
        filter: 'major',
        figures: await expected(scope, 'industry_chain_id', `p.total_investment >= ${rules.majorProjectMinInvestment}::numeric`),
      });
    }
  }

  const service = () => t.app.get(ProjectsService);
  const adminActor = () => p.crm.actor(admin);
  const version = async (id: string) => ((await p.db.query('SELECT version FROM projects WHERE id = $1', [id])) as Array<{ version: number }>)[0]!.version;
  const update = async (id: string, dto: Record<string, unknown>) => service().update(adminActor(), id, { ...dto, version: await version(id) } as never);

  it('after creating projects, plans and reports (2月29日, December → January)', async () => {
    projects.x = (await p.project({ name: '科尔沁镍铁项目', totalInvestment: '680600', teamId: ids.teamX, regionUnitId: ids.countyX, industryChainId: ids.chainA, startedOn: '2024-02-29' })).id;
    projects.y = (await p.project({ name: '开鲁铝材续建项目', totalInvestment: '16000.1234', teamId: ids.teamY, regionUnitId: ids.countyY, industryChainId: ids.chainB, isContinuing: true, startedOn: '2023-12-31' })).id;
    projects.none = (await p.project({ name: '无招商队改扩建项目', totalInvestment: '5000', regionUnitId: ids.countyX, industryChainId: ids.chainA, nature: ProjectNature.Expansion, startedOn: '2024-02-10' })).id;
    projects.owned = (await p.project({ name: '队员负责的开鲁项目', totalInvestment: '0.0001', teamId: ids.teamY, regionUnitId: ids.countyY, ownerUserId: member.id, startedOn: '2025-01-05' })).id;
    projects.nowhere = (await p.project({ name: '未定地点项目', totalInvestment: '1350000' })).id;
    for (const [k, y, v] of [['x', 2024, '20000'], ['x', 2025, '15000.5'], ['y', 2023, '8000'], ['y', 2024, '100000.1234'], ['none', 2024, '1'], ['owned', 2025, '0.0001'], ['nowhere', 2024, '3']] as const) {
      await p.plan(projects[k]!, y, v);
    }
    for (const [k, m, v] of [
      ['x', '2024-02', '3000'],
      ['x', '2024-12', '5000.5'],
      ['x', '2025-01', '1000'],
      ['y', '2023-12', '0.0001'],
      ['y', '2024-01', '25000'],
      ['y', '2024-03', '0'],
      ['none', '2024-02', '777'],
      ['owned', '2025-01', '12.3456'],
      ['nowhere', '2024-12', '9'],
    ] as const) {
      await p.progress(projects[k]!, m, v);
    }
    await expectExact('created');
  });

  it('after moving projects to another team, unit, chain and 建设类型, and changing their investment and start', async () => {
    await update(projects.x!, { regionUnitId: ids.countyY, industryChainId: ids.chainB });
    await update(projects.y!, { isContinuing: false, totalInvestment: '17000' });
    await update(projects.none!, { teamId: ids.teamX, startedOn: '2024-02-29' });
    await update(projects.nowhere!, { totalInvestment: '1350001', startedOn: '2024-02-14' });
    await update(projects.owned!, { nature: ProjectNature.Renovation, startedOn: null });
    await expectExact('moved');
    // And back: a stage reversed leaves no trace in the cells.
    await update(projects.x!, { regionUnitId: ids.countyX, industryChainId: ids.chainA });
    await expectExact('moved back');
  });

  it('after a month corrected and a plan changed', async () => {
    await p.progress(projects.x!, '2024-02', '2999.9999');
    await p.progress(projects.y!, '2024-01', '0');
    await p.plan(projects.y!, 2024, '90000');
    await expectExact('corrected');
  });

  it('after reports, a plan and a project deleted (any writer: SQL by hand)', async () => {
    await p.db.query(`DELETE FROM project_monthly_progress WHERE project_id = $1 AND month = '2024-12-01'`, [projects.x]);
    await p.db.query('DELETE FROM project_year_plans WHERE project_id = $1 AND year = 2025', [projects.owned]);
    await p.db.query('DELETE FROM projects WHERE id = $1', [projects.none]);
    await expectExact('deleted');
    // Nothing left behind: the cells equal a rebuild from scratch.
    const before = await p.db.query('SELECT * FROM project_summary_cells WHERE plan_projects <> 0 OR reports_upto[12] <> 0 OR started_upto[12] <> 0 ORDER BY 1, 2, 3, 4, 5, 6');
    await p.db.transaction(async (em) => {
      await em.query('SELECT project_summary_cells_rebuild()');
      const rebuilt = await em.query('SELECT * FROM project_summary_cells ORDER BY 1, 2, 3, 4, 5, 6');
      expect(JSON.parse(JSON.stringify(before, (_k, v: unknown) => (typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? fromNumeric(v) : v)))).toEqual(
        JSON.parse(JSON.stringify(rebuilt, (_k, v: unknown) => (typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? fromNumeric(v) : v))),
      );
    });
  });

  it('the endpoint answers from the cells: county rows for admin and the county manager', async () => {
    for (const user of [admin, manager]) {
      const client: RegistryClient = await p.as(user);
      const body = (await client.get('/registry/summary').query({ year: 2024, asOf: '2024-02-15', groupBy: 'county' }).expect(200)).body as {
        groups: Array<{ group: { id: string | null }; projectCount: number; startedCount: number; annualPlan: string; completedInYear: string }>;
      };
      const scope = user === admin ? scopes().admin : scopes().manager;
      const want: Array<{ g: string | null; n: number; s: number; pl: string | null; c: string | null }> = await p.db.query(
        `SELECT g, sum(n)::int AS n, sum(s)::int AS s, sum(pl)::text AS pl, sum(c)::text AS c FROM (
           SELECT p.region_unit_id AS g, 1 AS n, 0 AS s, pl.planned_investment AS pl, 0 AS c FROM projects p JOIN project_year_plans pl ON pl.project_id = p.id AND pl.year = 2024 WHERE ${scope}
           UNION ALL SELECT p.region_unit_id, 0, 0, 0, mp.completed_investment FROM projects p JOIN project_monthly_progress mp ON mp.project_id = p.id AND mp.month BETWEEN '2024-01-01' AND '2024-02-01' WHERE ${scope}
           UNION ALL SELECT p.region_unit_id, 0, 1, 0, 0 FROM projects p WHERE p.started_on BETWEEN '2024-01-01' AND '2024-02-15' AND ${scope}
         ) x GROUP BY g`,
      );
      const got = Object.fromEntries(body.groups.map((r) => [String(r.group.id), [r.projectCount, r.startedCount, r.annualPlan, r.completedInYear]]));
      expect(got).toEqual(Object.fromEntries(want.map((r) => [String(r.g), [r.n, r.s, fromNumeric(r.pl ?? '0'), fromNumeric(r.c ?? '0')]])));
    }
  });
});
