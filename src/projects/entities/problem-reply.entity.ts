import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { ProjectProblem } from './project-problem.entity';
import { User } from '../../users/entities/user.entity';

/** A 交办单's reply (办理情况): what the department (or the project's side) reports, in order. */
@Entity('problem_replies')
@Index('ix_problem_replies_problem_id', ['problemId', 'createdAt'])
export class ProblemReply {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  problemId: string;

  @ManyToOne(() => ProjectProblem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id' })
  problem?: ProjectProblem;

  @Index('ix_problem_replies_author_user_id')
  @Column({ type: 'uuid' })
  authorUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_user_id' })
  author?: User;

  @Column({ type: 'varchar', length: 2000 })
  body: string;

  @CreatedAt()
  createdAt: Date;
}
