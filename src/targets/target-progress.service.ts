import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { Period, periodLabel, timeElapsedNow } from '../common/time/period';
import { MetricsService } from '../metrics/metrics.service';
import { PeriodDto } from './dto/target.dto';
import { TargetProgressReport } from './dto/target-view.dto';
import { progressOf } from './progress';
import { TargetsService } from './targets.service';

/** Everyone's progress against their targets, computed from the data by the counting rules. */
@Injectable()
export class TargetProgressService {
  constructor(
    private readonly targets: TargetsService,
    private readonly metrics: MetricsService,
  ) {}

  async progress(actor: AuthUser, query: PeriodDto): Promise<TargetProgressReport> {
    const period: Period = query.periodType === 'year' ? { type: 'year', year: query.year } : { type: 'quarter', year: query.year, quarter: query.quarter };
    const targets = await this.targets.list(actor, query);
    const [teamActuals, unitActuals, asOf] = await Promise.all([
      this.metrics.forTeams(period, targets.filter((t) => t.assignee.type === 'team').map((t) => t.assignee.id)),
      this.metrics.forUnits(period, targets.filter((t) => t.assignee.type === 'unit').map((t) => t.assignee.id)),
      this.metrics.asOf(),
    ]);
    const elapsed = timeElapsedNow(period);
    return {
      period: { ...period, label: periodLabel(period) },
      timeElapsed: (elapsed * 100).toFixed(2),
      asOf,
      rows: targets.map((target) => {
        const actuals = (target.assignee.type === 'team' ? teamActuals : unitActuals).get(target.assignee.id);
        return { target, metrics: actuals ? progressOf(target.values, actuals, elapsed) : [] };
      }),
    };
  }
}
