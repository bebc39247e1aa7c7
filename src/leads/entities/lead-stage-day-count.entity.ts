import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LeadStage } from './lead-stage';

/**
 * One bucket of the funnel's histograms of days spent per stage: how many stage changes of live
 * leads left `stage` after between `day` and `day + 1` days (floor of days_in_from_stage). The
 * funnel finds the bucket holding each median by cumulative counts and reads only that bucket's
 * exact values, so a median stays exact without sorting every change in scope. Kept by triggers
 * (migration PipelineStageDays), never written by the application.
 */
export abstract class LeadStageDayCell {
  @PrimaryColumn({ type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  stage: LeadStage;

  @PrimaryColumn({ type: 'int' })
  day: number;

  @Column({ type: 'int', default: 0 })
  changes: number;
}

/**
 * Per owning team (the all-zero team key: the whole city), as lead_stage_totals: a change counts
 * under its lead's current team while the lead is live, so a reassignment or a deletion carries
 * the lead's changes along.
 */
@Entity('lead_stage_day_counts')
export class LeadStageDayCount extends LeadStageDayCell {
  @PrimaryColumn({ type: 'uuid' })
  teamId: string;
}

/** Per region unit, the team buckets summed up each team's region path (as lead_region_stage_totals). */
@Entity('lead_region_stage_day_counts')
export class LeadRegionStageDayCount extends LeadStageDayCell {
  @PrimaryColumn({ type: 'uuid' })
  regionUnitId: string;
}
