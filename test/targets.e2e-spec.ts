import { Role } from '../src/common/auth/auth-user';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('targets (指标任务): assign, split, revise, history, scope', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let managerX: Client;
  let managerY: Client;
  let memberA: Client;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, managerX, managerY, memberA] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerX), await tf.crm.as(org.managerY), await tf.crm.as(org.memberA)];
  });
  afterAll(() => t.close());

  /** Everything a failed request must not have written. */
  const writes = async () => ({ targets: await tf.count('targets'), revisions: await tf.count('target_revisions') });

  describe('assigning (admin)', () => {
    it('assigns year and quarter targets to units and teams, amounts exact and canonical', async () => {
      const unitYear = await admin
        .post('/targets')
        .send({ periodType: 'year', year: 2030, regionUnitId: org.countyX.id, values: { enterprises_contacted: 120, visits: 300, new_leads: 40, signed_projects: 12, signed_amount: '5919500.0000', projects_registered: 6, projects_started: 5, completed_investment: 591.95 } })
        .expect(201);
      expect(unitYear.body).toEqual({
        id: expect.any(String),
        period: { type: 'year', year: 2030, label: '2030年' },
        assignee: { type: 'unit', id: org.countyX.id, name: org.countyX.name },
        parentId: null,
        values: { enterprises_contacted: '120', visits: '300', new_leads: '40', signed_projects: '12', signed_amount: '5919500', projects_registered: '6', projects_started: '5', completed_investment: '591.95' },
        isStretch: false,
        version: 1,
        updatedAt: expect.any(String),
        canSplit: true,
        canEdit: true,
      });
      const unitQuarter = await admin.post('/targets').send({ periodType: 'quarter', year: 2030, quarter: 2, regionUnitId: org.countyX.id, values: { signed_projects: 3, signed_amount: '0.0001' } }).expect(201);
      expect(unitQuarter.body).toMatchObject({ period: { type: 'quarter', year: 2030, quarter: 2, label: '2030年第二季度' }, values: { signed_projects: '3', signed_amount: '0.0001' } });
      const teamYear = await admin.post('/targets').send({ periodType: 'year', year: 2030, teamId: org.cityTeam.id, values: { visits: 50 } }).expect(201);
      expect(teamYear.body).toMatchObject({ assignee: { type: 'team', id: org.cityTeam.id, name: org.cityTeam.name }, values: { visits: '50' } });
      const teamQuarter = await admin.post('/targets').send({ periodType: 'quarter', year: 2030, quarter: 4, teamId: org.teamC.id, values: { new_leads: 0 } }).expect(201);
      expect(teamQuarter.body).toMatchObject({ period: { type: 'quarter', quarter: 4, label: '2030年第四季度' }, values: { new_leads: '0' } });

      const stored: Array<{ period_type: string; year: number; quarter: number }> = await tf.db.query(
        'SELECT period_type, year, quarter FROM targets WHERE id = ANY($1) ORDER BY quarter',
        [[unitYear.body.id, unitQuarter.body.id, teamYear.body.id, teamQuarter.body.id]],
      );
      expect(stored).toEqual([
        { period_type: 'year', year: 2030, quarter: 0 },
        { period_type: 'year', year: 2030, quarter: 0 },
        { period_type: 'quarter', year: 2030, quarter: 2 },
        { period_type: 'quarter', year: 2030, quarter: 4 },
      ]);
      // One revision each, by the admin.
      expect(await tf.count('target_revisions', 'target_id = ANY($1) AND actor_id = $2', [[unitYear.body.id, unitQuarter.body.id, teamYear.body.id, teamQuarter.body.id], admin.user.id])).toBe(4);

      const year = await admin.get('/targets').query({ periodType: 'year', year: 2030 }).expect(200);
      expect(year.body.map((g: { id: string }) => g.id).sort()).toEqual([unitYear.body.id, teamYear.body.id].sort());
      const q2 = await admin.get('/targets').query({ periodType: 'quarter', year: 2030, quarter: 2 }).expect(200);
      expect(q2.body.map((g: { id: string }) => g.id)).toEqual([unitQuarter.body.id]);
      const byTeam = await admin.get('/targets').query({ periodType: 'quarter', year: 2030, quarter: 4, teamId: org.teamC.id }).expect(200);
      expect(byTeam.body.map((g: { id: string }) => g.id)).toEqual([teamQuarter.body.id]);
    });

    it('refuses the same assignee and period twice with 409 and the existing id, writing nothing', async () => {
      const first = await admin.post('/targets').send({ periodType: 'year', year: 2031, regionUnitId: org.countyY.id, values: { visits: 10 } }).expect(201);
      const q1 = await admin.post('/targets').send({ periodType: 'quarter', year: 2031, quarter: 1, regionUnitId: org.countyY.id, values: { visits: 3 } }).expect(201);
      const teamFirst = await admin.post('/targets').send({ periodType: 'year', year: 2031, teamId: org.teamC.id, values: { visits: 4 } }).expect(201);
      const before = await writes();

      const again = await admin.post('/targets').send({ periodType: 'year', year: 2031, regionUnitId: org.countyY.id, values: { signed_projects: 1 } });
      expectAppError(again, 409, 'TARGET_EXISTS');
      expect(again.body.details).toEqual({ existingId: first.body.id });
      const againQ1 = await admin.post('/targets').send({ periodType: 'quarter', year: 2031, quarter: 1, regionUnitId: org.countyY.id, values: { visits: 1 } });
      expectAppError(againQ1, 409, 'TARGET_EXISTS');
      expect(againQ1.body.details).toEqual({ existingId: q1.body.id });
      const againTeam = await admin.post('/targets').send({ periodType: 'year', year: 2031, teamId: org.teamC.id, values: { visits: 1 } });
      expectAppError(againTeam, 409, 'TARGET_EXISTS');
      expect(againTeam.body.details).toEqual({ existingId: teamFirst.body.id });
      expect(await writes()).toEqual(before);

      // Another quarter, or the same period for someone else, is not a clash.
      await admin.post('/targets').send({ periodType: 'quarter', year: 2031, quarter: 2, regionUnitId: org.countyY.id, values: { visits: 3 } }).expect(201);
      await admin.post('/targets').send({ periodType: 'year', year: 2031, regionUnitId: org.countyX.id, values: { visits: 3 } }).expect(201);
    });

    it('lets one of several simultaneous identical assignments through and answers the others 409', async () => {
      const body = { periodType: 'year', year: 2032, teamId: org.teamB.id, values: { visits: 7 } };
      const answers = await Promise.all(Array.from({ length: 4 }, () => admin.post('/targets').send(body)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(await tf.count('targets', 'team_id = $1 AND year = 2032', [org.teamB.id])).toBe(1);
      // Every loser is told which target holds the period, as a sequential second request would be.
      const winner = answers.find((r) => r.status === 201)?.body.id as string;
      for (const lost of answers.filter((r) => r.status === 409)) {
        expectAppError(lost, 409, 'TARGET_EXISTS');
        expect(lost.body.details).toEqual({ existingId: winner });
      }
    });

    it.each([
      ['a negative count', { values: { visits: -1 } }, 'values.visits'],
      ['a negative amount', { values: { signed_amount: '-0.0001' } }, 'values.signed_amount'],
      ['an amount with five decimals', { values: { signed_amount: '100.12345' } }, 'values.signed_amount'],
      ['an amount given as a JSON number with five decimals', { values: { completed_investment: 1.00001 } }, 'values.completed_investment'],
      ['a fractional count', { values: { signed_projects: 1.5 } }, 'values.signed_projects'],
      ['an unknown metric', { values: { visits: 1, golf_rounds: 3 } }, 'values.golf_rounds'],
      ['a quarterly target without its quarter', { periodType: 'quarter' }, 'quarter'],
      ['quarter 5', { periodType: 'quarter', quarter: 5 }, 'quarter'],
      ['quarter 0', { periodType: 'quarter', quarter: 0 }, 'quarter'],
      ['a month period', { periodType: 'month' }, 'periodType'],
      ['a year out of range', { year: 1999 }, 'year'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_what, patch, field) => {
      const before = await writes();
      const res = await admin.post('/targets').send({ periodType: 'year', year: 2033, regionUnitId: org.countyX.id, values: { visits: 1 }, ...patch });
      expectAppError(res, 400, 'VALIDATION_FAILED', field);
      expect(await writes()).toEqual(before);
    });

    it('refuses no values, two assignees, no assignee and an unknown assignee, naming the field', async () => {
      const before = await writes();
      expectAppError(await admin.post('/targets').send({ periodType: 'year', year: 2033, regionUnitId: org.countyX.id, values: {} }), 400, 'TARGET_EMPTY', 'values');
      expectAppError(await admin.post('/targets').send({ periodType: 'year', year: 2033, regionUnitId: org.countyX.id, teamId: org.teamA.id, values: { visits: 1 } }), 400, 'TARGET_ASSIGNEE_REQUIRED');
      expectAppError(await admin.post('/targets').send({ periodType: 'year', year: 2033, values: { visits: 1 } }), 400, 'TARGET_ASSIGNEE_REQUIRED', 'regionUnitId');
      expectAppError(await admin.post('/targets').send({ periodType: 'year', year: 2033, regionUnitId: '00000000-0000-4000-8000-000000000000', values: { visits: 1 } }), 400, 'TARGET_ASSIGNEE_NOT_FOUND', 'regionUnitId');
      expectAppError(await admin.post('/targets').send({ periodType: 'year', year: 2033, teamId: '00000000-0000-4000-8000-000000000000', values: { visits: 1 } }), 400, 'TARGET_ASSIGNEE_NOT_FOUND', 'teamId');
      expect(await writes()).toEqual(before);
    });

    it('is for admins only: a member or a manager gets 403', async () => {
      const before = await writes();
      const body = { periodType: 'year', year: 2033, teamId: org.teamA.id, values: { visits: 1 } };
      expectAppError(await memberA.post('/targets').send(body), 403, 'FORBIDDEN');
      expectAppError(await managerX.post('/targets').send(body), 403, 'FORBIDDEN');
      expectAppError(await managerX.post('/targets').send({ ...body, teamId: undefined, regionUnitId: org.countyX.id }), 403, 'FORBIDDEN');
      expect(await writes()).toEqual(before);
    });
  });

  describe('splitting a unit target among the teams below (分解)', () => {
    let parentId: string;
    const splitUrl = () => `/targets/${parentId}/split`;
    const children = async () =>
      (await tf.db.query('SELECT team_id, values, is_stretch, version FROM targets WHERE parent_id = $1 ORDER BY team_id', [parentId])) as Array<{ team_id: string; values: Record<string, string>; is_stretch: boolean; version: number }>;

    beforeAll(async () => {
      parentId = (await tf.assign({ periodType: 'year', year: 2034, regionUnitId: org.countyX.id, values: { signed_projects: 10, signed_amount: '100000.5', visits: 20 } })).id;
    });

    it('lets the county manager split among teams in the county and its townships; the remainder is exact', async () => {
      const res = await managerX
        .post(splitUrl())
        .send({ allocations: [{ teamId: org.teamA.id, values: { signed_projects: 3, signed_amount: '40000.25', visits: 8 } }, { teamId: org.teamT.id, values: { signed_projects: 2, signed_amount: '10000.0001' } }] })
        .expect(201);
      expect(res.body).toMatchObject({ id: parentId, assignee: { type: 'unit', id: org.countyX.id }, values: { signed_projects: '10', signed_amount: '100000.5', visits: '20' } });
      expect(res.body.unassigned).toEqual({ signed_projects: '5', signed_amount: '50000.2499', visits: '12' });
      const kids = res.body.children as Array<{ assignee: { id: string }; parentId: string; values: Record<string, string>; isStretch: boolean; period: unknown }>;
      expect(kids.map((c) => c.assignee.id).sort()).toEqual([org.teamA.id, org.teamT.id].sort());
      for (const c of kids) expect(c).toMatchObject({ parentId, isStretch: false, period: { type: 'year', year: 2034 } });
      expect(kids.find((c) => c.assignee.id === org.teamA.id)?.values).toEqual({ signed_projects: '3', signed_amount: '40000.25', visits: '8' });
    });

    it('re-splitting a team updates its share (same target, next version) and the remainder', async () => {
      const [beforeA] = (await children()).filter((c) => c.team_id === org.teamA.id);
      const res = await managerX.post(splitUrl()).send({ allocations: [{ teamId: org.teamA.id, values: { signed_projects: 4, signed_amount: '40000.25', visits: 8 } }] }).expect(201);
      expect(res.body.unassigned).toEqual({ signed_projects: '4', signed_amount: '50000.2499', visits: '12' });
      const kids = await children();
      expect(kids).toHaveLength(2);
      const afterA = kids.find((c) => c.team_id === org.teamA.id);
      expect(afterA).toMatchObject({ values: { signed_projects: '4', signed_amount: '40000.25', visits: '8' }, version: (beforeA?.version ?? 0) + 1 });
    });

    it('refuses shares that add up to more than the parent: 400 naming the metric, nothing written', async () => {
      const before = { kids: await children(), ...(await writes()) };
      const res = await managerX.post(splitUrl()).send({ allocations: [{ teamId: org.teamB.id, values: { signed_projects: 4, signed_amount: '50000.25' } }] });
      expectAppError(res, 400, 'SPLIT_EXCEEDS_PARENT', 'values.signed_amount');
      expect(res.body.details).toHaveLength(1);
      expect(res.body.details[0].message).toContain('签约金额');
      expect(res.body.details[0].message).toContain('0.0001');
      // Raising an existing share past the parent is refused the same way.
      const raise = await managerX.post(splitUrl()).send({ allocations: [{ teamId: org.teamA.id, values: { signed_projects: 9, signed_amount: '40000.25', visits: 8 } }] });
      expectAppError(raise, 400, 'SPLIT_EXCEEDS_PARENT', 'values.signed_projects');
      expect({ kids: await children(), ...(await writes()) }).toEqual(before);
    });

    it('allows a sum above the parent when marked stretch (加压), and says so', async () => {
      const res = await managerX.post(splitUrl()).send({ stretch: true, allocations: [{ teamId: org.teamB.id, values: { signed_projects: 6, visits: 12 } }] }).expect(201);
      const b = (res.body.children as Array<{ assignee: { id: string }; isStretch: boolean; values: unknown }>).find((c) => c.assignee.id === org.teamB.id);
      expect(b).toMatchObject({ isStretch: true, values: { signed_projects: '6', visits: '12' } });
      // What is shown as left over is the plain arithmetic: 2 projects over.
      expect(res.body.unassigned).toEqual({ signed_projects: '-2', signed_amount: '50000.2499', visits: '0' });
      expect((await children()).find((c) => c.team_id === org.teamB.id)?.is_stretch).toBe(true);
    });

    it('refuses a team outside the unit, naming allocations[i].teamId, and writes none of the allocations', async () => {
      const before = { kids: await children(), ...(await writes()) };
      const other = await managerX.post(splitUrl()).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 1 } }, { teamId: org.teamC.id, values: { visits: 1 } }] });
      expectAppError(other, 400, 'SPLIT_OUTSIDE_UNIT', 'allocations[1].teamId');
      // The city's own team sits above the county, not below it.
      const above = await admin.post(splitUrl()).send({ allocations: [{ teamId: org.cityTeam.id, values: { visits: 1 } }] });
      expectAppError(above, 400, 'SPLIT_OUTSIDE_UNIT', 'allocations[0].teamId');
      const unknown = await managerX.post(splitUrl()).send({ allocations: [{ teamId: '00000000-0000-4000-8000-000000000000', values: { visits: 1 } }] });
      expectAppError(unknown, 400, 'SPLIT_OUTSIDE_UNIT', 'allocations[0].teamId');
      expect({ kids: await children(), ...(await writes()) }).toEqual(before);
    });

    it('refuses a metric the parent has no target for, naming it', async () => {
      const before = await writes();
      const res = await managerX.post(splitUrl()).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 8, new_leads: 2 } }] });
      expectAppError(res, 400, 'SPLIT_UNKNOWN_METRIC', 'allocations[0].values.new_leads');
      expect(await writes()).toEqual(before);
    });

    it('refuses the same team twice in one split with 400 naming the second, writing nothing', async () => {
      const parent = await tf.assign({ periodType: 'year', year: 2035, regionUnitId: org.countyX.id, values: { visits: 10 } });
      const before = await writes();
      const res = await managerX.post(`/targets/${parent.id}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 2 } }, { teamId: org.teamA.id, values: { visits: 3 } }] });
      expectAppError(res, 400, 'VALIDATION_FAILED', 'allocations[1].teamId');
      expect(await writes()).toEqual(before);
    });

    it('answers 404 to the manager of another county and 403 to a member; a team target cannot be split', async () => {
      const before = await writes();
      const body = { allocations: [{ teamId: org.teamB.id, values: { visits: 1 } }] };
      expectAppError(await managerY.post(splitUrl()).send(body), 404, 'NOT_FOUND');
      expectAppError(await memberA.post(splitUrl()).send(body), 403, 'FORBIDDEN');
      expectAppError(await managerX.post('/targets/00000000-0000-4000-8000-000000000000/split').send(body), 404, 'NOT_FOUND');
      const teamTarget = await tf.assign({ periodType: 'year', year: 2034, teamId: org.teamC.id, values: { visits: 5 } });
      const split = await admin.post(`/targets/${teamTarget.id}/split`).send({ allocations: [{ teamId: org.teamC.id, values: { visits: 1 } }] });
      expectAppError(split, 400, 'TARGET_NOT_SPLITTABLE');
      expect(await writes()).toEqual({ targets: before.targets + 1, revisions: before.revisions + 1 });
    });

    it('refuses to split onto a team whose target for the period came from elsewhere', async () => {
      const own = await tf.assign({ periodType: 'quarter', year: 2034, quarter: 3, teamId: org.teamA.id, values: { visits: 5 } });
      const parent = await tf.assign({ periodType: 'quarter', year: 2034, quarter: 3, regionUnitId: org.countyX.id, values: { visits: 10 } });
      const before = await writes();
      const res = await managerX.post(`/targets/${parent.id}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 2 } }] });
      expectAppError(res, 409, 'TARGET_EXISTS');
      expect(res.body.details).toMatchObject({ existingId: own.id });
      expect(await writes()).toEqual(before);
    });
  });

  describe('revising (PATCH) and history', () => {
    it('takes the version read, answers 409 to a stale one, and keeps every revision', async () => {
      const created = await tf.assign({ periodType: 'year', year: 2036, regionUnitId: org.countyY.id, values: { visits: 10, signed_amount: '100' } });
      const v2 = await admin.patch(`/targets/${created.id}`).send({ version: 1, values: { visits: 12, signed_amount: '100.5' } }).expect(200);
      expect(v2.body).toMatchObject({ id: created.id, version: 2, values: { visits: '12', signed_amount: '100.5' } });
      const stale = await admin.patch(`/targets/${created.id}`).send({ version: 1, values: { visits: 99 } });
      expectAppError(stale, 409, 'TARGET_VERSION_CONFLICT');
      expect(stale.body.details).toEqual({ currentVersion: 2 });
      const v3 = await admin.patch(`/targets/${created.id}`).send({ version: 2, values: { visits: 15 } }).expect(200);
      expect(v3.body).toMatchObject({ version: 3, values: { visits: '15' } });

      const detail = await admin.get(`/targets/${created.id}`).expect(200);
      expect(detail.body).toMatchObject({ id: created.id, version: 3, values: { visits: '15' }, children: [], unassigned: { visits: '15' } });
      expect(detail.body.history.map((h: { values: unknown }) => h.values)).toEqual([{ visits: '15' }, { visits: '12', signed_amount: '100.5' }, { visits: '10', signed_amount: '100' }]);
      for (const h of detail.body.history) expect(h).toMatchObject({ actorId: admin.user.id, isStretch: false, at: expect.any(String) });
    });

    it('lets a county manager revise a share split within the county, within the parent, and nobody else', async () => {
      const parent = await tf.assign({ periodType: 'year', year: 2037, regionUnitId: org.countyX.id, values: { visits: 10 } });
      await managerX.post(`/targets/${parent.id}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 4 } }, { teamId: org.teamB.id, values: { visits: 4 } }] }).expect(201);
      const [childA] = await tf.db.query('SELECT id, version FROM targets WHERE parent_id = $1 AND team_id = $2', [parent.id, org.teamA.id]);
      const ok = await managerX.patch(`/targets/${childA.id}`).send({ version: childA.version, values: { visits: 6 } }).expect(200);
      expect(ok.body).toMatchObject({ values: { visits: '6' }, version: childA.version + 1, parentId: parent.id });
      const over = await managerX.patch(`/targets/${childA.id}`).send({ version: childA.version + 1, values: { visits: 7 } });
      expectAppError(over, 400, 'SPLIT_EXCEEDS_PARENT', 'values.visits');
      expectAppError(await managerY.patch(`/targets/${childA.id}`).send({ version: childA.version + 1, values: { visits: 1 } }), 404, 'NOT_FOUND');
      expectAppError(await memberA.patch(`/targets/${childA.id}`).send({ version: childA.version + 1, values: { visits: 1 } }), 403, 'FORBIDDEN');
      // A metric the county has no target for cannot be added to a share, by PATCH as by split.
      const unknown = await managerX.patch(`/targets/${childA.id}`).send({ version: childA.version + 1, values: { visits: 6, new_leads: 2 } });
      expectAppError(unknown, 400, 'SPLIT_UNKNOWN_METRIC', 'values.new_leads');
      // The county's own target is the admin's to change: the manager sees it (403), another county's manager does not (404).
      expectAppError(await managerX.patch(`/targets/${parent.id}`).send({ version: 1, values: { visits: 100 } }), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerY.patch(`/targets/${parent.id}`).send({ version: 1, values: { visits: 100 } }), 404, 'NOT_FOUND');
      const detail = await managerX.get(`/targets/${childA.id}`).expect(200);
      expect(detail.body.values).toEqual({ visits: '6' });
      expect(detail.body.history.map((h: { values: unknown }) => h.values)).toEqual([{ visits: '6' }, { visits: '4' }]);
      const parentDetail = await managerX.get(`/targets/${parent.id}`).expect(200);
      expect(parentDetail.body.unassigned).toEqual({ visits: '0' });
    });

    it('refuses to lower a parent below what has been split from it, unless the shares are stretch', async () => {
      const parent = await tf.assign({ periodType: 'year', year: 2038, regionUnitId: org.countyX.id, values: { visits: 10, signed_projects: 4 } });
      await managerX.post(`/targets/${parent.id}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 6, signed_projects: 2 } }] }).expect(201);
      const res = await admin.patch(`/targets/${parent.id}`).send({ version: 1, values: { visits: 5, signed_projects: 4 } });
      expectAppError(res, 400, 'SPLIT_EXCEEDS_PARENT', 'values.visits');
      expect((await tf.db.query('SELECT values, version FROM targets WHERE id = $1', [parent.id]))[0]).toEqual({ values: { visits: '10', signed_projects: '4' }, version: 1 });
      // Raising it is fine; stretch shares (加压) are not held against the parent.
      await admin.patch(`/targets/${parent.id}`).send({ version: 1, values: { visits: 12, signed_projects: 4 } }).expect(200);
      await managerX.post(`/targets/${parent.id}/split`).send({ stretch: true, allocations: [{ teamId: org.teamB.id, values: { visits: 9 } }] }).expect(201);
      await admin.patch(`/targets/${parent.id}`).send({ version: 2, values: { visits: 6, signed_projects: 2 } }).expect(200);
      const detail = await admin.get(`/targets/${parent.id}`).expect(200);
      expect(detail.body.unassigned).toEqual({ visits: '-9', signed_projects: '0' });
    });
  });

  describe('what the caller may do, and removing a share', () => {
    let parentId: string;

    beforeAll(async () => {
      parentId = (await tf.assign({ periodType: 'year', year: 2036, regionUnitId: org.countyX.id, values: { signed_projects: 10 } })).id;
      await managerX.post(`/targets/${parentId}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { signed_projects: 4 } }, { teamId: org.teamB.id, values: { signed_projects: 3 } }] }).expect(201);
    });

    it('says on each target whether the caller may split or change it', async () => {
      const asManager = (await managerX.get(`/targets/${parentId}`).expect(200)).body;
      expect(asManager).toMatchObject({ canSplit: true, canEdit: false });
      for (const share of asManager.children) expect(share).toMatchObject({ canSplit: false, canEdit: true });
      expect((await admin.get(`/targets/${parentId}`).expect(200)).body).toMatchObject({ canSplit: true, canEdit: true });
      const asMember = (await memberA.get('/targets').query({ periodType: 'year', year: 2036 }).expect(200)).body as Array<{ canSplit: boolean; canEdit: boolean }>;
      expect(asMember.length).toBeGreaterThan(0);
      for (const t of asMember) expect(t).toMatchObject({ canSplit: false, canEdit: false });
    });

    it('lets the county manager remove a share; the remainder grows back, the history stays', async () => {
      const share = (await managerX.get(`/targets/${parentId}`).expect(200)).body.children.find((c: { assignee: { id: string } }) => c.assignee.id === org.teamB.id);
      expectAppError(await memberA.delete(`/targets/${share.id}`), 403, 'FORBIDDEN');
      expectAppError(await managerY.delete(`/targets/${share.id}`), 404, 'NOT_FOUND');
      await managerX.delete(`/targets/${share.id}`).expect(204);
      const detail = (await managerX.get(`/targets/${parentId}`).expect(200)).body;
      expect(detail.unassigned).toEqual({ signed_projects: '6' });
      expect(detail.children.map((c: { assignee: { id: string } }) => c.assignee.id)).toEqual([org.teamA.id]);
      expect(await tf.count('target_revisions', 'target_id = $1', [share.id])).toBe(1);
      expectAppError(await managerX.get(`/targets/${share.id}`), 404, 'NOT_FOUND');
    });

    it('refuses to remove a target still split (409), and lets only an admin remove a unit target', async () => {
      expectAppError(await managerX.delete(`/targets/${parentId}`), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerY.delete(`/targets/${parentId}`), 404, 'NOT_FOUND');
      expectAppError(await admin.delete(`/targets/${parentId}`), 409, 'TARGET_HAS_SHARES');
      const [share] = (await admin.get(`/targets/${parentId}`).expect(200)).body.children;
      await admin.delete(`/targets/${share.id}`).expect(204);
      await admin.delete(`/targets/${parentId}`).expect(204);
      expect(await tf.count('targets', 'id = $1', [parentId])).toBe(0);
    });
  });

  describe('who sees which targets', () => {
    const year = 2039;
    let ids: Record<'city' | 'countyX' | 'countyY' | 'teamA' | 'teamB' | 'teamT' | 'teamC' | 'cityTeam', string>;

    beforeAll(async () => {
      const unit = async (regionUnitId: string) => (await tf.assign({ periodType: 'year', year, regionUnitId, values: { visits: 10 } })).id;
      const team = async (teamId: string) => (await tf.assign({ periodType: 'year', year, teamId, values: { visits: 3 } })).id;
      ids = {
        city: await unit(org.city.id),
        countyX: await unit(org.countyX.id),
        countyY: await unit(org.countyY.id),
        teamA: await team(org.teamA.id),
        teamB: await team(org.teamB.id),
        teamT: await team(org.teamT.id),
        teamC: await team(org.teamC.id),
        cityTeam: await team(org.cityTeam.id),
      };
    });

    const listed = async (c: Client) => ((await c.get('/targets').query({ periodType: 'year', year }).expect(200)).body as Array<{ id: string }>).map((g) => g.id).sort();

    it('an admin sees them all', async () => {
      expect(await listed(admin)).toEqual(Object.values(ids).sort());
    });

    it("a member sees their own team's target and those of the units above it, and nothing else", async () => {
      expect(await listed(memberA)).toEqual([ids.teamA, ids.countyX, ids.city].sort());
      await memberA.get(`/targets/${ids.teamA}`).expect(200);
      await memberA.get(`/targets/${ids.countyX}`).expect(200);
      for (const hidden of [ids.teamB, ids.teamT, ids.countyY, ids.teamC, ids.cityTeam]) expectAppError(await memberA.get(`/targets/${hidden}`), 404, 'NOT_FOUND');
      const memberT = await tf.crm.as(org.memberT);
      expect(await listed(memberT)).toEqual([ids.teamT, ids.countyX, ids.city].sort());
    });

    it("a member reading the county's target sees only their own team's share among its children", async () => {
      const parent = await tf.assign({ periodType: 'quarter', year, quarter: 1, regionUnitId: org.countyX.id, values: { visits: 10 } });
      await managerX.post(`/targets/${parent.id}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 4 } }, { teamId: org.teamB.id, values: { visits: 5 } }] }).expect(201);
      const seenByA = await memberA.get(`/targets/${parent.id}`).expect(200);
      expect(seenByA.body.children.map((c: { assignee: { id: string } }) => c.assignee.id)).toEqual([org.teamA.id]);
      const seenByManager = await managerX.get(`/targets/${parent.id}`).expect(200);
      expect(seenByManager.body.children.map((c: { assignee: { id: string } }) => c.assignee.id).sort()).toEqual([org.teamA.id, org.teamB.id].sort());
      // What is left to split is the county's figure, whoever reads it.
      expect(seenByA.body.unassigned).toEqual({ visits: '1' });
      expect(seenByManager.body.unassigned).toEqual({ visits: '1' });
    });

    it("a county manager sees the county's, its teams' (townships included) and the city's; another county's answers 404", async () => {
      expect(await listed(managerX)).toEqual([ids.city, ids.countyX, ids.teamA, ids.teamB, ids.teamT].sort());
      expect(await listed(managerY)).toEqual([ids.city, ids.countyY, ids.teamC].sort());
      for (const hidden of [ids.countyY, ids.teamC, ids.cityTeam]) expectAppError(await managerX.get(`/targets/${hidden}`), 404, 'NOT_FOUND');
      expectAppError(await managerX.get('/targets/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    });
  });

  /**
   * Who may change what, by hand (not from the service's own rules): a target the caller may see
   * but not change answers 403; one outside their scope 404, as if it did not exist.
   *
   *   target (2041)                  admin  managerX  managerT (team A by name)  managerY  memberA
   *   city (unit)         PATCH      200    403       403                        403       403
   *   county X (unit)     PATCH      200    403       403                        404       403
   *                       split      201    201       403                        404       403
   *   share of A (split)  PATCH      200    200       403                        404       403
   *   team C (Y)          PATCH      200    404       404                        403       403
   */
  describe('visible but not the caller\'s to change: 403; out of scope: 404', () => {
    const year = 2041;
    let managerTeamA: Client;
    let city: string;
    let countyX: string;
    let share: { id: string; version: number };
    let teamC: string;
    const patch = (c: Client, id: string, version: number, visits: number) => c.patch(`/targets/${id}`).send({ version, values: { visits } });
    /** What a refused request must leave as it was: the rows, their revisions and the audit trail, by plain SQL. */
    const state = async () => ({
      targets: await tf.db.query(`SELECT id, values, version FROM targets WHERE year = ${year} ORDER BY id`),
      revisions: await tf.count('target_revisions'),
      audit: Number((await tf.db.query("SELECT count(*) AS n FROM audit_log WHERE entity = 'target'"))[0].n),
    });

    beforeAll(async () => {
      managerTeamA = await tf.crm.as(await tf.f.manager({ teamIds: [org.teamA.id] }));
      city = (await tf.assign({ periodType: 'year', year, regionUnitId: org.city.id, values: { visits: 100 } })).id;
      countyX = (await tf.assign({ periodType: 'year', year, regionUnitId: org.countyX.id, values: { visits: 40 } })).id;
      teamC = (await tf.assign({ periodType: 'year', year, teamId: org.teamC.id, values: { visits: 5 } })).id;
      await managerX.post(`/targets/${countyX}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 10 } }] }).expect(201);
      [share] = await tf.db.query('SELECT id, version FROM targets WHERE parent_id = $1', [countyX]);
    });

    it('a county manager: 403 on the city\'s and the county\'s own target, 404 on another county\'s team; nothing written', async () => {
      const before = await state();
      expectAppError(await patch(managerX, city, 1, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerX.delete(`/targets/${city}`), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerX.post(`/targets/${city}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 1 } }] }), 403, 'TARGET_SPLIT_FORBIDDEN');
      expectAppError(await patch(managerX, countyX, 1, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerX.delete(`/targets/${countyX}`), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await patch(managerX, teamC, 1, 1), 404, 'NOT_FOUND');
      expectAppError(await managerX.delete(`/targets/${teamC}`), 404, 'NOT_FOUND');
      expect(await state()).toEqual(before);
    });

    it('a manager of one team by name sees the county\'s target and the team\'s share, and may change neither (403)', async () => {
      const before = await state();
      await managerTeamA.get(`/targets/${countyX}`).expect(200);
      await managerTeamA.get(`/targets/${share.id}`).expect(200);
      expectAppError(await managerTeamA.post(`/targets/${countyX}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 1 } }] }), 403, 'TARGET_SPLIT_FORBIDDEN');
      expectAppError(await patch(managerTeamA, share.id, share.version, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await managerTeamA.delete(`/targets/${share.id}`), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await patch(managerTeamA, countyX, 1, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await patch(managerTeamA, teamC, 1, 1), 404, 'NOT_FOUND');
      expectAppError(await managerTeamA.post(`/targets/${teamC}/split`).send({ allocations: [{ teamId: org.teamC.id, values: { visits: 1 } }] }), 404, 'NOT_FOUND');
      expect(await state()).toEqual(before);
    });

    it('the other county\'s manager: 404 on county X\'s targets, 403 on their own team\'s target', async () => {
      const before = await state();
      expectAppError(await patch(managerY, countyX, 1, 1), 404, 'NOT_FOUND');
      expectAppError(await managerY.post(`/targets/${countyX}/split`).send({ allocations: [{ teamId: org.teamA.id, values: { visits: 1 } }] }), 404, 'NOT_FOUND');
      expectAppError(await patch(managerY, share.id, share.version, 1), 404, 'NOT_FOUND');
      expectAppError(await managerY.delete(`/targets/${share.id}`), 404, 'NOT_FOUND');
      expectAppError(await patch(managerY, teamC, 1, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expectAppError(await patch(managerY, city, 1, 1), 403, 'TARGET_WRITE_FORBIDDEN');
      expect(await state()).toEqual(before);
    });

    it('a member: 403 for every write, seen or not (the role decides before the scope)', async () => {
      const before = await state();
      for (const id of [city, countyX, share.id, teamC]) {
        expectAppError(await patch(memberA, id, 1, 1), 403, 'FORBIDDEN');
        expectAppError(await memberA.delete(`/targets/${id}`), 403, 'FORBIDDEN');
      }
      expect(await state()).toEqual(before);
    });

    it('the county manager changes the share, the admin everything; each change audited once', async () => {
      const before = await state();
      await patch(managerX, share.id, share.version, 12).expect(200);
      await patch(admin, countyX, 1, 45).expect(200);
      await patch(admin, city, 1, 101).expect(200);
      await patch(admin, teamC, 1, 6).expect(200);
      const rows: Array<{ entity_id: string; actor_id: string; action: string }> = await tf.db.query(
        "SELECT entity_id, actor_id, action FROM audit_log WHERE entity = 'target' AND entity_id = ANY($1) AND action = 'update' ORDER BY id",
        [[share.id, countyX, city, teamC]],
      );
      expect(rows).toEqual([
        { entity_id: share.id, actor_id: org.managerX.id, action: 'update' },
        { entity_id: countyX, actor_id: admin.user.id, action: 'update' },
        { entity_id: city, actor_id: admin.user.id, action: 'update' },
        { entity_id: teamC, actor_id: admin.user.id, action: 'update' },
      ]);
      expect((await state()).revisions).toBe(before.revisions + 4);
    });
  });
});
