import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FundsRow } from './dto/funds.dto';

/** The other domain's table the progress views and reminders read: who reported, who is still active. */
export const READS = ['users'] as const;

/** A month's report with the running cumulative and the reporter's name. */
export interface ProgressRow {
  month: string;
  completed_investment: string;
  cumulative: string;
  note: string | null;
  reported_by_id: string | null;
  display_name: string | null;
  updated_at: Date;
}

/** A project whose active owner has not filed a month's report. */
export interface DueProgressRow {
  id: string;
  name: string;
  owner_user_id: string;
  team_id: string | null;
}

/**
 * Monthly progress and 到位资金 joined with users (a read model): the lists with their reporters'
 * names, and the projects whose active owner is due to report — one statement each.
 */
@Injectable()
export class ProgressReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every month reported for the project, oldest first, with the running cumulative and the reporter's name. */
  async months(projectId: string): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT mp.month::text, mp.completed_investment, sum(mp.completed_investment) OVER (ORDER BY mp.month) AS cumulative,
                mp.note, mp.reported_by_id, u.display_name, mp.updated_at
           FROM project_monthly_progress mp LEFT JOIN users u ON u.id = mp.reported_by_id
          WHERE mp.project_id = $1 ORDER BY mp.month`,
      [projectId],
    );
  }

  /** Every 到位资金 row of the project with its reporter's name, by month, source and fixed-asset first. */
  async funds(projectId: string): Promise<FundsRow[]> {
    return this.dataSource.query(
      `SELECT f.month::text, f.source, f.fixed_asset, f.amount, f.reported_by_id, u.display_name, f.updated_at
         FROM project_monthly_funds f LEFT JOIN users u ON u.id = f.reported_by_id
        WHERE f.project_id = $1 ORDER BY f.month, f.source, f.fixed_asset DESC`,
      [projectId],
    );
  }

  /**
   * Projects being built or running with an active owner and no report for the month starting
   * `firstDay`, by owner and name.
   */
  async dueForReport(firstDay: string): Promise<DueProgressRow[]> {
    return this.dataSource.query(
      `SELECT p.id, p.name, p.owner_user_id, p.team_id
         FROM projects p JOIN users u ON u.id = p.owner_user_id AND u.is_active
        WHERE p.lifecycle IN ('construction', 'operating')
          AND NOT EXISTS (SELECT 1 FROM project_monthly_progress mp WHERE mp.project_id = p.id AND mp.month = $1)
        ORDER BY p.owner_user_id, p.name, p.id`,
      [firstDay],
    );
  }
}
