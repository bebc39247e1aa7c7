import { LAST_ACTIVITY_SQL } from '../../src/leads/lead-views.read-model';
import { PIPELINE } from '../../src/leads/entities/lead-stage';
import type { BenchContext, Scenario } from '../scenario';
import { actors, authUser, bareSql, describeDataset, fetchAs, httpGet, same, scopeSql } from './issue-helpers';

/**
 * Issue 4 at 100,000 leads and 1,000,000 interactions: the pipeline board and funnel for
 * the city-wide admin and for county 0's manager, and a member's lead list, each beside
 * the bare SQL of the same figures. Target: board p99 under 100 ms.
 */
const GROUP = 'issue4';
const PARTS = ['leads'] as const;

type Who = 'admin' | 'manager';

/** LeadsRepository.scoped: the teams' own leads and those they co-pursue; TRUE for an admin. */
async function leadScope(ctx: BenchContext, who: Who | 'member'): Promise<{ where: string; values: unknown[]; userId: string }> {
  const user = await authUser(ctx, actors(ctx)[who]);
  const teams = scopeSql(user);
  if (!teams) return { where: 'TRUE', values: [], userId: user.id };
  return {
    where: `(l.team_id IN (${teams}) OR l.id IN (SELECT c.lead_id FROM lead_co_teams c WHERE c.team_id IN (${teams})))`,
    values: [user.id],
    userId: user.id,
  };
}

type Board = { stages: Array<{ stage: string; count: number }>; onHold: { count: number }; signed: { count: number }; lost: { count: number } };
type Funnel = { steps: Array<{ stage: string; reached: number; medianDays: string | null }> };

const boardCounts = (b: Board) => [...b.stages.map((s) => s.count), b.onHold.count, b.signed.count, b.lost.count];

function board(who: Who): Scenario[] {
  const bareName = `pipeline/board (${who}): bare SQL`;
  return [
    httpGet({
      name: `GET /api/v1/pipeline/board (${who === 'admin' ? 'city-wide admin' : 'county manager'})`,
      group: GROUP,
      baseline: bareName,
      parts: [...PARTS],
      who: (ctx) => actors(ctx)[who],
      path: () => '/api/v1/pipeline/board',
      describe: (body, _ctx, d) => `counts ${boardCounts(body as Board).reduce((a, b) => a + b, 0).toLocaleString('en-US')} of ${describeDataset(d, ['leads'])}`,
    }),
    bareSql({
      name: bareName,
      group: GROUP,
      parts: [...PARTS],
      what: 'one scoped GROUP BY stage: count, sum(intended), sum(signed)',
      statement: async (ctx) => {
        const scope = await leadScope(ctx, who);
        return {
          text: `SELECT l.stage, count(*)::int AS count, COALESCE(sum(l.intended_amount), 0)::text AS intended, COALESCE(sum(l.signed_amount), 0)::text AS signed
                   FROM leads l WHERE ${scope.where} AND l.deleted_at IS NULL GROUP BY l.stage`,
          values: scope.values,
        };
      },
      check: async (rows, ctx) => {
        const http = await fetchAs<Board>(ctx, actors(ctx)[who], '/api/v1/pipeline/board');
        const n = (stage: string) => Number(rows.find((r) => r.stage === stage)?.count ?? 0);
        const mine = [...PIPELINE.slice(0, 4).map(n), n('on_hold'), n('signed'), n('lost')];
        return `same counts as the HTTP board: ${same(mine, boardCounts(http))}`;
      },
    }),
  ];
}

function funnel(who: Who): Scenario[] {
  const bareName = `pipeline/funnel (${who}): bare SQL`;
  return [
    httpGet({
      name: `GET /api/v1/pipeline/funnel (${who === 'admin' ? 'city-wide admin' : 'county manager'})`,
      group: GROUP,
      baseline: bareName,
      parts: [...PARTS],
      who: (ctx) => actors(ctx)[who],
      path: () => '/api/v1/pipeline/funnel',
      describe: (body) => `reached per stage ${(body as Funnel).steps.map((s) => s.reached).join(' → ')}`,
    }),
    bareSql({
      name: bareName,
      group: GROUP,
      parts: [...PARTS],
      what: 'reached counts (FILTER per stage) + median days per stage over lead_stage_changes, one statement',
      statement: async (ctx) => {
        const scope = await leadScope(ctx, who);
        const reached = PIPELINE.map((_s, k) => `count(*) FILTER (WHERE l.furthest_stage_ordinal >= ${k})::int AS r${k}`).join(', ');
        return {
          text: `SELECT (SELECT row_to_json(r) FROM (SELECT ${reached} FROM leads l WHERE ${scope.where} AND l.deleted_at IS NULL) r) AS reached,
                        (SELECT json_agg(m) FROM (
                           SELECT sc.from_stage AS stage, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text AS median
                             FROM lead_stage_changes sc
                            WHERE sc.lead_id IN (SELECT l.id FROM leads l WHERE ${scope.where} AND l.deleted_at IS NULL) AND sc.from_stage IS NOT NULL
                            GROUP BY sc.from_stage) m) AS medians`,
          values: scope.values,
        };
      },
      check: async (rows, ctx) => {
        const http = await fetchAs<Funnel>(ctx, actors(ctx)[who], '/api/v1/pipeline/funnel');
        const reached = rows[0]!.reached as Record<string, number>;
        const medians = rows[0]!.medians as Array<{ stage: string; median: string }>;
        const mine = PIPELINE.map((stage, k) => [reached[`r${k}`], stage === 'signed' ? null : (medians.find((m) => m.stage === stage)?.median ?? null)]);
        return `same figures as the HTTP funnel: ${same(mine, http.steps.map((s) => [s.reached, s.medianDays]))}`;
      },
    }),
  ];
}

export const [boardAdmin, boardAdminSql] = board('admin');
export const [boardManager, boardManagerSql] = board('manager');
export const [funnelAdmin, funnelAdminSql] = funnel('admin');
export const [funnelManager, funnelManagerSql] = funnel('manager');

type Page = { items: Array<{ id: string; lastActivityAt: string }>; nextCursor: string | null };
const leadsBareName = 'leads?limit=50 (member): bare SQL';

export const leadsList: Scenario = httpGet({
  name: 'GET /api/v1/leads?limit=50 (member)',
  group: GROUP,
  baseline: leadsBareName,
  parts: [...PARTS],
  who: (ctx) => actors(ctx).member,
  path: () => '/api/v1/leads?limit=50',
  describe: async (body, ctx) => {
    const scope = await leadScope(ctx, 'member');
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM leads l WHERE ${scope.where} AND l.deleted_at IS NULL`, scope.values);
    return `sees ${rows[0]!.n} leads; a page holds ${(body as Page).items.length}, each with its last activity (latest interaction of its teams with the company)`;
  },
});

/** LeadsService.list for a member: the scoped keyset page, then LeadsRepository.views (names, co-teams, last activity). */
export const leadsBareSql: Scenario = bareSql({
  name: leadsBareName,
  group: GROUP,
  parts: [...PARTS],
  what: 'scoped keyset page of 51 ⋈ enterprise, team, owner, chain, county, source region + co-teams + last activity, one statement',
  statement: async (ctx) => {
    const scope = await leadScope(ctx, 'member');
    return {
      text: `WITH page AS (
               SELECT l.* FROM leads l WHERE ${scope.where} AND l.deleted_at IS NULL ORDER BY l.created_at DESC, l.id DESC LIMIT 51)
             SELECT l.*, e.name AS enterprise_name, t.name AS team_name, o.display_name AS owner_name, ch.name AS chain_name,
                    tr.name AS target_region_name, sr.name AS source_region_name,
                    (SELECT json_agg(json_build_object('id', c.team_id, 'name', ct.name)) FROM lead_co_teams c JOIN teams ct ON ct.id = c.team_id WHERE c.lead_id = l.id) AS co_teams,
                    ${LAST_ACTIVITY_SQL} AS last_activity_at
               FROM page l
               JOIN enterprises e ON e.id = l.enterprise_id JOIN teams t ON t.id = l.team_id JOIN users o ON o.id = l.owner_id
               JOIN industry_chains ch ON ch.id = l.industry_chain_id
               LEFT JOIN region_units tr ON tr.id = l.target_region_unit_id LEFT JOIN source_regions sr ON sr.id = l.source_region_id
              ORDER BY l.created_at DESC, l.id DESC`,
      values: scope.values,
    };
  },
  check: async (rows, ctx) => {
    const page = await fetchAs<Page>(ctx, actors(ctx).member, '/api/v1/leads?limit=50');
    const ids = same(rows.slice(0, 50).map((r) => r.id), page.items.map((i) => i.id));
    const activity = same(rows.slice(0, 50).map((r) => new Date(r.last_activity_at as string).toISOString()), page.items.map((i) => new Date(i.lastActivityAt).toISOString()));
    return `same ids as the HTTP page: ${ids}, same last activity: ${activity}`;
  },
});
