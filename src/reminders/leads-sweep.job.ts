import { Inject, Injectable } from '@nestjs/common';
import { businessDate } from '../common/time/business-time';
import { LEAD_STAGE_LABELS, LeadStage, PIPELINE } from '../leads/entities/lead-stage';
import { PIPELINE_RULES, PipelineRules } from '../leads/pipeline-rules';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, SweepPayload } from '../queue/jobs';
import { AccessRepository } from '../access/access.repository';
import { REMINDER_RULES, ReminderRules } from './reminder-rules';
import { OpenLead, RemindersReadModel } from './reminders.read-model';

const DAY_MS = 86_400_000;

/**
 * The hourly lead sweep: idle leads remind their owner (per stage, from config), leads past
 * the protection period tell the managers (who may release them), and large leads' response
 * deadlines remind, then escalate. Dedupe keys make each reminder once per occasion, so the
 * sweep can run as often as it likes.
 */
@Injectable()
export class LeadsSweepJob {
  constructor(
    private readonly readModel: RemindersReadModel,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    @Inject(PIPELINE_RULES) private readonly pipeline: PipelineRules,
    @Inject(REMINDER_RULES) private readonly rules: ReminderRules,
  ) {}

  @JobHandler(JobName.LeadsSweep)
  async sweep(p: SweepPayload): Promise<{ idle: number; protection: number; response: number }> {
    const now = p.at ? new Date(p.at) : new Date();
    const counts = { idle: 0, protection: 0, response: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const leads = await this.readModel.openLeads(after);
      if (leads.length === 0) return counts;
      for (const lead of leads) await this.check(lead, now, counts);
      after = (leads[leads.length - 1] as OpenLead).id;
    }
  }

  private async check(lead: OpenLead, now: Date, counts: { idle: number; protection: number; response: number }): Promise<void> {
    const idleDays = Math.floor((now.getTime() - new Date(lead.last_activity).getTime()) / DAY_MS);
    const spell = businessDate(new Date(lead.last_activity)); // one reminder per idle spell
    const limit = this.pipeline.idleDaysByStage[lead.stage as keyof PipelineRules['idleDaysByStage']];
    if (idleDays >= this.pipeline.protectionDays) {
      const managers = await this.scope.managersOf(lead.team_id);
      const made = await this.notifications.notifyUsers([...managers, lead.owner_id], {
        kind: NotificationKind.LeadProtectionExpired,
        title: `线索超过保护期：${lead.title}`,
        body: `已 ${idleDays} 天没有对接（保护期 ${this.pipeline.protectionDays} 天），分管领导可将其释放。`,
        link: { type: 'lead', id: lead.id },
        dedupeKey: `lead-protection:${lead.id}:${spell}`,
      });
      counts.protection += made.length ? 1 : 0;
    } else if (limit !== undefined && idleDays >= limit) {
      const made = await this.notifications.notifyUsers([lead.owner_id], {
        kind: NotificationKind.LeadIdle,
        title: `线索 ${idleDays} 天未对接：${lead.title}`,
        body: `线索处于「${LEAD_STAGE_LABELS[lead.stage]}」阶段，已 ${idleDays} 天没有对接记录，请尽快跟进。`,
        link: { type: 'lead', id: lead.id },
        dedupeKey: `lead-idle:${lead.id}:${spell}`,
      });
      counts.idle += made.length ? 1 : 0;
    }
    counts.response += await this.checkResponseRules(lead, now);
  }

  /** Response deadlines of the rules a lead's amount falls under: remind the day before, escalate once overdue. */
  private async checkResponseRules(lead: OpenLead, now: Date): Promise<number> {
    let sent = 0;
    const amount = Number(lead.intended_amount); // comparison only: amounts are far below 2^53 in 万元
    const stageIndex = PIPELINE.indexOf(lead.stage);
    for (const rule of this.rules.responseRules.filter((r) => amount >= Number(r.minIntendedAmount))) {
      const steps = rule.steps.map((s) => ({ ...s, dueAt: new Date(new Date(lead.created_at).getTime() + s.withinDays * DAY_MS) }));
      const progressDue = new Date(new Date(lead.last_interaction ?? lead.created_at).getTime() + rule.progressEveryDays * DAY_MS);
      steps.push({ key: `progress-${businessDate(progressDue)}`, label: '定期报告进展', withinDays: rule.progressEveryDays, doneAtStage: LeadStage.Signed, needsInteraction: false, dueAt: progressDue });
      for (const step of steps) {
        const isProgress = step.key.startsWith('progress-');
        const done = isProgress
          ? false
          : stageIndex >= PIPELINE.indexOf(step.doneAtStage) && (!step.needsInteraction || lead.last_interaction !== null);
        if (done) continue;
        const left = step.dueAt.getTime() - now.getTime();
        if (left > DAY_MS) continue;
        if (left > 0) {
          const made = await this.notifications.notifyUsers([lead.owner_id], {
            kind: NotificationKind.LeadResponseDue,
            title: `${rule.name}「${step.label}」明天到期：${lead.title}`,
            body: `按规定须在登记后 ${step.withinDays} 天内完成「${step.label}」，截止 ${businessDate(step.dueAt)}。`,
            link: { type: 'lead', id: lead.id },
            dedupeKey: `lead-response-due:${lead.id}:${rule.name}:${step.key}`,
          });
          sent += made.length;
        } else {
          const managers = await this.scope.managersOf(lead.team_id);
          const made = await this.notifications.notifyUsers([...managers, lead.owner_id], {
            kind: NotificationKind.LeadResponseOverdue,
            title: `${rule.name}「${step.label}」已逾期：${lead.title}`,
            body: `截止 ${businessDate(step.dueAt)}，至今未完成，请督办。`,
            link: { type: 'lead', id: lead.id },
            dedupeKey: `lead-response-overdue:${lead.id}:${rule.name}:${step.key}`,
          });
          sent += made.length;
        }
      }
    }
    return sent;
  }
}
