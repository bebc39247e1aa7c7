import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { TEAM_MONTH_METRICS_SQL, UNIT_MONTH_CONTACTS_SQL, unitContactFirstsSql } from '../src/metrics/counting-rules.read-model';
import { MetricsRepository, SummaryRefresh } from '../src/metrics/metrics.repository';
import { TEAM_CHAIN_SIGNINGS_SQL, TEAM_PROJECT_FIGURES_SQL, TEAM_PROJECT_YEARS_SQL } from '../src/metrics/registry-figures.read-model';
import { FundsSource } from '../src/projects/entities/project-monthly-funds.entity';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * unit_contact_firsts by its definition in plain SQL: every unit at or above (path prefix) the
 * unit of the interaction's team, home_only for the team's own unit; each enterprise's first
 * contact per year.
 */
const CONTACT_FIRSTS_PLAIN = `
SELECT a.id AS unit_id, o.home_only, i.enterprise_id, min(i.occurred_at) AS first_at
  FROM interactions i JOIN teams t ON t.id = i.team_id JOIN region_units tr ON tr.id = t.region_unit_id
  JOIN region_units a ON left(tr.path, length(a.path)) = a.path
  JOIN (VALUES (false), (true)) o(home_only) ON NOT o.home_only OR a.id = tr.id
 WHERE i.deleted_at IS NULL
 GROUP BY a.id, o.home_only, i.enterprise_id, extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')`;

/** Each summary table and the plain SQL of its rule, over every row (a name ending _plain: the table of that name, by plain SQL beside the rule). */
const RULES: Record<string, string> = {
  team_month_metrics: TEAM_MONTH_METRICS_SQL,
  unit_month_contacts: UNIT_MONTH_CONTACTS_SQL,
  unit_contact_firsts: unitContactFirstsSql(),
  unit_contact_firsts_plain: CONTACT_FIRSTS_PLAIN,
  team_project_figures: TEAM_PROJECT_FIGURES_SQL,
  team_project_years: TEAM_PROJECT_YEARS_SQL,
  team_chain_signings: TEAM_CHAIN_SIGNINGS_SQL,
};

/**
 * The per-minute refresh recomputes only the keys the triggers marked (issue 18). After every
 * batch of writes — including writes that move a record from one key to another — each summary
 * table must hold exactly the rows its rule computes over everything, and the refresh must
 * have gone key by key, not rebuilt.
 */
describe('summary tables refreshed key by key', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  const refresh = async (): Promise<SummaryRefresh> => {
    const done = await t.app.get(MetricsRepository).refreshViews();
    if (!done) throw new Error('refresh skipped: lock held');
    return done;
  };
  /** Rows in the table and not in the rule, or the other way round (multisets), per table. */
  const differences = async () => {
    const out: Record<string, number> = {};
    for (const [name, sql] of Object.entries(RULES)) {
      const table = name.replace(/_plain$/, '');
      const [{ n }] = (await t.db.query(
        `SELECT count(*)::int AS n FROM ((SELECT * FROM ${table} EXCEPT ALL SELECT * FROM (${sql}) r) UNION ALL (SELECT * FROM (${sql}) r EXCEPT ALL SELECT * FROM ${table})) d`,
      )) as Array<{ n: number }>;
      out[name] = n;
    }
    return out;
  };
  const none = Object.fromEntries(Object.keys(RULES).map((k) => [k, 0]));
  const rows = async (table: string) => ((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0]?.n ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
  });
  afterAll(() => t.close());

  it('rebuilds everything first (the migration’s mark)', async () => {
    expect((await refresh()).full).toBe(true);
    expect(await differences()).toEqual(none);
  });

  it('after interactions, leads, signings, projects, progress, funds and plans are written', async () => {
    const e1 = (await tf.crm.enterprise()).id;
    const e2 = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberA, e1, '2024-12-31T23:30:00+08:00');
    await tf.interaction(org.memberA, e1, '2025-01-01T00:10:00+08:00');
    await tf.interaction(org.memberB, e1, '2024-11-05', InteractionType.Call);
    await tf.interaction(org.memberT, e2, '2024-02-29');
    await tf.interaction(org.memberC, e2, '2024-03-01');
    const lead = await tf.lead(org.memberA, '2024-01-31');
    await tf.sign(org.memberA, lead.id, '1234.5678', '2024-02-29');
    const lead2 = await tf.lead(org.memberC, '2024-12-31');
    await tf.sign(org.memberC, lead2.id, '99.0001', '2025-01-02');
    const own = await tf.project({ teamId: org.teamB.id, regionUnitId: org.countyX.id, signedOn: '2024-05-10', signedAmount: '500' } as never);
    const teamless = await tf.project({ regionUnitId: org.countyY.id, registeredOn: '2024-06-01', signedOn: '2024-06-01', signedAmount: '300' } as never);
    await tf.progress(own.id, '2024-05', '10');
    await tf.progress(teamless.id, '2024-06', '20.5');
    await tf.funds(teamless.id, '2024-06', [{ source: FundsSource.OutOfCity, fixedAsset: true, amount: '7' } as never]);
    await tf.plan(teamless.id, 2024, '100');
    const done = await refresh();
    expect(done.full).toBe(false);
    expect(done.teamless).toBe(true);
    expect(await differences()).toEqual(none);
    expect(await rows('team_month_metrics')).toBeGreaterThan(5);
    expect(await rows('unit_month_contacts')).toBeGreaterThan(3);
    // A plain count beside the rule: team A's visits in December 2024 and January 2025.
    const visits = (await t.db.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, visits FROM team_month_metrics WHERE team_id = $1 AND visits > 0 ORDER BY month`,
      [org.teamA.id],
    )) as Array<{ month: string; visits: number }>;
    expect(visits).toEqual([{ month: '2024-12', visits: 1 }, { month: '2025-01', visits: 1 }]);
  });

  it('after writes that move records between keys, and deletions', async () => {
    // A lead reassigned to another team (and its registering team with it).
    const [lead] = (await t.db.query(`SELECT id FROM leads WHERE team_id = $1 LIMIT 1`, [org.teamA.id])) as Array<{ id: string }>;
    await t.db.query(`UPDATE leads SET team_id = $2, registered_team_id = $2 WHERE id = $1`, [lead?.id, org.teamB.id]);
    // A signing's landing unit changed, and a signing moved across the year.
    await t.db.query(`UPDATE signings SET landing_region_unit_id = $1 WHERE team_id = $2`, [org.countyY.id, org.teamA.id]);
    await t.db.query(`UPDATE signings SET signed_on = '2024-12-31' WHERE team_id = $1`, [org.teamC.id]);
    // An interaction moved back across the new year (the company's first contact of 2025 moves on), another deleted.
    await t.db.query(`UPDATE interactions SET occurred_at = '2024-12-30T10:00:00+08:00' WHERE team_id = $1 AND occurred_at >= '2025-01-01T00:00:00+08:00'`, [org.teamA.id]);
    await t.db.query(`UPDATE interactions SET deleted_at = now() WHERE team_id = $1`, [org.teamC.id]);
    // A project without a team given one; another project's progress deleted; a year plan changed.
    await t.db.query(`UPDATE projects SET team_id = $1 WHERE team_id IS NULL`, [org.teamC.id]);
    await t.db.query(`DELETE FROM project_monthly_progress WHERE project_id IN (SELECT id FROM projects WHERE team_id = $1)`, [org.teamB.id]);
    await t.db.query(`UPDATE project_year_plans SET planned_investment = 250`);
    // A lead's industry chain changed (its signings' chain).
    const chain = (await tf.crm.industryChain()).id;
    await t.db.query(`UPDATE leads SET industry_chain_id = $1 WHERE team_id = $2`, [chain, org.teamB.id]);
    const done = await refresh();
    expect(done.full).toBe(false);
    expect(await differences()).toEqual(none);
  });

  it('after a signing is rejected, a project deleted, and nothing at all', async () => {
    await t.db.query(`UPDATE signings SET review_status = 'rejected' WHERE team_id = $1`, [org.teamB.id]);
    await t.db.query(`DELETE FROM project_monthly_funds`);
    await t.db.query(`DELETE FROM project_year_plans`);
    await t.db.query(`DELETE FROM projects WHERE team_id = $1`, [org.teamC.id]);
    expect((await refresh()).full).toBe(false);
    expect(await differences()).toEqual(none);
    // Nothing written since: nothing recomputed, the figures' stamp unchanged.
    const [before] = (await t.db.query(`SELECT changed_at::text FROM metric_refreshes`)) as Array<{ changed_at: string }>;
    const idle = await refresh();
    expect(idle).toEqual({ full: false, teams: 0, units: 0, teamless: false, enterprises: 0 });
    expect(await t.db.query(`SELECT changed_at::text FROM metric_refreshes`)).toEqual([before]);
  });

  it('after writes in earlier months of a year, keys marked by month (the rest of the year recomputed)', async () => {
    // Team A contacts a company in June and October 2023: its first contact of 2023 is June.
    const e = (await tf.crm.enterprise()).id;
    await tf.interaction(org.memberA, e, '2023-06-10');
    await tf.interaction(org.memberA, e, '2023-10-10');
    await tf.interaction(org.memberA, e, '2024-02-10');
    const teamless = await tf.project({ regionUnitId: org.countyX.id, registeredOn: '2023-03-01', signedOn: '2023-03-01', signedAmount: '40' } as never);
    const owned = await tf.project({ teamId: org.teamA.id, regionUnitId: org.countyX.id, signedOn: '2023-04-01', signedAmount: '60' } as never);
    await tf.progress(teamless.id, '2023-04', '3');
    await tf.progress(teamless.id, '2024-01', '4');
    await tf.progress(owned.id, '2023-05', '5');
    await tf.plan(teamless.id, 2023, '80');
    // Projects without a team are kept per unit: one in another unit, one in none.
    const elsewhere = await tf.project({ regionUnitId: org.countyY.id, signedOn: '2023-03-15', signedAmount: '7' } as never);
    await tf.progress(elsewhere.id, '2023-03', '1');
    await t.db.query(`UPDATE projects SET region_unit_id = NULL WHERE id = $1`, [elsewhere.id]);
    expect((await refresh()).full).toBe(false);
    expect(await differences()).toEqual(none);
    // Another company contacted in October: 2023 from October recomputed, where the first company's contact of 10 October is not a first.
    await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, '2023-10-01');
    expect((await refresh()).full).toBe(false);
    expect(await differences()).toEqual(none);
    // An earlier contact in March moves the first contact of 2023 back (June loses it), nothing of 2024 moves.
    await tf.interaction(org.memberA, e, '2023-03-05', InteractionType.Call);
    // Progress of an earlier month and of another year; a year plan changed.
    await t.db.query(`UPDATE project_monthly_progress SET completed_investment = completed_investment + 2 WHERE project_id = $1`, [teamless.id]);
    await t.db.query(`UPDATE project_year_plans SET planned_investment = 90 WHERE project_id = $1`, [teamless.id]);
    await t.db.query(`UPDATE project_monthly_progress SET month = '2023-02-01' WHERE project_id = $1`, [owned.id]);
    await t.db.query(`UPDATE project_monthly_progress SET completed_investment = 9 WHERE project_id = $1`, [elsewhere.id]);
    let done = await refresh();
    expect(done).toMatchObject({ full: false, teamless: true });
    expect(await differences()).toEqual(none);
    // The March contact deleted (June first again), a lead's creation and a signing moved a month back.
    await t.db.query(`UPDATE interactions SET deleted_at = now() WHERE enterprise_id = $1 AND occurred_at < '2023-04-01'`, [e]);
    await t.db.query(`UPDATE leads SET created_at = created_at - interval '40 days' WHERE team_id = $1`, [org.teamB.id]);
    await t.db.query(`UPDATE signings SET signed_on = signed_on - 31 WHERE team_id = $1`, [org.teamA.id]);
    // Beside month marks of team A, a mark of any month (its project's own row).
    await t.db.query(`UPDATE projects SET started_on = '2023-08-01' WHERE id = $1`, [owned.id]);
    done = await refresh();
    expect(done.full).toBe(false);
    expect(await differences()).toEqual(none);
    // A plain count beside the rule: team A's first contacts of 2023, the first company in June, the other in October.
    const contacted = (await t.db.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, sum(enterprises_contacted)::int AS n FROM team_month_metrics
        WHERE team_id = $1 AND month >= '2023-01-01' AND month < '2024-01-01' AND enterprises_contacted > 0 GROUP BY month ORDER BY month`,
      [org.teamA.id],
    )) as Array<{ month: string; n: number }>;
    expect(contacted).toEqual([{ month: '2023-06', n: 1 }, { month: '2023-10', n: 1 }]);
  });

  it('a team moved to another unit rebuilds everything', async () => {
    await t.db.query(`UPDATE teams SET region_unit_id = $1 WHERE id = $2`, [org.countyY.id, org.teamB.id]);
    expect((await refresh()).full).toBe(true);
    expect(await differences()).toEqual(none);
  });
});
