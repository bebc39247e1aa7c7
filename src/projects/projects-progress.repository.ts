import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fromNumeric } from '../common/money/wan-yuan';
import { ProjectLifecycle } from './entities/project-enums';
import { FundsSource } from './entities/project-monthly-funds.entity';
import { Project } from './entities/project.entity';

/** A node row: its planned and actual dates (`YYYY-MM-DD`). */
export interface NodeRow {
  node: ProjectLifecycle;
  planned_on: string | null;
  done_on: string | null;
}

/** A month's 到位资金 row as written. */
export interface FundsInput {
  source: FundsSource;
  fixedAsset: boolean;
  amount: string;
}

/**
 * Queries on a project's schedule and figures: its node dates, yearly plans (年度计划投资),
 * monthly progress (当月完成投资) and money in place (实际到位资金), each written under a
 * per-project lock.
 */
@Injectable()
export class ProjectsProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The project's node rows (any order). */
  async nodes(projectId: string): Promise<NodeRow[]> {
    return this.dataSource.query('SELECT node, planned_on::text, done_on::text FROM project_nodes WHERE project_id = $1', [projectId]);
  }

  /** The node's row, locked for the rest of the transaction; undefined if it has none yet. */
  async lockNode(em: EntityManager, projectId: string, node: string): Promise<Pick<NodeRow, 'planned_on' | 'done_on'> | undefined> {
    const [row]: Array<{ planned_on: string | null; done_on: string | null }> = await em.query(
      'SELECT planned_on::text, done_on::text FROM project_nodes WHERE project_id = $1 AND node = $2 FOR UPDATE',
      [projectId, node],
    );
    return row;
  }

  /** Sets the node's planned and actual dates. */
  async saveNode(em: EntityManager, projectId: string, node: string, plannedOn: string | null, doneOn: string | null): Promise<void> {
    await em.query(
      `INSERT INTO project_nodes (project_id, node, planned_on, done_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, node) DO UPDATE SET planned_on = EXCLUDED.planned_on, done_on = EXCLUDED.done_on, updated_at = now()`,
      [projectId, node, plannedOn, doneOn],
    );
  }

  /** Mirrors the project's 注册/开工/投产 dates into its node rows, keeping the node-only dates. */
  async syncNodes(em: EntityManager, p: Project): Promise<void> {
    await em.query(
      `INSERT INTO project_nodes (project_id, node, planned_on, done_on)
       VALUES ($1, 'registered', NULL, $2), ($1, 'preparation', NULL, NULL), ($1, 'construction', $3, $4), ($1, 'operating', $5, $6)
       ON CONFLICT (project_id, node) DO UPDATE SET
         planned_on = CASE WHEN EXCLUDED.node IN ('construction', 'operating') THEN EXCLUDED.planned_on ELSE project_nodes.planned_on END,
         done_on = CASE WHEN EXCLUDED.node <> 'preparation' THEN EXCLUDED.done_on ELSE project_nodes.done_on END,
         updated_at = now()`,
      [p.id, p.registeredOn, p.plannedStartOn, p.startedOn, p.plannedCompletionOn, p.completedOn],
    );
  }

  /** The project's yearly plans (any order). */
  async yearPlans(projectId: string): Promise<Array<{ year: number; planned_investment: string }>> {
    return this.dataSource.query('SELECT year, planned_investment FROM project_year_plans WHERE project_id = $1', [projectId]);
  }

  /** Serialises writers of one project's year plan until the transaction ends. */
  async lockYearPlan(em: EntityManager, projectId: string, year: number): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`project-plan:${projectId}:${year}`]);
  }

  /** The year's plan, if one is set. */
  async yearPlan(em: EntityManager, projectId: string, year: number): Promise<{ planned_investment: string } | undefined> {
    const [row]: Array<{ planned_investment: string }> = await em.query('SELECT planned_investment FROM project_year_plans WHERE project_id = $1 AND year = $2', [
      projectId,
      year,
    ]);
    return row;
  }

  /** Sets (or corrects) the year's planned investment. */
  async saveYearPlan(em: EntityManager, projectId: string, year: number, plannedInvestment: string): Promise<void> {
    await em.query(
      `INSERT INTO project_year_plans (project_id, year, planned_investment) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, year) DO UPDATE SET planned_investment = EXCLUDED.planned_investment, updated_at = now()`,
      [projectId, year, plannedInvestment],
    );
  }

  /** Completed investment per calendar year, summed from the monthly reports. */
  async completedByYear(em: EntityManager, projectId: string): Promise<Map<number, string>> {
    const rows: Array<{ year: number; total: string }> = await em.query(
      `SELECT extract(year FROM month)::int AS year, sum(completed_investment) AS total FROM project_monthly_progress WHERE project_id = $1 GROUP BY 1`,
      [projectId],
    );
    return new Map(rows.map((r) => [Number(r.year), fromNumeric(r.total)]));
  }

  /** Serialises reports of one project's month until the transaction ends. */
  async lockMonth(em: EntityManager, projectId: string, firstDay: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`project-progress:${projectId}:${firstDay}`]);
  }

  /** The month's report, if one was filed. */
  async monthReport(em: EntityManager, projectId: string, firstDay: string): Promise<{ completed_investment: string; note: string | null } | undefined> {
    const [row]: Array<{ completed_investment: string; note: string | null }> = await em.query(
      'SELECT completed_investment, note FROM project_monthly_progress WHERE project_id = $1 AND month = $2',
      [projectId, firstDay],
    );
    return row;
  }

  /** Files (or corrects) the month's report; returns when it was saved. */
  async saveMonthReport(em: EntityManager, projectId: string, firstDay: string, completedInvestment: string, note: string | null, reportedById: string): Promise<Date> {
    const [saved]: Array<{ updated_at: Date }> = await em.query(
      `INSERT INTO project_monthly_progress (project_id, month, completed_investment, note, reported_by_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id, month) DO UPDATE
           SET completed_investment = EXCLUDED.completed_investment, note = EXCLUDED.note, reported_by_id = EXCLUDED.reported_by_id, updated_at = now()
         RETURNING updated_at`,
      [projectId, firstDay, completedInvestment, note, reportedById],
    );
    return (saved as { updated_at: Date }).updated_at;
  }

  /** Completed investment up to and including the month (`upto`) and over all months (`total`). */
  async cumulativeAt(em: EntityManager, projectId: string, firstDay: string): Promise<{ upto: string | null; total: string | null } | undefined> {
    const [sums]: Array<{ upto: string | null; total: string | null }> = await em.query(
      `SELECT sum(completed_investment) FILTER (WHERE month <= $2) AS upto, sum(completed_investment) AS total
           FROM project_monthly_progress WHERE project_id = $1`,
      [projectId, firstDay],
    );
    return sums;
  }

  /** The month's 到位资金 rows (any order). */
  async monthFunds(em: EntityManager, projectId: string, firstDay: string): Promise<FundsInput[]> {
    const rows: Array<{ source: FundsSource; fixed_asset: boolean; amount: string }> = await em.query(
      'SELECT source, fixed_asset, amount FROM project_monthly_funds WHERE project_id = $1 AND month = $2',
      [projectId, firstDay],
    );
    return rows.map((r) => ({ source: r.source, fixedAsset: r.fixed_asset, amount: fromNumeric(r.amount) }));
  }

  /** Replaces the month's 到位资金 rows with `rows`; returns when (the transaction's time). */
  async replaceMonthFunds(em: EntityManager, projectId: string, firstDay: string, rows: FundsInput[], reportedById: string): Promise<Date> {
    await em.query('DELETE FROM project_monthly_funds WHERE project_id = $1 AND month = $2', [projectId, firstDay]);
    if (rows.length) {
      await em.query(
        `INSERT INTO project_monthly_funds (project_id, month, source, fixed_asset, amount, reported_by_id)
         SELECT $1, $2, r.source::funds_source, r.fixed_asset, r.amount, $6 FROM unnest($3::text[], $4::boolean[], $5::numeric[]) AS r(source, fixed_asset, amount)`,
        [projectId, firstDay, rows.map((r) => r.source), rows.map((r) => r.fixedAsset), rows.map((r) => r.amount), reportedById],
      );
    }
    const [{ at }] = (await em.query('SELECT now() AS at')) as Array<{ at: Date }>;
    return at;
  }

  /** 到位资金 up to and including the month (`upto`) and over all months (`total`). */
  async fundsCumulativeAt(em: EntityManager, projectId: string, firstDay: string): Promise<{ upto: string | null; total: string | null } | undefined> {
    const [sums]: Array<{ upto: string | null; total: string | null }> = await em.query(
      'SELECT sum(amount) FILTER (WHERE month <= $2) AS upto, sum(amount) AS total FROM project_monthly_funds WHERE project_id = $1',
      [projectId, firstDay],
    );
    return sums;
  }
}
