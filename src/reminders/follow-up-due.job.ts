import { Inject, Injectable } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { escalationJobId } from '../interactions/follow-up-jobs';
import { InteractionsService } from '../interactions/interactions.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { FollowUpPayload, JobName } from '../queue/jobs';
import { QueueService } from '../queue/queue.service';
import { DAY_MS, dueKey } from './follow-up-keys';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

/**
 * A follow-up comes due: its people are reminded, and its escalation is queued for some days
 * later (FollowUpEscalateJob). A job for a follow-up that has since moved, been done or
 * deleted finds a newer version and does nothing.
 */
@Injectable()
export class FollowUpDueJob {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
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
      dedupeKey: dueKey(state.id, state.version),
    });
    const delay = this.rules.followUpEscalateAfterDays * DAY_MS;
    await this.queues.add(JobName.FollowUpEscalate, { interactionId: state.id, version: state.version }, { jobId: escalationJobId(state.id, state.version), delay });
    return 'reminded';
  }
}
