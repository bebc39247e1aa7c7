import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { DepartmentsService } from '../departments/departments.service';
import { notFound } from '../common/errors/app-error';
import { CreateProblemDto, ProblemQuery, ProblemView, toProblemView, UpdateProblemDto } from './dto/problem.dto';
import { ProblemStatus } from './entities/project-enums';
import { ProjectProblem } from './entities/project-problem.entity';
import { Project } from './entities/project.entity';
import { ProjectProblemsRepository } from './project-problems.repository';
import { projectErrors } from './projects.errors';
import { ProjectsService } from './projects.service';

/**
 * 卡点堵点 of a project (破难清障): raised, worked on, resolved with a note on how, reopened if
 * it comes back. Admins and the project's owner write; whoever sees the project reads.
 */
@Injectable()
export class ProjectProblemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly repo: ProjectProblemsRepository,
    private readonly audit: AuditService,
    private readonly departments: DepartmentsService,
  ) {}

  async list(actor: AuthUser, projectId: string, query: ProblemQuery): Promise<ProblemView[]> {
    await this.projects.findVisible(this.dataSource.manager, actor, projectId);
    return (await this.repo.listForProject(projectId, query.status)).map(toProblemView);
  }

  async get(actor: AuthUser, projectId: string, problemId: string): Promise<ProblemView> {
    return toProblemView(await this.find(this.dataSource.manager, actor, projectId, problemId));
  }

  async create(actor: AuthUser, projectId: string, dto: CreateProblemDto): Promise<ProblemView> {
    return this.dataSource.transaction(async (em) => {
      await this.writable(em, actor, projectId);
      const repo = em.getRepository(ProjectProblem);
      const department = dto.departmentId ? await this.departments.requireActive(em, dto.departmentId, 'departmentId') : null;
      const problem = repo.create({
        projectId,
        category: dto.category,
        description: dto.description,
        // An assigned problem's 责任部门 reads as its department's name (the free text stays for old rows).
        responsibleDepartment: department?.name ?? (dto.responsibleDepartment as string),
        departmentId: department?.id ?? null,
        assignedAt: department ? new Date() : null,
        dueOn: dto.dueOn ?? null,
        status: ProblemStatus.Open,
        createdById: actor.id,
      });
      await repo.save(problem);
      await this.audit.record(em, actor, { action: 'create', entity: 'project-problem', entityId: problem.id, after: snapshot(problem) });
      return toProblemView(problem);
    });
  }

  /** Edits and status changes: resolving needs a resolution and stamps resolvedAt; reopening clears it. */
  async update(actor: AuthUser, projectId: string, problemId: string, dto: UpdateProblemDto): Promise<ProblemView> {
    return this.dataSource.transaction(async (em) => {
      await this.writable(em, actor, projectId);
      const problem = await this.find(em, actor, projectId, problemId, true);
      const before = snapshot(problem);
      if (dto.category !== undefined) problem.category = dto.category;
      if (dto.description !== undefined) problem.description = dto.description;
      if (dto.responsibleDepartment !== undefined) problem.responsibleDepartment = dto.responsibleDepartment;
      if (dto.departmentId !== undefined && dto.departmentId !== problem.departmentId) {
        // A new department gets a new 交办单: counted from now, and escalated afresh when overdue.
        const department = dto.departmentId ? await this.departments.requireActive(em, dto.departmentId, 'departmentId') : null;
        problem.departmentId = department?.id ?? null;
        problem.assignedAt = department ? new Date() : null;
        if (department) problem.responsibleDepartment = department.name;
        problem.overdueEpisode += 1;
      }
      if (dto.dueOn !== undefined) problem.dueOn = dto.dueOn;
      if (dto.resolution !== undefined) problem.resolution = dto.resolution;
      if (dto.status !== undefined && dto.status !== problem.status) {
        if (dto.status === ProblemStatus.Resolved) {
          if (!problem.resolution) throw projectErrors('PROBLEM_RESOLUTION_REQUIRED', [{ field: 'resolution', message: '请填写解决情况' }]);
          problem.resolvedAt = new Date();
        } else {
          // Reopened: a new overdue episode, escalated again if it runs past its deadline.
          if (problem.status === ProblemStatus.Resolved) problem.overdueEpisode += 1;
          problem.resolvedAt = null;
        }
        problem.status = dto.status;
      }
      await em.getRepository(ProjectProblem).save(problem);
      await this.audit.record(em, actor, { action: 'update', entity: 'project-problem', entityId: problem.id, before, after: snapshot(problem) });
      return toProblemView(problem);
    });
  }

  async remove(actor: AuthUser, projectId: string, problemId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.writable(em, actor, projectId);
      const problem = await this.find(em, actor, projectId, problemId, true);
      await em.getRepository(ProjectProblem).delete({ id: problem.id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'project-problem', entityId: problem.id, before: snapshot(problem) });
    });
  }

  private async writable(em: EntityManager, actor: AuthUser, projectId: string): Promise<Project> {
    const project = await this.projects.findVisible(em, actor, projectId);
    if (actor.role !== Role.Admin && project.ownerUserId !== actor.id) throw projectErrors('PROJECT_WRITE_FORBIDDEN');
    return project;
  }

  private async find(em: EntityManager, actor: AuthUser, projectId: string, problemId: string, lock = false): Promise<ProjectProblem> {
    await this.projects.findVisible(em, actor, projectId);
    const problem = await this.repo.findInProject(em, projectId, problemId, lock);
    if (!problem) throw notFound('project-problem');
    return problem;
  }
}

function snapshot(p: ProjectProblem) {
  return {
    category: p.category,
    description: p.description,
    responsibleDepartment: p.responsibleDepartment,
    departmentId: p.departmentId,
    assignedAt: p.assignedAt,
    dueOn: p.dueOn,
    status: p.status,
    resolution: p.resolution,
    resolvedAt: p.resolvedAt,
  };
}
