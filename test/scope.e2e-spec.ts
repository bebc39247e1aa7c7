import { Role } from '../src/common/auth/auth-user';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const TEAMS = '/api/v1/teams';

/**
 * One organisation for the whole file:
 *
 *   city A ─ county X ─ township X1     (teams: tX at X, tX1 at X1)
 *          └ county Y                   (team tY)
 *   city B ─ county Z                   (teams tZ, tZsolo)
 *
 * and, at the city level, tA at city A.
 */
describe('scope: who sees which teams', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  const org = {} as Record<'cityA' | 'countyX' | 'townX1' | 'countyY' | 'cityB' | 'countyZ', { id: string }>;
  const team = {} as Record<'tA' | 'tX' | 'tX1' | 'tY' | 'tZ' | 'tZsolo', { id: string }>;
  let allTeamIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
    org.cityA = await f.region({ level: RegionLevel.City });
    org.countyX = await f.region({ level: RegionLevel.County, parentId: org.cityA.id });
    org.townX1 = await f.region({ level: RegionLevel.Township, parentId: org.countyX.id });
    org.countyY = await f.region({ level: RegionLevel.County, parentId: org.cityA.id });
    org.cityB = await f.region({ level: RegionLevel.City });
    org.countyZ = await f.region({ level: RegionLevel.County, parentId: org.cityB.id });
    team.tA = await f.team({ regionUnitId: org.cityA.id });
    team.tX = await f.team({ regionUnitId: org.countyX.id });
    team.tX1 = await f.team({ regionUnitId: org.townX1.id });
    team.tY = await f.team({ regionUnitId: org.countyY.id });
    team.tZ = await f.team({ regionUnitId: org.countyZ.id });
    team.tZsolo = await f.team({ regionUnitId: org.countyZ.id });
    allTeamIds = Object.values(team).map((x) => x.id);
  });
  afterAll(() => t.close());

  /** Every team id the caller's list returns, across all pages. */
  async function listedIds(api: AuthedClient): Promise<string[]> {
    const { items } = await f.walk(api, TEAMS);
    return items.map((x) => x.id).sort();
  }
  const sorted = (...ids: string[]) => [...ids].sort();

  describe('a member', () => {
    let api: AuthedClient;
    beforeAll(async () => {
      const m = await f.user({ role: Role.Member });
      await admin.post(`${TEAMS}/${team.tX.id}/members`).send({ userId: m.id }).expect(201);
      api = f.as(await m.token());
    });

    it('sees exactly their own team in the list', async () => {
      expect(await listedIds(api)).toEqual([team.tX.id]);
    });

    it('reads their own team and its members', async () => {
      await api.get(`${TEAMS}/${team.tX.id}`).expect(200);
      await api.get(`${TEAMS}/${team.tX.id}/members`).expect(200);
    });

    it("gets 404, not 403, on another team and its members — the same answer as for an id that does not exist", async () => {
      const other = await api.get(`${TEAMS}/${team.tY.id}`);
      expectError(other, 404, 'NOT_FOUND');
      expectError(await api.get(`${TEAMS}/${team.tY.id}/members`), 404, 'NOT_FOUND');
      // A team below their own team's county is not theirs either.
      expectError(await api.get(`${TEAMS}/${team.tX1.id}`), 404, 'NOT_FOUND');
      const ghost = await api.get(`${TEAMS}/00000000-0000-4000-8000-000000000000`);
      expect(ghost.body).toEqual(other.body);
    });

    it('cannot widen the list by filtering on another region', async () => {
      const res = await api.get(TEAMS).query({ regionUnitId: org.countyZ.id }).expect(200);
      expect(res.body.items).toEqual([]);
    });

    it('a member of two teams sees both', async () => {
      const m = await f.user({ role: Role.Member });
      await admin.post(`${TEAMS}/${team.tX.id}/members`).send({ userId: m.id }).expect(201);
      await admin.post(`${TEAMS}/${team.tZ.id}/members`).send({ userId: m.id }).expect(201);
      expect(await listedIds(f.as(await m.token()))).toEqual(sorted(team.tX.id, team.tZ.id));
    });

    it('loses sight of a team once removed from it', async () => {
      const m = await f.user({ role: Role.Member });
      await admin.post(`${TEAMS}/${team.tY.id}/members`).send({ userId: m.id }).expect(201);
      const mApi = f.as(await m.token());
      await mApi.get(`${TEAMS}/${team.tY.id}`).expect(200);
      await admin.delete(`${TEAMS}/${team.tY.id}/members/${m.id}`).expect(204);
      expectError(await mApi.get(`${TEAMS}/${team.tY.id}`), 404, 'NOT_FOUND');
      expect(await listedIds(mApi)).toEqual([]);
    });
  });

  describe('a manager', () => {
    it('of county X sees exactly the teams at or under X', async () => {
      const api = f.as(await (await f.manager({ regionUnitIds: [org.countyX.id] })).token());
      expect(await listedIds(api)).toEqual(sorted(team.tX.id, team.tX1.id));
      await api.get(`${TEAMS}/${team.tX1.id}`).expect(200);
      await api.get(`${TEAMS}/${team.tX1.id}/members`).expect(200);
      for (const outside of [team.tA, team.tY, team.tZ]) {
        expectError(await api.get(`${TEAMS}/${outside.id}`), 404, 'NOT_FOUND');
        expectError(await api.get(`${TEAMS}/${outside.id}/members`), 404, 'NOT_FOUND');
      }
    });

    it('of county X plus the single team tZsolo sees those and nothing else', async () => {
      const api = f.as(await (await f.manager({ regionUnitIds: [org.countyX.id], teamIds: [team.tZsolo.id] })).token());
      expect(await listedIds(api)).toEqual(sorted(team.tX.id, team.tX1.id, team.tZsolo.id));
      expectError(await api.get(`${TEAMS}/${team.tZ.id}`), 404, 'NOT_FOUND');
    });

    it('of city A sees every team in city A, none in city B', async () => {
      const api = f.as(await (await f.manager({ regionUnitIds: [org.cityA.id] })).token());
      expect(await listedIds(api)).toEqual(sorted(team.tA.id, team.tX.id, team.tX1.id, team.tY.id));
    });

    it('with an empty scope sees only the teams they are a member of', async () => {
      const mgr = await f.manager({});
      const api = f.as(await mgr.token());
      expect(await listedIds(api)).toEqual([]);
      await admin.post(`${TEAMS}/${team.tY.id}/members`).send({ userId: mgr.id }).expect(201);
      expect(await listedIds(api)).toEqual([team.tY.id]);
    });

    it('filters within scope by region', async () => {
      const api = f.as(await (await f.manager({ regionUnitIds: [org.cityA.id] })).token());
      const res = await api.get(TEAMS).query({ regionUnitId: org.countyX.id }).expect(200);
      expect(res.body.items.map((x: { id: string }) => x.id).sort()).toEqual(sorted(team.tX.id, team.tX1.id));
    });

    it('adds and removes members of a team in scope, but gets 404 for a team outside it (nothing written)', async () => {
      const api = f.as(await (await f.manager({ regionUnitIds: [org.countyX.id] })).token());
      const u = await f.user();
      await api.post(`${TEAMS}/${team.tX1.id}/members`).send({ userId: u.id }).expect(201);
      await api.delete(`${TEAMS}/${team.tX1.id}/members/${u.id}`).expect(204);
      expectError(await api.post(`${TEAMS}/${team.tY.id}/members`).send({ userId: u.id }), 404, 'NOT_FOUND');
      expectError(await api.delete(`${TEAMS}/${team.tY.id}/members/${u.id}`), 404, 'NOT_FOUND');
      expect(await t.db.query('SELECT 1 FROM team_members WHERE user_id = $1', [u.id])).toEqual([]);
    });

    it("follows changes of scope at once (PUT /users/:id/managed-scope)", async () => {
      const mgr = await f.manager({ regionUnitIds: [org.countyY.id] });
      const api = f.as(await mgr.token());
      expect(await listedIds(api)).toEqual([team.tY.id]);
      const res = await admin.put(`/api/v1/users/${mgr.id}/managed-scope`).send({ regionUnitIds: [org.countyZ.id], teamIds: [team.tA.id] }).expect(200);
      expect(res.body.regionUnits.map((r: { id: string }) => r.id)).toEqual([org.countyZ.id]);
      expect(res.body.teams.map((x: { id: string }) => x.id)).toEqual([team.tA.id]);
      expect(await listedIds(api)).toEqual(sorted(team.tZ.id, team.tZsolo.id, team.tA.id));
      const got = await admin.get(`/api/v1/users/${mgr.id}/managed-scope`).expect(200);
      expect(got.body).toEqual(res.body);
    });
  });

  describe('an admin', () => {
    it('sees every team', async () => {
      expect(await listedIds(admin)).toEqual(sorted(...allTeamIds));
    });
  });

  describe('managed scope', () => {
    it('PUT on a non-manager answers 400 and writes nothing', async () => {
      const m = await f.user({ role: Role.Member });
      const res = await admin.put(`/api/v1/users/${m.id}/managed-scope`).send({ regionUnitIds: [org.countyX.id], teamIds: [] });
      expectError(res, 400, 'SCOPE_NOT_MANAGER');
      expect(await t.db.query('SELECT 1 FROM manager_scopes WHERE user_id = $1', [m.id])).toEqual([]);
    });

    it('refuses unknown regions or teams with 400 naming the field, keeping the old scope', async () => {
      const mgr = await f.manager({ regionUnitIds: [org.countyY.id] });
      const ghost = '00000000-0000-4000-8000-000000000000';
      expectError(await admin.put(`/api/v1/users/${mgr.id}/managed-scope`).send({ regionUnitIds: [ghost], teamIds: [] }), 400, 'SCOPE_TARGET_NOT_FOUND', 'regionUnitIds');
      expectError(await admin.put(`/api/v1/users/${mgr.id}/managed-scope`).send({ regionUnitIds: [], teamIds: [ghost] }), 400, 'SCOPE_TARGET_NOT_FOUND', 'teamIds');
      const rows = await t.db.query('SELECT region_unit_id FROM manager_scopes WHERE user_id = $1', [mgr.id]);
      expect(rows).toEqual([{ region_unit_id: org.countyY.id }]);
    });

    it('answers 404 for an unknown user and 403 for non-admins', async () => {
      expectError(await admin.put('/api/v1/users/00000000-0000-4000-8000-000000000000/managed-scope').send({ regionUnitIds: [], teamIds: [] }), 404, 'NOT_FOUND');
      const mgr = await f.manager({});
      const api = f.as(await mgr.token());
      expectError(await api.put(`/api/v1/users/${mgr.id}/managed-scope`).send({ regionUnitIds: [org.cityA.id], teamIds: [] }), 403, 'FORBIDDEN');
      expectError(await api.get(`/api/v1/users/${mgr.id}/managed-scope`), 403, 'FORBIDDEN');
      expect(await t.db.query('SELECT 1 FROM manager_scopes WHERE user_id = $1', [mgr.id])).toEqual([]);
    });
  });
});
