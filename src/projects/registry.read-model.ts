import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { queryPrepared } from '../database/prepared';
import { RegistryFilter } from './dto/project.dto';
import { ProjectLevel, ProjectLifecycle } from './entities/project-enums';
import { ProjectsRepository } from './projects.repository';

/** The other domains' tables the registry's summaries and 三未 lists read: names of counties, chains, teams and investors. */
export const READS = ['region_units', 'industry_chains', 'teams', 'enterprises'] as const;

/** The names a listed project (`p`) shows: its county, chain and team. */
const NAMES_JOIN = `LEFT JOIN region_units r ON r.id = p.region_unit_id
           LEFT JOIN industry_chains c ON c.id = p.industry_chain_id
           LEFT JOIN teams t ON t.id = p.team_id`;
const NAMES_SELECT = `p.region_unit_id, r.name AS region_name, p.industry_chain_id, c.name AS chain_name, p.team_id, t.name AS team_name`;

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

export interface ProjectPointRow extends Omit<ThreeUnRow, 'last_progress_month'> {
  signed_amount: string;
  location_lng: string;
  location_lat: string;
}

/**
 * The 三未 lists' conditions on a project `p` (parameters :today and :windowStart), and each
 * list's order: 立项未开工, 开工未建设 (no completed investment from :windowStart on), 建设未竣工.
 */
const THREE_UN_LISTS: Record<ThreeUnKind, { cond: string; order: string }> = {
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
    // Prepared: every summary by county or chain asks it again (on the replica where the summary reads).
    const rows = await queryPrepared<{ id: string; name: string; ord: string }>(this.dataSource, sql, [ids], { replica: true });
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
    const lists = THREE_UN_LISTS;
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
                ${NAMES_SELECT},
                (SELECT max(mp.month)::text FROM project_monthly_progress mp WHERE mp.project_id = p.id AND mp.completed_investment > 0) AS last_progress_month
           FROM (SELECT p.* FROM projects p WHERE ${where.sql} AND ${l.cond} ORDER BY ${l.order} LIMIT :limit) p
           ${NAMES_JOIN}
          ORDER BY ${l.order}`,
        params,
      );
      out[kind] = { count: counts?.[kind] ?? 0, rows };
    }
    return out;
  }

  /** The projects in scope (and filter) that carry a location, the largest first, counted in full and listed up to `limit`. */
  async locations(actor: AuthUser, filter: RegistryFilter, limit: number): Promise<{ count: number; rows: ProjectPointRow[] }> {
    const where = this.projects.where(this.projects.conditions(actor, filter));
    const params = { ...where.params, limit };
    const located = `${where.sql} AND p.location_lng IS NOT NULL`;
    const [counted] = await this.projects.query<{ count: number }>(`SELECT count(*)::int AS count FROM projects p WHERE ${located}`, params);
    const rows = await this.projects.query<ProjectPointRow>(
      `SELECT p.id, p.name, p.lifecycle, p.level, p.total_investment, p.signed_amount, p.planned_start_on::text, p.started_on::text, p.planned_completion_on::text,
              p.location_lng::text, p.location_lat::text, ${NAMES_SELECT}
         FROM (SELECT p.* FROM projects p WHERE ${located} ORDER BY p.total_investment DESC, p.id LIMIT :limit) p
         ${NAMES_JOIN}
        ORDER BY p.total_investment DESC, p.id`,
      params,
    );
    return { count: counted?.count ?? 0, rows };
  }

  /** Per county, the projects on any 三未 list as of `today` (each once), for the 招商地图. */
  async threeUnByCounty(actor: AuthUser, filter: RegistryFilter & { year?: number }, today: string, windowStart: string): Promise<Array<{ region_unit_id: string; region_name: string; count: number }>> {
    const where = this.projects.where(this.projects.conditions(actor, filter));
    const any = Object.values(THREE_UN_LISTS).map((l) => `(${l.cond})`).join(' OR ');
    return this.projects.query(
      `SELECT p.region_unit_id, r.name AS region_name, count(*)::int AS count
         FROM projects p JOIN region_units r ON r.id = p.region_unit_id
        WHERE ${where.sql} AND (${any})
        GROUP BY p.region_unit_id, r.name, r.sort_order, r.code
        ORDER BY r.sort_order, r.code, r.name`,
      { ...where.params, today, windowStart },
    );
  }

  /** Counts of the 三未清单 as of `asOf` (签约未注册 / 注册未开工 / 开工未投产): all, and those past their deadline. */
  async unfulfilledCounts(actor: AuthUser, filter: RegistryFilter, asOf: string, registerWithinDays: number): Promise<Record<UnfulfilledKind, { count: number; overdue: number }>> {
    const where = this.projects.where(this.projects.conditions(actor, filter));
    const [row] = await this.projects.query<Record<string, number>>(
      `SELECT ${UNFULFILLED_KINDS.map((k) => {
        const l = UNFULFILLED[k];
        return `count(*) FILTER (WHERE ${l.cond})::int AS "${k}", count(*) FILTER (WHERE ${l.cond} AND ${l.deadline} < :asOf::date)::int AS "${k}Overdue"`;
      }).join(', ')} FROM projects p WHERE ${where.sql}`,
      { ...where.params, asOf, registerDays: registerWithinDays },
    );
    return Object.fromEntries(UNFULFILLED_KINDS.map((k) => [k, { count: row?.[k] ?? 0, overdue: row?.[`${k}Overdue`] ?? 0 }])) as Record<UnfulfilledKind, { count: number; overdue: number }>;
  }

  /**
   * One 三未 list as of `asOf`, most overdue first (the earliest deadline; projects without a
   * deadline last), `limit` rows after the keyset `after` (the last row of the previous batch):
   * the JSON view reads one batch, the .xlsx reads them all batch by batch. 逾期天数 is the
   * calendar days from the deadline to `asOf` in SQL date arithmetic (exact across leap years
   * and month ends), 0 while not yet due, null without a deadline.
   */
  unfulfilled(actor: AuthUser, filter: RegistryFilter, kind: UnfulfilledKind, asOf: string, registerWithinDays: number, limit: number, after: UnfulfilledRow | null = null): Promise<UnfulfilledRow[]> {
    const where = this.projects.where(this.projects.conditions(actor, filter));
    const l = UNFULFILLED[kind];
    // Keyset on (deadline, id), a missing deadline sorting after every date.
    const key = `(COALESCE(${l.deadline}, 'infinity'::date), p.id)`;
    const keyset = after ? `AND ${key} > (COALESCE(:afterDeadline::date, 'infinity'::date), :afterId::uuid)` : '';
    return this.projects.query<UnfulfilledRow>(
      `SELECT p.id, p.name, p.lifecycle, p.level, p.total_investment, p.enterprise_id, e.name AS enterprise_name,
              p.signed_on::text, p.registered_on::text, p.planned_start_on::text, p.started_on::text, p.planned_completion_on::text,
              ${NAMES_SELECT}, p.deadline::text, CASE WHEN p.deadline IS NULL THEN NULL ELSE GREATEST(:asOf::date - p.deadline, 0) END AS overdue_days
         FROM (SELECT p.*, ${l.deadline} AS deadline FROM projects p WHERE ${where.sql} AND ${l.cond} ${keyset} ORDER BY ${key} LIMIT :limit) p
         LEFT JOIN enterprises e ON e.id = p.enterprise_id
         ${NAMES_JOIN}
        ORDER BY COALESCE(p.deadline, 'infinity'::date), p.id`,
      { ...where.params, asOf, registerDays: registerWithinDays, limit, afterDeadline: after?.deadline ?? null, afterId: after?.id ?? null },
    );
  }
}

export const UNFULFILLED_KINDS = ['unregistered', 'notStarted', 'notProducing'] as const;
export type UnfulfilledKind = (typeof UNFULFILLED_KINDS)[number];

/**
 * The 三未清单 by the projects' dates as of `:asOf` (so a list of a past date is that day's list):
 * 签约未注册 — signed, not registered, not started or completed either (a project building
 * without a registration date is a gap in its dates, not an unregistered project); deadline:
 * signing + `:registerDays` days. 注册未开工 — registered, not started; deadline: planned start.
 * 开工未投产 — started, not completed (投产); deadline: planned completion.
 */
const UNFULFILLED: Record<UnfulfilledKind, { cond: string; deadline: string }> = {
  unregistered: {
    cond: `p.signed_on <= :asOf::date AND (p.registered_on IS NULL OR p.registered_on > :asOf::date)
           AND (p.started_on IS NULL OR p.started_on > :asOf::date) AND (p.completed_on IS NULL OR p.completed_on > :asOf::date)`,
    deadline: '(p.signed_on + :registerDays::int)',
  },
  notStarted: {
    cond: `p.registered_on <= :asOf::date AND (p.started_on IS NULL OR p.started_on > :asOf::date) AND (p.completed_on IS NULL OR p.completed_on > :asOf::date)`,
    deadline: 'p.planned_start_on',
  },
  notProducing: {
    cond: `p.started_on <= :asOf::date AND (p.completed_on IS NULL OR p.completed_on > :asOf::date)`,
    deadline: 'p.planned_completion_on',
  },
};

export interface UnfulfilledRow {
  id: string;
  name: string;
  lifecycle: ProjectLifecycle;
  level: ProjectLevel;
  total_investment: string;
  enterprise_id: string | null;
  enterprise_name: string | null;
  signed_on: string | null;
  registered_on: string | null;
  planned_start_on: string | null;
  started_on: string | null;
  planned_completion_on: string | null;
  region_unit_id: string | null;
  region_name: string | null;
  industry_chain_id: string | null;
  chain_name: string | null;
  team_id: string | null;
  team_name: string | null;
  deadline: string | null;
  overdue_days: number | null;
}
