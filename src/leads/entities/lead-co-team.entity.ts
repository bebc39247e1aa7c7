import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { Team } from '../../teams/entities/team.entity';
import { Lead } from './lead.entity';

/** A team granted co-pursuit (联合跟进) of another team's lead: it sees and works the lead. */
@Entity('lead_co_teams')
@Index('ix_lead_co_teams_team_id', ['teamId'])
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

  @CreatedAt()
  createdAt: Date;
}
