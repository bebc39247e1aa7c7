import { Role } from '../src/common/auth/auth-user';
import { ProjectProblemsSweepJob } from '../src/projects/project-problems-sweep.job';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * 督办 (issue 19, part 4): 责任部门 with accounts, 卡点堵点 assigned to them as 交办单, replies,
 * 办结 and reopening, escalation to the 分管领导 once per overdue episode, and the month's figures
 * per department against a hand table that crosses the month's ends in Beijing time.
 */
describe('supervision (督办)', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let admin: RegistryClient;
  let leader: TestUser;
  let deptA: { id: string; name: string };
  let deptB: { id: string; name: string };
  let clerkA: RegistryClient;
  let clerkB: RegistryClient;

  const assign = async (projectId: string, departmentId: string, dueOn: string | null, description = '用地预审未批复') =>
    (await admin.post(`/projects/${projectId}/problems`).send({ category: 'land', description, departmentId, dueOn }).expect(201)).body as { id: string };

  /** A department account made through the users API (the way an admin does it). */
  const departmentAccount = async (departmentId: string): Promise<RegistryClient> => {
    const username = `dept_${Math.random().toString(36).slice(2, 10)}`;
    const password = 'Dept@2026-supervision';
    const res = await admin.post('/users').send({ username, displayName: '部门办理人', role: 'department', departmentId, password }).expect(201);
    expect(res.body).toMatchObject({ role: 'department', departmentId });
    return p.as({ id: res.body.id, username, password, role: Role.Department, token: () => p.f.login(username, password) });
  };

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    org = await crm.org();
    admin = await p.as(await p.f.adminUser());
    leader = await p.f.user({ role: Role.Manager, displayName: '分管副市长' });
    deptA = (await admin.post('/departments').send({ name: '市自然资源局', regionUnitId: org.city.id, leaderUserId: leader.id }).expect(201)).body;
    deptB = (await admin.post('/departments').send({ name: '市生态环境局', regionUnitId: org.city.id }).expect(201)).body;
    clerkA = await departmentAccount(deptA.id);
    clerkB = await departmentAccount(deptB.id);
  });
  afterAll(() => t.close());

  describe('departments and their accounts', () => {
    it('are validated: a city or county, a unique name there, a leader who is an active non-department user; audited', async () => {
      const township = await p.f.region({ level: RegionLevel.Township, parentId: org.countyX.id });
      expectAppError(await admin.post('/departments').send({ name: '乡发改办', regionUnitId: township.id }), 400, 'DEPARTMENT_REFERENCE_INVALID', 'regionUnitId');
      expectAppError(await admin.post('/departments').send({ name: '市自然资源局', regionUnitId: org.city.id }), 409, 'DEPARTMENT_NAME_TAKEN', 'name');
      expectAppError(await admin.post('/departments').send({ name: '市住建局', regionUnitId: org.city.id, leaderUserId: clerkA.user.id }), 400, 'DEPARTMENT_REFERENCE_INVALID', 'leaderUserId');
      expectAppError(await admin.post('/departments').send({ name: '市住建局', regionUnitId: org.city.id, colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour');
      // The same name in a county is another department.
      const county = await admin.post('/departments').send({ name: '市自然资源局', regionUnitId: org.countyX.id }).expect(201);
      const renamed = await admin.patch(`/departments/${county.body.id}`).send({ name: '科尔沁区自然资源局', isActive: false }).expect(200);
      expect(renamed.body).toMatchObject({ name: '科尔沁区自然资源局', isActive: false, regionUnitName: org.countyX.name, accountCount: 0 });
      expect((await crm.audit('department', county.body.id)).map((a) => a.action)).toEqual(['create', 'update']);

      const listed = (await admin.get('/departments').expect(200)).body as Array<{ id: string; leaderName: string | null; accountCount: number }>;
      expect(listed.map((d) => d.id)).not.toContain(county.body.id);
      expect(listed.find((d) => d.id === deptA.id)).toMatchObject({ leaderName: '分管副市长', accountCount: 1 });
      expect(((await admin.get('/departments').query({ includeInactive: 'true' }).expect(200)).body as Array<{ id: string }>).map((d) => d.id)).toContain(county.body.id);
      expectAppError(await (await p.as(org.memberA)).post('/departments').send({ name: '市工信局', regionUnitId: org.city.id }), 403, 'FORBIDDEN');
    });

    it('a department account needs its department; other roles may not have one; an inactive department takes no account', async () => {
      const base = { username: `d_${Date.now()}`, displayName: '某人', password: 'Dept@2026-supervision' };
      expectAppError(await admin.post('/users').send({ ...base, role: 'department' }), 400, 'USER_DEPARTMENT_MISMATCH', 'departmentId');
      expectAppError(await admin.post('/users').send({ ...base, role: 'member', departmentId: deptA.id }), 400, 'USER_DEPARTMENT_MISMATCH', 'departmentId');
      expectAppError(await admin.post('/users').send({ ...base, role: 'department', departmentId: deptA.id, teamId: org.teamA.id }), 400, 'USER_DEPARTMENT_MISMATCH', 'teamId');
      const inactive = await admin.post('/departments').send({ name: '市工信局', regionUnitId: org.city.id, isActive: false }).expect(201);
      expectAppError(await admin.post('/users').send({ ...base, role: 'department', departmentId: inactive.body.id }), 400, 'DEPARTMENT_REFERENCE_INVALID', 'departmentId');
    });

    it('a department account reaches its account, notifications and 督办 only: every other route is refused', async () => {
      expect((await clerkA.get('/auth/me').expect(200)).body).toMatchObject({ role: 'department' });
      await clerkA.get('/notifications').expect(200);
      await clerkA.get('/supervision/items').expect(200);
      for (const path of ['/projects', '/leads', '/enterprises', '/departments', '/regions', '/reporting/units', '/rankings', '/dashboard']) {
        const res = await clerkA.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
      expectAppError(await clerkA.get('/supervision/figures').query({ month: '2026-10' }), 403, 'FORBIDDEN');
    });
  });

  describe('交办单', () => {
    it('a department sees only its own; elsewhere 404; it replies and closes; only the owner or an admin reopens', async () => {
      const project = await p.project({ teamId: org.teamA.id, regionUnitId: org.countyX.id, ownerUserId: org.memberA.id });
      const mine = await assign(project.id, deptA.id, dayOffset(10));
      const theirs = await assign(project.id, deptB.id, dayOffset(10), '环评批复滞后');
      // An old free-text problem is no 交办单.
      const old = (await admin.post(`/projects/${project.id}/problems`).send({ category: 'other', description: '旧问题', responsibleDepartment: '某局' }).expect(201)).body;
      expectAppError(await admin.post(`/projects/${project.id}/problems`).send({ category: 'other', description: '缺部门' }), 400, 'VALIDATION_FAILED', 'responsibleDepartment');

      const listA = (await clerkA.get('/supervision/items').expect(200)).body;
      expect(listA.items.map((i: { id: string }) => i.id)).toContain(mine.id);
      expect(listA.items.every((i: { departmentId: string }) => i.departmentId === deptA.id)).toBe(true);
      // The filter for another department is ignored for a department account.
      const forced = (await clerkA.get('/supervision/items').query({ departmentId: deptB.id }).expect(200)).body;
      expect(forced.items.map((i: { id: string }) => i.id)).not.toContain(theirs.id);
      const item = listA.items.find((i: { id: string }) => i.id === mine.id);
      expect(item).toMatchObject({ projectName: project.name, projectRegionName: org.countyX.name, departmentName: '市自然资源局', status: 'open', isOverdue: false, replyCount: 0 });

      expectAppError(await clerkA.get(`/supervision/items/${theirs.id}`), 404, 'NOT_FOUND');
      expectAppError(await clerkA.post(`/supervision/items/${theirs.id}/replies`).send({ body: '越权' }), 404, 'NOT_FOUND');
      expectAppError(await clerkA.get(`/supervision/items/${old.id}`), 404, 'NOT_FOUND');
      expectAppError(await admin.get(`/supervision/items/${old.id}`), 404, 'NOT_FOUND');
      expectAppError(await clerkA.get(`/projects/${project.id}/problems/${mine.id}`), 403, 'FORBIDDEN');

      const replied = await clerkA.post(`/supervision/items/${mine.id}/replies`).send({ body: '已组织用地预审，材料本周报送' }).expect(200);
      expect(replied.body).toMatchObject({ status: 'in_progress', replyCount: 1, canClose: true, canReopen: false });
      expect(replied.body.replies).toEqual([expect.objectContaining({ authorName: '部门办理人', body: '已组织用地预审，材料本周报送' })]);
      expectAppError(await clerkA.post(`/supervision/items/${mine.id}/close`).send({}), 400, 'VALIDATION_FAILED', 'resolution');
      const closed = await clerkA.post(`/supervision/items/${mine.id}/close`).send({ resolution: '用地预审已批复' }).expect(200);
      expect(closed.body).toMatchObject({ status: 'resolved', resolution: '用地预审已批复', canClose: false });
      expectAppError(await clerkA.post(`/supervision/items/${mine.id}/close`).send({ resolution: '再办结' }), 409, 'SUPERVISION_ALREADY_CLOSED');
      expectAppError(await clerkA.post(`/supervision/items/${mine.id}/reopen`).send({}), 403, 'SUPERVISION_REOPEN_FORBIDDEN');

      // managerX sees team A's project: reads and urges, may neither close nor reopen it.
      const managerX = await p.as(org.managerX);
      expect((await managerX.get(`/supervision/items/${mine.id}`).expect(200)).body).toMatchObject({ canReopen: false });
      expectAppError(await managerX.post(`/supervision/items/${mine.id}/reopen`).send({}), 403, 'SUPERVISION_REOPEN_FORBIDDEN');
      const memberC = await p.as(org.memberC);
      expectAppError(await memberC.get(`/supervision/items/${mine.id}`), 404, 'NOT_FOUND');
      expect((await memberC.get('/supervision/items').expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);

      const owner = await p.as(org.memberA);
      const reopened = await owner.post(`/supervision/items/${mine.id}/reopen`).send({ reason: '批复附条件未落实' }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null, replyCount: 2 });
      expect(reopened.body.replies[1]).toMatchObject({ body: '重新打开：批复附条件未落实' });
      expectAppError(await owner.post(`/supervision/items/${mine.id}/reopen`).send({}), 409, 'SUPERVISION_NOT_CLOSED');
      const audit = await crm.audit('project-problem', mine.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update']);

      // Filters of the admin's list.
      const open = (await admin.get('/supervision/items').query({ departmentId: deptB.id, status: 'open' }).expect(200)).body;
      expect(open.items.map((i: { id: string }) => i.id)).toEqual([theirs.id]);
      expectAppError(await admin.get('/supervision/items').query({ overdue: 'yes' }), 400, 'VALIDATION_FAILED', 'overdue');
    });

    it('reassigning moves it to the other department; an inactive department cannot be assigned', async () => {
      const project = await p.project({ teamId: org.teamA.id });
      const item = await assign(project.id, deptA.id, dayOffset(3));
      const moved = await admin.patch(`/projects/${project.id}/problems/${item.id}`).send({ departmentId: deptB.id }).expect(200);
      expect(moved.body).toMatchObject({ departmentId: deptB.id, responsibleDepartment: '市生态环境局' });
      expectAppError(await clerkA.get(`/supervision/items/${item.id}`), 404, 'NOT_FOUND');
      await clerkB.get(`/supervision/items/${item.id}`).expect(200);
      const inactive = await admin.post('/departments').send({ name: '市林草局', regionUnitId: org.city.id, isActive: false }).expect(201);
      expectAppError(await admin.patch(`/projects/${project.id}/problems/${item.id}`).send({ departmentId: inactive.body.id }), 400, 'DEPARTMENT_REFERENCE_INVALID', 'departmentId');
    });

    it('overdue ones escalate to the 分管领导 and the team managers once per overdue episode', async () => {
      const project = await p.project({ teamId: org.teamA.id, ownerUserId: org.memberA.id });
      const item = await assign(project.id, deptA.id, dayOffset(-1), '电力接入超期');
      const sweep = () => t.app.get(ProjectProblemsSweepJob).problemsSweep({});
      const told = async (userId: string): Promise<number> =>
        Number(
          (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND dedupe_key LIKE $2`, [userId, `project-problem-overdue:${item.id}:%`]))[0]
            .n,
        );
      await sweep();
      await sweep();
      expect({ leader: await told(leader.id), manager: await told(org.managerX.id), owner: await told(org.memberA.id) }).toEqual({ leader: 1, manager: 1, owner: 1 });
      expect((await clerkA.get('/supervision/items').query({ overdue: 'true' }).expect(200)).body.items.map((i: { id: string }) => i.id)).toContain(item.id);

      // Closed, reopened: a new episode, escalated once more.
      await clerkA.post(`/supervision/items/${item.id}/close`).send({ resolution: '已接电' }).expect(200);
      await sweep();
      expect(await told(leader.id)).toBe(1);
      await admin.post(`/supervision/items/${item.id}/reopen`).send({}).expect(200);
      await sweep();
      await sweep();
      expect({ leader: await told(leader.id), owner: await told(org.memberA.id) }).toEqual({ leader: 2, owner: 2 });
    });
  });

  describe('figures for the monthly 通报', () => {
    it('交办数, 办结数, 办结率, 超期数 per department match a hand table across the month ends (Beijing time)', async () => {
      const ds = (await admin.post('/departments').send({ name: '市住建局', regionUnitId: org.city.id }).expect(201)).body as { id: string };
      const dt = (await admin.post('/departments').send({ name: '市工信局（通报）', regionUnitId: org.city.id }).expect(201)).body as { id: string };
      const project = await p.project({ teamId: org.teamA.id });
      /** [label, department, assigned at (UTC instant), due, resolved at (UTC instant) or null]. */
      const rows: Array<[string, string, string, string | null, string | null]> = [
        ['a 9月已办结', ds.id, '2026-09-20T02:00:00Z', '2026-09-30', '2026-09-30T15:30:00Z'], // 9-30 23:30 北京: before October
        ['b 10-01 凌晨办结', ds.id, '2026-09-25T02:00:00Z', '2026-10-10', '2026-09-30T16:10:00Z'], // 10-01 00:10 北京
        ['c 超期办结', ds.id, '2026-10-05T02:00:00Z', '2026-10-15', '2026-10-20T02:00:00Z'],
        ['d 月末到期未办', ds.id, '2026-10-10T02:00:00Z', '2026-10-31', null],
        ['e 月末最后交办', ds.id, '2026-10-31T15:50:00Z', '2026-11-30', null], // 10-31 23:50 北京
        ['f 11月交办', ds.id, '2026-10-31T16:05:00Z', '2026-11-10', null], // 11-01 00:05 北京: not October's
        ['g 11月才办结', ds.id, '2026-09-01T02:00:00Z', '2026-09-15', '2026-11-02T02:00:00Z'],
        ['h 无限办日期', ds.id, '2026-10-02T02:00:00Z', null, null],
        ['i 按期办结', dt.id, '2026-10-03T02:00:00Z', '2026-10-08', '2026-10-08T10:00:00Z'],
      ];
      for (const [label, dept, assignedAt, dueOn, resolvedAt] of rows) {
        const { id } = await assign(project.id, dept, dueOn, label);
        await t.db.query(
          `UPDATE project_problems SET assigned_at = $2, status = $3, resolved_at = $4, resolution = $5 WHERE id = $1`,
          [id, assignedAt, resolvedAt ? 'resolved' : 'open', resolvedAt, resolvedAt ? '已办结' : null],
        );
      }
      const res = await admin.get('/supervision/figures').query({ month: '2026-10' }).expect(200);
      expect(res.body).toMatchObject({ month: '2026-10', from: '2026-10-01', to: '2026-10-31' });
      const byId = new Map((res.body.rows as Array<{ departmentId: string }>).map((r) => [r.departmentId, r]));
      // Hand table. In hand in October: b c d e g h (a closed in September, f assigned in November).
      // 办结: b c. 超期: d (due 10-31, open at month end), g (due 9-15, closed only in November), c (closed late).
      expect(byId.get(ds.id)).toEqual({
        departmentId: ds.id,
        departmentName: '市住建局',
        assigned: 6,
        newlyAssigned: 4,
        closed: 2,
        closedRate: '33.33',
        overdue: 3,
        overdueOpen: 2,
        closedLate: 1,
      });
      expect(byId.get(dt.id)).toMatchObject({ assigned: 1, newlyAssigned: 1, closed: 1, closedRate: '100.00', overdue: 0 });
      const total = res.body.total;
      const sum = (k: string) => (res.body.rows as Array<Record<string, number>>).reduce((n, r) => n + r[k], 0);
      expect(total).toMatchObject({ departmentId: null, departmentName: '合计', assigned: sum('assigned'), closed: sum('closed'), overdue: sum('overdue') });

      // September: a (closed on its due date), b (open at month end, not yet due), g (overdue since 9-15), all assigned in September.
      const sept = new Map(((await admin.get('/supervision/figures').query({ month: '2026-09' }).expect(200)).body.rows as Array<{ departmentId: string }>).map((r) => [r.departmentId, r]));
      expect(sept.get(ds.id)).toMatchObject({ assigned: 3, newlyAssigned: 3, closed: 1, closedRate: '33.33', overdueOpen: 1, closedLate: 0, overdue: 1 });
      // November: d e f g h in hand (b, c closed in October); g closed late; d overdue at the end.
      const nov = new Map(((await admin.get('/supervision/figures').query({ month: '2026-11' }).expect(200)).body.rows as Array<{ departmentId: string }>).map((r) => [r.departmentId, r]));
      expect(nov.get(ds.id)).toMatchObject({ assigned: 5, newlyAssigned: 1, closed: 1, closedRate: '20.00', overdueOpen: 3, closedLate: 1, overdue: 4 });

      expectAppError(await admin.get('/supervision/figures').query({ month: '2026-13' }), 400, 'VALIDATION_FAILED', 'month');
      expectAppError(await (await p.as(org.memberA)).get('/supervision/figures').query({ month: '2026-10' }), 403, 'FORBIDDEN');
    });
  });
});
