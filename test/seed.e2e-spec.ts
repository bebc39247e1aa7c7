import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { sumWanYuan } from '../src/common/money/wan-yuan';
import { businessDate } from '../src/common/time/business-time';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../src/seeds/demo-accounts';
import { DEMO_COLLISION, DEMO_INTERACTIONS, DEMO_LEADS, DEMO_SIGNING_EVENT } from '../src/seeds/demo-pipeline';
import { DEMO_PROJECTS, isDirect } from '../src/seeds/demo-registry';
import { DEMO_TARGETS } from '../src/seeds/demo-targets';
import { demoAfterCare } from '../src/seeds/demo-timeline';
import { DEMO_TEAMS, loadTongliaoConfig, SeedReport, seedTongliao } from '../src/seeds/tongliao';
import { checkUscc } from '../src/enterprises/uscc';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { ProjectsService } from '../src/projects/projects.service';
import { demoFigures, expectDemoFigures } from './harness/demo-figures';
import { createTestApp, TestApp } from './harness/test-app';
import { TONGLIAO_COUNTIES } from './harness/tongliao';

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

interface LeadBody {
  id: string;
  title: string;
  team: { name: string };
  coTeams: Array<{ name: string }>;
  stage: LeadStage;
  sideStateReason: string | null;
  intendedAmount: string;
  isAnchor: boolean;
  targetRegionUnit: { name: string } | null;
  sourceRegion: { name: string } | null;
}

interface ClaimBody {
  kind: string;
  status: string;
  canDecide: boolean;
  leadId: string | null;
}

interface InteractionBody {
  type: string;
  team: { name: string };
  occurredAt: string;
  nextFollowUpAt: string | null;
  followUpDoneAt: string | null;
  participants: Array<{ name: string }>;
  contacts: Array<{ name: string }>;
}

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
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM manager_scopes) s) AS scopes,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM enterprises) e) AS enterprises,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM enterprise_contacts) ec) AS contacts,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text || coalesce(follow_up_done_at::text, '') AS x FROM interactions) i) AS interactions,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || version::text || updated_at::text AS x FROM leads) l) AS leads,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM lead_stage_changes) sc) AS moves,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM signings) sg) AS signings,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM signing_events) ev) AS events,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || status::text AS x FROM lead_claims) lc) AS claims,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || version::text || updated_at::text AS x FROM projects) p) AS projects,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM project_signings) ps) AS rollups,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM project_nodes) pn) AS nodes,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM project_year_plans) py) AS plans,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM project_monthly_progress) pm) AS progress,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || updated_at::text AS x FROM project_problems) pp) AS problems,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text || version::text || updated_at::text AS x FROM targets) tg) AS targets,
                (SELECT json_agg(x ORDER BY x) FROM (SELECT id::text AS x FROM target_revisions) tr) AS revisions,
                (SELECT refreshed_at::text FROM metric_refreshes) AS metrics_refreshed_at`,
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
  /** Every page of a list. */
  const all = async <T>(url: string, bearer: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res = await get(`${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, bearer).expect(200);
      items.push(...(res.body.items as T[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return items;
  };
  const teamOf = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)?.team;
  const eventLeads = DEMO_LEADS.filter((l) => l.signing?.atEvent);
  const signedLeads = DEMO_LEADS.filter((l) => l.signing);
  const enterprises = loadTongliaoConfig().enterprises;
  /** The signed projects' after-care log from the signing to the recent months, as the seed dates it today. */
  const afterCare = demoAfterCare(DEMO_LEADS, businessDate(new Date()));

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedTongliao(t.app);
    audit.afterFirst = await auditCount();
    fingerprint.afterFirst = await dataFingerprint();
    second = await seedTongliao(t.app);
    audit.afterSecond = await auditCount();
    fingerprint.afterSecond = await dataFingerprint();
  }, 240_000);
  afterAll(() => t.close());

  it('creates the city and its eight county-level units with their GB/T 2260 codes, townships below them', async () => {
    const res = await get('/api/v1/regions/tree', await adminToken()).expect(200);
    const roots = res.body as TreeNode[];
    expect(roots).toHaveLength(1);
    const city = roots[0] as TreeNode;
    expect({ name: city.name, level: city.level, code: city.code }).toEqual({ name: '通辽市', level: 'city', code: '150500' });
    // Listed in code order, as officials list them.
    expect(city.children.map((c) => [c.code, c.name])).toEqual(TONGLIAO_COUNTIES);
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
    // The counted figures were recomputed after the first run's writes, and need not be after a run that wrote nothing.
    expect({ first: first.metricsRefreshed, second: second.metricsRefreshed }).toEqual({ first: true, second: false });
    expect(second.registry).toEqual(first.registry);
    expect(second.targets).toEqual(first.targets);
    expect(audit.afterFirst).toBeGreaterThan(0);
    expect(audit.afterSecond).toBe(audit.afterFirst);
    expect(fingerprint.afterSecond).toBe(fingerprint.afterFirst);
  });

  it('carries the nine chains’ links (产业链图谱) with their companies, and 补链 gaps', async () => {
    const config = loadTongliaoConfig().chainLinks ?? [];
    expect(config.map((c) => c.chain)).toEqual(loadTongliaoConfig().industryChains.map((c) => c.name));
    const links = config.flatMap((c) => c.links);
    expect(first.counts.chainLinks).toEqual({ created: links.length, existing: 0 });
    expect(first.counts.chainLinkCompanies).toEqual({ created: links.reduce((n, l) => n + l.companies.length, 0), existing: 0 });
    const rows: Array<{ chain: string; links: number; gaps: number }> = await t.db.query(
      `SELECT c.name AS chain, count(*)::int AS links,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM chain_link_companies p WHERE p.link_id = k.id AND p.placement IN ('local', 'landed')))::int AS gaps
         FROM chain_links k JOIN industry_chains c ON c.id = k.chain_id GROUP BY c.name`,
    );
    const byHand = config.map((c) => ({ chain: c.chain, links: c.links.length, gaps: c.links.filter((l) => !l.companies.some((x) => x.placement !== 'target')).length }));
    expect(rows.sort((a, b) => a.chain.localeCompare(b.chain))).toEqual(byHand.sort((a, b) => a.chain.localeCompare(b.chain)));
  });

  it('writes through the services: every record has its audit entry, made by the admin or the member whose work it is', async () => {
    const rows: Array<{ actor_name: string | null; entity: string; n: number }> = await t.app
      .get(DataSource)
      .query('SELECT actor_name, entity, count(*)::int AS n FROM audit_log GROUP BY 1, 2 ORDER BY 2, 1');
    const created = Object.values(first.counts).reduce((n, c) => n + c.created, 0);
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(created);
    // Only the first admin is created by nobody (like the bootstrap admin); it creates the rest. The
    // registry's rollups are, as the background job's would be, by nobody too: one per signing.
    expect(rows.filter((r) => r.actor_name === null)).toEqual([
      { actor_name: null, entity: 'project', n: signedLeads.length },
      { actor_name: null, entity: 'user', n: 1 },
    ]);
    // The organisation, the company list, the event, the registry, the targets and the 载体/推介项目 are the admin's;
    // leads, signings, the log and the projects' monthly progress are the members'; splits the managers'.
    const byAdmin = new Set(rows.filter((r) => r.actor_name === 'admin-zsj').map((r) => r.entity));
    expect(byAdmin).toEqual(
      new Set(['user', 'region', 'industry-chain', 'source-region', 'team', 'manager-scope', 'enterprise', 'enterprise-contact', 'signing-event', 'project', 'project-problem', 'department', 'target', 'chain-link', 'chain-link-company', 'carrier', 'promoted-project'].filter((e) => rows.some((r) => r.entity === e))),
    );
    const members = new Set([...DEMO_LEADS.map((l) => l.owner), ...DEMO_INTERACTIONS.map((i) => i.by), DEMO_COLLISION.by, ...DEMO_PROJECTS.flatMap((p) => (p.owner && p.progress ? [p.owner] : []))]);
    const splitters = new Set(DEMO_TARGETS.flatMap((y) => y.units.flatMap((u) => (u.split && u.split.by !== 'admin-zsj' ? [u.split.by] : []))));
    expect(splitters).toEqual(new Set(['manager-kailu', 'manager-horqin']));
    expect(new Set(rows.filter((r) => r.actor_name !== null && r.actor_name !== 'admin-zsj').map((r) => r.actor_name))).toEqual(new Set([...members, ...splitters]));
    expect(rows.filter((r) => r.entity === 'target' && r.actor_name?.startsWith('manager-')).map((r) => r.actor_name).sort()).toEqual(['manager-horqin', 'manager-kailu']);
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
    const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'liuhongmei', password: 'Member@2021' });
    expect(wrong.status).toBe(401);
  });

  it('reports the accounts table with what each account sees', () => {
    const row = (username: string) => second.accounts.find((a) => a.username === username);
    expect(second.accounts).toHaveLength(DEMO_ACCOUNTS.length);
    expect(row('manager-kailu')).toMatchObject({ role: Role.Manager, password: DEMO_PASSWORDS[Role.Manager], sees: '开鲁县及下级的 3 支招商队' });
    expect(row('manager-city')?.sees).toBe('通辽市及下级的 10 支招商队');
    expect(row('eerdun')).toMatchObject({ password: DEMO_PASSWORDS[Role.Member], sees: '本队：霍林郭勒市铝产业招商队' });
  });

  it('builds the company database: about forty enterprises with HQ, chain, tags, valid demo credit codes and one or two contacts each', async () => {
    const admin = await adminToken();
    const items = await all<{ id: string; name: string; creditCode: string | null; hqProvince: string; industryChainName: string; tags: string[] }>('/api/v1/enterprises', admin);
    expect(items).toHaveLength(enterprises.length);
    expect(enterprises.length).toBeGreaterThanOrEqual(40);
    expect(first.counts.enterprises).toEqual({ created: enterprises.length, existing: 0 });
    const coded = items.filter((e) => e.creditCode !== null);
    expect(coded).toHaveLength(enterprises.filter((e) => e.creditCodeRegion).length);
    for (const e of coded) expect({ name: e.name, check: checkUscc(e.creditCode as string).ok }).toEqual({ name: e.name, check: true });
    expect([...new Set(items.map((e) => e.hqProvince))]).toEqual(expect.arrayContaining(['北京市', '上海市', '广东省', '山东省', '内蒙古自治区']));
    expect(items.every((e) => CHAINS.includes(e.industryChainName))).toBe(true);

    const meihua = await get(`/api/v1/enterprises?q=${encodeURIComponent('梅花')}`, admin).expect(200);
    expect(meihua.body.items).toEqual([expect.objectContaining({ name: '梅花生物科技集团股份有限公司', hqProvince: '河北省', industryChainName: '玉米生物', tags: expect.arrayContaining(['上市公司']) })]);
    const contacts = await get(`/api/v1/enterprises/${meihua.body.items[0].id}/contacts`, admin).expect(200);
    expect(contacts.body).toHaveLength(2);
    for (const c of contacts.body as Array<{ mobile: string; title: string }>) {
      expect(c.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(c.title.length).toBeGreaterThan(0);
    }
    const perEnterprise: Array<{ n: number }> = await t.app
      .get(DataSource)
      .query('SELECT count(c.id)::int AS n FROM enterprises e LEFT JOIN enterprise_contacts c ON c.enterprise_id = e.id GROUP BY e.id');
    expect(perEnterprise.every((r) => r.n >= 1 && r.n <= 2)).toBe(true);
    expect(first.counts.contacts.created).toBe(enterprises.reduce((n, e) => n + e.contacts.length, 0));
  });

  it('logs visits, calls, inspections, promotion events and the conference, in 2022 and in recent months, with follow-ups from today on', async () => {
    const admin = await adminToken();
    const items = await all<InteractionBody>('/api/v1/interactions', admin);
    expect(items).toHaveLength(DEMO_INTERACTIONS.length + DEMO_SIGNING_EVENT.projectCount + afterCare.length);
    expect(first.counts.interactions).toEqual({ created: items.length, existing: 0 });
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(['visit', 'inbound_visit', 'call', 'video', 'promotion_event', 'signing_ceremony']));
    expect(items.filter((i) => i.type === 'signing_ceremony').every((i) => businessDate(new Date(i.occurredAt)) === DEMO_SIGNING_EVENT.heldOn)).toBe(true);
    expect(items.filter((i) => i.occurredAt.startsWith('2022')).length).toBeGreaterThan(40);
    const monthsAgo = Date.now() - 120 * 86_400_000;
    expect(items.filter((i) => new Date(i.occurredAt).getTime() > monthsAgo).length).toBeGreaterThan(30);
    expect(items.every((i) => i.participants.length > 0 && i.contacts.length > 0)).toBe(true);

    // Every follow-up the demo sets is open and due from today on: the 今日 view has work in it.
    const today = businessDate(new Date());
    const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const week = await all<InteractionBody>(`/api/v1/interactions?followUpDueBefore=${inDays(8)}`, admin);
    expect(week).toHaveLength(DEMO_INTERACTIONS.filter((i) => i.followUp !== undefined).length);
    expect(week.every((i) => i.nextFollowUpAt !== null && businessDate(new Date(i.nextFollowUpAt)) >= today && i.followUpDoneAt === null)).toBe(true);
    const dueToday = await all<InteractionBody>(`/api/v1/interactions?followUpDueBefore=${inDays(1)}`, admin);
    expect(dueToday).toHaveLength(DEMO_INTERACTIONS.filter((i) => i.followUp === 0).length);
    expect(dueToday.length).toBeGreaterThan(0);
    expect(second.pipeline?.openFollowUps).toBe(week.length);
  });

  it('has leads in every stage, with amounts in 万元, sources, target counties, anchors and the reasons for hold and loss', async () => {
    const admin = await adminToken();
    const expected: Record<string, number> = {};
    for (const l of DEMO_LEADS) expected[l.stage] = (expected[l.stage] ?? 0) + 1;
    const seen: Record<string, number> = {};
    for (const stage of Object.values(LeadStage)) {
      const leads = await all<LeadBody>(`/api/v1/leads?stage=${stage}`, admin);
      seen[stage] = leads.length;
      for (const lead of leads) {
        const def = DEMO_LEADS.find((d) => d.title === lead.title);
        expect({ title: lead.title, intendedAmount: lead.intendedAmount, reason: lead.sideStateReason }).toEqual({
          title: def?.title,
          intendedAmount: def?.intendedAmount,
          reason: def?.reason ?? null,
        });
        expect(lead.targetRegionUnit).not.toBeNull();
      }
    }
    expect(seen).toEqual(expected);
    expect(Object.values(LeadStage).every((stage) => (seen[stage] ?? 0) > 0)).toBe(true);
    expect(second.pipeline?.stages.map((s) => s.count)).toEqual([LeadStage.Lead, LeadStage.Contacted, LeadStage.SiteVisit, LeadStage.Negotiating, LeadStage.Signed, LeadStage.OnHold, LeadStage.Lost].map((s) => expected[s]));
    const anchors = await all<LeadBody>('/api/v1/leads?isAnchor=true', admin);
    expect(anchors.map((l) => l.title).sort()).toEqual(DEMO_LEADS.filter((l) => l.isAnchor).map((l) => l.title).sort());
    expect(anchors.length).toBeGreaterThanOrEqual(3);

    // Signed through the pipeline: every step is in the lead's history.
    const [huaneng] = (await get(`/api/v1/leads?q=${encodeURIComponent('华能通辽风光储氢')}`, admin).expect(200)).body.items as LeadBody[];
    const timeline = await get(`/api/v1/leads/${huaneng?.id}/timeline`, admin).expect(200);
    const stages = (timeline.body as Array<{ kind: string; title: string }>).filter((e) => e.kind === 'stage').map((e) => e.title).reverse();
    expect(stages).toEqual(['登记线索', '线索 → 初步接洽', '初步接洽 → 考察对接', '考察对接 → 实质性洽谈', '实质性洽谈 → 已签约']);
    expect(timeline.body).toContainEqual(expect.objectContaining({ kind: 'signing', title: '签约：投资协议 1000000 万元（2022-04-27）' }));
  });

  it('signs the 31 projects of the 2022-04-27 online conference for exactly 5919500万元 (591.95亿元)', async () => {
    const admin = await adminToken();
    const events = (await get('/api/v1/signing-events?year=2022', admin).expect(200)).body.items as Array<{ id: string; name: string }>;
    const event = events.find((e) => e.name === DEMO_SIGNING_EVENT.name);
    const res = await get(`/api/v1/signing-events/${event?.id}`, admin).expect(200);
    expect(res.body).toMatchObject({ name: '2022年春季网签大会', heldOn: '2022-04-27', isOnline: true, projectCount: 31, signingCount: 31, totalAmount: '5919500', totalAmountYi: '591.95' });
    expect(second.pipeline?.event).toMatchObject({ projectCount: 31, totalAmount: '5919500', totalAmountYi: '591.95', exact: true });

    const signings = (await get(`/api/v1/signing-events/${event?.id}/signings`, admin).expect(200)).body as Array<{ leadTitle: string; amount: string; signedOn: string; agreementType: string; kind: string }>;
    expect(signings).toHaveLength(31);
    expect(sumWanYuan(signings.map((x) => x.amount))).toBe('5919500');
    expect(signings.every((x) => x.signedOn === '2022-04-27' && x.kind === 'initial')).toBe(true);
    expect(new Set(signings.map((x) => x.agreementType))).toEqual(new Set(['framework', 'investment', 'formal_contract']));
    expect(signings.filter((x) => x.amount.includes('.')).length).toBeGreaterThanOrEqual(5);
    expect(signings.map((x) => x.leadTitle).sort()).toEqual(eventLeads.map((l) => l.title).sort());
    for (const named of ['开鲁县源网荷储', '华能通辽风光储氢', '锦联低碳铝', '经安不锈钢', '兴固新材料', '梅花生物淀粉糖', '玉王生物二期']) {
      expect(signings.some((x) => x.leadTitle.includes(named))).toBe(true);
    }
    // Two projects were signed before the conference, outside it.
    expect(first.counts.signings).toEqual({ created: DEMO_LEADS.filter((l) => l.signing).length, existing: 0 });
  });

  it('files a lead collision: the 大榆树镇 squad asks to co-pursue what 开鲁县招商一队 registered first, pending for a manager above both', async () => {
    const requested = (await all<ClaimBody>('/api/v1/lead-claims?status=pending', await token('manager-kailu', DEMO_PASSWORDS[Role.Manager])));
    expect(requested).toEqual([
      expect.objectContaining({
        kind: 'co_pursue',
        status: 'pending',
        requestingTeam: expect.objectContaining({ name: '大榆树镇招商小分队' }),
        requestedBy: expect.objectContaining({ name: '韩德胜' }),
        holdingTeamName: '开鲁县招商一队',
        holdingStage: '考察对接',
        enterprise: expect.objectContaining({ name: '伊赛牛肉股份有限公司' }),
        industryChain: expect.objectContaining({ name: '绿色农畜产品生产加工' }),
        canDecide: true,
        leadId: expect.any(String),
      }),
    ]);
    const city = await all<ClaimBody>('/api/v1/lead-claims?status=pending', await token('manager-city', DEMO_PASSWORDS[Role.Manager]));
    expect(city.map((c) => c.canDecide)).toEqual([true]);
    // The requester sees its own claim, not the holder's lead.
    const mine = await all<ClaimBody>('/api/v1/lead-claims', await token(DEMO_COLLISION.by, DEMO_PASSWORDS[Role.Member]));
    expect(mine).toEqual([expect.objectContaining({ status: 'pending', canDecide: false, leadId: null })]);
    expect(await all<ClaimBody>('/api/v1/lead-claims', await token('manager-horqin', DEMO_PASSWORDS[Role.Manager]))).toEqual([]);
    // The refused lead was never written.
    const attempted = await get(`/api/v1/leads?q=${encodeURIComponent(DEMO_COLLISION.attemptedTitle)}`, await adminToken()).expect(200);
    expect(attempted.body.items).toEqual([]);
  });

  it('shows a member only their own team’s leads and interactions', async () => {
    const member = 'liuhongmei';
    const team = teamOf(member);
    const bearer = await token(member, DEMO_PASSWORDS[Role.Member]);
    const leads = await all<LeadBody>('/api/v1/leads', bearer);
    expect(leads.map((l) => l.title).sort()).toEqual(DEMO_LEADS.filter((l) => teamOf(l.owner) === team).map((l) => l.title).sort());
    expect(leads.every((l) => l.team.name === team)).toBe(true);
    const interactions = await all<InteractionBody>('/api/v1/interactions', bearer);
    const ownLog = DEMO_INTERACTIONS.filter((i) => teamOf(i.by) === team).length + eventLeads.filter((l) => teamOf(l.owner) === team).length + afterCare.filter((a) => teamOf(a.by) === team).length;
    expect(interactions).toHaveLength(ownLog);
    expect(interactions.every((i) => i.team.name === team)).toBe(true);

    // The squad that filed the claim does not see the holder's lead or its log.
    const squad = await token(DEMO_COLLISION.by, DEMO_PASSWORDS[Role.Member]);
    expect((await all<LeadBody>('/api/v1/leads', squad)).map((l) => l.team.name).every((name) => name === teamOf(DEMO_COLLISION.by))).toBe(true);
    expect((await all<InteractionBody>('/api/v1/interactions', squad)).every((i) => i.team.name === teamOf(DEMO_COLLISION.by))).toBe(true);
  });

  it('rolls every demo signing up into the registry exactly once, and the background job that comes later finds nothing to do', async () => {
    const db = t.app.get(DataSource);
    const projects: Array<{ name: string; signed_amount: string; rollups: number }> = await db.query(
      `SELECT p.name, p.signed_amount::text, (SELECT count(*)::int FROM project_signings ps WHERE ps.project_id = p.id) AS rollups
         FROM projects p WHERE p.lead_id IS NOT NULL ORDER BY p.name`,
    );
    expect(projects.map((p) => p.name).sort()).toEqual(signedLeads.map((l) => l.title).sort());
    for (const p of projects) {
      const def = signedLeads.find((l) => l.title === p.name);
      expect({ name: p.name, signedAmount: sumWanYuan([p.signed_amount]), rollups: p.rollups }).toEqual({ name: p.name, signedAmount: def?.signing?.amount, rollups: 1 });
    }
    expect(first.counts.registryRollups).toEqual({ created: signedLeads.length, existing: 0 });
    expect(second.counts.registryRollups).toEqual({ created: 0, existing: signedLeads.length });

    // What each signing left in the outbox for the registry job, run now: every one a duplicate, nothing written.
    const messages: Array<{ payload: Record<string, unknown> }> = await db.query(`SELECT payload FROM outbox_messages WHERE job_name = 'registry.rollup-signing'`);
    expect(messages).toHaveLength(signedLeads.length);
    const auditBefore = await auditCount();
    const outcomes = await Promise.all(messages.map((m) => t.app.get(ProjectsService).rollupSigning(m.payload)));
    expect(new Set(outcomes)).toEqual(new Set(['duplicate']));
    expect(await auditCount()).toBe(auditBefore);
    const [ledger] = await db.query('SELECT count(*)::int AS n, count(DISTINCT signing_id)::int AS distinct_n FROM project_signings');
    expect(ledger).toEqual({ n: signedLeads.length, distinct_n: signedLeads.length });
  });

  it('carries the article’s projects with their figures: 经安一期, 创源 and 龙马', async () => {
    const admin = await adminToken();
    const find = async (q: string) => {
      const list = (await get(`/api/v1/projects?q=${encodeURIComponent(q)}`, admin).expect(200)).body.items as Array<{ id: string }>;
      expect(list).toHaveLength(1);
      return (await get(`/api/v1/projects/${list[0]?.id}`, admin).expect(200)).body;
    };
    const plan = (p: { yearPlans: Array<{ year: number }> }, year: number) => p.yearPlans.find((y) => y.year === year);

    const jingan = await find('经安一期');
    expect(jingan).toMatchObject({
      name: '经安一期镍铁合金项目',
      lead: null,
      totalInvestment: '680600',
      isContinuing: true,
      constructionLabel: '续建',
      levelLabel: '自治区重大',
      natureLabel: '新建',
      regionUnit: { name: '奈曼旗' },
      industryChain: { name: '镍基循环新材料' },
      enterprise: { name: '内蒙古经安有色金属材料有限公司' },
      capacity: '年产120万吨镍铁合金、60万吨硅锰合金及40万吨高碳铬铁合金生产线',
      openProblems: 0,
    });
    expect(plan(jingan, 2022)).toEqual({ year: 2022, plannedInvestment: '20000', completedInvestment: '20000' });
    const jinganProblems = (await get(`/api/v1/projects/${jingan.id}/problems`, admin).expect(200)).body as Array<{ categoryLabel: string; status: string; responsibleDepartment: string }>;
    expect(jinganProblems.map((p) => [p.categoryLabel, p.status])).toEqual([
      ['电力', 'resolved'],
      ['能耗', 'resolved'],
    ]);

    const chuangyuan = await find('创源40万吨');
    expect(chuangyuan).toMatchObject({
      name: '创源40万吨轻质高强铝合金材料项目',
      lead: { name: '创源40万吨轻质高强铝合金材料项目' },
      team: { name: '霍林郭勒市铝产业招商队' },
      totalInvestment: '16000',
      signedAmount: '16000',
      cumulativeCompleted: '11000',
      overrun: false,
      levelLabel: '市重点',
      lifecycleLabel: '投产运行',
      owner: { name: '冯磊' },
      capacity: '年产40万吨轻质高强铝合金材料生产线',
    });
    expect(plan(chuangyuan, 2022)).toEqual({ year: 2022, plannedInvestment: '8000', completedInvestment: '8000' });
    const progress = (await get(`/api/v1/projects/${chuangyuan.id}/progress`, admin).expect(200)).body;
    expect(progress.cumulativeCompleted).toBe('11000');
    expect(progress.items.every((i: { reportedBy: { name: string } }) => i.reportedBy.name === '冯磊')).toBe(true);

    const longma = await find('龙马高端装备');
    expect(longma).toMatchObject({
      lead: { name: '龙马高端装备制造基地项目' },
      totalInvestment: '1350000',
      expectedOutputValue: '1000000',
      expectedTax: '50000',
      levelLabel: '自治区重大',
      regionUnit: { name: '科尔沁区' },
    });
    expect(longma.nodes.map((n: { nodeLabel: string; status: string }) => [n.nodeLabel, n.status])).toEqual([
      ['已注册', 'done'],
      ['前期手续', 'done'],
      ['开工建设', 'done'],
      ['投产运行', 'done'],
    ]);
  });

  it('sums the registry by the counting rules: the 2022 plans and progress exactly, and 三未 lists with entries', async () => {
    const admin = await adminToken();
    const plans2022 = DEMO_PROJECTS.flatMap((p) => (p.plans?.[2022] ? [p.plans[2022]] : []));
    const done2022 = DEMO_PROJECTS.flatMap((p) => Object.entries(p.progress ?? {}).flatMap(([month, amount]) => (month.startsWith('2022') ? [amount] : [])));
    const summary = (await get('/api/v1/registry/summary?year=2022', admin).expect(200)).body;
    expect(summary.total).toMatchObject({ projectCount: plans2022.length, annualPlan: sumWanYuan(plans2022), completedInYear: sumWanYuan(done2022) });
    expect(first.registry).toMatchObject({
      projects: signedLeads.length + DEMO_PROJECTS.filter(isDirect).length,
      rolledUp: signedLeads.length,
      year: 2022,
      planned: { projects: plans2022.length, annualPlan: sumWanYuan(plans2022), completed: sumWanYuan(done2022) },
    });

    const threeUn = (await get('/api/v1/registry/three-un', admin).expect(200)).body;
    const names = (list: { items: Array<{ name: string }> }) => list.items.map((i) => i.name);
    expect(names(threeUn.notStarted)).toEqual(expect.arrayContaining(['经安不锈钢冷轧项目', '兴固新材料硅砂尾矿综合利用项目', '锦联低碳铝项目']));
    expect(names(threeUn.startedNotBuilding)).toEqual(expect.arrayContaining(['华侨城大青沟文旅综合开发项目']));
    expect(names(threeUn.notCompleted)).toEqual(expect.arrayContaining(['玉王生物二期项目']));
    expect(first.registry?.threeUn).toEqual({ notStarted: threeUn.notStarted.count, startedNotBuilding: threeUn.startedNotBuilding.count, notCompleted: threeUn.notCompleted.count });
    // The article's projects are doing fine: none of them is listed.
    const listed = [...names(threeUn.notStarted), ...names(threeUn.startedNotBuilding), ...names(threeUn.notCompleted)];
    expect(listed.filter((n) => /经安一期|创源|龙马/.test(n))).toEqual([]);

    // Problems: resolved, being worked on, and open past their due date.
    const statuses: Array<{ status: string; overdue: boolean }> = await t.app
      .get(DataSource)
      .query(`SELECT status, (status <> 'resolved' AND due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue FROM project_problems`);
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['open', 'in_progress', 'resolved']));
    expect(statuses.some((s) => s.overdue)).toBe(true);
  });

  it('dates the pipeline from 2021-09 to today: funnel days, idle leads and monthly new leads mean something, totals and counted figures agree', async () => {
    const admin = await adminToken();
    expectDemoFigures(await demoFigures(t.app.get(DataSource), (url) => get(url, admin).expect(200)));
  });

  it('answers every paged list with its total count, the same on every page, under the caller’s scope and filters', async () => {
    const admin = await adminToken();
    const db = t.app.get(DataSource);
    const walk = async (url: string, bearer: string) => {
      const totals = new Set<number>();
      let items = 0;
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const res = await get(`${url}${sep}limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, bearer).expect(200);
        totals.add(res.body.total as number);
        items += (res.body.items as unknown[]).length;
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      return { url, totals: [...totals], items };
    };
    const meihua = (await get(`/api/v1/enterprises?q=${encodeURIComponent('梅花')}`, admin).expect(200)).body.items[0] as { id: string };
    const lists = [
      '/api/v1/users', '/api/v1/teams', '/api/v1/regions', '/api/v1/industry-chains', '/api/v1/source-regions', '/api/v1/enterprises',
      '/api/v1/interactions', `/api/v1/enterprises/${meihua.id}/interactions`, '/api/v1/leads', '/api/v1/leads?stage=signed', '/api/v1/lead-claims',
      '/api/v1/signing-events', '/api/v1/projects', '/api/v1/projects?isContinuing=true', '/api/v1/audit?entity=lead', '/api/v1/notifications', '/api/v1/auth/login-locks',
    ];
    for (const url of lists) {
      const seen = await walk(url, admin);
      expect(seen).toEqual({ url, totals: [seen.items], items: seen.items });
    }
    // Against plain counts of the demo data.
    const count = async (sql: string) => Number((await db.query(sql))[0].n);
    expect((await walk('/api/v1/leads', admin)).items).toBe(await count('SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL'));
    expect((await walk('/api/v1/leads?stage=signed', admin)).items).toBe(signedLeads.length);
    expect((await walk('/api/v1/projects', admin)).items).toBe(await count('SELECT count(*)::int AS n FROM projects'));
    expect((await walk('/api/v1/interactions', admin)).items).toBe(DEMO_INTERACTIONS.length + DEMO_SIGNING_EVENT.projectCount + afterCare.length);
    // A member's total is their team's, not the city's.
    const member = await token('liuhongmei', DEMO_PASSWORDS[Role.Member]);
    const own = await walk('/api/v1/leads', member);
    expect(own).toEqual({ url: '/api/v1/leads', totals: [DEMO_LEADS.filter((l) => teamOf(l.owner) === teamOf('liuhongmei')).length], items: own.items });
  });

  it('shows the 开鲁县 manager the county’s target and its teams’ shares with progress counted from the data', async () => {
    const kailu = await token('manager-kailu', DEMO_PASSWORDS[Role.Manager]);
    const kailuTeams = ['开鲁县招商一队', '开鲁县招商二队', '大榆树镇招商小分队'];
    const actual = (row: { metrics: Array<{ metric: string; actual: string }> }, metric: string) => row.metrics.find((m) => m.metric === metric)?.actual;
    const currentYear = Number(businessDate(new Date()).slice(0, 4));
    for (const year of [2022, currentYear]) {
      const res = await get(`/api/v1/targets/progress?periodType=year&year=${year}`, kailu).expect(200);
      const rows = res.body.rows as Array<{ target: { assignee: { type: string; name: string } }; metrics: Array<{ metric: string; actual: string; target: string; status: string }> }>;
      expect(rows.map((r) => r.target.assignee.name).sort()).toEqual(['开鲁县', ...kailuTeams].sort());
      for (const row of rows) {
        expect({ year, who: row.target.assignee.name, counted: row.metrics.some((m) => m.actual !== '0') }).toEqual({ year, who: row.target.assignee.name, counted: true });
      }
      if (year !== 2022) continue;
      // 2022's signings of the county's teams, as the conference booked them, to the last digit.
      const signed = eventLeads.filter((l) => kailuTeams.includes(teamOf(l.owner) ?? ''));
      const county = rows.find((r) => r.target.assignee.name === '开鲁县') as (typeof rows)[number];
      expect(actual(county, 'signed_amount')).toBe(sumWanYuan(signed.map((l) => l.signing?.amount ?? '0')));
      expect(actual(county, 'signed_projects')).toBe(String(signed.length));
      expect(county.metrics.map((m) => m.status)).toContain('done');
    }

    // The split leaves part of the county's target unassigned.
    const admin = await adminToken();
    const units = (await get('/api/v1/targets?periodType=year&year=2022', admin).expect(200)).body as Array<{ id: string; assignee: { type: string; name: string } }>;
    const target = units.find((u) => u.assignee.type === 'unit' && u.assignee.name === '开鲁县');
    const detail = (await get(`/api/v1/targets/${target?.id}`, kailu).expect(200)).body;
    expect(detail.children.map((c: { assignee: { name: string } }) => c.assignee.name).sort()).toEqual([...kailuTeams].sort());
    expect(detail.unassigned).toMatchObject({ signed_amount: '170000', signed_projects: '1' });
    expect(first.targets.filter((l) => l.county === '开鲁县').map((l) => l.split?.unassigned.signed_amount)).toEqual(['170000', '200000']);
    expect(first.targets).toHaveLength(2 * TONGLIAO_COUNTIES.length);
  });

  it('ranks the eight county-level units for 2022 and shows the conference on the city dashboard', async () => {
    const city = await token('manager-city', DEMO_PASSWORDS[Role.Manager]);
    const ranking = (await get('/api/v1/rankings/preview?periodType=year&year=2022&level=unit', city).expect(200)).body;
    expect(ranking.rows.map((r: { assignee: { name: string } }) => r.assignee.name).sort()).toEqual(TONGLIAO_COUNTIES.map(([, name]) => name).sort());
    const scores = ranking.rows.map((r: { score: { total: number } }) => r.score.total);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(ranking.rows[0].rank).toBe(1);
    expect(ranking.rows[0].score.total).toBeGreaterThan(ranking.rows[ranking.rows.length - 1].score.total);

    const dashboard = (await get('/api/v1/dashboard?year=2022', city).expect(200)).body;
    expect(dashboard.signing).toMatchObject({ projects: DEMO_SIGNING_EVENT.projectCount, amount: DEMO_SIGNING_EVENT.totalAmount });
    expect(dashboard.registry.projects).toBeGreaterThanOrEqual(signedLeads.length);
    expect(dashboard.topTeams).toHaveLength(5);
    expect(dashboard.byCounty.find((c: { name: string }) => c.name === '开鲁县').signedProjects).toBe(7);
    // The city's signing target: every county's and city team's 2022 target, 660亿元.
    const all = (await get('/api/v1/dashboard?year=2022', await adminToken()).expect(200)).body;
    expect(all.signing).toMatchObject({ amount: DEMO_SIGNING_EVENT.totalAmount, target: '6600000', completion: '89.69' });
    expect(all.registry.projects).toBe(first.registry?.projects);
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
  }, 120_000);
});
