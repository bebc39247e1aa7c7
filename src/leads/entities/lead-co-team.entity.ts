import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { Team } from '../../teams/entities/team.entity';
import { Lead } from './lead.entity';

/** A team granted co-pursuit (联合跟进) of another team's lead: it sees and works the lead. */
@Entity('lead_co_teams')
@Index('ix_lead_co_teams_team_id', ['teamId'])
@Check('ck_lead_co_teams_share', 'share IS NULL OR (share > 0 AND share < 100)')
export class LeadCoTeam {
  @PrimaryColumn({ type: 'uuid' })
  leadId: string;

  @PrimaryColumn({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: Team;

  /**
   * 约定分成: the percentage of a signing's amount credited to this team when the deployment
   * shares credit (creditSharing = agreed_shares); null while none is agreed. Set by a manager
   * of the holding team or an admin; the shares on a lead sum to less than 100.
   */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  share: string | null;

  @CreatedAt()
  createdAt: Date;
}
