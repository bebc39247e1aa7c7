import { Role } from '../src/common/auth/auth-user';
import { encodeCursor } from '../src/common/pagination/page';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const TEAMS = '/api/v1/teams';
const GHOST = '00000000-0000-4000-8000-000000000000';

describe('teams', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
  });
  afterAll(() => t.close());

  const teamCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM teams'))[0].n as number;
  const memberIds = async (teamId: string) =>
    ((await t.db.query('SELECT user_id FROM team_members WHERE team_id = $1', [teamId])) as Array<{ user_id: string }>).map((r) => r.user_id).sort();

  it('admin creates a team with a leader, members and focus lists; the leader is a member automatically', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const leader = await f.user({ displayName: '赵队长' });
    const m1 = await f.user();
    const chain = (await admin.post('/api/v1/industry-chains').send({ name: unique('玉米生物') }).expect(201)).body;
    const source = (await admin.post('/api/v1/source-regions').send({ name: unique('京津冀'), isPrimary: true }).expect(201)).body;
    const res = await admin
      .post(TEAMS)
      .send({ name: '开鲁县第一招商小分队', regionUnitId: county.id, leaderId: leader.id, memberIds: [m1.id], focusChainIds: [chain.id], focusSourceRegionIds: [source.id], description: '主攻玉米深加工' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: '开鲁县第一招商小分队',
      regionUnit: { id: county.id, name: county.name, level: 'county' },
      leader: { id: leader.id, displayName: '赵队长' },
      memberCount: 2,
      focusChains: [{ id: chain.id, name: chain.name }],
      focusSourceRegions: [{ id: source.id, name: source.name }],
      description: '主攻玉米深加工',
      isArchived: false,
      createdAt: expect.any(String),
    });
    expect(await memberIds(res.body.id)).toEqual([leader.id, m1.id].sort());

    const members = await admin.get(`${TEAMS}/${res.body.id}/members`).expect(200);
    expect(members.body).toHaveLength(2);
    expect(members.body[0]).toMatchObject({ userId: leader.id, isLeader: true, displayName: '赵队长', isActive: true });
    expect(members.body[1]).toMatchObject({ userId: m1.id, isLeader: false });
  });

  it('refuses a team in a region that does not exist: 400 naming regionUnitId, nothing written', async () => {
    const before = await teamCount();
    const leader = await f.user();
    const name = unique('队');
    const res = await admin.post(TEAMS).send({ name, regionUnitId: GHOST, leaderId: leader.id });
    expectError(res, 400, 'TEAM_REGION_NOT_FOUND', 'regionUnitId');
    expect(await teamCount()).toBe(before);
    expect(await t.db.query('SELECT 1 FROM team_members WHERE user_id = $1', [leader.id])).toEqual([]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'team' AND changes->'name'->>'to' = $1`, [name]);
    expect(n).toBe(0);
  });

  it('refuses a duplicate team name in the same region (409), allows it in another region', async () => {
    const { counties } = await f.cityWithCounties(2);
    const name = unique('招商队');
    await admin.post(TEAMS).send({ name, regionUnitId: counties[0]!.id }).expect(201);
    const before = await teamCount();
    expectError(await admin.post(TEAMS).send({ name, regionUnitId: counties[0]!.id }), 409, 'TEAM_NAME_TAKEN', 'name');
    expect(await teamCount()).toBe(before);
    await admin.post(TEAMS).send({ name, regionUnitId: counties[1]!.id }).expect(201);
  });

  it('refuses unknown or inactive users and unknown focus items with 400 naming the field, nothing written', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const gone = await f.user();
    await admin.patch(`/api/v1/users/${gone.id}`).send({ isActive: false }).expect(200);
    const before = await teamCount();
    expectError(await admin.post(TEAMS).send({ name: unique('队'), regionUnitId: county.id, leaderId: GHOST }), 400, 'TEAM_USER_NOT_FOUND', 'leaderId');
    expectError(await admin.post(TEAMS).send({ name: unique('队'), regionUnitId: county.id, memberIds: [gone.id] }), 400, 'TEAM_USER_NOT_FOUND', 'memberIds');
    expectError(await admin.post(TEAMS).send({ name: unique('队'), regionUnitId: county.id, focusChainIds: [GHOST] }), 400, 'REFERENCE_INACTIVE', 'focusChainIds');
    expect(await teamCount()).toBe(before);
  });

  it('adds and removes members; the leader cannot be removed; duplicates and strangers are refused', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const leader = await f.user();
    const team = await f.team({ regionUnitId: county.id, leaderId: leader.id });
    const u = await f.user();

    const added = await admin.post(`${TEAMS}/${team.id}/members`).send({ userId: u.id }).expect(201);
    expect(added.body.map((m: { userId: string }) => m.userId).sort()).toEqual([leader.id, u.id].sort());
    expect(await memberIds(team.id)).toEqual([leader.id, u.id].sort());

    expectError(await admin.post(`${TEAMS}/${team.id}/members`).send({ userId: u.id }), 409, 'TEAM_ALREADY_MEMBER', 'userId');
    expectError(await admin.post(`${TEAMS}/${team.id}/members`).send({ userId: GHOST }), 400, 'TEAM_USER_NOT_FOUND', 'userId');
    expectError(await admin.post(`${TEAMS}/${GHOST}/members`).send({ userId: u.id }), 404, 'NOT_FOUND');

    expectError(await admin.delete(`${TEAMS}/${team.id}/members/${leader.id}`), 409, 'TEAM_LEADER_REMOVAL');
    await admin.delete(`${TEAMS}/${team.id}/members/${u.id}`).expect(204);
    expect(await memberIds(team.id)).toEqual([leader.id]);
    expectError(await admin.delete(`${TEAMS}/${team.id}/members/${u.id}`), 404, 'TEAM_NOT_MEMBER');
  });

  it('updates a team: a new leader joins the roster; replacing members keeps the leader', async () => {
    const { counties } = await f.cityWithCounties(2);
    const a = await f.user();
    const b = await f.user();
    const c = await f.user();
    const team = await f.team({ regionUnitId: counties[0]!.id, leaderId: a.id, memberIds: [b.id] });

    const res = await admin.patch(`${TEAMS}/${team.id}`).send({ leaderId: c.id, name: '改名后的队', regionUnitId: counties[1]!.id }).expect(200);
    expect(res.body).toMatchObject({ name: '改名后的队', leader: { id: c.id }, regionUnit: { id: counties[1]!.id }, memberCount: 3 });
    expect(await memberIds(team.id)).toEqual([a.id, b.id, c.id].sort());

    await admin.patch(`${TEAMS}/${team.id}`).send({ memberIds: [b.id] }).expect(200);
    expect(await memberIds(team.id)).toEqual([b.id, c.id].sort());

    // A new leader and a new roster in one call: the roster is what was asked for, plus the new leader.
    await admin.patch(`${TEAMS}/${team.id}`).send({ leaderId: a.id, memberIds: [b.id] }).expect(200);
    expect(await memberIds(team.id)).toEqual([a.id, b.id].sort());

    await admin.patch(`${TEAMS}/${team.id}`).send({ regionUnitId: GHOST }).expect(400);
    const [row] = await t.db.query('SELECT region_unit_id, leader_id FROM teams WHERE id = $1', [team.id]);
    expect(row).toEqual({ region_unit_id: counties[1]!.id, leader_id: a.id });
  });

  it('archived teams drop out of the list unless includeArchived=true', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const team = await f.team({ regionUnitId: county.id });
    await admin.patch(`${TEAMS}/${team.id}`).send({ isArchived: true }).expect(200);
    const plain = await admin.get(TEAMS).query({ regionUnitId: county.id }).expect(200);
    expect(plain.body.items).toEqual([]);
    const all = await admin.get(TEAMS).query({ regionUnitId: county.id, includeArchived: 'true' }).expect(200);
    expect(all.body.items.map((x: { id: string }) => x.id)).toEqual([team.id]);
  });

  it('walks the list with a cursor: every team once', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await f.team({ regionUnitId: county.id })).id);
    const { items, pages } = await f.walk(admin, TEAMS, { regionUnitId: county.id });
    expect(items.map((x) => x.id)).toEqual(made);
    expect(pages).toBe(3);
  });

  it('member and manager cannot create or edit teams (403)', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const team = await f.team({ regionUnitId: county.id });
    for (const role of [Role.Member, Role.Manager]) {
      const { api } = await f.client(role);
      expectError(await api.post(TEAMS).send({ name: unique('队'), regionUnitId: county.id }), 403, 'FORBIDDEN');
      expectError(await api.patch(`${TEAMS}/${team.id}`).send({ name: '偷改' }), 403, 'FORBIDDEN');
    }
    const [row] = await t.db.query('SELECT name FROM teams WHERE id = $1', [team.id]);
    expect(row.name).toBe(team.name);
  });

  it('a member cannot change a roster, even of their own team (403)', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const { user, api } = await f.client(Role.Member);
    const team = await f.team({ regionUnitId: county.id, memberIds: [user.id] });
    const other = await f.user();
    expectError(await api.post(`${TEAMS}/${team.id}/members`).send({ userId: other.id }), 403, 'FORBIDDEN');
    expect(await memberIds(team.id)).toEqual([user.id]);
  });

  it('an archived team takes no new work: its members must name a live team, and cannot name it', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const { user, api } = await f.client(Role.Member);
    const team = await f.team({ regionUnitId: county.id, memberIds: [user.id] });
    const { api: adminApi } = await f.client(Role.Admin);
    await adminApi.patch(`${TEAMS}/${team.id}`).send({ isArchived: true }).expect(200);
    const enterprise = (await adminApi.post('/api/v1/enterprises').send({ name: unique('归档测试企业') }).expect(201)).body as { id: string };
    const visit = { enterpriseId: enterprise.id, type: 'call', occurredAt: '2022-04-27', summary: '电话' };
    expectError(await api.post('/api/v1/interactions').send(visit), 400, 'TEAM_REQUIRED', 'teamId');
    expectError(await api.post('/api/v1/interactions').send({ ...visit, teamId: team.id }), 400, 'TEAM_NOT_WRITABLE', 'teamId');
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM interactions WHERE team_id = $1', [team.id]);
    expect(n).toBe(0);
  });

  it('pages and totals (counted in the page statement) equal plain SQL across writes, cursor pages and a page past the end', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const prefix = unique('总数队');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await admin.post(TEAMS).send({ name: `${prefix}-${i}`, regionUnitId: county.id }).expect(201)).body.id);
    // The list's own rule, recomputed: live teams whose name has the fragment, oldest first.
    const expected = async () =>
      ((await t.db.query(`SELECT id FROM teams WHERE name LIKE $1 AND NOT is_archived ORDER BY created_at, id`, [`%${prefix}%`])) as Array<{ id: string }>).map((r) => r.id);
    const walk = async () => {
      const seen: string[] = [];
      const totals = new Set<number>();
      let cursor: string | null = null;
      let last: { id: string; createdAt: string } | undefined;
      do {
        const res: { body: { items: Array<{ id: string; createdAt: string }>; total: number; nextCursor: string | null } } = await admin
          .get(TEAMS)
          .query({ q: prefix, limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        seen.push(...res.body.items.map((x) => x.id));
        totals.add(res.body.total);
        last = res.body.items.at(-1) ?? last;
        cursor = res.body.nextCursor;
      } while (cursor);
      return { seen, totals: [...totals], last };
    };

    let want = await expected();
    let got = await walk();
    expect(got.seen).toEqual(want);
    expect(got.totals).toEqual([want.length]);

    // An archived team leaves the list and its total; a new one joins both.
    await admin.patch(`${TEAMS}/${ids[1]}`).send({ isArchived: true }).expect(200);
    await admin.post(TEAMS).send({ name: `${prefix}-new`, regionUnitId: county.id }).expect(201);
    want = await expected();
    got = await walk();
    expect(got.seen).toEqual(want);
    expect(got.totals).toEqual([want.length]);

    // A cursor at the last row: an empty page, whose total is still the list's.
    const past = encodeCursor(got.last!.createdAt, got.last!.id);
    expect((await admin.get(TEAMS).query({ q: prefix, limit: 2, cursor: past }).expect(200)).body).toEqual({ items: [], nextCursor: null, total: want.length });
    // No match at all: an empty first page counts 0.
    expect((await admin.get(TEAMS).query({ q: `${prefix}-无此队` }).expect(200)).body).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});
