import { Role } from '../../src/common/auth/auth-user';
import { AccessRepository } from '../../src/access/access.repository';
import type { Scenario } from '../scenario';

const PAGE = 50;

/** GET /api/v1/teams as the manager of county 0: the scoped list every later module's lists resemble. */
export const teamsList: Scenario = {
  name: `GET /api/v1/teams?limit=${PAGE} (county manager)`,
  group: 'teams',
  baseline: 'teams: bare SQL (pg)',
  async setup(ctx) {
    const username = ctx.data.managerUsernames[0]!;
    const token = await ctx.login(username);
    const page = await ctx.getJson<{ items: unknown[]; nextCursor: string | null }>(`/api/v1/teams?limit=${PAGE}`, token);
    return {
      kind: 'http',
      url: `${ctx.baseUrl}/api/v1/teams?limit=${PAGE}`,
      headers: { authorization: `Bearer ${token}` },
      serverPid: ctx.servicePid,
      note: `${username} sees ${ctx.data.teamsUnderFirstCounty} teams; a response holds ${page.items.length} (nextCursor ${page.nextCursor ? 'set' : 'null'})`,
    };
  },
};

/**
 * The same page of the same rows straight through `pg`: the scope rule comes from
 * AccessRepository itself, so the two stay the same query as the rule changes.
 */
export const teamsBareSql: Scenario = {
  name: 'teams: bare SQL (pg)',
  group: 'teams',
  async setup(ctx) {
    const username = ctx.data.managerUsernames[0]!;
    const { rows: users } = await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
    const userId = users[0]!.id;
    const scope = new AccessRepository(undefined as never).visibleTeamIdsSql({ id: userId, username, displayName: '', role: Role.Manager });
    if (!scope) throw new Error('a manager must have a scope');
    const text = `
      SELECT t.id, t.name, t.description, t.is_archived, t.created_at, t.region_unit_id,
             r.name AS region_name, r.level AS region_level, l.id AS leader_id, l.display_name AS leader_name
        FROM teams t
        LEFT JOIN region_units r ON r.id = t.region_unit_id
        LEFT JOIN users l ON l.id = t.leader_id
       WHERE t.id IN (${scope.sql.replace(/:scopeUserId/g, '$1')}) AND NOT t.is_archived
       ORDER BY t.created_at ASC, t.id ASC
       LIMIT ${PAGE + 1}`;
    // Same rows as the endpoint answers? Checked once, printed, not asserted.
    const token = await ctx.login(username);
    const page = await ctx.getJson<{ items: Array<{ id: string }> }>(`/api/v1/teams?limit=${PAGE}`, token);
    const { rows } = await ctx.db.query<{ id: string }>(text, [userId]);
    const same = rows.slice(0, PAGE).map((r) => r.id).join() === page.items.map((i) => i.id).join();
    return {
      kind: 'sql',
      text,
      values: [userId],
      note: `one scoped SELECT (teams ⋈ region ⋈ leader, LIMIT ${PAGE + 1}); same ids as the HTTP page: ${same ? 'yes' : 'NO'}`,
    };
  },
};
