import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { REBUILD_LEAD_STAGE_TOTALS_SQL } from '../../src/leads/lead-stage-totals.sql';
import { refreshSummaries } from '../../src/metrics/metrics.repository';
import type { BenchContext } from '../scenario';
import { beijingToday, count, Dataset, Part, SIZE } from './common';
export { takeLoadLog } from './common';
import { loadEnterprises } from './enterprises-data';
import { loadInteractions, loadLeads } from './pipeline-data';
import { loadProjects, loadTargets } from './registry-data';

/**
 * The data set of the issue-3…6 benchmarks, loaded into the scratch database on top of the
 * organisation (bench/organisation.ts) by the first scenario that needs each part, with bulk
 * SQL (COPY, INSERT … SELECT FROM generate_series) — a few minutes for everything:
 *
 *   teams         the organisation grown to 3,000 teams (+8,000 members)        issue 6
 *   enterprises   200,000 companies and a contact each                          issue 3
 *   interactions  1,000,000 interactions, their participants and contacts met   issue 3
 *   leads         100,000 leads in every stage, stage changes, signings         issue 4
 *   projects      50,000 registry projects, year plans and monthly progress     issue 5
 *   targets       the year's targets of every team and region unit              issue 6
 *   metrics       the summary tables rebuilt (the loads bypass their triggers)  issue 6
 *
 * Every part keeps ids, foreign keys and the region paths consistent (checked after each
 * load); secondary indexes are dropped during a big load and rebuilt after it, and the
 * loaded tables are vacuumed and analysed before anything is measured.
 */


const NEEDS: Record<Part, Part[]> = {
  teams: [],
  enterprises: ['teams'],
  interactions: ['enterprises'],
  leads: ['interactions'],
  projects: ['leads'],
  targets: ['teams'],
  metrics: [],
};


interface State {
  loaded: Set<Part>;
  /** Tables a load touched since the last VACUUM (ANALYZE). */
  dirty: Set<string>;
  metricsStale: boolean;
  dataset: Dataset;
  queue: Promise<unknown>;
}

const states = new Map<string, State>();

/** Loads whatever of `parts` (and what they need) is not loaded yet; returns the data set so far. */
export function ensureData(ctx: BenchContext, parts: Part[]): Promise<Dataset> {
  let state = states.get(ctx.databaseUrl);
  if (!state) {
    state = {
      loaded: new Set(),
      dirty: new Set(),
      metricsStale: true,
      dataset: { rows: {}, seconds: {}, year: Number(beijingToday().slice(0, 4)), log: [], foreignKeys: { checked: 0, violations: 0 } },
      queue: Promise.resolve(),
    };
    states.set(ctx.databaseUrl, state);
  }
  const s = state;
  const run = s.queue.then(() => load(ctx, s, parts));
  s.queue = run.catch(() => undefined);
  return run;
}

const log = (line: string) => process.stderr.write(`· data: ${line}\n`);

async function load(ctx: BenchContext, s: State, parts: Part[]): Promise<Dataset> {
  const order: Part[] = [];
  const visit = (p: Part) => {
    if (order.includes(p)) return;
    NEEDS[p].forEach(visit);
    order.push(p);
  };
  parts.forEach(visit);
  const todo = order.filter((p) => !s.loaded.has(p) && p !== 'metrics');
  const client = await ctx.db.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query('SET synchronous_commit = off');
    // Foreign keys are checked once per table after the load (below) rather than row by row.
    const fkTriggersOff = await client.query('SET session_replication_role = replica').then(
      () => true,
      () => false,
    );
    await client.query(`SELECT setseed(0.4242)`);
    for (const part of todo) {
      const t0 = Date.now();
      log(`loading ${part} …`);
      const touched = await loadPart(ctx, client, s.dataset, part);
      touched.forEach((t) => s.dirty.add(t));
      s.loaded.add(part);
      s.dataset.seconds[part] = (Date.now() - t0) / 1000;
      log(`${part} loaded in ${s.dataset.seconds[part]!.toFixed(1)} s`);
      s.dataset.log.push(`${describePart(s.dataset, part)} in ${s.dataset.seconds[part]!.toFixed(1)} s`);
      if (touched.some((t) => METRIC_SOURCES.has(t))) s.metricsStale = true;
    }
    if (fkTriggersOff && s.dirty.has('leads')) {
      // Replica mode also silenced the triggers that keep the pipeline totals: rebuild them as any bulk
      // loader must — still in replica mode, so the region cells are summed once by the rebuild rather
      // than shifted cell by cell by the trigger on the team cells as well (6–13 s instead of 0.1 s).
      const t0 = Date.now();
      await client.query(REBUILD_LEAD_STAGE_TOTALS_SQL);
      s.dirty.add('lead_stage_totals');
      s.dirty.add('lead_region_stage_totals');
      s.dataset.log.push(`lead_stage_totals rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (fkTriggersOff && s.dirty.has('projects')) {
      // Likewise the registry summary's cells (migration RegistrySummaryCells), summed once from the loaded rows.
      const t0 = Date.now();
      await client.query('SELECT project_summary_cells_rebuild()');
      s.dirty.add('project_summary_cells');
      s.dataset.log.push(`project_summary_cells rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (fkTriggersOff) await client.query('SET session_replication_role = DEFAULT');
    if (s.dirty.size) {
      const tables = [...s.dirty];
      if (fkTriggersOff) {
        const fk = await checkForeignKeys(client, tables);
        s.dataset.foreignKeys.checked += fk.checked;
        s.dataset.foreignKeys.violations += fk.violations;
        if (fk.violations) throw new Error(`bench data broke ${fk.violations} foreign key references: ${fk.details.join('; ')}`);
        s.dataset.log.push(`${fk.checked} foreign keys checked`);
      }
      const t0 = Date.now();
      // Planner statistics, and the visibility map index-only scans need, as in a live database.
      await client.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
      log(`VACUUM (ANALYZE) of ${tables.length} tables in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      s.dataset.log.push(`VACUUM (ANALYZE) ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      s.dirty.clear();
    }
    if (parts.includes('metrics') && s.metricsStale) {
      const t0 = Date.now();
      // The loads ran with triggers off: nothing marked what changed, so rebuild it all, as
      // any bulk loader must.
      await client.query('BEGIN');
      await refreshSummaries((sql, params) => client.query(sql, params), true);
      await client.query('COMMIT');
      s.dataset.refreshSeconds = (Date.now() - t0) / 1000;
      await client.query('VACUUM (ANALYZE) team_month_metrics, unit_month_contacts, unit_contact_firsts, team_project_figures, team_project_years, team_chain_signings');
      s.dataset.rows.team_month_metrics = await count(client, 'team_month_metrics');
      s.metricsStale = false;
      log(`summary views refreshed in ${s.dataset.refreshSeconds.toFixed(1)} s (team_month_metrics: ${s.dataset.rows.team_month_metrics} rows)`);
      s.dataset.log.push(`REFRESH of the summary views ${s.dataset.refreshSeconds.toFixed(1)} s`);
    }
    return s.dataset;
  } finally {
    await client.query('RESET ALL').catch(() => undefined);
    client.release();
  }
}

/** A part as the notes name it, with its row counts. */
function describePart(d: Dataset, part: Part): string {
  const n = (table: string) => (d.rows[table] ?? 0).toLocaleString('en-US');
  switch (part) {
    case 'teams':
      return `organisation grown to ${n('teams')} teams, ${n('users')} users (the rows above ran on the organisation alone)`;
    case 'enterprises':
      return `${n('enterprises')} enterprises + ${n('enterprise_contacts')} contacts (COPY)`;
    case 'interactions':
      return `${n('interactions')} interactions + ${n('interaction_participants')} participants + ${n('interaction_contacts')} contacts met`;
    case 'leads':
      return `${n('leads')} leads + ${n('lead_stage_changes')} stage changes + ${n('signings')} signings`;
    case 'projects':
      return `${n('projects')} projects + ${n('project_year_plans')} year plans + ${n('project_monthly_progress')} monthly progress`;
    case 'targets':
      return `${n('targets')} targets`;
    case 'metrics':
      return 'metrics';
  }
}

/** What the summary views (team_month_metrics, unit_month_contacts) read. */
const METRIC_SOURCES = new Set(['interactions', 'leads', 'signings', 'signing_credits', 'projects', 'project_monthly_progress', 'teams', 'region_units']);

async function loadPart(ctx: BenchContext, client: PoolClient, d: Dataset, part: Part): Promise<string[]> {
  switch (part) {
    case 'teams':
      return growTeams(ctx, client, d);
    case 'enterprises':
      return loadEnterprises(client, d);
    case 'interactions':
      return loadInteractions(client, d);
    case 'leads':
      return loadLeads(client, d);
    case 'projects':
      return loadProjects(client, d);
    case 'targets':
      return loadTargets(client, d);
    case 'metrics':
      return [];
  }
}

/**
 * Grows the organisation to SIZE.teams teams, placed like bench/organisation.ts places its
 * own (county 0 weighted 3×; a third at county level, the rest in townships), each with
 * SIZE.membersPerNewTeam new members (every tenth also in a second new team). Then writes
 * the helper tables later loads pick teams and members from by number.
 */
async function growTeams(ctx: BenchContext, client: PoolClient, d: Dataset): Promise<string[]> {
  const { rows: existing } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM teams');
  const extra = Math.max(0, SIZE.teams - existing[0]!.n);
  if (extra > 0) {
    const { rows: counties } = await client.query<{ id: string; name: string }>(`SELECT id, name FROM region_units WHERE level = 'county' ORDER BY sort_order, name`);
    const { rows: townships } = await client.query<{ id: string; name: string; parent_id: string }>(
      `SELECT id, name, parent_id FROM region_units WHERE level = 'township' ORDER BY sort_order, name`,
    );
    const byCounty = new Map<string, Array<{ id: string; name: string }>>();
    for (const t of townships) byCounty.set(t.parent_id, [...(byCounty.get(t.parent_id) ?? []), t]);
    const weights = counties.map((_, c) => (c === 0 ? 3 : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const perCounty = weights.map((w) => Math.floor((extra * w) / total));
    for (let c = 0, left = extra - perCounty.reduce((a, b) => a + b, 0); left > 0; c = (c + 1) % perCounty.length, left--) perCounty[c]!++;
    const teams: Array<[string, string, string]> = [];
    counties.forEach((county, c) => {
      const towns = byCounty.get(county.id) ?? [];
      for (let k = 0; k < perCounty[c]!; k++) {
        const unit = k % 3 === 0 || towns.length === 0 ? county : towns[k % towns.length]!;
        teams.push([randomUUID(), `${unit.name}产业链招商${k + 1}队`, unit.id]);
      }
    });
    const members: Array<[string, string, string]> = [];
    const membership: Array<[string, string]> = [];
    const leaders = new Map<string, string>();
    teams.forEach(([teamId], t) => {
      for (let m = 0; m < SIZE.membersPerNewTeam; m++) {
        const n = members.length + 1;
        const userId = randomUUID();
        members.push([userId, `bench-m-${String(n).padStart(5, '0')}`, `招商专员${n}`]);
        membership.push([teamId, userId]);
        if (!leaders.has(teamId)) leaders.set(teamId, userId);
        if (n % 10 === 0) membership.push([teams[(t * 7 + 1) % teams.length]![0], userId]);
      }
    });
    const seen = new Set<string>();
    const unique = membership.filter(([t, u]) => !seen.has(`${t}/${u}`) && seen.add(`${t}/${u}`));
    await client.query(
      `INSERT INTO users (id, username, display_name, role, password_hash)
       SELECT u.id, u.username, u.display_name, 'member', (SELECT password_hash FROM users WHERE username = $4)
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS u(id, username, display_name)`,
      [members.map((m) => m[0]), members.map((m) => m[1]), members.map((m) => m[2]), ctx.data.adminUsername],
    );
    // Older than the organisation's teams, a minute apart, so list orders stay stable.
    await client.query(
      `INSERT INTO teams (id, name, region_unit_id, leader_id, created_at, updated_at)
       SELECT t.id, t.name, t.region_unit_id, t.leader_id, now() - interval '2 years' + t.n * interval '1 minute', now() - interval '2 years' + t.n * interval '1 minute'
         FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::uuid[]) WITH ORDINALITY AS t(id, name, region_unit_id, leader_id, n)`,
      [teams.map((t) => t[0]), teams.map((t) => t[1]), teams.map((t) => t[2]), teams.map((t) => leaders.get(t[0]))],
    );
    await client.query('INSERT INTO team_members (team_id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [unique.map((m) => m[0]), unique.map((m) => m[1])]);
    await client.query(
      `INSERT INTO team_focus_chains (team_id, industry_chain_id)
       SELECT t.id, c.id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
         JOIN (SELECT id, row_number() OVER (ORDER BY sort_order) - 1 AS k FROM industry_chains) c ON c.k = t.n % 9`,
      [teams.map((t) => t[0])],
    );
    await client.query(
      `INSERT INTO team_focus_source_regions (team_id, source_region_id)
       SELECT t.id, s.id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
         JOIN (SELECT id, row_number() OVER (ORDER BY sort_order) - 1 AS k FROM source_regions) s ON s.k = t.n % 4`,
      [teams.map((t) => t[0])],
    );
    // The run's header prints these: say what the measured organisation really was.
    ctx.data.counts.teams += teams.length;
    ctx.data.counts.users += members.length;
    ctx.data.counts.teamMembers += unique.length;
  }
  // Helper tables (dropped with the scratch database): teams and members by number, and
  // each team's county (city-level teams get one in turn), for the loads to join on.
  await client.query(`
    CREATE UNLOGGED TABLE bench_team AS
    SELECT (row_number() OVER (ORDER BY t.created_at, t.id) - 1)::int AS i, t.id, t.region_unit_id,
           NULLIF(split_part(r.path, '/', 2), '')::uuid AS county_id,
           (SELECT count(*) FROM team_members m WHERE m.team_id = t.id)::int AS n
      FROM teams t JOIN region_units r ON r.id = t.region_unit_id`);
  await client.query(`
    UPDATE bench_team b SET county_id = c.id
      FROM (SELECT id, (row_number() OVER (ORDER BY sort_order, name) - 1)::int AS k FROM region_units WHERE level = 'county') c
     WHERE b.county_id IS NULL AND c.k = b.i % (SELECT count(*) FROM region_units WHERE level = 'county')`);
  await client.query('ALTER TABLE bench_team ADD PRIMARY KEY (i)');
  await client.query('CREATE UNIQUE INDEX ON bench_team (id)');
  await client.query(`
    CREATE UNLOGGED TABLE bench_member AS
    SELECT b.i AS team_i, (row_number() OVER (PARTITION BY m.team_id ORDER BY m.user_id) - 1)::int AS k, m.user_id
      FROM team_members m JOIN bench_team b ON b.id = m.team_id`);
  await client.query('ALTER TABLE bench_member ADD PRIMARY KEY (team_i, k)');
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_team WHERE n = 0');
  if (rows[0]!.n > 0) throw new Error(`${rows[0]!.n} teams have no members`);
  d.rows.teams = await count(client, 'teams');
  d.rows.users = await count(client, 'users');
  d.rows.team_members = await count(client, 'team_members');
  return ['users', 'teams', 'team_members', 'team_focus_chains', 'team_focus_source_regions', 'bench_team', 'bench_member'];
}

/**
 * Every single-column foreign key of `tables` checked with one anti-join each: the loads
 * run with row-by-row FK triggers off, so this is what proves them consistent.
 */
async function checkForeignKeys(client: PoolClient, tables: string[]): Promise<{ checked: number; violations: number; details: string[] }> {
  const { rows: fks } = await client.query<{ name: string; child: string; col: string; parent: string; pcol: string }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, pa.attname AS pcol
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.conrelid = ANY($1::regclass[])`,
    [tables.filter((t) => !t.startsWith('bench_'))],
  );
  let violations = 0;
  const details: string[] = [];
  for (const fk of fks) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${fk.child} c WHERE c.${fk.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE p.${fk.pcol} = c.${fk.col})`,
    );
    if (rows[0]!.n > 0) {
      violations += rows[0]!.n;
      details.push(`${fk.name}: ${rows[0]!.n}`);
    }
  }
  return { checked: fks.length, violations, details };
}

/** One line for a scenario note: what the data set held when it ran. */
export function describeDataset(d: Dataset, tables: string[]): string {
  return tables
    .filter((t) => d.rows[t] !== undefined)
    .map((t) => `${d.rows[t]!.toLocaleString('en-US')} ${t}`)
    .join(', ');
}

export { SIZE } from './common';
export type { Dataset, Part } from './common';
