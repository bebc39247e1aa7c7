import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProjectsRepository, SqlCondition } from './projects.repository';
import { fromNumeric } from '../common/money/wan-yuan';
import { ProjectLifecycle } from './entities/project-enums';
import { FundsSource } from './entities/project-monthly-funds.entity';
import { FundsInput } from './projects-progress.repository';


/** The other domains' tables the 项目调度表 reads: county and chain names and order, the owner's name. */
export const READS = ['region_units', 'industry_chains', 'users'] as const;

/** The months a schedule counts: the plan year, the window [start, end) and its last month (null when nothing is counted yet). */
export interface ScheduleWindow {
  year: number;
  start: string;
  end: string;
  month: string | null;
}

/** One project's row as read. */
export interface ScheduleRowRecord {
  id: string;
  name: string;
  region_unit_id: string | null;
  region_name: string | null;
  region_level: string | null;
  industry_chain_id: string | null;
  chain_name: string | null;
  capacity: string | null;
  total_investment: string;
  annual_plan: string | null;
  completed_period: string;
  completed_month: string;
  funds_period: string;
  funds_month: string;
  lifecycle: ProjectLifecycle;
  registered_on: string | null;
  planned_start_on: string | null;
  started_on: string | null;
  planned_completion_on: string | null;
  completed_on: string | null;
  nodes: Array<{ node: ProjectLifecycle; planned_on: string | null; done_on: string | null }> | null;
  problems: Array<{ category: string; description: string; department: string }> | null;
  owner_name: string | null;
}

/** A group's sums (GROUPING SETS: chain within county, county, all). */
export interface ScheduleGroupRecord {
  g_county: number;
  g_chain: number;
  region_unit_id: string | null;
  region_name: string | null;
  region_level: string | null;
  industry_chain_id: string | null;
  chain_name: string | null;
  c_ord: number | null;
  k_ord: number | null;
  projects: number;
  total_investment: string;
  annual_plan: string;
  completed_period: string;
  completed_month: string;
  funds_period: string;
  funds_month: string;
}

/** A project the progress return may match, with the county it sits in. */
export interface ScheduleProjectRef {
  id: string;
  name: string;
  region_unit_id: string | null;
  region_name: string | null;
  region_level: string | null;
}

/**
 * The 项目调度表 (schedule) read: projects in order 旗县区 (region order, 市本级 after the
 * counties, projects without a county just before it) → 产业链 (chain order, none last) → name,
 * keyset-paged on that order; and every group's sums computed in SQL (numeric, exact).
 */
@Injectable()
export class ScheduleReadModel {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
  ) {}

  /** The ordered, scoped projects (`b`): county and chain rank beside each project. */
  private base(where: SqlCondition): string {
    return `ru AS (SELECT id, name, level, (row_number() OVER (ORDER BY level = 'city', sort_order, code NULLS LAST, name, id) * 2)::int AS ord FROM region_units),
       ch AS (SELECT id, name, row_number() OVER (ORDER BY sort_order, name, id)::int AS ord FROM industry_chains),
       b AS (SELECT p.id, p.name, p.region_unit_id, p.industry_chain_id,
                    COALESCE(ru.ord, (SELECT count(*) FILTER (WHERE level <> 'city') FROM region_units)::int * 2 + 1) AS c_ord,
                    COALESCE(ch.ord, 2147483647) AS k_ord
               FROM projects p LEFT JOIN ru ON ru.id = p.region_unit_id LEFT JOIN ch ON ch.id = p.industry_chain_id
              WHERE ${where.sql})`;
  }

  /**
   * Up to `limit` rows after project `afterId` (from the start when null). The cursor's row is
   * joined, not compared as a row subquery: PostgreSQL evaluates a row-comparison subquery once
   * per candidate row (a 700 ms batch at 2,700 candidates).
   */
  async rows(where: SqlCondition, w: ScheduleWindow, afterId: string | null, limit: number): Promise<ScheduleRowRecord[]> {
    return this.withoutJit(async (em) => {
      // The cursor's sort key first, then the page after it as plain parameters: a self-join of
      // the ranked projects on the cursor's id was a nested loop over the whole registry.
      let after: { c_ord: number; k_ord: number; name: string } | undefined;
      if (afterId !== null) {
        [after] = await this.projects.query<{ c_ord: number; k_ord: number; name: string }>(`WITH ${this.base(where)} SELECT c_ord, k_ord, name FROM b WHERE b.id = CAST(:afterId AS uuid)`, { ...where.params, afterId }, em);
        if (!after) return [];
      }
      return this.rowsIn(em, where, w, after ? { ...after, id: afterId as string } : null, limit);
    });
  }

  /**
   * Runs `read` in a short read transaction without JIT: the per-row subqueries push the
   * planner's estimates past jit_above_cost, and compiling cost ~700 ms of a 35 ms batch and
   * ~1 s of the groups' 0.8 s (EXPLAIN ANALYZE on the bench's 50,000 projects).
   */
  private withoutJit<T>(read: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SET LOCAL jit = off');
      return read(em);
    });
  }

  private rowsIn(em: EntityManager, where: SqlCondition, w: ScheduleWindow, after: { c_ord: number; k_ord: number; name: string; id: string } | null, limit: number): Promise<ScheduleRowRecord[]> {
    return this.projects.query<ScheduleRowRecord>(
      `WITH ${this.base(where)},
            pg AS (SELECT b.* FROM b
                    ${after ? 'WHERE (b.c_ord, b.k_ord, b.name, b.id) > (CAST(:aCounty AS int), CAST(:aChain AS int), CAST(:aName AS varchar), CAST(:aId AS uuid))' : ''}
                    ORDER BY b.c_ord, b.k_ord, b.name, b.id LIMIT :limit)
       SELECT pg.id, pg.name, pg.region_unit_id, ru.name AS region_name, ru.level::text AS region_level, pg.industry_chain_id, ch.name AS chain_name,
              p.capacity, p.total_investment, p.lifecycle, p.registered_on::text, p.planned_start_on::text, p.started_on::text,
              p.planned_completion_on::text, p.completed_on::text, u.display_name AS owner_name,
              (SELECT y.planned_investment FROM project_year_plans y WHERE y.project_id = pg.id AND y.year = :year) AS annual_plan,
              (SELECT COALESCE(sum(m.completed_investment), 0) FROM project_monthly_progress m WHERE m.project_id = pg.id AND m.month >= CAST(:start AS date) AND m.month < CAST(:end AS date)) AS completed_period,
              (SELECT COALESCE(sum(m.completed_investment), 0) FROM project_monthly_progress m WHERE m.project_id = pg.id AND m.month = CAST(:month AS date)) AS completed_month,
              (SELECT COALESCE(sum(f.amount), 0) FROM project_monthly_funds f WHERE f.project_id = pg.id AND f.month >= CAST(:start AS date) AND f.month < CAST(:end AS date)) AS funds_period,
              (SELECT COALESCE(sum(f.amount), 0) FROM project_monthly_funds f WHERE f.project_id = pg.id AND f.month = CAST(:month AS date)) AS funds_month,
              (SELECT json_agg(json_build_object('node', n.node, 'planned_on', n.planned_on, 'done_on', n.done_on)) FROM project_nodes n WHERE n.project_id = pg.id) AS nodes,
              (SELECT json_agg(json_build_object('category', pr.category, 'description', pr.description, 'department', pr.responsible_department) ORDER BY pr.created_at, pr.id)
                 FROM project_problems pr WHERE pr.project_id = pg.id AND pr.status <> 'resolved') AS problems
         FROM pg JOIN projects p ON p.id = pg.id
         LEFT JOIN ru ON ru.id = pg.region_unit_id LEFT JOIN ch ON ch.id = pg.industry_chain_id
         LEFT JOIN users u ON u.id = p.owner_user_id
        ORDER BY pg.c_ord, pg.k_ord, pg.name, pg.id`,
      { ...where.params, ...w, limit, ...(after ? { aCounty: after.c_ord, aChain: after.k_ord, aName: after.name, aId: after.id } : {}) },
      em,
    );
  }

  /** Sums per chain within a county, per county, and over all (g_county = 1: the total row). */
  async groups(where: SqlCondition, w: ScheduleWindow): Promise<ScheduleGroupRecord[]> {
    return this.withoutJit((em) => this.groupsIn(em, where, w));
  }

  private groupsIn(em: EntityManager, where: SqlCondition, w: ScheduleWindow): Promise<ScheduleGroupRecord[]> {
    return this.projects.query<ScheduleGroupRecord>(
      `WITH ${this.base(where)},
            mp AS (SELECT project_id, sum(completed_investment) AS period, sum(completed_investment) FILTER (WHERE month = CAST(:month AS date)) AS month
                     FROM project_monthly_progress WHERE month >= CAST(:start AS date) AND month < CAST(:end AS date) AND project_id IN (SELECT id FROM b) GROUP BY project_id),
            mf AS (SELECT project_id, sum(amount) AS period, sum(amount) FILTER (WHERE month = CAST(:month AS date)) AS month
                     FROM project_monthly_funds WHERE month >= CAST(:start AS date) AND month < CAST(:end AS date) AND project_id IN (SELECT id FROM b) GROUP BY project_id),
            g AS (SELECT GROUPING(b.c_ord)::int AS g_county, GROUPING(b.k_ord)::int AS g_chain,
                         b.c_ord, b.region_unit_id, b.k_ord, b.industry_chain_id, count(*)::int AS projects,
                         COALESCE(sum(p.total_investment), 0) AS total_investment, COALESCE(sum(y.planned_investment), 0) AS annual_plan,
                         COALESCE(sum(mp.period), 0) AS completed_period, COALESCE(sum(mp.month), 0) AS completed_month,
                         COALESCE(sum(mf.period), 0) AS funds_period, COALESCE(sum(mf.month), 0) AS funds_month
                    FROM b JOIN projects p ON p.id = b.id
                    LEFT JOIN project_year_plans y ON y.project_id = b.id AND y.year = :year
                    LEFT JOIN mp ON mp.project_id = b.id LEFT JOIN mf ON mf.project_id = b.id
                   GROUP BY GROUPING SETS ((b.c_ord, b.region_unit_id, b.k_ord, b.industry_chain_id), (b.c_ord, b.region_unit_id), ()))
       SELECT g.*, ru.name AS region_name, ru.level::text AS region_level, ch.name AS chain_name
         FROM g LEFT JOIN ru ON ru.id = g.region_unit_id LEFT JOIN ch ON ch.id = g.industry_chain_id
        ORDER BY g.c_ord NULLS LAST, g.g_chain, g.k_ord`,
      { ...where.params, ...w },
      em,
    );
  }

  /** Whether the region unit exists. */
  async regionExists(id: string): Promise<boolean> {
    const rows = await this.projects.query<{ one: number }>('SELECT 1 AS one FROM region_units WHERE id = :id', { id });
    return rows.length > 0;
  }

  /** Projects by id, within `where` (the caller's scope), locked for the import's transaction. */
  async byIds(em: EntityManager, where: SqlCondition, ids: string[]): Promise<ScheduleProjectRef[]> {
    if (ids.length === 0) return [];
    return this.projects.query<ScheduleProjectRef>(
      `SELECT p.id, p.name, p.region_unit_id, r.name AS region_name, r.level::text AS region_level
         FROM projects p LEFT JOIN region_units r ON r.id = p.region_unit_id
        WHERE p.id = ANY(CAST(:ids AS uuid[])) AND ${where.sql}`,
      { ...where.params, ids },
      em,
    );
  }

  /** Projects by exact name within `where` (for rows without 项目编号; the county is compared by the caller). */
  async byNames(em: EntityManager, where: SqlCondition, names: string[]): Promise<ScheduleProjectRef[]> {
    if (names.length === 0) return [];
    return this.projects.query<ScheduleProjectRef>(
      `SELECT p.id, p.name, p.region_unit_id, r.name AS region_name, r.level::text AS region_level
         FROM projects p LEFT JOIN region_units r ON r.id = p.region_unit_id
        WHERE p.name = ANY(CAST(:names AS text[])) AND ${where.sql}`,
      { ...where.params, names },
      em,
    );
  }

  /** Per project: completed investment and 到位资金 summed over [start, month) — the months before the return's month in its window. */
  async earlierSums(em: EntityManager, ids: string[], start: string, month: string): Promise<Map<string, { completed: string; funds: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.projects.query<{ id: string; completed: string; funds: string }>(
      `SELECT x.id,
              (SELECT COALESCE(sum(m.completed_investment), 0) FROM project_monthly_progress m WHERE m.project_id = x.id AND m.month >= CAST(:start AS date) AND m.month < CAST(:month AS date)) AS completed,
              (SELECT COALESCE(sum(f.amount), 0) FROM project_monthly_funds f WHERE f.project_id = x.id AND f.month >= CAST(:start AS date) AND f.month < CAST(:month AS date)) AS funds
         FROM unnest(CAST(:ids AS uuid[])) AS x(id)`,
      { ids, start, month },
      em,
    );
    return new Map(rows.map((r) => [r.id, { completed: r.completed, funds: r.funds }]));
  }

  /** Per project, month `firstDay` as stored: its 完成投资 (null: not reported) and its 到位资金 rows. */
  async monthFigures(em: EntityManager, ids: string[], firstDay: string): Promise<Map<string, { completed: string | null; funds: FundsInput[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.projects.query<{ id: string; completed: string | null; funds: Array<{ source: FundsSource; fixed_asset: boolean; amount: string }> | null }>(
      `SELECT x.id,
              (SELECT m.completed_investment FROM project_monthly_progress m WHERE m.project_id = x.id AND m.month = CAST(:month AS date)) AS completed,
              (SELECT json_agg(json_build_object('source', f.source, 'fixed_asset', f.fixed_asset, 'amount', f.amount::text) ORDER BY f.source, f.fixed_asset)
                 FROM project_monthly_funds f WHERE f.project_id = x.id AND f.month = CAST(:month AS date)) AS funds
         FROM unnest(CAST(:ids AS uuid[])) AS x(id)`,
      { ids, month: firstDay },
      em,
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { completed: r.completed === null ? null : fromNumeric(r.completed), funds: (r.funds ?? []).map((f) => ({ source: f.source, fixedAsset: f.fixed_asset, amount: fromNumeric(f.amount) })) },
      ]),
    );
  }
}
