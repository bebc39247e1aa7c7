import { Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { DepartmentsService } from '../departments/departments.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, SweepPayload } from '../queue/jobs';
import { ProjectsService } from './projects.service';

/**
 * Daily: unresolved problems past their due date escalate to the team's managers and the project's
 * owner, and a 交办单's to its department's 分管领导 too. Once per overdue episode: the dedupe key
 * names the problem, its deadline and (after a reopening or reassignment) the episode, so a rerun
 * of the sweep, or the next day's, tells nobody twice.
 */
@Injectable()
export class ProjectProblemsSweepJob {
  constructor(
    private readonly projects: ProjectsService,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    private readonly departments: DepartmentsService,
  ) {}

  @JobHandler(JobName.ProjectProblemsSweep)
  async problemsSweep(p: SweepPayload): Promise<{ escalated: number }> {
    const now = p.at ? new Date(p.at) : new Date();
    let escalated = 0;
    for (const problem of await this.projects.overdueProblems(now)) {
      const leader = problem.departmentId ? (await this.departments.get(problem.departmentId)).leaderUserId : null;
      const recipients = [
        ...(problem.teamId ? await this.scope.managersOf(problem.teamId) : []),
        ...(problem.ownerUserId ? [problem.ownerUserId] : []),
        ...(leader ? [leader] : []),
      ];
      const made = await this.notifications.notifyUsers(recipients, {
        kind: NotificationKind.ProjectProblemOverdue,
        title: `卡点问题逾期：${problem.projectName}`,
        body: `「${problem.description.slice(0, 100)}」（责任单位：${problem.responsibleDepartment ?? '未指定'}${problem.departmentId ? '，交办单' : ''}）应于 ${problem.dueOn} 前解决，至今未解决。`,
        link: { type: 'project', id: problem.projectId },
        dedupeKey: `project-problem-overdue:${problem.id}:${problem.dueOn}${problem.overdueEpisode ? `:${problem.overdueEpisode}` : ''}`,
      });
      escalated += made.length;
    }
    return { escalated };
  }
}
