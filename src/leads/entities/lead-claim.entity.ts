import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Team } from '../../teams/entities/team.entity';
import { Lead } from './lead.entity';

export enum LeadClaimKind {
  /** 联合跟进: both teams work the lead; the holder keeps it. */
  CoPursue = 'co_pursue',
  /** 转交: the lead moves to the requesting team. */
  Transfer = 'transfer',
}

export enum LeadClaimStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
}

/** 撞单 request: a team asks to co-pursue or take over a lead another team holds. */
@Entity('lead_claims')
@Index('uq_lead_claims_pending', ['leadId', 'requestingTeamId'], { unique: true, where: "status = 'pending'" })
export class LeadClaim {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The holding lead. */
  @Column({ type: 'uuid' })
  leadId: string;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @Index('ix_lead_claims_requesting_team_id')
  @Column({ type: 'uuid' })
  requestingTeamId: string;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requesting_team_id' })
  requestingTeam?: Team;

  @Column({ type: 'uuid' })
  requestedById: string;

  @Column({ type: 'enum', enum: LeadClaimKind, enumName: 'lead_claim_kind' })
  kind: LeadClaimKind;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'enum', enum: LeadClaimStatus, enumName: 'lead_claim_status', default: LeadClaimStatus.Pending })
  status: LeadClaimStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
