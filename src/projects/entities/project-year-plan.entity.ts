import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Project } from './project.entity';

/** 年度计划投资: what a project plans to invest in one calendar year (万元). */
@Entity('project_year_plans')
@Unique('uq_project_year_plans_project_year', ['projectId', 'year'])
@Index('ix_project_year_plans_year', ['year', 'projectId'])
@Check('ck_project_year_plans_year', 'year BETWEEN 2000 AND 2100')
@Check('ck_project_year_plans_planned', 'planned_investment >= 0')
export class ProjectYearPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'smallint' })
  year: number;

  /** 年度计划投资 (万元). */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  plannedInvestment: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
