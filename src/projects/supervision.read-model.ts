import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemCategory, ProblemStatus } from './entities/project-enums';

/** The tables of other domains this read model reads. */
export const READS = ['departments', 'region_units', 'users'] as const;

/** A condition on `project_problems pp` / `projects p` with named parameters. */
export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

export interface SupervisionRow {
  id: string;
  project_id: string;
  project_name: string;
  project_owner_user_id: string | null;
  region_name: string | null;
  owner_name: string | null;
  category: ProblemCategory;
  description: string;
  department_id: string;
  department_name: string;
  due_on: string | null;
  status: ProblemStatus;
  assigned_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
  replies: number;
}

export interface ReplyRow {
  id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

export interface FiguresRow {
  department_id: string;
  department_name: string;
  assigned: number;
  newly_assigned: number;
  closed: number;
  overdue_open: number;
  closed_late: number;
}

const ITEM_SELECT = `
  SELECT pp.id, pp.project_id, p.name AS project_name, p.owner_user_id AS project_owner_user_id, r.name AS region_name,
         o.display_name AS owner_name, pp.category, pp.description, pp.department_id, d.name AS department_name,
         pp.due_on::text AS due_on, pp.status, pp.assigned_at, pp.resolved_at, pp.resolution,
         (SELECT count(*)::int FROM problem_replies pr WHERE pr.problem_id = pp.id) AS replies
    FROM project_problems pp
    JOIN projects p ON p.id = pp.project_id
    JOIN departments d ON d.id = pp.department_id
    LEFT JOIN region_units r ON r.id = p.region_unit_id
    LEFT JOIN users o ON o.id = p.owner_user_id`;

/** A timestamp's Beijing calendar date (the 督办 figures count by day, in the users' time). */
const bjDate = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * 交办单 (卡点堵点 assigned to a 责任部门) as the 督办 page lists them, with their project's summary
 * and department; their replies; and the month's figures per department.
 */
@Injectable()
export class SupervisionReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ScopeCondition[], limit: number): Promise<{ rows: SupervisionRow[]; total: number }> {
    const where = ['pp.department_id IS NOT NULL', ...scope.map((c) => c.sql)].join(' AND ');
    const params = Object.assign({}, ...scope.map((c) => c.params)) as Record<string, unknown>;
    const rows = await this.query<SupervisionRow>(
      `${ITEM_SELECT} WHERE ${where}
        ORDER BY CASE WHEN pp.status = 'resolved' THEN 1 ELSE 0 END, pp.due_on ASC NULLS LAST, pp.assigned_at DESC, pp.id
        LIMIT :limit`,
      { ...params, limit },
    );
    const [count] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM project_problems pp JOIN projects p ON p.id = pp.project_id WHERE ${where}`,
      params,
    );
    return { rows, total: count?.n ?? 0 };
  }

  async item(id: string): Promise<SupervisionRow | null> {
    const [row] = await this.query<SupervisionRow>(`${ITEM_SELECT} WHERE pp.id = :id`, { id });
    return row ?? null;
  }

  async replies(problemId: string): Promise<ReplyRow[]> {
    return this.query<ReplyRow>(
      `SELECT pr.id, u.display_name AS author_name, pr.body, pr.created_at
         FROM problem_replies pr JOIN users u ON u.id = pr.author_user_id
        WHERE pr.problem_id = :problemId ORDER BY pr.created_at, pr.id`,
      { problemId },
    );
  }

  /**
   * Per department, for the period [from, to] (Beijing dates), over the 交办单 in hand during it:
   * assigned on or before `to` and not closed before `from`. closed: of those, closed on or before
   * `to` (so within the period); overdue_open: not closed by the end of `to` though due on or before
   * it; closed_late: closed within the period after the due date. The current state of each row
   * counts (a reopened 交办单 has no closing any more; a reassigned one counts from its reassignment).
   * Every active department has a row, and any inactive one with 交办单 in hand.
   */
  async figures(scope: ScopeCondition[], from: string, to: string): Promise<FiguresRow[]> {
    const where = ['pp.department_id IS NOT NULL', ...scope.map((c) => c.sql)].join(' AND ');
    const params = Object.assign({ from, to }, ...scope.map((c) => c.params)) as Record<string, unknown>;
    return this.query<FiguresRow>(
      `WITH in_hand AS (
         SELECT pp.department_id, pp.due_on, pp.status, ${bjDate('pp.assigned_at')} AS assigned_on,
                CASE WHEN pp.status = 'resolved' THEN ${bjDate('pp.resolved_at')} END AS closed_on
           FROM project_problems pp JOIN projects p ON p.id = pp.project_id
          WHERE ${where} AND ${bjDate('pp.assigned_at')} <= :to::date
            AND NOT (pp.status = 'resolved' AND ${bjDate('pp.resolved_at')} < :from::date)
       ), counts AS (
         SELECT department_id,
                count(*)::int AS assigned,
                count(*) FILTER (WHERE assigned_on >= :from::date)::int AS newly_assigned,
                count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= :to::date)::int AS closed,
                count(*) FILTER (WHERE (closed_on IS NULL OR closed_on > :to::date) AND due_on <= :to::date)::int AS overdue_open,
                count(*) FILTER (WHERE closed_on IS NOT NULL AND closed_on <= :to::date AND closed_on > due_on)::int AS closed_late
           FROM in_hand GROUP BY department_id
       )
       SELECT d.id AS department_id, d.name AS department_name,
              COALESCE(c.assigned, 0) AS assigned, COALESCE(c.newly_assigned, 0) AS newly_assigned, COALESCE(c.closed, 0) AS closed,
              COALESCE(c.overdue_open, 0) AS overdue_open, COALESCE(c.closed_late, 0) AS closed_late
         FROM departments d JOIN region_units r ON r.id = d.region_unit_id
         LEFT JOIN counts c ON c.department_id = d.id
        WHERE d.is_active OR c.department_id IS NOT NULL
        ORDER BY r.level, r.sort_order, r.name, d.name, d.id`,
      params,
    );
  }

  private async query<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(text, values) as Promise<T[]>;
  }
}
