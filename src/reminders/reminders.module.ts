import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TargetsModule } from '../targets/targets.module';
import { FollowUpDueJob } from './follow-up-due.job';
import { FollowUpEscalateJob } from './follow-up-escalate.job';
import { FollowUpReconciliation } from './follow-up-reconciliation';
import { LeadsSweepJob } from './leads-sweep.job';
import { loadReminderRules, REMINDER_RULES } from './reminder-rules';
import { RemindersReadModel } from './reminders.read-model';
import { WeeklyDigestJob } from './weekly-digest.job';

/** Background reminders and escalations (督办) over interactions and leads, and the weekly digest. (The registry's own sweeps live in ProjectsModule.) */
@Module({
  imports: [InteractionsModule, LeadsModule, NotificationsModule, TargetsModule, MetricsModule],
  providers: [{ provide: REMINDER_RULES, useFactory: () => loadReminderRules() }, RemindersReadModel, FollowUpDueJob, FollowUpEscalateJob, FollowUpReconciliation, LeadsSweepJob, WeeklyDigestJob],
})
export class RemindersModule {}
