import { Client as PgClient } from 'pg';
import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { LeadStage, PIPELINE } from '../src/leads/entities/lead-stage';
import { PipelineService } from '../src/leads/pipeline.service';
import { ProjectsService } from '../src/projects/projects.service';
import { RegistryService } from '../src/projects/registry.service';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, CrmFactory } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The registry summary and the funnel are kept per API process under a stamp read from the
 * database on every request (the access scope version and a trigger-kept count of writes,
 * database/change-marks.ts). Kept answers must be exact: after every write that changes the
 * figures — through this app, or committed by another process on its own connection — the very
 * next request answers what plain SQL says, and no scope ever sees another's kept answer.
 */
describe('kept figures: the registry summary and the funnel follow every write at once', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let projects: ProjectFactory;
  let pipeline: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  /** Another API process: its own connection, committing its own writes. */
  let other: PgClient;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    projects = new ProjectFactory(t, f);
    pipeline = new PipelineFactory(t, f);
    crm = projects.crm;
    org = await crm.org();
    other = new PgClient({ connectionString: t.databaseUrl });
    await other.connect();
  }, 60_000);
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  describe('registry summary', () => {
    const year = Number(businessDate(new Date()).slice(0, 4));
    const month = businessDate(new Date()).slice(0, 7);
    let admin: RegistryClient;
    let managerX: RegistryClient;
    let managerY: RegistryClient;
    let chainA: { id: string; name: string };
    let chainB: { id: string; name: string };
    let computed: jest.SpyInstance;

    beforeAll(async () => {
      admin = await projects.as(await f.adminUser());
      managerX = await projects.as(org.managerX);
      managerY = await projects.as(await f.manager({ regionUnitIds: [org.countyY.id] }));
      chainA = await crm.industryChain();
      chainB = await crm.industryChain();
      const a = await projects.project({ totalInvestment: '5000', regionUnitId: org.countyX.id, industryChainId: chainA.id });
      await projects.plan(a.id, year, '1200.5');
      await projects.progress(a.id, month, '300.25');
      const b = await projects.project({ totalInvestment: '800', regionUnitId: org.countyY.id, industryChainId: chainB.id });
      await projects.plan(b.id, year, '400');
      computed = jest.spyOn(t.app.get(RegistryService), 'computeSummary');
    });

    type Figures = { projectCount: number; totalInvestment: string; annualPlan: string; completedInYear: string };
    type Summary = { groups: Array<Figures & { group: { id: string | null; name: string } | null }>; total: Figures | null };

    /** As plain SQL over projects, plans and reports: per county or chain (`column`), the projects `units` cover (null: all). */
    async function expected(column: 'region_unit_id' | 'industry_chain_id', units: string[] | null): Promise<Record<string, number[]>> {
      const rows: Array<{ name: string; n: number; total: string; plan: string; done: string }> = await other
        .query(
          `WITH seen AS (SELECT p.* FROM projects p WHERE $1::uuid[] IS NULL OR p.region_unit_id = ANY($1)),
                planned AS (SELECT s.${column} AS g, count(*)::int AS n, sum(s.total_investment) AS total, sum(y.planned_investment) AS plan
                              FROM seen s JOIN project_year_plans y ON y.project_id = s.id AND y.year = $2 GROUP BY 1),
                done AS (SELECT s.${column} AS g, sum(m.completed_investment) AS done FROM seen s
                           JOIN project_monthly_progress m ON m.project_id = s.id AND m.month >= make_date($2, 1, 1) AND m.month <= $3::date GROUP BY 1)
           SELECT COALESCE(r.name, c.name) AS name, COALESCE(pl.n, 0) AS n, COALESCE(pl.total, 0)::text AS total, COALESCE(pl.plan, 0)::text AS plan, COALESCE(d.done, 0)::text AS done
             FROM planned pl FULL JOIN done d ON d.g = pl.g
             LEFT JOIN region_units r ON r.id = COALESCE(pl.g, d.g) LEFT JOIN industry_chains c ON c.id = COALESCE(pl.g, d.g)`,
          [units, year, `${month}-01`],
        )
        .then((r) => r.rows);
      return Object.fromEntries(rows.map((r) => [r.name, [r.n, Number(r.total), Number(r.plan), Number(r.done)]]));
    }

    async function answered(client: RegistryClient, groupBy: 'county' | 'chain'): Promise<Record<string, number[]>> {
      const body = (await client.get(`/registry/summary?groupBy=${groupBy}&year=${year}`).expect(200)).body as Summary;
      return Object.fromEntries(
        body.groups
          .filter((g) => g.projectCount > 0 || Number(g.completedInYear) > 0)
          .map((g) => [g.group?.name ?? '', [g.projectCount, Number(g.totalInvestment), Number(g.annualPlan), Number(g.completedInYear)]]),
      );
    }

    /** The admin's by-county summary equals plain SQL; asked again, it comes from the kept answer. */
    async function adminByCountyIsExactAndKept(): Promise<void> {
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      const before = computed.mock.calls.length;
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      expect(computed.mock.calls.length).toBe(before);
    }

    it('is exact, kept while nothing changes, and each scope keeps its own', async () => {
      expect(computed).not.toHaveBeenCalled();
      await adminByCountyIsExactAndKept();
      expect(computed).toHaveBeenCalledTimes(1);
      // A manager asking the same query after the admin's answer was kept gets their own scope's.
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id]));
      expect(await answered(managerY, 'county')).toEqual(await expected('region_unit_id', [org.countyY.id]));
      expect(Object.keys(await answered(managerX, 'county'))).toEqual([org.countyX.name]);
      expect(await answered(admin, 'chain')).toEqual(await expected('industry_chain_id', null));
      // A second admin shares the first one's answer (the same scope: everything).
      const before = computed.mock.calls.length;
      const admin2 = await projects.as(await f.user({ role: Role.Admin }));
      expect(await answered(admin2, 'county')).toEqual(await expected('region_unit_id', null));
      expect(computed.mock.calls.length).toBe(before);
    });

    it('follows a project edit, a monthly report and a year plan made through the API', async () => {
      await adminByCountyIsExactAndKept();
      const c = await projects.project({ totalInvestment: '100', regionUnitId: org.countyX.id, industryChainId: chainA.id });
      await admin.put(`/projects/${c.id}/plans/${year}`).send({ plannedInvestment: '50' }).expect(200);
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      await adminByCountyIsExactAndKept();
      const before = computed.mock.calls.length;
      const { version } = (await admin.get(`/projects/${c.id}`).expect(200)).body as { version: number };
      await admin.patch(`/projects/${c.id}`).send({ version, totalInvestment: '150.0001' }).expect(200);
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      expect(computed.mock.calls.length).toBe(before + 1);
      expect((await answered(admin, 'county'))[org.countyX.name]?.[1]).toBe(5150.0001);
      await admin.put(`/projects/${c.id}/progress/${month}`).send({ completedInvestment: '20' }).expect(200);
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id]));
      await adminByCountyIsExactAndKept();
    });

    it('follows signings rolled up into a planned project', async () => {
      const registry = t.app.get(ProjectsService);
      const lead = await projects.lead(org.memberA, { industryChainId: chainA.id, targetRegionUnitId: org.countyX.id });
      await registry.rollupSigning(projects.payload(lead, await projects.sign(org.memberA, lead.id, '700')));
      const [project] = await projects.projectsOfLead(lead.id);
      await projects.plan(project!.id, year, '70');
      await adminByCountyIsExactAndKept();
      await registry.rollupSigning(projects.payload(lead, await projects.sign(org.memberA, lead.id, '300', SigningKind.Supplement)));
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id]));
    });

    it("follows another process's writes: a report, a county and a chain renamed", async () => {
      await adminByCountyIsExactAndKept();
      const [{ id }] = (await other.query('SELECT id FROM projects WHERE region_unit_id = $1 LIMIT 1', [org.countyY.id])).rows;
      await other.query(
        `INSERT INTO project_monthly_progress (project_id, month, completed_investment) VALUES ($1, $2, 33)
         ON CONFLICT (project_id, month) DO UPDATE SET completed_investment = project_monthly_progress.completed_investment + 33`,
        [id, `${month}-01`],
      );
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      expect(await answered(managerY, 'county')).toEqual(await expected('region_unit_id', [org.countyY.id]));
      await other.query(`UPDATE region_units SET name = '改名后的旗县' WHERE id = $1`, [org.countyX.id]);
      expect(Object.keys(await answered(admin, 'county'))).toContain('改名后的旗县');
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
      await answered(admin, 'chain');
      await other.query(`UPDATE industry_chains SET name = '改名后的产业链' WHERE id = $1`, [chainB.id]);
      expect(Object.keys(await answered(admin, 'chain'))).toContain('改名后的产业链');
      expect(await answered(admin, 'chain')).toEqual(await expected('industry_chain_id', null));
    });

    it('answers 304 to a client holding the kept body, and the new body once a write changed it', async () => {
      const path = `/registry/summary?groupBy=county&year=${year}`;
      const first = await admin.get(path).expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\//);
      await admin.get(path).set('If-None-Match', etag).expect(304);
      // The same body for another admin (one scope), never for a manager.
      expect((await managerX.get(path).set('If-None-Match', etag)).status).toBe(200);
      const [{ id }] = (await other.query('SELECT id FROM projects WHERE region_unit_id = $1 LIMIT 1', [org.countyX.id])).rows;
      await other.query('UPDATE project_year_plans SET planned_investment = planned_investment + 1 WHERE project_id = $1 AND year = $2', [id, year]);
      const changed = await admin.get(path).set('If-None-Match', etag).expect(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(await answered(admin, 'county')).toEqual(await expected('region_unit_id', null));
    });

    it("follows another process's change of a manager's scope", async () => {
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id]));
      await other.query('INSERT INTO manager_scopes (user_id, region_unit_id) VALUES ($1, $2)', [org.managerX.id, org.countyY.id]);
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id, org.countyY.id]));
      await other.query('DELETE FROM manager_scopes WHERE user_id = $1 AND region_unit_id = $2', [org.managerX.id, org.countyY.id]);
      expect(await answered(managerX, 'county')).toEqual(await expected('region_unit_id', [org.countyX.id]));
    });
  });

  describe('funnel', () => {
    let admin: Client;
    let managerX: Client;
    let memberC: Client;
    let computed: jest.SpyInstance;

    beforeAll(async () => {
      admin = await crm.client(Role.Admin);
      managerX = await crm.as(org.managerX);
      memberC = await crm.as(org.memberC);
      const a = await pipeline.lead(org.memberA);
      await pipeline.move(org.memberA, a.id, LeadStage.Contacted);
      await pipeline.lead(org.memberB);
      const c = await pipeline.lead(org.memberC);
      await pipeline.move(org.memberC, c.id, LeadStage.Contacted);
      await pipeline.move(org.memberC, c.id, LeadStage.SiteVisit);
      computed = jest.spyOn(t.app.get(PipelineService), 'computeFunnel');
    });

    /** Reached per step and median days, in plain SQL over the live leads of `teams` (null: all), owned or co-pursued. */
    async function expected(teams: string[] | null): Promise<Array<[number, string | null]>> {
      const seen = `l.deleted_at IS NULL AND ($1::uuid[] IS NULL OR l.team_id = ANY($1) OR EXISTS (SELECT 1 FROM lead_co_teams c WHERE c.lead_id = l.id AND c.team_id = ANY($1)))`;
      const reached = (await other.query(`SELECT l.furthest_stage_ordinal AS k FROM leads l WHERE ${seen}`, [teams])).rows as Array<{ k: number }>;
      const medians = (
        await other.query(
          `SELECT sc.from_stage AS stage, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text AS median
             FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
            WHERE ${seen} AND sc.from_stage IS NOT NULL AND sc.days_in_from_stage IS NOT NULL GROUP BY 1`,
          [teams],
        )
      ).rows as Array<{ stage: string; median: string }>;
      return PIPELINE.map((stage, k) => [
        reached.filter((r) => Number(r.k) >= k).length,
        stage === LeadStage.Signed ? null : (medians.find((m) => m.stage === stage)?.median ?? null),
      ]);
    }

    async function answered(client: Client): Promise<Array<[number, string | null]>> {
      const body = (await client.get('/pipeline/funnel').expect(200)).body as { steps: Array<{ reached: number; medianDays: string | null }> };
      return body.steps.map((s) => [s.reached, s.medianDays]);
    }

    const everyone = async () => {
      expect(await answered(admin)).toEqual(await expected(null));
      expect(await answered(managerX)).toEqual(await expected([org.teamA.id, org.teamB.id]));
      expect(await answered(memberC)).toEqual(await expected([org.teamC.id]));
    };

    it('is exact, kept while nothing changes, and each scope keeps its own', async () => {
      await everyone();
      const before = computed.mock.calls.length;
      await everyone();
      expect(computed.mock.calls.length).toBe(before);
      expect((await answered(managerX))[0]?.[0]).not.toBe((await answered(admin))[0]?.[0]);
    });

    it('follows a move, a signing and a co-pursuit through the API', async () => {
      const lead = await pipeline.lead(org.memberB);
      await everyone();
      await managerX.post(`/leads/${lead.id}/transitions`).send({ to: LeadStage.Contacted, reason: '已联系' }).expect(200);
      await everyone();
      await pipeline.move(org.memberB, lead.id, LeadStage.Negotiating);
      await pipeline.sign(org.memberB, lead.id);
      await everyone();
      await other.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [lead.id, org.teamC.id]);
      await everyone();
    });

    it("follows another process's writes: a lead deleted, a stage time corrected, a scope widened", async () => {
      await everyone();
      const [{ id }] = (await other.query('SELECT id FROM leads WHERE team_id = $1 AND deleted_at IS NULL LIMIT 1', [org.teamA.id])).rows;
      await other.query('UPDATE leads SET deleted_at = now() WHERE id = $1', [id]);
      await everyone();
      await other.query('UPDATE lead_stage_changes SET days_in_from_stage = days_in_from_stage + 3.5 WHERE days_in_from_stage IS NOT NULL');
      await everyone();
      await other.query('INSERT INTO manager_scopes (user_id, region_unit_id) VALUES ($1, $2)', [org.managerX.id, org.countyY.id]);
      expect(await answered(managerX)).toEqual(await expected([org.teamA.id, org.teamB.id, org.teamC.id]));
      await other.query('DELETE FROM manager_scopes WHERE user_id = $1 AND region_unit_id = $2', [org.managerX.id, org.countyY.id]);
      expect(await answered(managerX)).toEqual(await expected([org.teamA.id, org.teamB.id]));
    });
  });
});
