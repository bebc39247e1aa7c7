import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { RegistryFilter } from './dto/project.dto';
import { ProjectLevel, ProjectLifecycle } from './entities/project-enums';
import { ProjectsRepository } from './projects.repository';

/** The other domains' tables the registry's summaries and 三未 lists read: names of counties, chains and teams. */
export const READS = ['region_units', 'industry_chains', 'teams'] as const;

export type ThreeUnKind = 'notStarted' | 'startedNotBuilding' | 'notCompleted';

export interface ThreeUnRow {
  id: string;
  name: string;
  lifecycle: ProjectLifecycle;
  level: ProjectLevel;
  total_investment: string;
  planned_start_on: string | null;
  started_on: string | null;
  planned_completion_on: string | null;
  region_unit_id: string | null;
  region_name: string | null;
  industry_chain_id: string | null;
  chain_name: string | null;
  team_id: string | null;
  team_name: string | null;
  last_progress_month: string | null;
}

/**
 * Registry summaries' reads beyond the registry's own tables (a read model): the names and
 * order of the summary's groups, and the 三未 lists with their region, chain and team names,
 * in one statement each.
 */
@Injectable()
export class RegistryReadModel {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
  ) {}

  /** Names and display order of the summary's groups (counties or chains). */
  async groupNames(group: 'region_unit_id' | 'industry_chain_id', ids: string[]): Promise<Map<string, { name: string; order: string }>> {
    if (ids.length === 0) return new Map();
    const sql =
      group === 'region_unit_id'
        ? `SELECT id, name, lpad(sort_order::text, 10, '0') || COALESCE(code, '~') || name AS ord FROM region_units WHERE id = ANY($1)`
        : `SELECT id, name, lpad(sort_order::text, 10, '0') || name AS ord FROM industry_chains WHERE id = ANY($1)`;
    const rows: Array<{ id: string; name: string; ord: string }> = await this.dataSource.query(sql, [ids]);
    return new Map(rows.map((r) => [r.id, { name: r.name, order: r.ord }]));
  }

  /**
   * The 三未 lists as of `today`, each counted in full and listed up to `limit`:
   * 立项未开工 — signed, registered or in preparation, planned start passed, not started;
   * 开工未建设 — under construction since before `windowStart` with no completed investment reported from `windowStart` on;
   * 建设未竣工 — under construction, planned completion passed, not completed.
   */
  async threeUn(actor: AuthUser, filter: RegistryFilter & { year?: number }, today: string, windowStart: string, limit: number): Promise<Record<ThreeUnKind, { count: number; rows: ThreeUnRow[] }>> {
    const where = this.projects.where(this.projects.conditions(actor, filter));
    const lists: Record<ThreeUnKind, { cond: string; order: string }> = {
      notStarted: {
        cond: `p.lifecycle IN ('signed', 'registered', 'preparation') AND p.planned_start_on < :today AND p.started_on IS NULL`,
        order: 'p.planned_start_on, p.id',
      },
      startedNotBuilding: {
        cond: `p.lifecycle = 'construction' AND (p.started_on IS NULL OR p.started_on < :windowStart)
               AND NOT EXISTS (SELECT 1 FROM project_monthly_progress mp WHERE mp.project_id = p.id AND mp.month >= :windowStart AND mp.completed_investment > 0)`,
        order: 'p.started_on NULLS FIRST, p.id',
      },
      notCompleted: {
        cond: `p.lifecycle = 'construction' AND p.planned_completion_on < :today AND p.completed_on IS NULL`,
        order: 'p.planned_completion_on, p.id',
      },
    };
    const params = { ...where.params, today, windowStart, limit };
    const [counts] = await this.projects.query<Record<ThreeUnKind, number>>(
      `SELECT ${Object.entries(lists)
        .map(([k, l]) => `count(*) FILTER (WHERE ${l.cond})::int AS "${k}"`)
        .join(', ')} FROM projects p WHERE ${where.sql}`,
      params,
    );
    const out = {} as Record<ThreeUnKind, { count: number; rows: ThreeUnRow[] }>;
    for (const [kind, l] of Object.entries(lists) as Array<[ThreeUnKind, { cond: string; order: string }]>) {
      const rows = await this.projects.query<ThreeUnRow>(
        `SELECT p.id, p.name, p.lifecycle, p.level, p.total_investment, p.planned_start_on::text, p.started_on::text, p.planned_completion_on::text,
                p.region_unit_id, r.name AS region_name, p.industry_chain_id, c.name AS chain_name, p.team_id, t.name AS team_name,
                (SELECT max(mp.month)::text FROM project_monthly_progress mp WHERE mp.project_id = p.id AND mp.completed_investment > 0) AS last_progress_month
           FROM (SELECT p.* FROM projects p WHERE ${where.sql} AND ${l.cond} ORDER BY ${l.order} LIMIT :limit) p
           LEFT JOIN region_units r ON r.id = p.region_unit_id
           LEFT JOIN industry_chains c ON c.id = p.industry_chain_id
           LEFT JOIN teams t ON t.id = p.team_id
          ORDER BY ${l.order}`,
        params,
      );
      out[kind] = { count: counts?.[kind] ?? 0, rows };
    }
    return out;
  }
}
