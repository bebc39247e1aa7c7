import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { ProblemCategory, ProblemStatus } from './project-enums';
import { Department } from '../../departments/entities/department.entity';
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

  /** 责任部门 as written (free text, kept for rows from before departments); the department's name when one is assigned. */
  @Column({ type: 'varchar', length: 200 })
  responsibleDepartment: string;

  /** The 责任部门 this problem is assigned to as a 交办单 (督办); null for old free-text rows. */
  @Index('ix_project_problems_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** When it was assigned (交办) to its current department: the 督办 figures count from it. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  assignedAt: Date | null;

  /**
   * The overdue episode: 0 at first, one more at each reopening or new deadline, so the sweep
   * escalates once per episode (its notification's dedupe key carries it).
   */
  @Column({ type: 'integer', default: 0 })
  overdueEpisode: number;

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
