import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../src/database/seeds/demo-accounts';
import { DEMO_TEAMS, SeedReport, seedTongliao } from '../src/database/seeds/tongliao';
import { createTestApp, TestApp } from './harness/test-app';

interface TreeNode {
  name: string;
  level: string;
  code: string | null;
  children: TreeNode[];
}

interface TeamBody {
  name: string;
  regionUnit: { name: string };
  leader: { displayName: string } | null;
  memberCount: number;
  focusChains: Array<{ name: string }>;
  focusSourceRegions: Array<{ name: string }>;
}

const COUNTIES: Array<[string, string]> = [
  ['150502', '科尔沁区'],
  ['150521', '科尔沁左翼中旗'],
  ['150522', '科尔沁左翼后旗'],
  ['150523', '开鲁县'],
  ['150524', '库伦旗'],
  ['150525', '奈曼旗'],
  ['150526', '扎鲁特旗'],
  ['150581', '霍林郭勒市'],
];

const CHAINS = ['玉米生物', '铝基循环新材料', '镍基循环新材料', '现代煤化工', '新能源及装备制造', '绿色农畜产品生产加工', '现代中医药(蒙医药)', '文化旅游', '硅砂新材料'];

describe('seed:demo — the Tongliao demo organisation', () => {
  let t: TestApp;
  let first: SeedReport;
  let second: SeedReport;
  const audit = { afterFirst: 0, afterSecond: 0 };
  const fingerprint = { afterFirst: '', afterSecond: '' };

  const auditCount = async () => Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM audit_log'))[0].n);
  /** Every seeded row with its last change: equal before and after means nothing was written. */
  const dataFingerprint = async () =>
    JSON.stringify(
      await t.app.get(DataSource).query(
        `SELECT (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM users) u) AS users,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM teams) t) AS teams,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM region_units) r) AS regions,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM industry_chains) c) AS chains,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT team_id::text || user_id::text AS x FROM team_members) m) AS members,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM manager_scopes) s) AS scopes`,
      ),
    );

  const token = async (username: string, password: string): Promise<string> => {
    const res = await t.http().post('/api/v1/auth/login').send({ username, password });
    expect({ status: res.status, username }).toEqual({ status: 200, username });
    return res.body.accessToken as string;
  };
  const get = (url: string, bearer: string) => t.http().get(url).set('Authorization', `Bearer ${bearer}`);
  const teamsSeenBy = async (username: string, password: string): Promise<TeamBody[]> => {
    const res = await get('/api/v1/teams?limit=200', await token(username, password)).expect(200);
    return res.body.items as TeamBody[];
  };
  const adminToken = () => token('admin-zsj', DEMO_PASSWORDS[Role.Admin]);

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedTongliao(t.app);
    audit.afterFirst = await auditCount();
    fingerprint.afterFirst = await dataFingerprint();
    second = await seedTongliao(t.app);
    audit.afterSecond = await auditCount();
    fingerprint.afterSecond = await dataFingerprint();
  }, 60_000);
  afterAll(() => t.close());

  it('creates the city and its eight county-level units with their GB/T 2260 codes, townships below them', async () => {
    const res = await get('/api/v1/regions/tree', await adminToken()).expect(200);
    const roots = res.body as TreeNode[];
    expect(roots).toHaveLength(1);
    const city = roots[0] as TreeNode;
    expect({ name: city.name, level: city.level, code: city.code }).toEqual({ name: '通辽市', level: 'city', code: '150500' });
    // Listed in code order, as officials list them.
    expect(city.children.map((c) => [c.code, c.name])).toEqual(COUNTIES);
    expect(city.children.every((c) => c.level === 'county')).toBe(true);
    const townships = (county: string) => (city.children.find((c) => c.name === county)?.children ?? []).map((c) => c.name);
    expect(townships('开鲁县')).toEqual(expect.arrayContaining(['开鲁镇', '大榆树镇']));
    expect(townships('科尔沁区')).toEqual(expect.arrayContaining(['科尔沁街道', '明仁街道', '木里图镇']));
    expect(townships('霍林郭勒市')).toContain('珠斯花街道');
    expect(first.counts.regions).toEqual({ created: 16, existing: 0 });
  });

  it('loads the nine industry chains in the brief’s order and the source regions with 京津冀 as the main focus', async () => {
    const admin = await adminToken();
    const chains = await get('/api/v1/industry-chains?limit=200', admin).expect(200);
    expect(chains.body.items.map((c: { name: string }) => c.name)).toEqual(CHAINS);
    expect(chains.body.items.every((c: { description: string | null }) => (c.description ?? '').length > 0)).toBe(true);
    const sources = await get('/api/v1/source-regions?limit=200', admin).expect(200);
    const byName = Object.fromEntries(sources.body.items.map((s: { name: string; isPrimary: boolean }) => [s.name, s.isPrimary]));
    expect(byName).toEqual({ 京津冀: true, 长三角: false, 珠三角: false, 成渝: false, 东北: false });
  });

  it('creates ten teams, each with a leader, 2–4 people, focus chains and source regions', async () => {
    const teams = await teamsSeenBy('admin-tcz', DEMO_PASSWORDS[Role.Admin]);
    expect(teams.map((x) => x.name).sort()).toEqual(DEMO_TEAMS.map((d) => d.name).sort());
    for (const team of teams) {
      expect({ team: team.name, hasLeader: team.leader !== null, sizeOk: team.memberCount >= 2 && team.memberCount <= 4 }).toEqual({ team: team.name, hasLeader: true, sizeOk: true });
      expect(team.focusChains.length).toBeGreaterThan(0);
      expect(team.focusSourceRegions.length).toBeGreaterThan(0);
    }
    const beijing = teams.find((x) => x.name === '科尔沁区驻京招商小分队');
    expect(beijing?.focusSourceRegions.map((s) => s.name)).toEqual(['京津冀']);
    const aluminium = teams.find((x) => x.name === '霍林郭勒市铝产业招商队');
    expect(aluminium?.focusChains.map((c) => c.name)).toEqual(['铝基循环新材料']);
    expect(teams.find((x) => x.name === '大榆树镇招商小分队')?.regionUnit.name).toBe('大榆树镇');
  });

  it('creates users of every role', async () => {
    const admin = await adminToken();
    const count = async (role: Role) => (await get(`/api/v1/users?role=${role}&limit=200`, admin).expect(200)).body.items.length as number;
    expect({ admin: await count(Role.Admin), manager: await count(Role.Manager), member: await count(Role.Member) }).toEqual({ admin: 2, manager: 3, member: 27 });
    expect(first.counts.users).toEqual({ created: DEMO_ACCOUNTS.length, existing: 0 });
  });

  it('creates nothing and changes nothing on a second run', () => {
    for (const [kind, c] of Object.entries(first.counts)) {
      expect({ kind, ...second.counts[kind as keyof SeedReport['counts']] }).toEqual({ kind, created: 0, existing: c.created });
    }
    expect(second.warnings).toEqual([]);
    expect(audit.afterFirst).toBeGreaterThan(0);
    expect(audit.afterSecond).toBe(audit.afterFirst);
    expect(fingerprint.afterSecond).toBe(fingerprint.afterFirst);
  });

  it('writes through the services: every record has its audit entry, made by the seeding admin', async () => {
    const rows: Array<{ actor_name: string | null; entity: string; n: number }> = await t.app
      .get(DataSource)
      .query('SELECT actor_name, entity, count(*)::int AS n FROM audit_log GROUP BY 1, 2 ORDER BY 2, 1');
    const created = Object.values(first.counts).reduce((n, c) => n + c.created, 0);
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(created);
    // Only the first admin is created by nobody (like the bootstrap admin); it creates the rest.
    expect(rows.filter((r) => r.actor_name === null)).toEqual([{ actor_name: null, entity: 'user', n: 1 }]);
    expect(new Set(rows.filter((r) => r.actor_name !== null).map((r) => r.actor_name))).toEqual(new Set(['admin-zsj']));
  });

  it('lets the city manager see every team', async () => {
    const teams = await teamsSeenBy('manager-city', DEMO_PASSWORDS[Role.Manager]);
    expect(teams.map((x) => x.name).sort()).toEqual(DEMO_TEAMS.map((d) => d.name).sort());
  });

  it('lets the 开鲁县 manager see only 开鲁县’s teams, its township squad included', async () => {
    const teams = await teamsSeenBy('manager-kailu', DEMO_PASSWORDS[Role.Manager]);
    expect(teams.map((x) => x.name).sort()).toEqual(['大榆树镇招商小分队', '开鲁县招商一队', '开鲁县招商二队'].sort());
  });

  it('lets a demo member sign in with the documented password and see only their own team', async () => {
    const member = DEMO_ACCOUNTS.find((a) => a.username === 'liuhongmei');
    expect(member?.role).toBe(Role.Member);
    const teams = await teamsSeenBy('liuhongmei', DEMO_PASSWORDS[Role.Member]);
    expect(teams.map((x) => x.name)).toEqual(['开鲁县招商一队']);
    const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'liuhongmei', password: 'Demo@2021' });
    expect(wrong.status).toBe(401);
  });

  it('reports the accounts table with what each account sees', () => {
    const row = (username: string) => second.accounts.find((a) => a.username === username);
    expect(second.accounts).toHaveLength(DEMO_ACCOUNTS.length);
    expect(row('manager-kailu')).toMatchObject({ role: Role.Manager, password: DEMO_PASSWORDS[Role.Manager], sees: '开鲁县及下级的 3 支招商队' });
    expect(row('manager-city')?.sees).toBe('通辽市及下级的 10 支招商队');
    expect(row('eerdun')).toMatchObject({ password: DEMO_PASSWORDS[Role.Member], sees: '本队：霍林郭勒市铝产业招商队' });
  });

  it('leaves what an admin changed since as it is, and says so', async () => {
    const admin = await adminToken();
    const users = await get('/api/v1/users?q=yangfan', admin).expect(200);
    const yangfan = users.body.items[0] as { id: string };
    await t
      .http()
      .patch(`/api/v1/users/${yangfan.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ password: 'Changed-2023' })
      .expect(200);
    const auditBefore = await auditCount();

    const third = await seedTongliao(t.app);

    expect(Object.values(third.counts).every((c) => c.created === 0)).toBe(true);
    expect(await auditCount()).toBe(auditBefore);
    expect(third.warnings).toEqual([expect.stringContaining('yangfan')]);
    expect(third.accounts.find((a) => a.username === 'yangfan')?.password).toBeNull();
    await token('yangfan', 'Changed-2023');
  }, 30_000);
});
