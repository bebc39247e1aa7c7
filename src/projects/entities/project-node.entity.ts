import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { UpdatedAt } from '../../common/entity-columns';
import { PROJECT_NODES, ProjectLifecycle } from './project-enums';
import { Project } from './project.entity';

/**
 * 项目节点: the planned and actual date of reaching one lifecycle stage. Officials read them as
 * colours (done / on track / due within 48 h / overdue), computed when shown, never stored.
 */
@Entity('project_nodes')
@Unique('uq_project_nodes_project_node', ['projectId', 'node'])
export class ProjectNode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** The stage reached: 已注册, 前期手续 (办结), 开工建设 (开工), 投产运行 (投产). */
  @Column({ type: 'enum', enum: PROJECT_NODES, enumName: 'project_node' })
  node: ProjectLifecycle;

  /** 计划完成日期. */
  @Column({ type: 'date', nullable: true })
  plannedOn: string | null;

  /** 实际完成日期. */
  @Column({ type: 'date', nullable: true })
  doneOn: string | null;

  @UpdatedAt()
  updatedAt: Date;
}
