import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LeadStage } from './lead-stage';

/**
 * One cell of the pipeline's running totals: live leads of one stage and furthest stage reached,
 * with their amounts in units of 0.0001 万元 (one yuan) — summing bigints is about twice as fast
 * as summing numerics. Kept by triggers, never written by the application.
 */
export abstract class LeadStageCell {
  @PrimaryColumn({ type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  stage: LeadStage;

  @PrimaryColumn({ type: 'smallint' })
  furthestStageOrdinal: number;

  @Column({ type: 'int', default: 0 })
  leads: number;

  @Column({ type: 'bigint', default: 0 })
  intendedUnits: string;

  @Column({ type: 'bigint', default: 0 })
  signedUnits: string;
}

/**
 * Running totals of live leads per owning team, stage and furthest stage reached, kept by the
 * `lead_stage_totals_track` trigger on `leads` (migration PipelineTotals) in the same
 * transaction as every insert, move, amount change and soft delete — so they are exact at
 * every commit, whichever code path wrote the lead. The pipeline board and funnel sum these
 * instead of scanning every lead; the all-zero team key holds the whole city's cells, so the
 * admin's board reads a few dozen rows.
 */
@Entity('lead_stage_totals')
export class LeadStageTotal extends LeadStageCell {
  @PrimaryColumn({ type: 'uuid' })
  teamId: string;
}
