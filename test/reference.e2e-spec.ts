import { Role } from '../src/common/auth/auth-user';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const LISTS = [
  { path: '/api/v1/industry-chains', table: 'industry_chains', name: '玉米生物' },
  { path: '/api/v1/source-regions', table: 'source_regions', name: '京津冀' },
] as const;

describe('reference data', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  let member: AuthedClient;
  let manager: AuthedClient;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
    member = (await f.client(Role.Member)).api;
    manager = (await f.client(Role.Manager)).api;
  });
  afterAll(() => t.close());

  describe.each(LISTS)('$path', ({ path, table, name }) => {
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

    it('admin creates, reads and updates an item', async () => {
      const itemName = unique(name);
      const created = await admin.post(path).send({ name: `  ${itemName}  `, description: '说明', sortOrder: 3 }).expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: itemName, description: '说明', sortOrder: 3, isActive: true });
      const [row] = await t.db.query(`SELECT name, sort_order FROM ${table} WHERE id = $1`, [created.body.id]);
      expect(row).toEqual({ name: itemName, sort_order: 3 });

      const got = await member.get(`${path}/${created.body.id}`).expect(200);
      expect(got.body.name).toBe(itemName);

      const updated = await admin.patch(`${path}/${created.body.id}`).send({ description: null, sortOrder: 7 }).expect(200);
      expect(updated.body).toMatchObject({ name: itemName, description: null, sortOrder: 7 });
      const [after] = await t.db.query(`SELECT description, sort_order FROM ${table} WHERE id = $1`, [created.body.id]);
      expect(after).toEqual({ description: null, sort_order: 7 });
    });

    it('everyone signed in reads the list; members and managers cannot write (403, nothing written)', async () => {
      const item = (await admin.post(path).send({ name: unique(name) }).expect(201)).body;
      for (const api of [member, manager]) {
        const list = await api.get(path).query({ limit: 200 }).expect(200);
        expect(list.body.items.map((x: { id: string }) => x.id)).toContain(item.id);
        const before = await count();
        expectError(await api.post(path).send({ name: unique(name) }), 403, 'FORBIDDEN');
        expect(await count()).toBe(before);
        expectError(await api.patch(`${path}/${item.id}`).send({ name: '改名' }), 403, 'FORBIDDEN');
      }
      const [row] = await t.db.query(`SELECT name FROM ${table} WHERE id = $1`, [item.id]);
      expect(row.name).toBe(item.name);
      expectError(await t.http().get(path), 401, 'UNAUTHENTICATED');
    });

    it('refuses a duplicate name with 409 naming name, on create and on rename', async () => {
      const first = (await admin.post(path).send({ name: unique(name) }).expect(201)).body;
      const second = (await admin.post(path).send({ name: unique(name) }).expect(201)).body;
      const before = await count();
      expectError(await admin.post(path).send({ name: first.name }), 409, 'REFERENCE_NAME_TAKEN', 'name');
      expect(await count()).toBe(before);
      expectError(await admin.patch(`${path}/${second.id}`).send({ name: first.name }), 409, 'REFERENCE_NAME_TAKEN', 'name');
      const [row] = await t.db.query(`SELECT name FROM ${table} WHERE id = $1`, [second.id]);
      expect(row.name).toBe(second.name);
    });

    it('hides inactive items unless includeInactive=true', async () => {
      const item = (await admin.post(path).send({ name: unique(name) }).expect(201)).body;
      await admin.patch(`${path}/${item.id}`).send({ isActive: false }).expect(200);
      const ids = async (query: object) => (await member.get(path).query({ limit: 200, ...query }).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(await ids({})).not.toContain(item.id);
      expect(await ids({ includeInactive: 'false' })).not.toContain(item.id);
      expect(await ids({ includeInactive: 'true' })).toContain(item.id);
      expectError(await member.get(path).query({ includeInactive: 'maybe' }), 400, 'VALIDATION_FAILED', 'includeInactive');
    });

    it('answers an unknown id with 404', async () => {
      expectError(await member.get(`${path}/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
      expectError(await admin.patch(`${path}/00000000-0000-4000-8000-000000000000`).send({ sortOrder: 1 }), 404, 'NOT_FOUND');
    });

    it('refuses an unknown field, an empty name and a name of 65 characters (400 naming the field)', async () => {
      const before = await count();
      expectError(await admin.post(path).send({ name: unique(name), colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour');
      expectError(await admin.post(path).send({ name: '   ' }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await admin.post(path).send({ name: '链'.repeat(65) }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await admin.post(path).send({ name: unique(name), id: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED', 'id');
      expect(await count()).toBe(before);
    });
  });

  it('refuses isPrimary (a field of source regions) on industry chains with 400 naming it', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM industry_chains'))[0].n;
    expectError(await admin.post('/api/v1/industry-chains').send({ name: unique('铝基'), isPrimary: true }), 400, 'VALIDATION_FAILED', 'isPrimary');
    expect((await t.db.query('SELECT count(*)::int AS n FROM industry_chains'))[0].n).toBe(before);
    const chain = (await admin.post('/api/v1/industry-chains').send({ name: unique('镍基') }).expect(201)).body;
    expectError(await admin.patch(`/api/v1/industry-chains/${chain.id}`).send({ isPrimary: true }), 400, 'VALIDATION_FAILED', 'isPrimary');
  });

  it('source regions carry isPrimary', async () => {
    const created = await admin.post('/api/v1/source-regions').send({ name: unique('京津冀'), isPrimary: true }).expect(201);
    expect(created.body.isPrimary).toBe(true);
    const updated = await admin.patch(`/api/v1/source-regions/${created.body.id}`).send({ isPrimary: false }).expect(200);
    expect(updated.body.isPrimary).toBe(false);
    const [row] = await t.db.query('SELECT is_primary FROM source_regions WHERE id = $1', [created.body.id]);
    expect(row.is_primary).toBe(false);
  });

  it('lists in sortOrder and pages with a cursor through every item once', async () => {
    for (let i = 0; i < 5; i++) await admin.post('/api/v1/industry-chains').send({ name: unique('链'), sortOrder: 100 + (i % 2) }).expect(201);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM industry_chains WHERE is_active');
    const { items: seen } = await f.walk<{ id: string; sortOrder: number }>(member, '/api/v1/industry-chains');
    expect(seen).toHaveLength(n);
    expect(new Set(seen.map((x) => x.id)).size).toBe(n);
    const orders = seen.map((x) => x.sortOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('an inactive item cannot be chosen for a team (400 naming the field)', async () => {
    const chain = (await admin.post('/api/v1/industry-chains').send({ name: unique('停用链'), isActive: false }).expect(201)).body;
    const county = (await f.cityWithCounties(1)).counties[0]!;
    expectError(await admin.post('/api/v1/teams').send({ name: unique('队'), regionUnitId: county.id, focusChainIds: [chain.id] }), 400, 'REFERENCE_INACTIVE', 'focusChainIds');
  });
});
