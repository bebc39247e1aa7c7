import { Role } from '../src/common/auth/auth-user';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * DATABASE_READ_URL: reports and exports read through the replica's own pool (named
 * zhaoshang-crm-replica in pg_stat_activity), everything else through the primary's. The
 * replica here is the same database (lag 0): what is proved is the routing, seen from the
 * server's side — which connection ran the statement.
 */
describe('read replica routing (DATABASE_READ_URL)', () => {
  let t: TestApp;
  let admin: ReturnType<Factory['as']>;

  /** A pool's connections (by its application_name): pid and when each last ran a statement. */
  const backends = async (pool = 'zhaoshang-crm-replica') =>
    (await t.db.query(`SELECT pid, query_start, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`, [
      pool,
    ])) as Array<{ pid: number; query_start: Date | null; query: string }>;
  const replicaBackends = () => backends();
  /** Statements a pool (the replica's unless named) started after `since`: each connection's last. */
  const statementsSince = async (since: Date, pool?: string) => (await backends(pool)).filter((b) => b.query_start && b.query_start > since).map((b) => b.query);
  const replicaStatementsSince = (since: Date) => statementsSince(since);

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_READ_URL: 'same' });
    const f = new Factory(t);
    const user = await f.user({ role: Role.Admin });
    admin = f.as(await user.token());
  });
  afterAll(() => t.close());

  it('opens a pool of its own on the replica', async () => {
    expect((await replicaBackends()).length).toBeGreaterThan(0);
  });

  it('reads a report (the dashboard) on the replica and says the lag: 0 when it is no standby', async () => {
    const since = (await t.db.query(`SELECT clock_timestamp() AS now`))[0].now as Date;
    const res = await admin.get('/api/v1/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers['x-replica-lag']).toBe('0');
    const statements = await replicaStatementsSince(since);
    expect(statements.some((q) => /team_month_metrics|metric_refreshes/.test(q))).toBe(true);
  });

  it('reads an export (.xlsx) on the replica too', async () => {
    const since = (await t.db.query(`SELECT clock_timestamp() AS now`))[0].now as Date;
    const res = await admin.get('/api/v1/registry/summary.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['x-replica-lag']).toBe('0');
    expect((await replicaStatementsSince(since)).length).toBeGreaterThan(0);
  });

  it("runs a report's prepared statements on the replica too (the registry summary by county)", async () => {
    const since = (await t.db.query(`SELECT clock_timestamp() AS now`))[0].now as Date;
    const res = await admin.get('/api/v1/registry/summary?groupBy=county');
    expect(res.status).toBe(200);
    expect(res.headers['x-replica-lag']).toBe('0');
    expect((await replicaStatementsSince(since)).some((q) => q.includes('project_summary_cells'))).toBe(true);
    const primary = await statementsSince(since, 'zhaoshang-crm');
    expect(primary.some((q) => q.includes('project_summary_cells'))).toBe(false);
  });

  it('asks the primary when the replica has no such id (not replayed yet): a 404 only if the primary has none either', async () => {
    const since = (await t.db.query(`SELECT clock_timestamp() AS now`))[0].now as Date;
    const res = await admin.get('/api/v1/rankings/00000000-0000-4000-8000-000000000000/xlsx');
    expect(res.status).toBe(404);
    // The answer is the primary's: it carries no replica lag.
    expect(res.headers['x-replica-lag']).toBeUndefined();
    expect((await replicaStatementsSince(since)).length).toBeGreaterThan(0);
  });

  it('keeps every other request on the primary: a list, and a write', async () => {
    const since = (await t.db.query(`SELECT clock_timestamp() AS now`))[0].now as Date;
    const list = await admin.get('/api/v1/teams?limit=5');
    expect(list.status).toBe(200);
    expect(list.headers['x-replica-lag']).toBeUndefined();
    const created = await admin.post('/api/v1/regions').send({ name: '只读副本测试市', level: 'city' });
    expect(created.status).toBe(201);
    expect(await replicaStatementsSince(since)).toEqual([]);
  });
});
