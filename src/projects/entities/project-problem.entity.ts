import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { ProblemCategory, ProblemStatus } from './project-enums';
import { Project } from './project.entity';

/** 卡点堵点: a problem holding a project back, owned by a department until resolved (破难清障). */
@Entity('project_problems')
@Index('ix_project_problems_project_id', ['projectId'])
@Index('ix_project_problems_open_due', ['dueOn'], { where: "status <> 'resolved'" })
export class ProjectProblem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'enum', enum: ProblemCategory, enumName: 'project_problem_category' })
  category: ProblemCategory;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  /** 责任部门. */
  @Column({ type: 'varchar', length: 200 })
  responsibleDepartment: string;

  /** 限办日期. */
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'enum', enum: ProblemStatus, enumName: 'project_problem_status', default: ProblemStatus.Open })
  status: ProblemStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  /** 解决情况. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  resolution: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
