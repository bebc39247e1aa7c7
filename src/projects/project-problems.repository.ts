import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProblemStatus } from './entities/project-enums';
import { ProjectProblem } from './entities/project-problem.entity';

/** An unresolved problem past its due date, for escalation. */
export interface OverdueProblem {
  id: string;
  projectId: string;
  projectName: string;
  category: string;
  description: string;
  responsibleDepartment: string;
  departmentId: string | null;
  overdueEpisode: number;
  dueOn: string;
  status: ProblemStatus;
  ownerUserId: string | null;
  teamId: string | null;
  regionUnitId: string | null;
  daysOverdue: number;
}

/** Queries on project_problems (卡点堵点): a project's list, one problem, open counts and the overdue ones. */
@Injectable()
export class ProjectProblemsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A project's problems, unresolved first and the most urgent at the top; only those of `status` if given. */
  async listForProject(projectId: string, status?: ProblemStatus): Promise<ProjectProblem[]> {
    const qb = this.dataSource.getRepository(ProjectProblem).createQueryBuilder('pp').where('pp.project_id = :projectId', { projectId });
    if (status) qb.andWhere('pp.status = :status', { status });
    qb.orderBy(`CASE WHEN pp.status = 'resolved' THEN 1 ELSE 0 END`).addOrderBy('pp.due_on', 'ASC', 'NULLS LAST').addOrderBy('pp.created_at', 'ASC');
    return qb.getMany();
  }

  /** The problem if it belongs to the project (locked for update with `lock`), else null. */
  async findInProject(em: EntityManager, projectId: string, problemId: string, lock = false): Promise<ProjectProblem | null> {
    const qb = em.getRepository(ProjectProblem).createQueryBuilder('pp').where('pp.id = :problemId AND pp.project_id = :projectId', { problemId, projectId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** How many of the project's problems are not resolved. */
  async openCount(projectId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM project_problems WHERE project_id = $1 AND status <> 'resolved'`, [projectId]);
    return rows[0]?.n ?? 0;
  }

  /** Unresolved problems whose due date lies before `today` (`YYYY-MM-DD`), oldest due first, with their project's name, owner, team and region. */
  async overdue(today: string): Promise<OverdueProblem[]> {
    const rows: Array<{
      id: string;
      project_id: string;
      name: string;
      category: string;
      description: string;
      responsible_department: string;
      department_id: string | null;
      overdue_episode: number;
      due_on: string;
      status: ProblemStatus;
      owner_user_id: string | null;
      team_id: string | null;
      region_unit_id: string | null;
      days: number;
    }> = await this.dataSource.query(
      `SELECT pp.id, pp.project_id, p.name, pp.category, pp.description, pp.responsible_department, pp.department_id, pp.overdue_episode, pp.due_on::text, pp.status,
              p.owner_user_id, p.team_id, p.region_unit_id, ($1::date - pp.due_on) AS days
         FROM project_problems pp JOIN projects p ON p.id = pp.project_id
        WHERE pp.status <> 'resolved' AND pp.due_on < $1::date
        ORDER BY pp.due_on, pp.id`,
      [today],
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.name,
      category: r.category,
      description: r.description,
      responsibleDepartment: r.responsible_department,
      departmentId: r.department_id,
      overdueEpisode: r.overdue_episode,
      dueOn: r.due_on,
      status: r.status,
      ownerUserId: r.owner_user_id,
      teamId: r.team_id,
      regionUnitId: r.region_unit_id,
      daysOverdue: Number(r.days),
    }));
  }
}
