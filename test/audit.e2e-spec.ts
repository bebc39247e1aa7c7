import { Role } from '../src/common/auth/auth-user';
import { expectError } from './harness/expect-error';
import { AuthedClient, Factory, TestUser, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const AUDIT = '/api/v1/audit';

interface AuditRow {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  requestId: string | null;
  at: string;
}

describe('audit trail', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  let adminUser: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const a = await f.client(Role.Admin);
    admin = a.api;
    adminUser = a.user;
  });
  afterAll(() => t.close());

  /** The audit rows of one record, oldest first, read through the API. */
  async function trail(entity: string, entityId: string): Promise<AuditRow[]> {
    const res = await admin.get(AUDIT).query({ entity, entityId, limit: 200 }).expect(200);
    return (res.body.items as AuditRow[]).reverse();
  }
  const last = async (entity: string, entityId: string) => (await trail(entity, entityId)).at(-1) as AuditRow;

  describe('every write leaves a row with actor, action, entity, id and from → to', () => {
    it('users: create, update, deactivate, password reset (hash redacted)', async () => {
      const created = (await admin.post('/api/v1/users').send({ username: unique('audited'), displayName: '审计', role: 'member', password: 'password-123' }).expect(201)).body;
      const create = await last('user', created.id);
      expect(create).toMatchObject({ actorId: adminUser.id, actorName: adminUser.username, action: 'create', entity: 'user', entityId: created.id });
      expect(create.changes.username).toEqual({ from: null, to: created.username });
      expect(create.changes.role).toEqual({ from: null, to: 'member' });
      expect(create.changes.passwordHash).toEqual({ from: '[redacted]', to: '[redacted]' });
      expect(JSON.stringify(create.changes)).not.toMatch(/argon2|password-123/);

      await admin.patch(`/api/v1/users/${created.id}`).send({ displayName: '审计二', isActive: false }).expect(200);
      const update = await last('user', created.id);
      expect(update).toMatchObject({ action: 'update', actorId: adminUser.id });
      expect(update.changes).toEqual({ displayName: { from: '审计', to: '审计二' }, isActive: { from: true, to: false } });

      await admin.patch(`/api/v1/users/${created.id}`).send({ password: 'another-pass-9' }).expect(200);
      const reset = await last('user', created.id);
      expect(reset.changes).toEqual({ passwordHash: { from: '[redacted]', to: '[redacted]' } });

      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE changes::text ~ 'argon2|password-123|another-pass-9'`);
      expect(n).toBe(0);
    });

    it("a user's own password change is recorded with them as the actor", async () => {
      const u = await f.user();
      await f.as(await u.token()).post('/api/v1/auth/password').send({ currentPassword: u.password, newPassword: 'my-new-pass-1' }).expect(200);
      const row = await last('user', u.id);
      expect(row).toMatchObject({ actorId: u.id, actorName: u.username, action: 'change-password' });
      expect(row.changes).toEqual({ passwordHash: { from: '[redacted]', to: '[redacted]' } });
    });

    it('managed scope', async () => {
      const mgr = await f.user({ role: Role.Manager });
      const city = await f.region();
      await admin.put(`/api/v1/users/${mgr.id}/managed-scope`).send({ regionUnitIds: [city.id], teamIds: [] }).expect(200);
      const row = await last('user', mgr.id);
      expect(row).toMatchObject({ action: 'set-scope', actorId: adminUser.id });
      expect(row.changes).toEqual({ managedRegionUnitIds: { from: [], to: [city.id] } });
    });

    it('regions: create, update (move), delete', async () => {
      const c1 = await f.region();
      const c2 = await f.region();
      const county = (await admin.post('/api/v1/regions').send({ name: unique('县'), level: 'county', parentId: c1.id, code: '150599' }).expect(201)).body;
      expect(await last('region', county.id)).toMatchObject({
        action: 'create',
        actorId: adminUser.id,
        changes: expect.objectContaining({ name: { from: null, to: county.name }, code: { from: null, to: '150599' }, parentId: { from: null, to: c1.id } }),
      });
      await admin.patch(`/api/v1/regions/${county.id}`).send({ parentId: c2.id, name: '改名县' }).expect(200);
      expect((await last('region', county.id)).changes).toEqual({ parentId: { from: c1.id, to: c2.id }, name: { from: county.name, to: '改名县' } });
      await admin.delete(`/api/v1/regions/${county.id}`).expect(204);
      const del = await last('region', county.id);
      expect(del.action).toBe('delete');
      expect(del.changes.name).toEqual({ from: '改名县', to: null });
    });

    it('teams: create, update, roster changes', async () => {
      const county = (await f.cityWithCounties(1)).counties[0]!;
      const a = await f.user();
      const b = await f.user();
      const team = (await admin.post('/api/v1/teams').send({ name: unique('队'), regionUnitId: county.id, leaderId: a.id }).expect(201)).body;
      const create = await last('team', team.id);
      expect(create).toMatchObject({ action: 'create', actorId: adminUser.id });
      expect(create.changes).toMatchObject({ name: { from: null, to: team.name }, regionUnitId: { from: null, to: county.id }, leaderId: { from: null, to: a.id }, memberIds: { from: null, to: [a.id] } });

      await admin.patch(`/api/v1/teams/${team.id}`).send({ description: '新说明' }).expect(200);
      expect((await last('team', team.id)).changes).toEqual({ description: { from: null, to: '新说明' } });

      await admin.post(`/api/v1/teams/${team.id}/members`).send({ userId: b.id }).expect(201);
      expect(await last('team', team.id)).toMatchObject({ action: 'add-member', changes: { userId: { from: null, to: b.id } } });
      await admin.delete(`/api/v1/teams/${team.id}/members/${b.id}`).expect(204);
      expect(await last('team', team.id)).toMatchObject({ action: 'remove-member', changes: { userId: { from: b.id, to: null } } });

      await admin.patch(`/api/v1/teams/${team.id}`).send({ memberIds: [b.id] }).expect(200);
      expect((await last('team', team.id)).changes).toEqual({ memberIds: { from: [a.id], to: [a.id, b.id].sort() } });
    });

    it('reference data: create and update', async () => {
      const chain = (await admin.post('/api/v1/industry-chains').send({ name: unique('硅砂') }).expect(201)).body;
      expect(await last('industry-chain', chain.id)).toMatchObject({ action: 'create', changes: expect.objectContaining({ name: { from: null, to: chain.name } }) });
      await admin.patch(`/api/v1/industry-chains/${chain.id}`).send({ isActive: false }).expect(200);
      expect((await last('industry-chain', chain.id)).changes).toEqual({ isActive: { from: true, to: false } });
      const src = (await admin.post('/api/v1/source-regions').send({ name: unique('长三角') }).expect(201)).body;
      expect(await last('source-region', src.id)).toMatchObject({ action: 'create', entity: 'source-region' });
    });

    it('names the actor, the record (with the page it opens) and the records a change points at', async () => {
      const county = (await f.cityWithCounties(1)).counties[0]!;
      const leaderName = unique('队长');
      const leader = await f.user({ displayName: leaderName });
      const team = (await admin.post('/api/v1/teams').send({ name: unique('命名队'), regionUnitId: county.id, leaderId: leader.id }).expect(201)).body;
      const [me] = await t.db.query('SELECT display_name FROM users WHERE id = $1', [adminUser.id]);
      const create = (await admin.get(AUDIT).query({ entity: 'team', entityId: team.id }).expect(200)).body.items[0];
      expect(create.actorDisplayName).toBe(me.display_name);
      expect(create.subject).toEqual({ name: team.name, linkType: 'team', linkId: team.id });
      expect(create.names).toEqual({ [county.id]: county.name, [leader.id]: leaderName });

      // A contact is named with its company and opens the company's page.
      const enterprise = (await admin.post('/api/v1/enterprises').send({ name: unique('命名企业有限公司') }).expect(201)).body;
      const contact = (await admin.post(`/api/v1/enterprises/${enterprise.id}/contacts`).send({ name: '王经理' }).expect(201)).body;
      const row = (await admin.get(AUDIT).query({ entity: 'enterprise-contact', entityId: contact.id }).expect(200)).body.items[0];
      expect(row.subject).toEqual({ name: `王经理（${enterprise.name}）`, linkType: 'enterprise', linkId: enterprise.id });

      // A record deleted since keeps its entry, unnamed; a system entry has no actor.
      const gone = await f.region({ name: unique('删除市') });
      await admin.delete(`/api/v1/regions/${gone.id}`).expect(204);
      const deleted = (await admin.get(AUDIT).query({ entity: 'region', entityId: gone.id }).expect(200)).body.items[0];
      expect(deleted.subject).toEqual({ name: null, linkType: null, linkId: null });
      const system = (await admin.get(AUDIT).query({ entity: 'region', entityId: gone.id, action: 'create' }).expect(200)).body.items[0];
      expect(system.actorId).toBeNull();
      expect(system.actorDisplayName).toBeNull();
    });

    it('a refused write leaves no row', async () => {
      const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
      await admin.post('/api/v1/teams').send({ name: unique('队'), regionUnitId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      await admin.post('/api/v1/regions').send({ name: unique('县'), level: 'county' }).expect(400);
      const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
      expect(after).toBe(before);
    });

    it('records the request id the client sent', async () => {
      const requestId = `req-${unique('audit')}`;
      const city = (await admin.post('/api/v1/regions').set('X-Request-Id', requestId).send({ name: unique('市'), level: 'city' }).expect(201)).body;
      expect((await last('region', city.id)).requestId).toBe(requestId);
    });
  });

  describe('GET /audit', () => {
    it('filters by entity, actor and time window', async () => {
      const other = await f.user({ role: Role.Admin });
      const otherApi = f.as(await other.token());
      // A boundary strictly between the earlier tests' rows and this test's, on the database clock.
      const pause = () => new Promise((r) => setTimeout(r, 10));
      await pause();
      const startedAt = ((await t.db.query('SELECT now() AS now'))[0].now as Date).toISOString();
      await pause();
      const mine = (await admin.post('/api/v1/regions').send({ name: unique('市'), level: 'city' }).expect(201)).body;
      const theirs = (await otherApi.post('/api/v1/regions').send({ name: unique('市'), level: 'city' }).expect(201)).body;
      const theirChain = (await otherApi.post('/api/v1/industry-chains').send({ name: unique('链') }).expect(201)).body;

      const byActor = (await admin.get(AUDIT).query({ actorId: other.id }).expect(200)).body.items as AuditRow[];
      expect(byActor.map((r) => r.entityId).sort()).toEqual([theirs.id, theirChain.id].sort());
      expect(byActor.every((r) => r.actorId === other.id)).toBe(true);

      const byActorEntity = (await admin.get(AUDIT).query({ actorId: other.id, entity: 'region' }).expect(200)).body.items as AuditRow[];
      expect(byActorEntity.map((r) => r.entityId)).toEqual([theirs.id]);

      const byEntity = (await admin.get(AUDIT).query({ entity: 'industry-chain', limit: 200 }).expect(200)).body.items as AuditRow[];
      expect(byEntity.every((r) => r.entity === 'industry-chain')).toBe(true);
      expect(byEntity.map((r) => r.entityId)).toContain(theirChain.id);

      const since = (await admin.get(AUDIT).query({ from: startedAt, entity: 'region', limit: 200 }).expect(200)).body.items as AuditRow[];
      expect(since.map((r) => r.entityId).sort()).toEqual([mine.id, theirs.id].sort());
      const untilStart = (await admin.get(AUDIT).query({ to: startedAt, limit: 200 }).expect(200)).body.items as AuditRow[];
      expect(untilStart.map((r) => r.entityId)).not.toContain(mine.id);
      expect(untilStart.every((r) => new Date(r.at) < new Date(startedAt))).toBe(true);
      const future = (await admin.get(AUDIT).query({ from: new Date(Date.now() + 3_600_000).toISOString() }).expect(200)).body;
      expect(future).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('lists newest first and pages with a cursor through every row once', async () => {
      for (let i = 0; i < 4; i++) await admin.post('/api/v1/industry-chains').send({ name: unique('页') }).expect(201);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
      const { items: seen } = await f.walk<AuditRow>(admin, AUDIT, {}, 7);
      expect(seen).toHaveLength(n);
      expect(new Set(seen.map((r) => r.id)).size).toBe(n);
      const times = seen.map((r) => new Date(r.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('refuses malformed filters with 400 naming them', async () => {
      expectError(await admin.get(AUDIT).query({ actorId: 'bob' }), 400, 'VALIDATION_FAILED', 'actorId');
      expectError(await admin.get(AUDIT).query({ from: 'yesterday' }), 400, 'VALIDATION_FAILED', 'from');
      // Dates that pass a loose ISO check but that PostgreSQL cannot read must not become 500s.
      for (const to of ['2024-02-30T00:00:00Z', '2024-W01', '2024-01-01T10', '2024-01-01T10:00:00,5Z', '2024-01-01T10:00:00+23:59', '0000-01-01']) {
        expectError(await admin.get(AUDIT).query({ to }), 400, 'VALIDATION_FAILED', 'to');
      }
      await admin.get(AUDIT).query({ from: '2024-01-01', to: '2024-01-01T10:00:00.123+08:00' }).expect(200);
    });

    it.each([Role.Member, Role.Manager])('is for admins only: %s gets 403', async (role) => {
      const { api } = await f.client(role);
      expectError(await api.get(AUDIT), 403, 'FORBIDDEN');
    });
  });
});
