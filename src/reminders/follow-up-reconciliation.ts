import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { escalationJobId, followUpJobId, reminderTime } from '../interactions/follow-up-jobs';
import { InteractionsService } from '../interactions/interactions.service';
import { NotificationsService } from '../notifications/notifications.service';
import { JobName } from '../queue/jobs';
import { EnsureJob, QueueReconciliation } from '../queue/queue-reconciliation';
import { DAY_MS, dueKey, overdueKey } from './follow-up-keys';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

/** The follow-up reminders' step of the queue reconciliation (see FollowUpDueJob, FollowUpEscalateJob). */
@Injectable()
export class FollowUpReconciliation implements OnModuleInit {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
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
}
