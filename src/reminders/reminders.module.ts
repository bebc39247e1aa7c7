import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProjectsJobs } from '../projects/projects.jobs';
import { MetricsModule } from '../metrics/metrics.module';
import { ProjectsModule } from '../projects/projects.module';
import { SigningsModule } from '../signings/signings.module';
import { TargetsModule } from '../targets/targets.module';
import { TeamsModule } from '../teams/teams.module';
import { FollowUpJobs } from './follow-up.job';
import { LeadsSweepJob } from './leads-sweep.job';
import { loadReminderRules, REMINDER_RULES } from './reminder-rules';
import { RemindersReadModel } from './reminders.read-model';
import { WeeklyDigestJob } from './weekly-digest.job';

/** Background reminders and escalations (督办) over interactions, leads and registry projects, and the registry rollup. */
@Module({
  imports: [InteractionsModule, LeadsModule, NotificationsModule, TeamsModule, ProjectsModule, SigningsModule, TargetsModule, MetricsModule],
  providers: [{ provide: REMINDER_RULES, useFactory: () => loadReminderRules() }, RemindersReadModel, FollowUpJobs, LeadsSweepJob, WeeklyDigestJob, ProjectsJobs],
})
export class RemindersModule {}
