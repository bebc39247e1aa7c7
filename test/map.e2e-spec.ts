import { ProjectLifecycle } from '../src/projects/entities/project-enums';
import { CrmFactory, dayOffset } from './harness/crm-factories';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** The 招商地图's own data: 项目位置 (a point picked on the map, kept exact, audited, listed within scope) and 三未项目数 per county. */
describe('招商地图 data: project points and 三未项目数 per county', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let admin: RegistryClient;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    p = new ProjectFactory(t, new Factory(t));
    crm = p.crm;
    org = await crm.org();
    admin = await p.as(await p.f.adminUser());
  }, 60_000);
  afterAll(() => t.close());

  it('a project created with a location keeps it to the sixth place, reads it back and audits it', async () => {
    const res = await admin
      .post('/projects')
      .send({ name: '科尔沁风电装备项目', totalInvestment: '52000', regionUnitId: org.countyX.id, location: { lng: 122.263119, lat: 43.617429 } })
      .expect(201);
    expect(res.body.location).toEqual({ lng: 122.263119, lat: 43.617429 });
    const [row] = await p.db.query('SELECT location_lng::text AS lng, location_lat::text AS lat FROM projects WHERE id = $1', [res.body.id]);
    expect(row).toEqual({ lng: '122.263119', lat: '43.617429' });
    const audit = await crm.audit('project', res.body.id);
    expect(audit[0]!.changes).toMatchObject({ location: { to: { lng: 122.263119, lat: 43.617429 } } });
  });

  it('a location is moved and cleared with the version, each change audited with before and after', async () => {
    const created = await p.project({ regionUnitId: org.countyX.id });
    expect(created.location).toBeNull();
    const moved = await admin.patch(`/projects/${created.id}`).send({ version: created.version, location: { lng: 121.5, lat: 43 } }).expect(200);
    expect(moved.body.location).toEqual({ lng: 121.5, lat: 43 });
    const cleared = await admin.patch(`/projects/${created.id}`).send({ version: moved.body.version, location: null }).expect(200);
    expect(cleared.body.location).toBeNull();
    const audit = await crm.audit('project', created.id);
    expect(audit.slice(1).map((a) => [a.action, a.changes.location])).toEqual([
      ['update', { from: null, to: { lng: 121.5, lat: 43 } }],
      ['update', { from: { lng: 121.5, lat: 43 }, to: null }],
    ]);
  });

  it.each([
    [{ lng: 200, lat: 43 }, 'location.lng'],
    [{ lng: 122, lat: 60 }, 'location.lat'],
    [{ lng: 122 }, 'location.lat'],
    [{ lng: '122', lat: 43 }, 'location.lng'],
    [{ lng: 122.1234567, lat: 43 }, 'location.lng'],
    [{ lng: 122, lat: 43, alt: 200 }, 'location.alt'],
    ['122,43', 'location'],
  ])('refuses a bad location %j with a 400 naming %s, writing nothing', async (location, field) => {
    const before = await p.db.query('SELECT count(*)::int AS n FROM projects');
    const res = await admin.post('/projects').send({ name: '坏位置项目', totalInvestment: '1', location });
    expectError(res, 400, 'VALIDATION_FAILED', field);
    expect(await p.db.query('SELECT count(*)::int AS n FROM projects')).toEqual(before);
  });

  it('GET /registry/locations lists the located projects in scope, largest first, with the full count', async () => {
    const inX = [
      await p.project({ regionUnitId: org.countyX.id, totalInvestment: '300', location: { lng: 122.1, lat: 43.6 } }),
      await p.project({ regionUnitId: org.countyX.id, totalInvestment: '900.5', location: { lng: 122.2, lat: 43.7 } }),
    ];
    await p.project({ regionUnitId: org.countyX.id, totalInvestment: '5000' }); // no location: not a point
    const inY = await p.project({ regionUnitId: org.countyY.id, totalInvestment: '700', location: { lng: 121.1, lat: 44.1 } });

    // What each caller should see, by plain SQL over the table.
    const expected = async (regionIds: string[] | null) =>
      (
        await p.db.query(
          `SELECT id, location_lng::float8 AS lng, location_lat::float8 AS lat FROM projects
            WHERE location_lng IS NOT NULL AND ($1::uuid[] IS NULL OR region_unit_id = ANY($1)) ORDER BY total_investment DESC, id`,
          [regionIds],
        )
      ).map((r: { id: string; lng: number; lat: number }) => ({ id: r.id, location: { lng: r.lng, lat: r.lat } }));

    const all = await admin.get('/registry/locations').expect(200);
    const everything = await expected(null);
    expect(all.body.count).toBe(everything.length);
    expect(all.body.items.map((i: { id: string; location: unknown }) => ({ id: i.id, location: i.location }))).toEqual(everything);
    expect(all.body.items.find((i: { id: string }) => i.id === inX[1]!.id)).toMatchObject({ name: inX[1]!.name, totalInvestment: '900.5', signedAmount: '0', regionUnit: { id: org.countyX.id } });

    const manager = await p.as(org.managerX);
    const mine = await manager.get('/registry/locations').expect(200);
    expect(mine.body.items.map((i: { id: string; location: unknown }) => ({ id: i.id, location: i.location }))).toEqual(await expected([org.countyX.id]));
    expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(inY.id);

    const limited = await admin.get('/registry/locations?limit=1').expect(200);
    expect(limited.body).toMatchObject({ count: everything.length, items: [{ id: everything[0]!.id }] });
    expectError(await admin.get('/registry/locations?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await admin.get('/registry/locations?radius=3'), 400, 'VALIDATION_FAILED', 'radius');
  });

  it('GET /registry/three-un/counties counts each county’s projects on any 三未 list once, within scope', async () => {
    const mine = await crm.org(); // two fresh counties, X with its manager
    // By hand: X has one 立项未开工 and one on both 开工未建设 and 建设未竣工 (counted once); Y one 建设未竣工.
    await p.project({ regionUnitId: mine.countyX.id, lifecycle: ProjectLifecycle.Signed, plannedStartOn: dayOffset(-5) });
    await p.project({ regionUnitId: mine.countyX.id, lifecycle: ProjectLifecycle.Construction, startedOn: dayOffset(-400), plannedCompletionOn: dayOffset(-10) });
    await p.project({ regionUnitId: mine.countyX.id, lifecycle: ProjectLifecycle.Signed, plannedStartOn: dayOffset(30) }); // not late: on no list
    await p.project({ regionUnitId: mine.countyY.id, lifecycle: ProjectLifecycle.Construction, startedOn: dayOffset(-20), plannedCompletionOn: dayOffset(-1) });
    const counts = (body: { counties: Array<{ regionUnit: { id: string }; count: number }> }) =>
      Object.fromEntries(body.counties.filter((c) => [mine.countyX.id, mine.countyY.id].includes(c.regionUnit.id)).map((c) => [c.regionUnit.id, c.count]));

    const all = await admin.get('/registry/three-un/counties').expect(200);
    expect(counts(all.body)).toEqual({ [mine.countyX.id]: 2, [mine.countyY.id]: 1 });
    // The same projects the lists name, counted once each.
    const lists = (await admin.get(`/registry/three-un?regionUnitId=${mine.countyX.id}&limit=2000`).expect(200)).body;
    expect(new Set([...lists.notStarted.items, ...lists.startedNotBuilding.items, ...lists.notCompleted.items].map((i: { id: string }) => i.id)).size).toBe(2);

    const manager = await p.as(mine.managerX);
    const his = await manager.get('/registry/three-un/counties').expect(200);
    expect(his.body.counties).toEqual([{ regionUnit: { id: mine.countyX.id, name: mine.countyX.name }, count: 2 }]);
    expectError(await admin.get('/registry/three-un/counties?limit=5'), 400, 'VALIDATION_FAILED', 'limit');
  });
});
