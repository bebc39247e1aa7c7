import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { Rational } from '../common/math/rational';
import { periodLabel, targetPeriodOf } from '../common/time/period';
import { asOfOfQuery, frameView, periodOfQuery, ReportPeriodQuery, reportFrame } from '../common/time/report-period.dto';
import { MetricsService } from '../metrics/metrics.service';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { TargetProgressReport } from './dto/target-view.dto';
import { progressOf } from './progress';
import { TargetsService } from './targets.service';

/**
 * Everyone's progress against their targets, computed from the data by the counting rules, over
 * a report period as of a date: a 1–N月 report compares the year's target with 1–N月's figures;
 * 序时进度 read as 通报 read it (config/reporting.json `pace.bulletin`: 1–10月 → 10/12), since
 * these are the completion and 超进度 figures a 通报 quotes; 同比 against the same months of the
 * previous year.
 */
@Injectable()
export class TargetProgressService {
  constructor(
    private readonly targets: TargetsService,
    private readonly metrics: MetricsService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async progress(actor: AuthUser, query: ReportPeriodQuery): Promise<TargetProgressReport> {
    return (await this.measured(actor, query)).report;
  }

  /** The progress report and the exact 序时进度 it was measured against (for a 合计 measured the same way). */
  async measured(actor: AuthUser, query: ReportPeriodQuery): Promise<{ report: TargetProgressReport; pace: Rational }> {
    const period = periodOfQuery(query);
    const frame = reportFrame(period, asOfOfQuery(query), this.rules.pace.bulletin);
    const targetPeriod = targetPeriodOf(period);
    const targets = targetPeriod ? await this.targets.list(actor, { periodType: targetPeriod.type, year: targetPeriod.year, quarter: targetPeriod.quarter }) : [];
    const teams = targets.filter((t) => t.assignee.type === 'team').map((t) => t.assignee.id);
    const units = targets.filter((t) => t.assignee.type === 'unit').map((t) => t.assignee.id);
    const [teamActuals, unitActuals, teamBefore, unitBefore, asOf] = await Promise.all([
      this.metrics.forTeams(frame.window, teams),
      this.metrics.forUnits(frame.window, units),
      this.metrics.forTeams(frame.previousWindow, teams),
      this.metrics.forUnits(frame.previousWindow, units),
      this.metrics.asOf(),
    ]);
    const report: TargetProgressReport = {
      ...frameView(frame),
      targetPeriod: targetPeriod ? { ...targetPeriod, label: periodLabel(targetPeriod) } : null,
      asOf,
      rows: targets.map((target) => {
        const [now, before] = target.assignee.type === 'team' ? [teamActuals, teamBefore] : [unitActuals, unitBefore];
        const actuals = now.get(target.assignee.id);
        return { target, metrics: actuals ? progressOf(target.values, actuals, frame.pace, before.get(target.assignee.id)) : [] };
      }),
    };
    return { report, pace: frame.pace };
  }
}
