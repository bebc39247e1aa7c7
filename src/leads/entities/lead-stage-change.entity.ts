import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { LeadStage } from './lead-stage';
import { Lead } from './lead.entity';

/** One move of a lead: who, when, why, and how long it had stayed in the stage it left. */
@Entity('lead_stage_changes')
@Index('ix_lead_stage_changes_lead_at', ['leadId', 'at'])
// The funnel reads one day's bucket of a stage's exact days to place a median (PipelineRepository.medianDays):
// (from_stage, days_in_from_stage) INCLUDE (lead_id), written by hand in the migration, so those reads are index-only.
@Index('ix_lead_stage_changes_from_days', { synchronize: false })
export class LeadStageChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  /** Null for the lead's creation. */
  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage', nullable: true })
  fromStage: LeadStage | null;

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  toStage: LeadStage;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Days spent in `fromStage`, kept at the move so the funnel's medians need no window scan. */
  @Column({ type: 'numeric', precision: 10, scale: 3, nullable: true })
  daysInFromStage: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @CreatedAt()
  at: Date;
}
