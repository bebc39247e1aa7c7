import {
  Column,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { EnterpriseContact } from '../../enterprises/entities/enterprise-contact.entity';
import { Enterprise } from '../../enterprises/entities/enterprise.entity';
import { Team } from '../../teams/entities/team.entity';
import { User } from '../../users/entities/user.entity';

/** Kinds of contact with a company (对接方式). */
export enum InteractionType {
  Visit = 'visit',
  InboundVisit = 'inbound_visit',
  Call = 'call',
  Video = 'video',
  PromotionEvent = 'promotion_event',
  SigningCeremony = 'signing_ceremony',
}

export const INTERACTION_TYPE_LABELS: Record<InteractionType, string> = {
  [InteractionType.Visit]: '外出拜访',
  [InteractionType.InboundVisit]: '来访考察',
  [InteractionType.Call]: '电话沟通',
  [InteractionType.Video]: '视频会议',
  [InteractionType.PromotionEvent]: '推介会',
  [InteractionType.SigningCeremony]: '签约活动',
};

/** 对接记录: one visit, call or meeting with an enterprise, logged by a team. */
@Entity('interactions')
@Index('ix_interactions_team_occurred', ['teamId', 'occurredAt'])
// The list's total and page of a team's live rows, read from the index alone (migration 1796612000000).
@Index('ix_interactions_team_live', ['teamId', 'occurredAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('ix_interactions_enterprise_occurred', ['enterpriseId', 'occurredAt'])
@Index('ix_interactions_open_follow_up', ['nextFollowUpAt'], { where: 'next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND deleted_at IS NULL' })
export class Interaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise?: Enterprise;

  /** The team whose work this is: decides who may see it. */
  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Team;

  @Index('ix_interactions_author_id')
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @Column({ type: 'enum', enum: InteractionType, enumName: 'interaction_type' })
  type: InteractionType;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'text' })
  summary: string;

  /** 对接成效: what came of it. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  outcome: string | null;

  /** When to follow up next; the reminder jobs act on it. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextFollowUpAt: Date | null;

  /** Set when the follow-up was logged (a later interaction by the team) or marked done. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  followUpDoneAt: Date | null;

  /** Bumped on every change to the follow-up; reminder job ids carry it (see rescheduleFollowUp). */
  @Column({ type: 'integer', default: 0 })
  followUpVersion: number;

  /** Who went (走访人员). */
  @ManyToMany(() => User)
  @JoinTable({ name: 'interaction_participants', joinColumn: { name: 'interaction_id' }, inverseJoinColumn: { name: 'user_id' } })
  participants?: User[];

  /** Whom they met (对接人). */
  @ManyToMany(() => EnterpriseContact)
  @JoinTable({ name: 'interaction_contacts', joinColumn: { name: 'interaction_id' }, inverseJoinColumn: { name: 'contact_id' } })
  contacts?: EnterpriseContact[];

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz', precision: 3 })
  deletedAt: Date | null;
}
