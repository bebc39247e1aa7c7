import { TargetPeriod } from '../common/time/period';
import type { PeriodDto } from './dto/target.dto';
import type { Target } from './entities/target.entity';

/** The quarter column of a period: 1–4 for a quarter, 0 for a year. */
export function quarterOf(p: Pick<PeriodDto, 'periodType' | 'quarter'>): number {
  return p.periodType === 'quarter' ? (p.quarter as number) : 0;
}

/** The period a target (or a ranking) is for. */
export function periodOf(t: Pick<Target, 'periodType' | 'year' | 'quarter'>): TargetPeriod {
  return t.periodType === 'year' ? { type: 'year', year: t.year } : { type: 'quarter', year: t.year, quarter: t.quarter };
}
