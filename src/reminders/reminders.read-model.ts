import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeadStage } from '../leads/entities/lead-stage';
import { LAST_ACTIVITY_SQL } from '../leads/lead-views.read-model';
import { PipelineRules } from '../leads/pipeline-rules';

/** Foreign tables the reminders read: the open leads, their interactions, the teams and their managers. */
export const READS = ['interactions', 'leads', 'teams', 'users'] as const;

/** An open lead as the sweep checks it. */
export interface OpenLead {
  id: string;
  title: string;
  team_id: string;
  owner_id: string;
  stage: LeadStage;
  created_at: Date;
  intended_amount: string;
  last_activity: Date;
  last_interaction: Date | null;
}

/** One team's line in a manager's weekly digest. */
export interface TeamLine {
  team_id: string;
  name: string;
  overdue_follow_ups: number;
  idle_leads: number;
  expired_leads: number;
}

/** What the lead sweep and the weekly digest read of the pipeline, the interaction log and the organisation. */
@Injectable()
export class RemindersReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The next 500 live open leads by id after `after`, with their last sign of life and the last
   * interaction the owning team logged with the enterprise since (a day before) the lead was opened.
   */
  openLeads(after: string): Promise<OpenLead[]> {
    return this.dataSource.query(
      // A lead imported from history is registered here when it was imported: its response deadlines run from then.
      `SELECT l.id, l.title, l.team_id, l.owner_id, l.stage, COALESCE(l.imported_at, l.created_at) AS created_at, l.intended_amount::text,
                ${LAST_ACTIVITY_SQL} AS last_activity,
                -- An imported lead's history is over at its import: its progress reports fall due from then on.
                GREATEST((SELECT max(i.occurred_at) FROM interactions i WHERE i.enterprise_id = l.enterprise_id AND i.team_id = l.team_id
                   AND i.deleted_at IS NULL AND i.occurred_at >= l.created_at - interval '1 day'), l.imported_at) AS last_interaction
           FROM leads l
          WHERE l.deleted_at IS NULL AND l.stage IN ('lead', 'contacted', 'site_visit', 'negotiating') AND l.id > $1
          ORDER BY l.id LIMIT 500`,
      [after],
    );
  }

  /** The active managers: whom the weekly digest goes to. */
  activeManagers(): Promise<Array<{ id: string; username: string; display_name: string }>> {
    return this.dataSource.query(`SELECT id, username, display_name FROM users WHERE role = 'manager' AND is_active`);
  }

  /**
   * Per live team selected by `visible` (SQL of team ids with its parameters), by name: its
   * follow-ups overdue before `todayStart`, and its open leads idle at `now` past their stage's
   * limit and past the protection period.
   */
  teamLines(visible: { sql: string; params: Record<string, unknown> }, now: Date, todayStart: Date, rules: PipelineRules): Promise<TeamLine[]> {
    return this.dataSource
      .createQueryBuilder()
      .select('t.id', 'team_id')
      .addSelect('t.name', 'name')
      .addSelect(
        `(SELECT count(*) FROM interactions i WHERE i.team_id = t.id AND i.deleted_at IS NULL AND i.follow_up_done_at IS NULL AND i.next_follow_up_at < :todayStart)::int`,
        'overdue_follow_ups',
      )
      .addSelect(
        `(SELECT count(*) FROM leads l WHERE l.team_id = t.id AND l.deleted_at IS NULL AND l.stage IN ('lead','contacted','site_visit','negotiating')
              AND ${LAST_ACTIVITY_SQL} < :now::timestamptz - make_interval(days => CASE l.stage
                    WHEN 'lead' THEN :idleLead::int WHEN 'contacted' THEN :idleContacted::int WHEN 'site_visit' THEN :idleSiteVisit::int ELSE :idleNegotiating::int END))::int`,
        'idle_leads',
      )
      .addSelect(
        `(SELECT count(*) FROM leads l WHERE l.team_id = t.id AND l.deleted_at IS NULL AND l.stage IN ('lead','contacted','site_visit','negotiating')
              AND ${LAST_ACTIVITY_SQL} < :now::timestamptz - make_interval(days => :protection))::int`,
        'expired_leads',
      )
      .from('teams', 't')
      .where(`t.id IN (${visible.sql})`, visible.params)
      .andWhere('NOT t.is_archived')
      .setParameters({
        now,
        todayStart,
        protection: rules.protectionDays,
        idleLead: rules.idleDaysByStage.lead,
        idleContacted: rules.idleDaysByStage.contacted,
        idleSiteVisit: rules.idleDaysByStage.site_visit,
        idleNegotiating: rules.idleDaysByStage.negotiating,
      })
      .orderBy('t.name')
      .getRawMany();
  }
}
