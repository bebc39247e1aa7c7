import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { User } from '../../users/entities/user.entity';
import { Project } from './project.entity';

/**
 * 当月完成投资: one row per project and month (the 1st of the month). Cumulative completed
 * investment is always their sum, never stored.
 */
@Entity('project_monthly_progress')
@Unique('uq_project_monthly_progress_project_month', ['projectId', 'month'])
// (month, project_id) INCLUDE (completed_investment), written by hand in the migration: yearly sums become index-only scans.
@Index('ix_project_monthly_progress_month', { synchronize: false })
@Check('ck_project_monthly_progress_month', 'EXTRACT(DAY FROM month) = 1')
@Check('ck_project_monthly_progress_completed', 'completed_investment >= 0')
export class ProjectMonthlyProgress {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** The month reported, as its first day. */
  @Column({ type: 'date' })
  month: string;

  /** 当月完成投资 (万元). */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  completedInvestment: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  reportedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reported_by_id' })
  reportedBy?: User | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
