import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, Role } from '../common/auth/auth-user';
import { businessDate, startOfBusinessDay } from '../common/time/business-time';
import { TargetPeriod } from '../common/time/period';
import { reportFrame } from '../common/time/report-period.dto';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { MetricsService } from '../metrics/metrics.service';
import { progressOf } from '../targets/progress';
import { TargetsService } from '../targets/targets.service';
import { PIPELINE_RULES, PipelineRules } from '../leads/pipeline-rules';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, SweepPayload } from '../queue/jobs';
import { AccessRepository } from '../access/access.repository';
import { RemindersReadModel } from './reminders.read-model';

/**
 * Monday's digest (每周督办简报) for every manager: per team under them, follow-ups overdue
 * (due before today), leads idle past their stage's limit or past protection, and the year's
 * targets the team is behind on against 序时进度.
 */
@Injectable()
export class WeeklyDigestJob {
  constructor(
    private readonly readModel: RemindersReadModel,
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
    @Inject(PIPELINE_RULES) private readonly pipeline: PipelineRules,
    private readonly targets: TargetsService,
    private readonly metrics: MetricsService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  @JobHandler(JobName.WeeklyDigest)
  async digest(p: SweepPayload): Promise<{ managers: number }> {
    const now = p.at ? new Date(p.at) : new Date();
    // Keyed by the Beijing week's Monday: a retry or a run later in the week sends nothing new.
    const daysSinceMonday = (new Date(`${businessDate(now)}T00:00:00Z`).getUTCDay() + 6) % 7;
    const week = businessDate(new Date(now.getTime() - daysSinceMonday * 86_400_000));
    const managers = await this.readModel.activeManagers();
    const behind = await this.behindSchedule(now);
    let sent = 0;
    for (const m of managers) {
      const actor: AuthUser = { id: m.id, username: m.username, displayName: m.display_name, role: Role.Manager };
      const visible = this.scope.visibleTeamIdsSql(actor);
      if (!visible) continue;
      const lines = await this.readModel.teamLines(visible, now, startOfBusinessDay(now), this.pipeline);
      if (lines.length === 0) continue;
      const flagged = lines.filter((l) => l.overdue_follow_ups || l.idle_leads || l.expired_leads || behind.has(l.team_id));
      const body = flagged.length
        ? flagged
            .map((l) => {
              const late = behind.get(l.team_id);
              return `· ${l.name}：逾期未跟进 ${l.overdue_follow_ups} 条，长期未对接线索 ${l.idle_leads} 条，超过保护期 ${l.expired_leads} 条${late ? `；指标滞后：${late}` : ''}`;
            })
            .join('\n')
        : `分管的 ${lines.length} 支招商队本周没有逾期跟进、长期未对接的线索或滞后的指标。`;
      const made = await this.notifications.notifyUsers([m.id], {
        kind: NotificationKind.WeeklyDigest,
        title: `每周督办简报（${week}）`,
        body,
        dedupeKey: `weekly-digest:${week}`,
      });
      sent += made.length;
    }
    return { managers: sent };
  }

  /** Teams behind 序时进度 on this year's targets: team id → "签约金额 完成 40.00%（序时 50.00%）、…". */
  private async behindSchedule(now: Date): Promise<Map<string, string>> {
    const period: TargetPeriod = { type: 'year', year: Number(businessDate(now).slice(0, 4)) };
    const targets = await this.targets.forPeriod(period, 'team');
    if (targets.length === 0) return new Map();
    // A live figure: 序时进度 by the live convention (config/reporting.json pace.live), as of today.
    const frame = reportFrame(period, businessDate(now), this.rules.pace.live);
    const actuals = await this.metrics.forTeams(frame.window, targets.map((t) => t.teamId as string));
    const behind = new Map<string, string>();
    for (const t of targets) {
      const late = progressOf(t.values, actuals.get(t.teamId as string) ?? ({} as never), frame.pace).filter((p) => p.status === 'behind');
      if (late.length) behind.set(t.teamId as string, late.map((p) => `${p.label} 完成 ${p.completion}%（序时 ${frame.timeElapsed}%）`).join('、'));
    }
    return behind;
  }
}
