import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { businessDate } from '../common/time/business-time';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { PermanentJobError } from '../queue/job-errors';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, RollupSigningPayload, SweepPayload } from '../queue/jobs';
import { EnsureJob, QueueReconciliation } from '../queue/queue-reconciliation';
import { SigningsService } from '../signings/signings.service';
import { AccessRepository } from '../access/access.repository';
import { PROJECT_REGISTRY, ProjectRegistry } from './project-registry.port';

/**
 * The registry's background work: signings roll up into projects (exactly once, whatever
 * the retries), owners are reminded to file monthly progress, overdue problems escalate.
 */
@Injectable()
export class ProjectsJobs implements OnModuleInit {
  private readonly logger = new Logger(ProjectsJobs.name);

  constructor(
    @Inject(PROJECT_REGISTRY) private readonly projects: ProjectRegistry,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    private readonly signings: SigningsService,
    private readonly reconciliation: QueueReconciliation,
  ) {}

  onModuleInit(): void {
    this.reconciliation.register('rollups', (ensure) => this.reconcileRollups(ensure));
  }

  /** Every signing not in the ledger has its rollup job queued (or about to be): the queue may have lost it. */
  async reconcileRollups(ensure: EnsureJob): Promise<number> {
    let requeued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await this.projects.signingsNotRolledUp(after, 500);
      if (ids.length === 0) return requeued;
      for (const { jobId, payload } of await this.signings.rollupJobs(ids)) {
        if (await ensure(JobName.RollupSigning, payload, { jobId })) requeued += 1;
      }
      after = ids[ids.length - 1] as string;
    }
  }

  @JobHandler(JobName.RollupSigning)
  async rollup(p: RollupSigningPayload): Promise<string> {
    let outcome: string;
    try {
      outcome = await this.projects.rollupSigning(p);
    } catch (err) {
      // A payload naming a lead or signing that does not exist will not exist on retry either.
      if (err instanceof AppError && err.status < 500) throw new PermanentJobError(`${err.code}: ${err.message}`);
      throw err;
    }
    this.logger.log(`signing ${p.signingId} (${p.kind}, ${p.amount} 万元): ${outcome}`);
    return outcome;
  }

  @JobHandler(JobName.ProjectProgressReminders)
  async progressReminders(p: SweepPayload): Promise<{ reminded: number }> {
    const now = p.at ? new Date(p.at) : new Date();
    const month = businessDate(now).slice(0, 7);
    let reminded = 0;
    for (const project of await this.projects.projectsDueForProgressReport(month)) {
      if (!project.ownerUserId) continue;
      const made = await this.notifications.notifyUsers([project.ownerUserId], {
        kind: NotificationKind.ProjectProgressDue,
        title: `请填报 ${month} 月度完成投资：${project.name}`,
        body: `项目「${project.name}」本月的完成投资还没有填报，请在月底前填报。`,
        link: { type: 'project', id: project.id },
        dedupeKey: `project-progress:${project.id}:${month}`,
      });
      reminded += made.length;
    }
    return { reminded };
  }

  @JobHandler(JobName.ProjectProblemsSweep)
  async problemsSweep(p: SweepPayload): Promise<{ escalated: number }> {
    const now = p.at ? new Date(p.at) : new Date();
    let escalated = 0;
    for (const problem of await this.projects.overdueProblems(now)) {
      const recipients = [...(problem.teamId ? await this.scope.managersOf(problem.teamId) : []), ...(problem.ownerUserId ? [problem.ownerUserId] : [])];
      const made = await this.notifications.notifyUsers(recipients, {
        kind: NotificationKind.ProjectProblemOverdue,
        title: `卡点问题逾期：${problem.projectName}`,
        body: `「${problem.description.slice(0, 100)}」（责任单位：${problem.responsibleDepartment ?? '未指定'}）应于 ${problem.dueOn} 前解决，至今未解决。`,
        link: { type: 'project', id: problem.projectId },
        dedupeKey: `project-problem-overdue:${problem.id}:${problem.dueOn}`,
      });
      escalated += made.length;
    }
    return { escalated };
  }
}
