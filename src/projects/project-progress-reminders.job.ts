import { Injectable } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, SweepPayload } from '../queue/jobs';
import { ProjectsService } from './projects.service';

/** Monthly: owners of projects being built or running are reminded to file the month's completed investment. */
@Injectable()
export class ProjectProgressRemindersJob {
  constructor(
    private readonly projects: ProjectsService,
    private readonly notifications: NotificationsService,
  ) {}

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
}
