import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { businessDate } from '../common/time/business-time';
import { escalationJobId } from '../interactions/follow-up-jobs';
import { FollowUpState, InteractionsService } from '../interactions/interactions.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService, NotifyInput } from '../notifications/notifications.service';
import { JobBatcher } from '../queue/job-batcher';
import { JobHandler } from '../queue/job-handler.decorator';
import { BATCH_WAIT_MS, FollowUpPayload, JobName, QUEUE_BATCH_SIZE, QueueName } from '../queue/jobs';
import { QueueService } from '../queue/queue.service';
import { DAY_MS, dueKey } from './follow-up-keys';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';

type Outcome = 'stale' | 'reminded';

/**
 * A follow-up comes due: its people are reminded, and its escalation is queued for some days
 * later (FollowUpEscalateJob). A job for a follow-up that has since moved, been done or
 * deleted finds a newer version and does nothing.
 *
 * Reminders come due together (100,000 at 08:30), so the jobs a worker holds are handled as
 * one batch (JobBatcher): one read of their follow-ups, one transaction storing every
 * notification (one INSERT, unique per recipient and dedupe key, so a reminder run twice is
 * still one notification), one addBulk of the escalations (fixed job ids). A batch that fails
 * is run again job by job, so one bad reminder never holds back the others.
 */
@Injectable()
export class FollowUpDueJob {
  readonly batcher = new JobBatcher<FollowUpPayload, Outcome>((batch) => this.remind(batch), {
    maxSize: QUEUE_BATCH_SIZE[QueueName.Reminders] ?? 1,
    maxWaitMs: BATCH_WAIT_MS,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly interactions: InteractionsService,
    private readonly notifications: NotificationsService,
    private readonly queues: QueueService,
    @Inject(REMINDER_RULES) private readonly rules: ReminderRules,
  ) {}

  @JobHandler(JobName.FollowUpDue)
  due(p: FollowUpPayload): Promise<Outcome> {
    return this.batcher.submit(p);
  }

  private async remind(batch: FollowUpPayload[]): Promise<Outcome[]> {
    const states = await this.interactions.followUpStates(batch.map((p) => p.interactionId));
    const live = batch.map((p) => {
      const state = states.get(p.interactionId.toLowerCase());
      return state && state.open && state.version === p.version ? state : null;
    });
    const due = [...new Map(live.filter((s): s is FollowUpState => s !== null).map((s) => [dueKey(s.id, s.version), s])).values()];
    if (due.length) {
      await this.dataSource.transaction((em) => this.notifications.notifyMany(due.map((s) => ({ userIds: [s.authorId, ...s.participantIds], input: this.message(s) })), em));
      const delay = this.rules.followUpEscalateAfterDays * DAY_MS;
      await this.queues.addMany(
        JobName.FollowUpEscalate,
        due.map((s) => ({ payload: { interactionId: s.id, version: s.version }, opts: { jobId: escalationJobId(s.id, s.version), delay } })),
      );
    }
    return live.map((s) => (s ? 'reminded' : 'stale'));
  }

  private message(state: FollowUpState): NotifyInput {
    return {
      kind: NotificationKind.FollowUpDue,
      title: `今日跟进：${state.enterpriseName}`,
      body: `约定的跟进日期到了（${businessDate(state.nextFollowUpAt as Date)}）。上次对接：${state.summary.slice(0, 200)}`,
      link: { type: 'interaction', id: state.id },
      dedupeKey: dueKey(state.id, state.version),
    };
  }
}
