import { Role } from '../src/common/auth/auth-user';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const REGIONS = '/api/v1/regions';

interface TreeNode {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  children: TreeNode[];
}

/** The node with `id` anywhere in a forest. */
function findNode(nodes: TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

describe('regions', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
  });
  afterAll(() => t.close());

  const regionCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM region_units'))[0].n as number;
  const create = (body: object) => admin.post(REGIONS).send(body);

  it('builds 市 → 县 → 乡 → 村 and nests them in GET /regions/tree', async () => {
    const city = (await create({ name: unique('通辽市'), level: 'city', code: '150500' }).expect(201)).body;
    expect(city).toEqual({ id: expect.any(String), name: city.name, level: 'city', code: '150500', parentId: null, sortOrder: 0 });
    const county = (await create({ name: '开鲁县', level: 'county', code: '150523', parentId: city.id }).expect(201)).body;
    const county2 = (await create({ name: '科尔沁区', level: 'county', code: '150502', parentId: city.id, sortOrder: 1 }).expect(201)).body;
    const town = (await create({ name: '开鲁镇', level: 'township', parentId: county.id }).expect(201)).body;
    const village = (await create({ name: '东风村', level: 'village', parentId: town.id }).expect(201)).body;
    expect(village.parentId).toBe(town.id);

    const [row] = await t.db.query('SELECT path FROM region_units WHERE id = $1', [village.id]);
    expect(row.path).toBe(`${city.id}/${county.id}/${town.id}/${village.id}/`);

    const tree: TreeNode[] = (await admin.get(`${REGIONS}/tree`).expect(200)).body;
    const cityNode = tree.find((n) => n.id === city.id);
    expect(cityNode).toBeDefined();
    expect(cityNode!.children.map((c) => c.id)).toEqual([county.id, county2.id]);
    const countyNode = cityNode!.children[0]!;
    expect(countyNode.children.map((c) => c.id)).toEqual([town.id]);
    expect(countyNode.children[0]!.children).toEqual([
      { id: village.id, name: '东风村', level: 'village', code: null, parentId: town.id, sortOrder: 0, children: [] },
    ]);
    // Every node appears once, and only under its parent.
    expect(tree.filter((n) => [county.id, town.id, village.id].includes(n.id))).toEqual([]);

    const sub: TreeNode[] = (await admin.get(`${REGIONS}/tree`).query({ rootId: county.id }).expect(200)).body;
    expect(sub).toHaveLength(1);
    expect(sub[0]!.id).toBe(county.id);
    expect(sub[0]!.children.map((c) => c.id)).toEqual([town.id]);
    expect(sub[0]!.children[0]!.children.map((c) => c.id)).toEqual([village.id]);
  });

  it('lists direct children, top-level units and by level', async () => {
    const { city, counties } = await f.cityWithCounties(2);
    const children = await admin.get(REGIONS).query({ parentId: city.id }).expect(200);
    expect(children.body.items.map((r: { id: string }) => r.id).sort()).toEqual(counties.map((c) => c.id).sort());
    const roots = await admin.get(REGIONS).query({ parentId: 'root', limit: 200 }).expect(200);
    expect(roots.body.items.every((r: { parentId: string | null }) => r.parentId === null)).toBe(true);
    expect(roots.body.items.map((r: { id: string }) => r.id)).toContain(city.id);
    const cities = await admin.get(REGIONS).query({ level: 'city', limit: 200 }).expect(200);
    expect(cities.body.items.every((r: { level: string }) => r.level === 'city')).toBe(true);
  });

  it('moves a county under another city: the subtree is re-rooted and managers scoped by city follow', async () => {
    const c1 = await f.region({ level: RegionLevel.City });
    const c2 = await f.region({ level: RegionLevel.City });
    const county = await f.region({ level: RegionLevel.County, parentId: c1.id });
    const town = await f.region({ level: RegionLevel.Township, parentId: county.id });
    const village = await f.region({ level: RegionLevel.Village, parentId: town.id });
    const team = await f.team({ regionUnitId: town.id });
    const mgr1 = f.as(await (await f.manager({ regionUnitIds: [c1.id] })).token());
    const mgr2 = f.as(await (await f.manager({ regionUnitIds: [c2.id] })).token());
    await mgr1.get(`/api/v1/teams/${team.id}`).expect(200);
    await mgr2.get(`/api/v1/teams/${team.id}`).expect(404);

    const res = await admin.patch(`${REGIONS}/${county.id}`).send({ parentId: c2.id }).expect(200);
    expect(res.body.parentId).toBe(c2.id);

    const paths: Array<{ id: string; path: string }> = await t.db.query('SELECT id, path FROM region_units WHERE id = ANY($1)', [[county.id, town.id, village.id]]);
    const byId = new Map(paths.map((p) => [p.id, p.path]));
    expect(byId.get(county.id)).toBe(`${c2.id}/${county.id}/`);
    expect(byId.get(town.id)).toBe(`${c2.id}/${county.id}/${town.id}/`);
    expect(byId.get(village.id)).toBe(`${c2.id}/${county.id}/${town.id}/${village.id}/`);

    await mgr2.get(`/api/v1/teams/${team.id}`).expect(200);
    await mgr1.get(`/api/v1/teams/${team.id}`).expect(404);
    const listed = await mgr2.get('/api/v1/teams').expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([team.id]);

    const tree: TreeNode[] = (await admin.get(`${REGIONS}/tree`).query({ rootId: c2.id }).expect(200)).body;
    expect(findNode(tree, village.id)).toBeDefined();
    expect(findNode(tree, county.id)!.parentId).toBe(c2.id);
    const oldTree: TreeNode[] = (await admin.get(`${REGIONS}/tree`).query({ rootId: c1.id }).expect(200)).body;
    expect(oldTree[0]!.children).toEqual([]);
  });

  it('refuses moving a unit under itself or its own descendant with 400 REGION_CYCLE naming parentId', async () => {
    const { city, county, township } = await f.branch();
    const [before] = await t.db.query('SELECT parent_id, path FROM region_units WHERE id = $1', [county.id]);
    expectError(await admin.patch(`${REGIONS}/${county.id}`).send({ parentId: township.id }), 400, 'REGION_CYCLE', 'parentId');
    expectError(await admin.patch(`${REGIONS}/${county.id}`).send({ parentId: county.id }), 400, 'REGION_CYCLE', 'parentId');
    const [after] = await t.db.query('SELECT parent_id, path FROM region_units WHERE id = $1', [county.id]);
    expect(after).toEqual(before);
    expect(after.parent_id).toBe(city.id);
  });

  it('refuses a level that does not fit the parent with 400 naming parentId', async () => {
    const { city, county, township } = await f.branch();
    const before = await regionCount();
    expectError(await create({ name: unique('村'), level: 'village', parentId: county.id }), 400, 'REGION_LEVEL_MISMATCH', 'parentId');
    expectError(await create({ name: unique('乡'), level: 'township', parentId: city.id }), 400, 'REGION_LEVEL_MISMATCH', 'parentId');
    expectError(await create({ name: unique('县'), level: 'county' }), 400, 'REGION_LEVEL_MISMATCH', 'parentId');
    expectError(await create({ name: unique('市'), level: 'city', parentId: city.id }), 400, 'REGION_LEVEL_MISMATCH', 'parentId');
    // Moving a township directly under a city skips a level.
    expectError(await admin.patch(`${REGIONS}/${township.id}`).send({ parentId: city.id }), 400, 'REGION_LEVEL_MISMATCH', 'parentId');
    expect(await regionCount()).toBe(before);
  });

  it('refuses a parent that does not exist with 400 naming parentId', async () => {
    const county = (await f.cityWithCounties(1)).counties[0]!;
    const before = await regionCount();
    const ghost = '00000000-0000-4000-8000-000000000000';
    expectError(await create({ name: unique('县'), level: 'county', parentId: ghost }), 400, 'REGION_PARENT_NOT_FOUND', 'parentId');
    expectError(await admin.patch(`${REGIONS}/${county.id}`).send({ parentId: ghost }), 400, 'REGION_PARENT_NOT_FOUND', 'parentId');
    expect(await regionCount()).toBe(before);
  });

  it('refuses a duplicate code with 409 naming code, and a duplicate name under one parent', async () => {
    const { city, counties } = await f.cityWithCounties(1);
    await admin.patch(`${REGIONS}/${counties[0]!.id}`).send({ code: '150526' }).expect(200);
    const before = await regionCount();
    expectError(await create({ name: unique('扎鲁特旗'), level: 'county', parentId: city.id, code: '150526' }), 409, 'REGION_CODE_TAKEN', 'code');
    expectError(await create({ name: counties[0]!.name, level: 'county', parentId: city.id }), 409, 'REGION_NAME_TAKEN', 'name');
    expect(await regionCount()).toBe(before);
    const other = await f.region({ level: RegionLevel.County, parentId: city.id });
    expectError(await admin.patch(`${REGIONS}/${other.id}`).send({ code: '150526' }), 409, 'REGION_CODE_TAKEN', 'code');
    // The same name under another parent is fine.
    const city2 = await f.region();
    await create({ name: counties[0]!.name, level: 'county', parentId: city2.id }).expect(201);
  });

  it('refuses to delete a unit with children or teams (409 REGION_IN_USE), deletes an empty one', async () => {
    const { county, township, village } = await f.branch();
    expectError(await admin.delete(`${REGIONS}/${county.id}`), 409, 'REGION_IN_USE');
    const team = await f.team({ regionUnitId: village.id });
    expectError(await admin.delete(`${REGIONS}/${village.id}`), 409, 'REGION_IN_USE');
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM region_units WHERE id = ANY($1)', [[county.id, township.id, village.id]]);
    expect(n).toBe(3);
    expect((await t.db.query('SELECT 1 FROM teams WHERE id = $1', [team.id])).length).toBe(1);

    const empty = await f.region({ level: RegionLevel.Village, parentId: township.id });
    await admin.delete(`${REGIONS}/${empty.id}`).expect(204);
    expect(await t.db.query('SELECT 1 FROM region_units WHERE id = $1', [empty.id])).toEqual([]);
    expectError(await admin.get(`${REGIONS}/${empty.id}`), 404, 'NOT_FOUND');
  });

  it('a member reads (list, tree, one) but cannot write (403, nothing written)', async () => {
    const { api } = await f.client(Role.Member);
    const { city, counties } = await f.cityWithCounties(1);
    await api.get(REGIONS).expect(200);
    await api.get(`${REGIONS}/tree`).expect(200);
    const one = await api.get(`${REGIONS}/${city.id}`).expect(200);
    expect(one.body.id).toBe(city.id);
    const before = await regionCount();
    expectError(await api.post(REGIONS).send({ name: unique('市'), level: 'city' }), 403, 'FORBIDDEN');
    expectError(await api.patch(`${REGIONS}/${counties[0]!.id}`).send({ name: '改名' }), 403, 'FORBIDDEN');
    expectError(await api.delete(`${REGIONS}/${counties[0]!.id}`), 403, 'FORBIDDEN');
    expect(await regionCount()).toBe(before);
    const [row] = await t.db.query('SELECT name FROM region_units WHERE id = $1', [counties[0]!.id]);
    expect(row.name).toBe(counties[0]!.name);
  });

  it('a manager cannot write regions either', async () => {
    const { api } = await f.client(Role.Manager);
    expectError(await api.post(REGIONS).send({ name: unique('市'), level: 'city' }), 403, 'FORBIDDEN');
  });

  it('answers an unknown tree root with 404 and a malformed one with 400 naming rootId', async () => {
    expectError(await admin.get(`${REGIONS}/tree`).query({ rootId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    expectError(await admin.get(`${REGIONS}/tree`).query({ rootId: 'nope' }), 400, 'VALIDATION_FAILED', 'rootId');
  });

  it('refuses a malformed code with 400 naming code', async () => {
    expectError(await create({ name: unique('市'), level: 'city', code: '15A500' }), 400, 'VALIDATION_FAILED', 'code');
    expectError(await create({ name: unique('市'), level: 'city', code: '1505' }), 400, 'VALIDATION_FAILED', 'code');
  });

  it('refuses changing the level of an existing unit (not an updatable field)', async () => {
    const city = await f.region();
    expectError(await admin.patch(`${REGIONS}/${city.id}`).send({ level: 'county' }), 400, 'VALIDATION_FAILED', 'level');
  });
});
