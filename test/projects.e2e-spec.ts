import { Role } from '../src/common/auth/auth-user';
import { addMonths, currentMonthStart, monthLabel } from '../src/projects/project-rules';
import { ProjectsService } from '../src/projects/projects.service';
import { CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

const thisMonth = () => monthLabel(currentMonthStart());
const monthsAgo = (n: number) => monthLabel(addMonths(currentMonthStart(), -n));

describe('projects: the registry kept by admins, read within scope', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let admin: RegistryClient;
  let chainId: string;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    org = await crm.org();
    admin = await p.as(await p.f.adminUser());
    chainId = (await crm.industryChain()).id;
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('an admin enters a continuing project directly, with exact 万元 and the node colours', async () => {
      const enterprise = await crm.enterprise();
      const res = await admin
        .post('/projects')
        .send({
          name: '经安一期镍铁合金项目',
          totalInvestment: '680600',
          isContinuing: true,
          nature: 'new',
          level: 'region_major',
          enterpriseId: enterprise.id,
          teamId: org.teamA.id,
          regionUnitId: org.countyX.id,
          industryChainId: chainId,
          startedOn: dayOffset(-400),
          plannedCompletionOn: dayOffset(1),
          capacity: '年产120万吨镍铁合金和60万吨硅锰合金及40万吨高碳铬铁合金',
          expectedOutputValue: '1000000',
          expectedTax: 50000.5,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        name: '经安一期镍铁合金项目',
        totalInvestment: '680600',
        signedAmount: '0',
        isContinuing: true,
        constructionLabel: '续建',
        lifecycle: 'construction',
        lifecycleLabel: '开工建设',
        level: 'region_major',
        levelLabel: '自治区重大',
        natureLabel: '新建',
        enterprise: { id: enterprise.id },
        team: { id: org.teamA.id },
        regionUnit: { id: org.countyX.id },
        industryChain: { id: chainId },
        expectedOutputValue: '1000000',
        expectedTax: '50000.5',
        cumulativeCompleted: '0',
        overrun: false,
        version: 1,
        lead: null,
        signings: [],
        openProblems: 0,
      });
      const nodes = Object.fromEntries((res.body.nodes as Array<{ node: string; status: string; colour: string }>).map((n) => [n.node, n]));
      expect(nodes.registered).toMatchObject({ status: 'done', colour: 'green' });
      expect(nodes.construction).toMatchObject({ status: 'done', doneOn: dayOffset(-400) });
      expect(nodes.operating).toMatchObject({ status: 'due_soon', colour: 'yellow', plannedOn: dayOffset(1) });
      const audit = await crm.audit('project', res.body.id);
      expect(audit.map((a) => a.action)).toEqual(['create']);
    });

    it('refuses bad input with 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: '项目', totalInvestment: 0.1 + 0.2 }, 'totalInvestment'],
        [{ name: '项目', totalInvestment: '-1' }, 'totalInvestment'],
        [{ name: '项目', totalInvestment: '1', nature: 'rebuild' }, 'nature'],
        [{ name: '项目', totalInvestment: '1', plannedStartOn: '2022-06' }, 'plannedStartOn'],
        [{ name: '项目', totalInvestment: '1', cumulativeCompleted: '5' }, 'cumulativeCompleted'],
        [{ name: '项目', totalInvestment: '1', signedAmount: '5' }, 'signedAmount'],
        [{ name: '项目', totalInvestment: '1', startedOn: dayOffset(3) }, 'startedOn'],
        [{ name: '项目', totalInvestment: '1', plannedStartOn: '2022-06-01', plannedCompletionOn: '2022-05-01' }, 'plannedCompletionOn'],
        [{ name: '项目', totalInvestment: '1', regionUnitId: '00000000-0000-4000-8000-000000000000' }, 'regionUnitId'],
        [{ name: '项目', totalInvestment: '1', teamId: '00000000-0000-4000-8000-000000000000' }, 'teamId'],
      ];
      for (const [body, field] of cases) expectAppError(await admin.post('/projects').send(body), 400, expect.any(String) as never, field);
    });

    it('a township given as the place is recorded as its county', async () => {
      const township = await p.f.region({ parentId: org.countyY.id, level: 'township' as never });
      const res = await admin.post('/projects').send({ name: '乡镇项目', totalInvestment: '1', regionUnitId: township.id }).expect(201);
      expect(res.body.regionUnit).toEqual({ id: org.countyY.id, name: org.countyY.name });
    });

    it('only admins write the registry', async () => {
      const member = await p.as(org.memberA);
      expectAppError(await member.post('/projects').send({ name: '项目甲', totalInvestment: '1' }), 403, 'FORBIDDEN');
      const manager = await p.as(org.managerX);
      expectAppError(await manager.post('/projects').send({ name: '项目甲', totalInvestment: '1' }), 403, 'FORBIDDEN');
    });
  });

  describe('no double entry (重复录入)', () => {
    const countOf = async (enterpriseId: string): Promise<number> =>
      (await p.db.query('SELECT count(*)::int AS n FROM projects WHERE enterprise_id = $1', [enterpriseId]))[0].n;

    it('the same company and a name that reads the same answers 409 with the existing id; nothing is written', async () => {
      const enterprise = await crm.enterprise();
      const first = await admin.post('/projects').send({ name: '经安（一期）镍铁合金项目', totalInvestment: '680600', enterpriseId: enterprise.id }).expect(201);
      for (const name of ['经安(一期)镍铁合金', '  经安（一期） 镍铁合金　项目 ', '经安（一期）镍铁合金项目']) {
        const res = await admin.post('/projects').send({ name, totalInvestment: '1', enterpriseId: enterprise.id });
        expectAppError(res, 409, 'PROJECT_DUPLICATE');
        expect(res.body.details).toMatchObject({ existingProjectId: first.body.id, existingProjectName: '经安（一期）镍铁合金项目', matchedBy: 'name' });
      }
      // Another phase, or the same name under another company, is another project.
      await admin.post('/projects').send({ name: '经安（二期）镍铁合金项目', totalInvestment: '1', enterpriseId: enterprise.id }).expect(201);
      const other = await crm.enterprise();
      await admin.post('/projects').send({ name: '经安（一期）镍铁合金项目', totalInvestment: '1', enterpriseId: other.id }).expect(201);
      expect(await countOf(enterprise.id)).toBe(2);
    });

    it('without a company, the same name in the same county is a duplicate; in another county it is not', async () => {
      const first = await admin.post('/projects').send({ name: '旗县自建物流园', totalInvestment: '1', regionUnitId: org.countyX.id }).expect(201);
      const res = await admin.post('/projects').send({ name: '旗县自建物流园项目', totalInvestment: '2', regionUnitId: org.countyX.id });
      expectAppError(res, 409, 'PROJECT_DUPLICATE');
      expect(res.body.details).toMatchObject({ existingProjectId: first.body.id });
      await admin.post('/projects').send({ name: '旗县自建物流园', totalInvestment: '1', regionUnitId: org.countyY.id }).expect(201);
    });

    it('the same signing entered again by hand (company of a rolled-up project, total = its signed amount) answers 409', async () => {
      const lead = await p.lead(org.memberA, { industryChainId: chainId, targetRegionUnitId: org.countyX.id });
      const signing = await p.sign(org.memberA, lead.id, '308000.1234');
      expect(await t.app.get(ProjectsService).rollupSigning(p.payload(lead, signing))).toBe('created');
      const [rolled] = await p.db.query('SELECT id, signed_amount::text AS amount FROM projects WHERE lead_id = $1', [lead.id]);
      expect(rolled.amount).toBe('308000.1234');
      const res = await admin.post('/projects').send({ name: '手工录入的另一个名称', totalInvestment: '308000.1234', enterpriseId: lead.enterprise.id });
      expectAppError(res, 409, 'PROJECT_DUPLICATE');
      expect(res.body.details).toMatchObject({ existingProjectId: rolled.id, matchedBy: 'signing' });
      await admin.post('/projects').send({ name: '手工录入的另一个名称', totalInvestment: '308000.1235', enterpriseId: lead.enterprise.id }).expect(201);
    });

    it('a rename that makes it read as another entry answers 409 naming that one; renaming to a form of its own name does not', async () => {
      const enterprise = await crm.enterprise();
      const first = await admin.post('/projects').send({ name: '龙马高端装备制造基地', totalInvestment: '1350000', enterpriseId: enterprise.id }).expect(201);
      const second = await admin.post('/projects').send({ name: '龙马配套物流园', totalInvestment: '20000', enterpriseId: enterprise.id }).expect(201);
      const res = await admin.patch(`/projects/${second.body.id}`).send({ name: '龙马高端装备制造基地项目', version: second.body.version });
      expectAppError(res, 409, 'PROJECT_DUPLICATE');
      expect(res.body.details).toMatchObject({ existingProjectId: first.body.id, matchedBy: 'name' });
      const [unchanged] = await p.db.query('SELECT name, version FROM projects WHERE id = $1', [second.body.id]);
      expect(unchanged).toEqual({ name: '龙马配套物流园', version: second.body.version });
      // Its own name written another way is not a duplicate of itself.
      await admin.patch(`/projects/${first.body.id}`).send({ name: '龙马高端装备制造基地 项目', version: first.body.version }).expect(200);
      // Moving it to another company that already has a project of that name is.
      const other = await crm.enterprise();
      const there = await admin.post('/projects').send({ name: '龙马配套物流园', totalInvestment: '1', enterpriseId: other.id }).expect(201);
      const moved = await admin.patch(`/projects/${second.body.id}`).send({ enterpriseId: other.id, version: second.body.version });
      expectAppError(moved, 409, 'PROJECT_DUPLICATE');
      expect(moved.body.details).toMatchObject({ existingProjectId: there.body.id });
    });

    it('concurrent duplicates end in one project: one 201, the rest 409 naming it', async () => {
      const enterprise = await crm.enterprise();
      const results = await Promise.all(
        ['风电装备产业园', '风电装备产业园项目', ' 风电装备产业园 ', '风电装备　产业园', '风电装备产业园'].map((name) => admin.post('/projects').send({ name, totalInvestment: '5000', enterpriseId: enterprise.id })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const created = results.find((r) => r.status === 201)?.body.id;
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.details.existingProjectId).toBe(created);
      const rows = await p.db.query('SELECT id FROM projects WHERE enterprise_id = $1', [enterprise.id]);
      expect(rows).toEqual([{ id: created }]);
    });
  });

  describe('scope', () => {
    let teamProject: string;
    let noTeamX: string;
    let noTeamY: string;
    let ownedByC: string;

    beforeAll(async () => {
      teamProject = (await p.project({ teamId: org.teamA.id, regionUnitId: org.countyX.id })).id;
      noTeamX = (await p.project({ regionUnitId: org.countyX.id })).id;
      noTeamY = (await p.project({ regionUnitId: org.countyY.id })).id;
      ownedByC = (await p.project({ regionUnitId: org.countyY.id, ownerUserId: org.memberC.id, lifecycle: 'construction' as never })).id;
    });

    const sees = async (client: RegistryClient, id: string) => (await client.get(`/projects/${id}`)).status;

    it('a team project: its team, its managers and admins see it; another team gets 404', async () => {
      for (const user of [org.memberA, org.memberA2, org.managerX]) expect(await sees(await p.as(user), teamProject)).toBe(200);
      for (const user of [org.memberB, org.memberC]) {
        const res = await (await p.as(user)).get(`/projects/${teamProject}`);
        expectAppError(res, 404, 'NOT_FOUND');
      }
      expect(await sees(admin, teamProject)).toBe(200);
    });

    it('a project without a team: managers of its county and admins; not members', async () => {
      const manager = await p.as(org.managerX);
      expect(await sees(manager, noTeamX)).toBe(200);
      expect(await sees(manager, noTeamY)).toBe(404);
      expect(await sees(await p.as(org.memberA), noTeamX)).toBe(404);
      expect(await sees(admin, noTeamY)).toBe(200);
    });

    it('lists and writes follow the same rule', async () => {
      const memberC = await p.as(org.memberC);
      const { items } = await p.f.walk(p.f.as(await org.memberC.token()), '/api/v1/projects', {}, 50);
      expect(items.map((i) => i.id)).toEqual([ownedByC]);
      expectAppError(await memberC.put(`/projects/${teamProject}/progress/${monthsAgo(1)}`).send({ completedInvestment: '1' }), 404, 'NOT_FOUND');
      expectAppError(await memberC.get(`/projects/${teamProject}/problems`), 404, 'NOT_FOUND');
      expectAppError(await memberC.get(`/projects/${teamProject}/progress`), 404, 'NOT_FOUND');
      const managerList = await (await p.as(org.managerX)).get('/projects').query({ limit: 200 }).expect(200);
      const seen = managerList.body.items.map((i: { id: string }) => i.id);
      expect(seen).toEqual(expect.arrayContaining([teamProject, noTeamX]));
      expect(seen).not.toContain(noTeamY);
      expect(seen).not.toContain(ownedByC);
    });

    it('the owner of a project sees it and files its progress and problems, but cannot edit it', async () => {
      const owner = await p.as(org.memberC);
      expect(await sees(owner, ownedByC)).toBe(200);
      await owner.put(`/projects/${ownedByC}/progress/${monthsAgo(1)}`).send({ completedInvestment: '12.5', note: '设备进场' }).expect(200);
      await owner.post(`/projects/${ownedByC}/problems`).send({ category: 'power', description: '临时用电未接入', responsibleDepartment: '供电公司' }).expect(201);
      expectAppError(await owner.patch(`/projects/${ownedByC}`).send({ name: '改名', version: 1 }), 403, 'FORBIDDEN');
      expectAppError(await owner.put(`/projects/${ownedByC}/plans/2022`).send({ plannedInvestment: '1' }), 403, 'FORBIDDEN');
      // A manager who sees a team project but does not own it reads, never files.
      expectAppError(await (await p.as(org.managerX)).put(`/projects/${teamProject}/progress/${monthsAgo(1)}`).send({ completedInvestment: '1' }), 403, 'PROJECT_WRITE_FORBIDDEN');
    });
  });

  describe('list filters and paging', () => {
    it('filters by county subtree, chain, lifecycle, level, nature, continuing, plan year and name, and walks the cursor', async () => {
      const city = await p.f.region();
      const county = await p.f.region({ parentId: city.id });
      const chain = (await crm.industryChain()).id;
      const a = await p.project({ name: '筛选甲风电装备', regionUnitId: county.id, industryChainId: chain, level: 'city_key' as never, nature: 'expansion' as never, isContinuing: true });
      const b = await p.project({ name: '筛选乙铝合金', regionUnitId: county.id, industryChainId: chain, lifecycle: 'preparation' as never });
      const c = await p.project({ name: '筛选丙', regionUnitId: county.id });
      await p.plan(b.id, 2022, '800');
      const q = async (query: Record<string, unknown>) => (await p.f.walk(p.f.as(await (await p.f.adminUser()).token()), '/api/v1/projects', query, 2)).items.map((i) => i.id).sort();
      expect(await q({ regionUnitId: city.id })).toEqual([a.id, b.id, c.id].sort());
      expect(await q({ regionUnitId: city.id, industryChainId: chain })).toEqual([a.id, b.id].sort());
      expect(await q({ regionUnitId: city.id, lifecycle: 'preparation' })).toEqual([b.id]);
      expect(await q({ regionUnitId: city.id, lifecycle: 'construction' })).toEqual([a.id]);
      expect(await q({ regionUnitId: city.id, level: 'city_key' })).toEqual([a.id]);
      expect(await q({ regionUnitId: city.id, nature: 'expansion' })).toEqual([a.id]);
      expect(await q({ regionUnitId: city.id, isContinuing: 'false' })).toEqual([b.id, c.id].sort());
      expect(await q({ regionUnitId: city.id, year: 2022 })).toEqual([b.id]);
      expect(await q({ q: '筛选乙' })).toEqual([b.id]);
      expect(await q({ regionUnitId: city.id, sort: 'totalInvestment', order: 'asc' })).toHaveLength(3);
      expectAppError(await admin.get('/projects').query({ year: 'soon' }), 400, 'VALIDATION_FAILED', 'year');
      expectAppError(await admin.get('/projects').query({ lifecycle: 'done' }), 400, 'VALIDATION_FAILED', 'lifecycle');
    });
  });

  describe('versioned update', () => {
    it('a stale version answers 409 with the current one; nothing is overwritten', async () => {
      const project = await p.project({ totalInvestment: '100' });
      const ok = await admin.patch(`/projects/${project.id}`).send({ totalInvestment: '200.5', lifecycle: 'registered', registeredOn: dayOffset(-1), version: 1 }).expect(200);
      expect(ok.body).toMatchObject({ totalInvestment: '200.5', lifecycle: 'registered', version: 2 });
      const stale = await admin.patch(`/projects/${project.id}`).send({ totalInvestment: '1', version: 1 });
      expectAppError(stale, 409, 'PROJECT_VERSION_CONFLICT');
      expect(stale.body.details).toMatchObject({ currentVersion: 2, currentLifecycle: 'registered' });
      expect((await admin.get(`/projects/${project.id}`).expect(200)).body.totalInvestment).toBe('200.5');
      expectAppError(await admin.patch(`/projects/${project.id}`).send({ totalInvestment: '1' }), 400, 'VALIDATION_FAILED', 'version');
      expectAppError(await admin.patch(`/projects/${project.id}`).send({ name: null, version: 2 }), 400, 'VALIDATION_FAILED', 'name');
      const audit = await crm.audit('project', project.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(audit[1]?.changes).toMatchObject({ totalInvestment: { from: '100', to: '200.5' }, lifecycle: { from: 'signed', to: 'registered' } });
    });

    it('nodes: planned and actual dates, colours, and the project dates they stand for', async () => {
      const project = await p.project({ plannedStartOn: dayOffset(-3) });
      const before = await admin.get(`/projects/${project.id}`).expect(200);
      const node = (body: { nodes: Array<{ node: string }> }, name: string) => body.nodes.find((n) => n.node === name);
      expect(node(before.body, 'construction')).toMatchObject({ status: 'overdue', colour: 'red', plannedOn: dayOffset(-3) });
      expect(node(before.body, 'preparation')).toMatchObject({ status: 'unscheduled', colour: 'grey' });
      const prep = await admin.put(`/projects/${project.id}/nodes/preparation`).send({ plannedOn: dayOffset(10) }).expect(200);
      expect(node(prep.body, 'preparation')).toMatchObject({ status: 'on_track', plannedOn: dayOffset(10) });
      const started = await admin.put(`/projects/${project.id}/nodes/construction`).send({ doneOn: dayOffset(-1), version: prep.body.version }).expect(200);
      expect(started.body).toMatchObject({ startedOn: dayOffset(-1), plannedStartOn: dayOffset(-3), version: prep.body.version + 1 });
      expect(node(started.body, 'construction')).toMatchObject({ status: 'done', doneOn: dayOffset(-1) });
      expectAppError(await admin.put(`/projects/${project.id}/nodes/construction`).send({ doneOn: dayOffset(-2), version: 1 }), 409, 'PROJECT_VERSION_CONFLICT');
      expectAppError(await admin.put(`/projects/${project.id}/nodes/launch`).send({ plannedOn: dayOffset(1) }), 400, 'PROJECT_NODE_INVALID', 'node');
      expectAppError(await admin.put(`/projects/${project.id}/nodes/operating`).send({ doneOn: dayOffset(2) }), 400, 'PROJECT_DATES_INVALID', 'doneOn');
    });
  });

  describe('plans and monthly progress', () => {
    it('plans per year: set, corrected, never a second row', async () => {
      const project = await p.project({ totalInvestment: '16000' });
      const first = await admin.put(`/projects/${project.id}/plans/2022`).send({ plannedInvestment: '8000' }).expect(200);
      expect(first.body).toEqual({ year: 2022, plannedInvestment: '8000', completedInvestment: '0', created: true });
      const again = await admin.put(`/projects/${project.id}/plans/2022`).send({ plannedInvestment: '8000.25' }).expect(200);
      expect(again.body).toMatchObject({ plannedInvestment: '8000.25', created: false });
      expect((await p.db.query('SELECT count(*)::int AS n FROM project_year_plans WHERE project_id = $1', [project.id]))[0].n).toBe(1);
      for (const year of ['22', '1999', '2101', 'next']) expectAppError(await admin.put(`/projects/${project.id}/plans/${year}`).send({ plannedInvestment: '1' }), 400, 'PROJECT_YEAR_INVALID', 'year');
      expectAppError(await admin.put(`/projects/${project.id}/plans/2023`).send({ plannedInvestment: '-1' }), 400, 'VALIDATION_FAILED', 'plannedInvestment');
    });

    it('progress: the same month again corrects it; cumulative is the sum of months; a future month is 400; overrun is flagged, not refused', async () => {
      const project = await p.project({ totalInvestment: '16000' });
      const url = (m: string) => `/projects/${project.id}/progress/${m}`;
      const first = await admin.put(url('2022-03')).send({ completedInvestment: '5000', note: '主体施工' }).expect(200);
      expect(first.body).toMatchObject({ month: '2022-03', completedInvestment: '5000', cumulativeCompleted: '5000', created: true, overrun: false, projectCumulativeCompleted: '5000' });
      const fixed = await admin.put(url('2022-03')).send({ completedInvestment: '6000.0001' }).expect(200);
      expect(fixed.body).toMatchObject({ completedInvestment: '6000.0001', cumulativeCompleted: '6000.0001', created: false, note: null });
      await admin.put(url('2022-01')).send({ completedInvestment: '1000' }).expect(200);
      const over = await admin.put(url('2022-05')).send({ completedInvestment: '9000' }).expect(200);
      expect(over.body).toMatchObject({ cumulativeCompleted: '16000.0001', projectCumulativeCompleted: '16000.0001', totalInvestment: '16000', overrun: true });

      const list = await admin.get(`/projects/${project.id}/progress`).expect(200);
      expect(list.body).toMatchObject({ totalInvestment: '16000', cumulativeCompleted: '16000.0001', overrun: true });
      expect(list.body.items.map((i: { month: string; completedInvestment: string; cumulativeCompleted: string }) => [i.month, i.completedInvestment, i.cumulativeCompleted])).toEqual([
        ['2022-01', '1000', '1000'],
        ['2022-03', '6000.0001', '7000.0001'],
        ['2022-05', '9000', '16000.0001'],
      ]);
      const detail = await admin.get(`/projects/${project.id}`).expect(200);
      expect(detail.body).toMatchObject({ cumulativeCompleted: '16000.0001', overrun: true });

      const next = monthsAgo(-1);
      expectAppError(await admin.put(url(next)).send({ completedInvestment: '1' }), 400, 'PROJECT_MONTH_IN_FUTURE', 'month');
      await admin.put(url(thisMonth())).send({ completedInvestment: '0' }).expect(200);
      for (const bad of ['2022-13', '2022-3', '2022-03-01', 'march']) expectAppError(await admin.put(url(bad)).send({ completedInvestment: '1' }), 400, 'PROJECT_MONTH_INVALID', 'month');
      expectAppError(await admin.put(url('2022-06')).send({ completedInvestment: '1', cumulativeCompleted: '99' }), 400, 'VALIDATION_FAILED', 'cumulativeCompleted');
      expectAppError(await admin.put(url('2022-06')).send({}), 400, 'VALIDATION_FAILED', 'completedInvestment');
      expect((await p.db.query('SELECT count(*)::int AS n FROM project_monthly_progress WHERE project_id = $1', [project.id]))[0].n).toBe(4);
    });

    it('investment on a project not yet started is accepted with a warning, and may record the 开工 node in the same call', async () => {
      const project = await p.project({ totalInvestment: '16000' });
      const url = (m: string) => `/projects/${project.id}/progress/${m}`;
      const warned = await admin.put(url('2022-03')).send({ completedInvestment: '1200.5' }).expect(200);
      expect(warned.body).toMatchObject({ completedInvestment: '1200.5', lifecycle: 'signed', startedOn: null });
      expect(warned.body.warnings).toHaveLength(1);
      expect(warned.body.warnings[0]).toContain('项目尚未开工');
      expect(warned.body.warnings[0]).toContain('startedOn');
      // A zero report of a project not started is simply true: no warning.
      expect((await admin.put(url('2022-02')).send({ completedInvestment: '0' }).expect(200)).body.warnings).toEqual([]);

      // A start after the reported month is refused, and nothing of the call is written.
      expectAppError(await admin.put(url('2022-04')).send({ completedInvestment: '800', startedOn: '2022-05-01' }), 400, 'PROJECT_DATES_INVALID', 'startedOn');
      expectAppError(await admin.put(url('2022-04')).send({ completedInvestment: '800', startedOn: '2022-4-1' }), 400, 'VALIDATION_FAILED', 'startedOn');
      expect((await p.db.query("SELECT count(*)::int AS n FROM project_monthly_progress WHERE project_id = $1 AND month = '2022-04-01'", [project.id]))[0].n).toBe(0);
      // Only admins record the node; the owner still files the month.
      const owner = await p.f.user();
      const owned = await p.project({ ownerUserId: owner.id });
      const ownerClient = await p.as(owner);
      expectAppError(await ownerClient.put(`/projects/${owned.id}/progress/2022-04`).send({ completedInvestment: '1', startedOn: '2022-04-01' }), 403, 'PROJECT_WRITE_FORBIDDEN', 'startedOn');

      const started = await admin.put(url('2022-04')).send({ completedInvestment: '800', startedOn: '2022-04-30' }).expect(200);
      expect(started.body).toMatchObject({ completedInvestment: '800', startedOn: '2022-04-30', lifecycle: 'construction', warnings: [] });
      const [row] = await p.db.query(
        `SELECT p.lifecycle::text, p.started_on::text, p.version, n.done_on::text AS node_done,
                (SELECT completed_investment::text FROM project_monthly_progress WHERE project_id = p.id AND month = '2022-04-01') AS april
           FROM projects p JOIN project_nodes n ON n.project_id = p.id AND n.node = 'construction' WHERE p.id = $1`,
        [project.id],
      );
      expect(row).toEqual({ lifecycle: 'construction', started_on: '2022-04-30', version: 2, node_done: '2022-04-30', april: '800.0000' });
      const audit = await crm.audit('project', project.id);
      const start = audit.find((a) => a.action === 'record-start');
      expect(start?.changes).toMatchObject({ startedOn: { from: null, to: '2022-04-30' }, lifecycle: { from: 'signed', to: 'construction' } });
      // Once started: no warning; the same date again is a no-op, another one is 409; an earlier month reads as before the start.
      expect((await admin.put(url('2022-05')).send({ completedInvestment: '1', startedOn: '2022-04-30' }).expect(200)).body.warnings).toEqual([]);
      const moved = await admin.put(url('2022-05')).send({ completedInvestment: '1', startedOn: '2022-04-01' });
      expectAppError(moved, 409, 'PROJECT_ALREADY_STARTED');
      expect(moved.body.details).toEqual({ startedOn: '2022-04-30' });
      const early = await admin.put(url('2022-03')).send({ completedInvestment: '1200.5' }).expect(200);
      expect(early.body.warnings[0]).toContain('晚于所报月份 2022-03');
      expect((await crm.audit('project', project.id)).filter((a) => a.action === 'record-start')).toHaveLength(1);
    });

    it('concurrent reports for one month leave one row', async () => {
      const project = await p.project();
      const results = await Promise.all(['1', '2', '3', '4'].map((v) => admin.put(`/projects/${project.id}/progress/2022-02`).send({ completedInvestment: v })));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(results.filter((r) => r.body.created)).toHaveLength(1);
      const rows = await p.db.query('SELECT completed_investment FROM project_monthly_progress WHERE project_id = $1', [project.id]);
      expect(rows).toHaveLength(1);
    });

    it('owners with no report for the month are due a reminder', async () => {
      const owner = await p.f.user();
      const building = await p.project({ lifecycle: 'construction' as never, ownerUserId: owner.id });
      const signedOnly = await p.project({ ownerUserId: owner.id });
      const ownerless = await p.project({ lifecycle: 'operating' as never });
      const registry = t.app.get(ProjectsService);
      const due = async () => (await registry.projectsDueForProgressReport('2022-07')).map((d) => d.id);
      expect(await due()).toContain(building.id);
      expect(await due()).not.toContain(signedOnly.id);
      expect(await due()).not.toContain(ownerless.id);
      const [entry] = (await registry.projectsDueForProgressReport('2022-07')).filter((d) => d.id === building.id);
      expect(entry).toEqual({ id: building.id, name: building.name, ownerUserId: owner.id, teamId: null, month: '2022-07' });
      await p.progress(building.id, '2022-07', '0');
      expect(await due()).not.toContain(building.id);
      expect(await registry.projectsDueForProgressReport('2022-08').then((l) => l.map((d) => d.id))).toContain(building.id);
    });
  });

  describe('problems (卡点堵点)', () => {
    it('raised, worked on, resolved with a resolution, reopened, removed — each step audited', async () => {
      const project = await p.project({ teamId: org.teamA.id });
      const base = `/projects/${project.id}/problems`;
      const created = await admin.post(base).send({ category: 'land', description: '用地指标未落实', responsibleDepartment: '市自然资源局', dueOn: dayOffset(-2) }).expect(201);
      expect(created.body).toMatchObject({ category: 'land', categoryLabel: '用地', status: 'open', statusLabel: '待解决', isOverdue: true, resolvedAt: null });
      const id = created.body.id as string;
      const overdue = await t.app.get(ProjectsService).overdueProblems();
      expect(overdue.find((o) => o.id === id)).toMatchObject({ projectId: project.id, projectName: project.name, daysOverdue: 2, teamId: org.teamA.id, responsibleDepartment: '市自然资源局' });

      await admin.patch(`${base}/${id}`).send({ status: 'in_progress', dueOn: dayOffset(5) }).expect(200);
      expect((await t.app.get(ProjectsService).overdueProblems()).find((o) => o.id === id)).toBeUndefined();
      expectAppError(await admin.patch(`${base}/${id}`).send({ status: 'resolved' }), 400, 'PROBLEM_RESOLUTION_REQUIRED', 'resolution');
      const resolved = await admin.patch(`${base}/${id}`).send({ status: 'resolved', resolution: '已调剂用地指标' }).expect(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: '已调剂用地指标', isOverdue: false });
      expect(resolved.body.resolvedAt).not.toBeNull();
      expect((await admin.get(`/projects/${project.id}`).expect(200)).body.openProblems).toBe(0);

      const reopened = await admin.patch(`${base}/${id}`).send({ status: 'open' }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null });
      await admin.post(base).send({ category: 'energy', description: '能耗指标', responsibleDepartment: '发改委' }).expect(201);
      const list = await (await p.as(org.memberA)).get(base).expect(200);
      expect(list.body).toHaveLength(2);
      expect((await admin.get(base).query({ status: 'open' }).expect(200)).body).toHaveLength(2);
      expectAppError(await (await p.as(org.memberA)).patch(`${base}/${id}`).send({ status: 'in_progress' }), 403, 'PROJECT_WRITE_FORBIDDEN');
      expectAppError(await admin.post(base).send({ category: 'weather', description: 'x', responsibleDepartment: 'y' }), 400, 'VALIDATION_FAILED', 'category');
      expectAppError(await admin.patch(`${base}/${id}`).send({ status: null }), 400, 'VALIDATION_FAILED', 'status');

      await admin.delete(`${base}/${id}`).expect(204);
      expectAppError(await admin.get(`${base}/${id}`), 404, 'NOT_FOUND');
      const audit = await crm.audit('project-problem', id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update', 'delete']);
      // A problem is reached only through its own project.
      const other = await p.project();
      expectAppError(await admin.get(`/projects/${other.id}/problems/${created.body.id}`), 404, 'NOT_FOUND');
    });
  });

  it('a member of no team, owning nothing, sees an empty registry', async () => {
    const member = await p.f.user({ role: Role.Member });
    const client = await p.as(member);
    const res = await client.get('/projects').expect(200);
    expect(res.body).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});
