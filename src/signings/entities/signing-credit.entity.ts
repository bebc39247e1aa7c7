import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Team } from '../../teams/entities/team.entity';
import { Signing } from './signing.entity';

/**
 * 业绩分计: how a signing counts for each team, fixed when it is recorded under the deployment's
 * creditSharing rule (config/reporting.json). The amounts of a signing's credits sum exactly to
 * its amount; its project (1 for a first signing) goes to the holding team only. The counting
 * rules read signed_amount and signed_projects from here.
 */
@Entity('signing_credits')
@Index('ix_signing_credits_team_id', ['teamId'])
@Check('ck_signing_credits_amount', 'amount >= 0')
@Check('ck_signing_credits_projects', 'projects IN (0, 1)')
export class SigningCredit {
  @PrimaryColumn({ type: 'uuid' })
  signingId: string;

  @PrimaryColumn({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Signing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signing_id' })
  signing?: Signing;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Team;

  /** 万元 credited to the team. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  amount: string;

  /** Projects credited: 1 for the holder of a first signing, otherwise 0. */
  @Column({ type: 'smallint', default: 0 })
  projects: number;
}
