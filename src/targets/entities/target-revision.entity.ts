import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import type { TargetValues } from './target.entity';

/** Every value a target has had, who set it and when: targets are revised during the year. */
@Entity('target_revisions')
@Index('ix_target_revisions_target_at', ['targetId', 'at'])
export class TargetRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  targetId: string;

  @Column({ type: 'jsonb' })
  values: TargetValues;

  @Column({ type: 'boolean', default: false })
  isStretch: boolean;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @CreatedAt()
  at: Date;
}
