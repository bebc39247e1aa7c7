import { Inject, Injectable } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { escalationJobId, InteractionsService } from '../interactions/interactions.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { FollowUpPayload, JobName } from '../queue/jobs';
import { QueueService } from '../queue/queue.service';
import { TeamScopeService } from '../teams/team-scope.service';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

const DAY_MS = 86_400_000;

/**
 * Follow-up reminders: when a follow-up comes due its people are reminded; if it is still
 * open some days later, the team's managers are told (督办). A job for a follow-up that has
 * since moved, been done or deleted finds a newer version and does nothing.
 */
@Injectable()
export class FollowUpJobs {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
    private readonly scope: TeamScopeService,
    private readonly queues: QueueService,
    @Inject(REMINDER_RULES) private readonly rules: ReminderRules,
  ) {}

  @JobHandler(JobName.FollowUpDue)
  async due(p: FollowUpPayload): Promise<string> {
    const state = await this.interactions.followUpState(p.interactionId);
    if (!state || !state.open || state.version !== p.version) return 'stale';
    await this.notifications.notifyUsers([state.authorId, ...state.participantIds], {
      kind: NotificationKind.FollowUpDue,
      title: `今日跟进：${state.enterpriseName}`,
      body: `约定的跟进日期到了（${businessDate(state.nextFollowUpAt as Date)}）。上次对接：${state.summary.slice(0, 200)}`,
      link: { type: 'interaction', id: state.id },
      dedupeKey: `follow-up-due:${state.id}:v${state.version}`,
    });
    const delay = this.rules.followUpEscalateAfterDays * DAY_MS;
    await this.queues.add(JobName.FollowUpEscalate, { interactionId: state.id, version: state.version }, { jobId: escalationJobId(state.id, state.version), delay });
    return 'reminded';
  }

  @JobHandler(JobName.FollowUpEscalate)
  async escalate(p: FollowUpPayload): Promise<string> {
    const state = await this.interactions.followUpState(p.interactionId);
    if (!state || !state.open || state.version !== p.version) return 'stale';
    const managers = await this.scope.managersOf(state.teamId);
    if (managers.length === 0) return 'no manager';
    await this.notifications.notifyUsers(managers, {
      kind: NotificationKind.FollowUpOverdue,
      title: `逾期未跟进：${state.enterpriseName}`,
      body: `原定 ${businessDate(state.nextFollowUpAt as Date)} 跟进，至今已逾期 ${this.rules.followUpEscalateAfterDays} 天以上仍未跟进，请督办。`,
      link: { type: 'interaction', id: state.id },
      dedupeKey: `follow-up-overdue:${state.id}:v${state.version}`,
    });
    return 'escalated';
  }
}
