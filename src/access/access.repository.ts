import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { VersionedCache } from '../common/cache/versioned-cache';
import { notFound } from '../common/errors/app-error';
import { queryPrepared } from '../database/prepared';
import { requestTransactionRunner } from '../database/request-transaction';
import { accessErrors } from './access.errors';
import { unitsAtOrAboveTeams, withinRegion } from './region-subtree.sql';

/** The teams a user belongs to, and those a manager manages by name (parameter scopeUserId). */
const OWN_TEAMS = 'SELECT tm.team_id FROM team_members tm WHERE tm.user_id = :scopeUserId';
const DIRECT_TEAMS = 'SELECT ms.team_id FROM manager_scopes ms WHERE ms.user_id = :scopeUserId AND ms.team_id IS NOT NULL';

/**
 * SELECT of the region units at or below one that user `userParam` manages (a parameter such
 * as `:scopeUserId` or `$3`): a manager's region scope.
 */
export const managedUnitsSql = (userParam: string): string =>
  `SELECT r.id FROM manager_scopes ms JOIN region_units mr ON mr.id = ms.region_unit_id
     JOIN region_units r ON ${withinRegion('r', 'mr')} WHERE ms.user_id = ${userParam}`;

/**
 * Every scope question, answered once (in the manner of immich's AccessRepository): who sees
 * which teams, who manages them, who belongs to them, and the region units a manager's scope
 * covers. The rule: a member sees the teams they belong to; a manager also every team they
 * manage by name and every team in (or below) a region unit they manage; an admin sees all.
 * No other file names team_members, manager_scopes or a region path in SQL (the architecture
 * spec checks it): domains ask here, as SQL fragments to embed or as allowed id sets.
 */
@Injectable()
export class AccessRepository {
  /** Resolved lead scopes of this process, each under the access scope version it was read at (the most recently used 10,000). */
  private readonly scopes = new VersionedCache<ResolvedLeadScope>(10_000);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * SQL selecting the ids of the teams `user` may see, for `column IN (…)`; null for an
   * admin (no restriction). Parameters are named `scopeUserId`.
   */
  visibleTeamIdsSql(user: AuthUser): { sql: string; params: { scopeUserId: string } } | null {
    if (user.role === Role.Admin) return null;
    const params = { scopeUserId: user.id };
    if (user.role === Role.Member) return { sql: OWN_TEAMS, params };
    const managed = `
      ${OWN_TEAMS}
      UNION ${DIRECT_TEAMS}
      UNION SELECT t.id FROM manager_scopes ms
        JOIN region_units mr ON mr.id = ms.region_unit_id
        JOIN region_units tr ON ${withinRegion('tr', 'mr')}
        JOIN teams t ON t.region_unit_id = tr.id
        WHERE ms.user_id = :scopeUserId`;
    return { sql: managed, params };
  }

  /**
   * A manager's visible teams as whole region units plus the teams outside them: `regionUnits`
   * selects the outermost units they manage (every team at or below one is visible),
   * `outsideTeams` the teams they belong to or manage by name that lie under none of them.
   * Aggregates kept per region unit read those instead of every team. Null for anyone else.
   * Parameters are named `scopeUserId`, as in visibleTeamIdsSql.
   */
  regionScopeSql(user: AuthUser): { regionUnits: string; outsideTeams: string; params: { scopeUserId: string } } | null {
    if (user.role !== Role.Manager) return null;
    const managed = 'SELECT mr.id FROM manager_scopes ms JOIN region_units mr ON mr.id = ms.region_unit_id WHERE ms.user_id = :scopeUserId';
    // Whether region row `unit` lies within one of the managed units (other than `except`).
    const underManaged = (unit: string, except = '') => `EXISTS (${managed} ${except} AND ${withinRegion(unit, 'mr')})`;
    return {
      regionUnits: `SELECT DISTINCT u.id FROM manager_scopes s JOIN region_units u ON u.id = s.region_unit_id
                     WHERE s.user_id = :scopeUserId AND NOT ${underManaged('u', 'AND mr.id <> u.id')}`,
      outsideTeams: `SELECT t.id FROM teams t JOIN region_units tr ON tr.id = t.region_unit_id
                      WHERE t.id IN (${OWN_TEAMS} UNION ${DIRECT_TEAMS}) AND NOT ${underManaged('tr')}`,
      params: { scopeUserId: user.id },
    };
  }

  /**
   * The ids of the teams `user` may see, resolved; null for an admin (all). Aggregates and
   * lists over big tables take these as `= ANY($ids)`: the planner then estimates with the
   * real teams (a member's one team or a county's hundreds) instead of a subquery's guess.
   */
  async visibleTeamIds(user: AuthUser): Promise<string[] | null> {
    const visible = this.visibleTeamIdsSql(user);
    if (!visible) return null;
    const rows: Array<{ id: string }> = await this.dataSource
      .createQueryBuilder()
      .select('t.id', 'id')
      .from('teams', 't')
      .where(`t.id IN (${visible.sql})`, visible.params)
      .getRawMany();
    return rows.map((r) => r.id);
  }

  /**
   * Of `unitIds`, the region units the caller sees whole — every team at or below them — so
   * that figures summed over a unit are theirs to read: for a manager, the units at or below
   * one they manage (a team managed by name does not open the unit it sits in); for a member
   * none. Null for an admin (all).
   */
  async unitsSeenWhole(user: AuthUser, unitIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string> | null> {
    if (user.role === Role.Admin) return null;
    if (user.role !== Role.Manager || unitIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await em.query(
      `SELECT u.id FROM region_units u
        WHERE u.id = ANY($2::uuid[])
          AND EXISTS (SELECT 1 FROM manager_scopes ms JOIN region_units mr ON mr.id = ms.region_unit_id
                       WHERE ms.user_id = $1 AND ${withinRegion('u', 'mr')})`,
      [user.id, unitIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The highest region unit a manager manages (a city before a county before a township, then
   * the units' own order); null for anyone else or a manager of teams only. What a report
   * opens on when the caller names no unit and cannot see the city's.
   */
  async topManagedUnit(user: AuthUser): Promise<string | null> {
    if (user.role !== Role.Manager) return null;
    const [row] = (await this.dataSource.query(
      `SELECT mr.id FROM manager_scopes ms JOIN region_units mr ON mr.id = ms.region_unit_id
        WHERE ms.user_id = $1
        ORDER BY array_position(ARRAY['city', 'county', 'township', 'village'], mr.level::text), mr.sort_order, mr.name, mr.id
        LIMIT 1`,
      [user.id],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  /** Limits a query to rows whose `teamColumn` is a team the caller may see. */
  restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, teamColumn: string, user: AuthUser): SelectQueryBuilder<T> {
    const scope = this.visibleTeamIdsSql(user);
    if (scope) qb.andWhere(`${teamColumn} IN (${scope.sql})`, scope.params);
    return qb;
  }

  async canSeeTeam(user: AuthUser, teamId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const qb = em.createQueryBuilder().select('1').from('teams', 't').where('t.id = :teamId', { teamId });
    this.restrict(qb, 't.id', user);
    return (await qb.getRawOne()) !== undefined;
  }

  /** 404 (never 403) for a team outside the caller's scope: ids must not reveal what exists. */
  async assertTeamVisible(user: AuthUser, teamId: string): Promise<void> {
    if (!(await this.canSeeTeam(user, teamId))) throw notFound('team');
  }

  /** Whether the caller manages the team (admin, or a manager with it in scope): may change its roster. */
  async canManageTeam(user: AuthUser, teamId: string, em?: EntityManager): Promise<boolean> {
    if (user.role === Role.Admin) return true;
    if (user.role !== Role.Manager) return false;
    return this.canSeeTeam(user, teamId, em);
  }

  /** Whether the caller may change the team's work: a member of it, or one who manages it. */
  async canWorkForTeam(user: AuthUser, teamId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await this.isMember(user.id, teamId, em)) || (await this.canManageTeam(user, teamId, em));
  }

  /** Whether `userId` belongs to team `teamId` (whatever their role). */
  async isMember(userId: string, teamId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
    return rows.length > 0;
  }

  /**
   * SQL on a target-like row's `region_unit_id`: the region units in the caller's sight — those
   * at or above a team they see, and those at or below a unit they manage. Null for an admin.
   * Parameters are named `scopeUserId`, as in visibleTeamIdsSql.
   */
  regionUnitsInSightSql(user: AuthUser): { sql: string; params: { scopeUserId: string } } | null {
    const visible = this.visibleTeamIdsSql(user);
    if (!visible) return null;
    return { sql: `${unitsAtOrAboveTeams(visible.sql)} UNION ${managedUnitsSql(':scopeUserId')}`, params: visible.params };
  }

  /** Of `teamIds`, the teams whose region unit is `unitId` or below it. */
  async teamsWithinUnit(teamIds: string[], unitId: string, em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (teamIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await em.query(
      `SELECT t.id FROM teams t JOIN region_units r ON r.id = t.region_unit_id JOIN region_units u ON u.id = $2
        WHERE t.id = ANY($1::uuid[]) AND ${withinRegion('r', 'u')}`,
      [teamIds, unitId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The team a new record (interaction, lead …) is written for: the one given, if the caller
   * belongs to it or manages it; else the caller's only team. 400 naming teamId otherwise.
   */
  async writableTeam(user: AuthUser, teamId?: string): Promise<string> {
    // Archived teams keep their history but take no new work.
    const own: Array<{ team_id: string }> = await this.dataSource.query(
      'SELECT tm.team_id FROM team_members tm JOIN teams t ON t.id = tm.team_id AND NOT t.is_archived WHERE tm.user_id = $1',
      [user.id],
    );
    if (teamId) {
      const archived: unknown[] = await this.dataSource.query('SELECT 1 FROM teams WHERE id = $1 AND is_archived', [teamId]);
      if (archived.length === 0 && (own.some((r) => r.team_id === teamId) || (await this.canManageTeam(user, teamId)))) return teamId;
      throw accessErrors('TEAM_NOT_WRITABLE', [{ field: 'teamId', message: '只能记在你所在或分管的招商队名下' }]);
    }
    if (own.length === 1) return (own[0] as { team_id: string }).team_id;
    throw accessErrors('TEAM_REQUIRED', [{ field: 'teamId', message: own.length ? '你属于多个招商队，请选择一个' : '你还不属于任何招商队，请指定 teamId' }]);
  }

  /**
   * Of `userIds`, those who may see team `teamId`'s work: the rule of visibleTeamIdsSql read the
   * other way round — its members, managers with it in scope (by name, or through a region unit
   * at or above it), and admins, who see everything. Whether an inactive user counts is the
   * caller's to decide; unknown ids are simply not in the answer.
   */
  async usersWhoSeeTeam(teamId: string, userIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await em.query(
      `SELECT u.id FROM users u
        WHERE u.id = ANY($2::uuid[])
          AND (u.role = 'admin'
               OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id AND tm.team_id = $1)
               OR (u.role = 'manager' AND EXISTS (
                     SELECT 1 FROM manager_scopes ms
                      WHERE ms.user_id = u.id
                        AND (ms.team_id = $1
                             OR ms.region_unit_id IN (
                                  SELECT r.id FROM teams t JOIN region_units tr ON tr.id = t.region_unit_id
                                    JOIN region_units r ON ${withinRegion('tr', 'r')}
                                   WHERE t.id = $1)))))`,
      [teamId, userIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Active managers who oversee a team (directly or through a region at or above it): whom escalations reach. */
  async managersOf(teamId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT ms.user_id FROM manager_scopes ms
         JOIN users u ON u.id = ms.user_id AND u.is_active AND u.role = 'manager'
        WHERE ms.team_id = $1
           OR ms.region_unit_id IN (
                SELECT r.id FROM teams t JOIN region_units tr ON tr.id = t.region_unit_id
                  JOIN region_units r ON ${withinRegion('tr', 'r')}
                 WHERE t.id = $1)`,
      [teamId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Active members of a team. */
  async membersOf(teamId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.dataSource.query(
      'SELECT tm.user_id FROM team_members tm JOIN users u ON u.id = tm.user_id AND u.is_active WHERE tm.team_id = $1',
      [teamId],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * The active member who stands first for a team: `preferredUserId` if an active member, else
   * the team's leader, else its longest-standing member; null for a team without one.
   */
  async firstActiveMember(teamId: string, preferredUserId: string, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const rows: Array<{ user_id: string }> = await em.query(
      `SELECT tm.user_id FROM team_members tm JOIN users u ON u.id = tm.user_id AND u.is_active JOIN teams t ON t.id = tm.team_id
        WHERE tm.team_id = $1
        ORDER BY tm.user_id = $2 DESC, tm.user_id = t.leader_id DESC, tm.joined_at, tm.user_id LIMIT 1`,
      [teamId, preferredUserId],
    );
    return rows[0]?.user_id ?? null;
  }

  /**
   * Condition on leads row `lead`: the caller sees it — its team is one they see, or one of
   * those teams co-pursues it (协同招商). Null for an admin. Parameters named `scopeUserId`.
   */
  visibleLeadsSql(user: AuthUser, lead: string): { sql: string; params: { scopeUserId: string } } | null {
    const visible = this.visibleTeamIdsSql(user);
    if (!visible) return null;
    return {
      sql: `(${lead}.team_id IN (${visible.sql}) OR ${lead}.id IN (SELECT c.lead_id FROM lead_co_teams c WHERE c.team_id IN (${visible.sql})))`,
      params: visible.params,
    };
  }

  /**
   * What visibleLeadsSql selects, resolved to team and lead ids first, in one round trip: for
   * lists and aggregates over many leads, which then read `= ANY(ids)` and let the planner
   * weigh the real teams. With `byRegion`, a manager's teams again as regionScopeSql's units;
   * with `ownTeams`, the teams the user belongs to alone (an admin's too).
   */
  async resolveLeadScope(user: AuthUser, options: { byRegion?: boolean; ownTeams?: boolean } = {}): Promise<ResolvedLeadScope> {
    // Inside a request's transaction its own uncommitted changes may matter: never from the cache.
    if (user.scopeVersion === undefined || requestTransactionRunner()) return this.readLeadScope(user, options);
    // A request whose session check read an older version than the entry's reads afresh (and
    // leaves its older answer in place of the newer until the next request at the newer version).
    const key = `${user.id}|${user.role}|${options.byRegion ? 1 : 0}|${options.ownTeams ? 1 : 0}`;
    return this.scopes.get(key, user.scopeVersion, () => this.readLeadScope(user, options));
  }

  private async readLeadScope(user: AuthUser, options: { byRegion?: boolean; ownTeams?: boolean }): Promise<ResolvedLeadScope> {
    // ownTeams: only the teams the user belongs to (本队), whatever else their role lets them see.
    const visible = options.ownTeams ? { sql: OWN_TEAMS, params: { scopeUserId: user.id } } : this.visibleTeamIdsSql(user);
    if (!visible) return { teamIds: null, coLeadIds: [] };
    const byRegion = options.byRegion ? this.regionScopeSql(user) : null;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH visible AS (${visible.sql})
       SELECT ARRAY(SELECT t.id FROM teams t WHERE t.id IN (SELECT * FROM visible)) AS teams,
              ARRAY(SELECT DISTINCT c.lead_id FROM lead_co_teams c WHERE c.team_id IN (SELECT * FROM visible)) AS co
              ${byRegion ? `, ARRAY(${byRegion.regionUnits}) AS regions, ARRAY(${byRegion.outsideTeams}) AS others` : ''}`,
      visible.params,
    );
    const [row] = await queryPrepared<{ teams: string[]; co: string[]; regions?: string[]; others?: string[] }>(this.dataSource, sql, params);
    const scope: ResolvedLeadScope = { teamIds: row?.teams ?? [], coLeadIds: row?.co ?? [] };
    if (byRegion) scope.byRegion = { regionUnitIds: row?.regions ?? [], otherTeamIds: row?.others ?? [] };
    return scope;
  }

  /** A team's roster: every member with their account, the leader first, then by name. */
  async roster(teamId: string): Promise<RosterRow[]> {
    return this.dataSource.query(
      `SELECT tm.user_id, u.username, u.display_name, u.role, u.is_active, tm.joined_at, (t.leader_id = tm.user_id) AS is_leader
         FROM team_members tm JOIN users u ON u.id = tm.user_id JOIN teams t ON t.id = tm.team_id
        WHERE tm.team_id = $1
        ORDER BY is_leader DESC, u.display_name`,
      [teamId],
    );
  }

}

/** One row of a team's roster (AccessRepository.roster). */
export interface RosterRow {
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  is_active: boolean;
  joined_at: Date;
  is_leader: boolean;
}

/** The caller's visibility resolved to ids (null teamIds: an admin, everything). */
export interface ResolvedLeadScope {
  teamIds: string[] | null;
  /** Other teams' leads the caller's teams co-pursue. */
  coLeadIds: string[];
  /**
   * A manager's teamIds again, with `byRegion` asked for (AccessRepository.regionScopeSql): as
   * whole region units and the visible teams under none of them. Totals read per region unit.
   */
  byRegion?: { regionUnitIds: string[]; otherTeamIds: string[] };
}

/**
 * SQL for how many members the team of alias `t` has: for a read model that shows teams in one
 * statement (rosters are access's tables, so the fragment lives here).
 */
export function memberCountSql(t: string): string {
  return `(SELECT count(*)::int FROM team_members tm WHERE tm.team_id = ${t}.id)`;
}

/**
 * SQL for the current version of who sees what (migration AccessScopeVersion: raised by every
 * transaction that changes team_members, manager_scopes, lead_co_teams, a team's region or a
 * region's path), as text: the session check reads it with the user (AuthUser.scopeVersion).
 */
export const ACCESS_SCOPE_VERSION_SQL = '(SELECT v.version::text FROM access_scope_versions v WHERE v.id = 1)';
