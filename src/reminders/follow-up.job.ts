import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { escalationJobId, followUpJobId, reminderTime } from '../interactions/follow-up-jobs';
import { InteractionsService } from '../interactions/interactions.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { FollowUpPayload, JobName } from '../queue/jobs';
import { EnsureJob, QueueReconciliation } from '../queue/queue-reconciliation';
import { QueueService } from '../queue/queue.service';
import { AccessRepository } from '../access/access.repository';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

const DAY_MS = 86_400_000;

/** The reminder of a follow-up version and its escalation: once each (dedupe keys), and how the reconciliation tells they went out. */
const dueKey = (id: string, version: number) => `follow-up-due:${id}:v${version}`;
const overdueKey = (id: string, version: number) => `follow-up-overdue:${id}:v${version}`;

/**
 * Follow-up reminders: when a follow-up comes due its people are reminded; if it is still
 * open some days later, the team's managers are told (督办). A job for a follow-up that has
 * since moved, been done or deleted finds a newer version and does nothing.
 */
@Injectable()
export class FollowUpJobs implements OnModuleInit {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    private readonly queues: QueueService,
    private readonly reconciliation: QueueReconciliation,
    @Inject(REMINDER_RULES) private readonly rules: ReminderRules,
  ) {}

  onModuleInit(): void {
    this.reconciliation.register('followUps', (ensure) => this.reconcile(ensure));
  }

  /**
   * Every open follow-up has its current version's next step on its way: the reminder until it
   * has been sent, then the escalation (due the configured days after the reminder went out)
   * until that has. A step the queue lost is queued again under its versioned job id.
   */
  async reconcile(ensure: EnsureJob): Promise<number> {
    let requeued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const open = await this.interactions.openFollowUps(after, 500);
      if (open.length === 0) return requeued;
      const sent = await this.notifications.firstNotified(open.flatMap((f) => [dueKey(f.id, f.version), overdueKey(f.id, f.version)]));
      for (const f of open) {
        const payload = { interactionId: f.id, version: f.version };
        const remindedAt = sent.get(dueKey(f.id, f.version));
        if (!remindedAt) {
          if (await ensure(JobName.FollowUpDue, payload, { jobId: followUpJobId(f.id, f.version), runAt: reminderTime(f.due) })) requeued += 1;
        } else if (!sent.has(overdueKey(f.id, f.version))) {
          const runAt = new Date(remindedAt.getTime() + this.rules.followUpEscalateAfterDays * DAY_MS);
          if (await ensure(JobName.FollowUpEscalate, payload, { jobId: escalationJobId(f.id, f.version), runAt })) requeued += 1;
        }
      }
      after = (open[open.length - 1] as { id: string }).id;
    }
  }

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
