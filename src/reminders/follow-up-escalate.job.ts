import { Inject, Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { businessDate } from '../common/time/business-time';
import { InteractionsService } from '../interactions/interactions.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { FollowUpPayload, JobName } from '../queue/jobs';
import { overdueKey } from './follow-up-keys';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

/** A follow-up still open some days after its reminder: the team's managers are told (督办). Stale versions do nothing. */
@Injectable()
export class FollowUpEscalateJob {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    @Inject(REMINDER_RULES) private readonly rules: ReminderRules,
  ) {}

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
      dedupeKey: overdueKey(state.id, state.version),
    });
    return 'escalated';
  }
}
