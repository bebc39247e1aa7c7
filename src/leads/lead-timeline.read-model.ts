import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InteractionType } from '../interactions/entities/interaction.entity';
import { LeadStage } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';

/** Foreign tables the timeline reads: the interactions its teams logged, and the names of people and teams. */
export const READS = ['interactions', 'teams', 'users'] as const;

/** A stage move with the name of who made it. */
export interface StageTimelineRow {
  id: string;
  at: Date;
  from_stage: LeadStage | null;
  to_stage: LeadStage;
  reason: string | null;
  display_name: string | null;
}

/** An interaction with the enterprise, with its author's name. */
export interface InteractionTimelineRow {
  id: string;
  occurred_at: Date;
  type: InteractionType;
  summary: string;
  display_name: string;
}

/** A collision claim on the lead, with the requesting team's name. */
export interface ClaimTimelineRow {
  id: string;
  created_at: Date;
  decided_at: Date | null;
  kind: string;
  status: string;
  reason: string;
  decision_note: string | null;
  name: string;
}

/** What a lead's timeline is made of, each part with the names it shows (LeadTimelineService). */
@Injectable()
export class LeadTimelineReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The lead's stage moves, registration included. */
  stageChanges(leadId: string): Promise<StageTimelineRow[]> {
    return this.dataSource.query(
      `SELECT sc.id, sc.at, sc.from_stage, sc.to_stage, sc.reason, u.display_name FROM lead_stage_changes sc LEFT JOIN users u ON u.id = sc.actor_id WHERE sc.lead_id = $1`,
      [leadId],
    );
  }

  /** The live interactions its owning and co-pursuing teams logged with the enterprise since (a day before) it was opened. */
  interactions(lead: Pick<Lead, 'id' | 'enterpriseId' | 'teamId' | 'createdAt'>): Promise<InteractionTimelineRow[]> {
    return this.dataSource.query(
      `SELECT i.id, i.occurred_at, i.type, i.summary, u.display_name FROM interactions i JOIN users u ON u.id = i.author_id
          WHERE i.enterprise_id = $1 AND i.deleted_at IS NULL AND i.occurred_at >= $3::timestamptz - interval '1 day'
            AND (i.team_id = $2 OR i.team_id IN (SELECT team_id FROM lead_co_teams WHERE lead_id = $4))`,
      [lead.enterpriseId, lead.teamId, lead.createdAt, lead.id],
    );
  }

  /** The collision claims filed on the lead. */
  claims(leadId: string): Promise<ClaimTimelineRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.created_at, c.decided_at, c.kind, c.status, c.reason, c.decision_note, t.name FROM lead_claims c JOIN teams t ON t.id = c.requesting_team_id WHERE c.lead_id = $1`,
      [leadId],
    );
  }
}
