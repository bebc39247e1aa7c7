import { searchGrams, searchText } from '../../src/enterprises/enterprise-name';
import { escapeLike } from '../../src/common/sql/like';
import type { Dataset } from '../data/dataset';
import type { BenchContext, Scenario } from '../scenario';
import { actors, authUser, bareSql, describeDataset, fetchAs, httpGet, same, scopeSql } from './issue-helpers';

/**
 * Issue 3 at 200,000 enterprises and 1,000,000 interactions: the company search by a name
 * fragment — a two-character 字号 (the issue's own 梅花), a two-character word one company in
 * five carries (科技), four characters (生物科技, and a rarer 梅花…) — and by a credit-code prefix; and a
 * member's interaction list. Target: search p99 under 50 ms.
 */
const GROUP = 'issue3';
const PARTS = ['interactions'] as const;

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** A credit-code prefix someone reading a code aloud would type: 10 of one company's 18 characters. */
async function codePrefix(ctx: BenchContext): Promise<string> {
  const { rows } = await ctx.db.query<{ code: string }>(
    'SELECT credit_code AS code FROM enterprises WHERE credit_code IS NOT NULL ORDER BY created_at, id OFFSET 100000 LIMIT 1',
  );
  return rows[0]!.code.slice(0, 10);
}

/** A name typed further than its 字号: 梅花 and the two characters after it in one company's name (one company or a few). */
async function brandAndTrade(ctx: BenchContext): Promise<string> {
  const { rows } = await ctx.db.query<{ name: string }>("SELECT name FROM enterprises WHERE search_text LIKE '梅花%' ORDER BY created_at, id LIMIT 1");
  return Array.from(rows[0]!.name).slice(0, 4).join('');
}

/** The statement EnterprisesService.list runs for `?q=` (its applySearch, keyset page of 50 + 1). */
function searchStatement(raw: string): { text: string; values: unknown[] } {
  const q = searchText(raw);
  const grams = searchGrams(q);
  const values: unknown[] = [`%${escapeLike(q)}%`];
  let nameMatch = 'e.search_text LIKE $1';
  if (grams.length) {
    values.push(grams);
    nameMatch = `e.search_grams @> CAST($2 AS text[]) AND ${nameMatch}`;
  }
  const code = q.toUpperCase();
  let match = nameMatch;
  if (/^[0-9A-Z]{6,18}$/.test(code)) {
    values.push(`${code}%`);
    match = `(${nameMatch}) OR e.credit_code LIKE $${values.length}`;
  }
  const text = `
    SELECT e.id, e.name, e.normalized_name, e.short_name, e.credit_code, e.credit_code_checksum_overridden, e.industry_chain_id,
           e.hq_province, e.hq_city, e.tags, e.founded_on, e.notes, e.merged_into_id, e.created_by_id, e.created_at, e.updated_at, e.archived_at,
           c.id AS c_id, c.name AS c_name, c.description AS c_description, c.sort_order AS c_sort_order, c.is_active AS c_is_active,
           c.created_at AS c_created_at, c.updated_at AS c_updated_at
      FROM enterprises e LEFT JOIN industry_chains c ON c.id = e.industry_chain_id
     WHERE e.merged_into_id IS NULL AND (${match}) AND e.archived_at IS NULL
     ORDER BY e.created_at DESC, e.id DESC
     LIMIT 51`;
  return { text, values };
}

function search(label: string, fragment: (ctx: BenchContext) => Promise<string> | string): Scenario[] {
  const bareName = `enterprises ${label}: bare SQL`;
  const path = async (ctx: BenchContext) => `/api/v1/enterprises?q=${encodeURIComponent(await fragment(ctx))}`;
  const matches = async (ctx: BenchContext) => {
    const { text, values } = searchStatement(await fragment(ctx));
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${text.replace(/LIMIT 51\s*$/, '')}) m`, values);
    return rows[0]!.n;
  };
  return [
    httpGet({
      name: `GET /api/v1/enterprises?q=${label}`,
      group: GROUP,
      baseline: bareName,
      parts: [...PARTS],
      who: (ctx) => actors(ctx).member,
      path,
      describe: async (body, ctx, d) =>
        `q=${await fragment(ctx)} matches ${(await matches(ctx)).toLocaleString('en-US')} of ${describeDataset(d, ['enterprises'])}; a page holds ${(body as Page).items.length}`,
    }),
    // The same search one request at a time: the service's own latency, without queueing.
    httpGet({
      name: `GET /api/v1/enterprises?q=${label}, 1 connection`,
      group: GROUP,
      parts: [...PARTS],
      who: (ctx) => actors(ctx).member,
      path,
      connections: 1,
    }),
    bareSql({
      name: bareName,
      group: GROUP,
      parts: [...PARTS],
      what: 'gram-index match + LIKE recheck (+ credit_code prefix), LEFT JOIN chain, ORDER BY created_at DESC, id LIMIT 51',
      statement: async (ctx) => searchStatement(await fragment(ctx)),
      check: async (rows, ctx) => {
        const page = await fetchAs<Page>(ctx, actors(ctx).member, await path(ctx));
        return `same ids as the HTTP page: ${same(rows.slice(0, 50).map((r) => r.id), page.items.map((i) => i.id))}`;
      },
    }),
  ];
}

export const [searchBrand, searchBrandOne, searchBrandSql] = search('梅花 (2-char 字号)', () => '梅花');
export const [searchCommon, searchCommonOne, searchCommonSql] = search('科技 (2-char, 1 in 5 names)', () => '科技');
export const [searchFour, searchFourOne, searchFourSql] = search('生物科技 (4 chars)', () => '生物科技');
// A rare fragment pays the walk of the newest names before the gram index answers only on its first search: its total, known after that, sends it to the indexes alone (enterprise-search.read-model.ts).
export const [searchRareFour, searchRareFourOne, searchRareFourSql] = search('<梅花 + 2 chars> (4 chars, rare)', brandAndTrade);
export const [searchCode, searchCodeOne, searchCodeSql] = search('<credit-code prefix, 10 chars>', codePrefix);

/** The page InteractionsService.list answers: scoped keyset page, then each row's names, participants and contacts. */
async function interactionStatement(ctx: BenchContext): Promise<{ text: string; values: unknown[] }> {
  const user = await authUser(ctx, actors(ctx).member);
  const scope = scopeSql(user);
  if (!scope) throw new Error('a member must have a scope');
  const text = `
    WITH page AS (
      SELECT i.* FROM interactions i
       WHERE i.team_id IN (${scope}) AND i.deleted_at IS NULL
       ORDER BY i.occurred_at DESC, i.id DESC
       LIMIT 51)
    SELECT p.id, p.type, p.occurred_at, p.location, p.summary, p.outcome, p.next_follow_up_at, p.follow_up_done_at, p.created_at, p.updated_at,
           e.id AS enterprise_id, e.name AS enterprise_name, t.id AS team_id, t.name AS team_name, a.id AS author_id, a.display_name AS author_name,
           (SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name))
              FROM interaction_participants ip JOIN users u ON u.id = ip.user_id WHERE ip.interaction_id = p.id) AS participants,
           (SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'title', c.title))
              FROM interaction_contacts ic JOIN enterprise_contacts c ON c.id = ic.contact_id WHERE ic.interaction_id = p.id) AS contacts
      FROM page p JOIN enterprises e ON e.id = p.enterprise_id JOIN teams t ON t.id = p.team_id JOIN users a ON a.id = p.author_id
     ORDER BY p.occurred_at DESC, p.id DESC`;
  return { text, values: [user.id] };
}

const interactionsBareName = 'interactions?limit=50 (member): bare SQL';

export const interactionsList: Scenario = httpGet({
  name: 'GET /api/v1/interactions?limit=50 (member)',
  group: GROUP,
  baseline: interactionsBareName,
  parts: [...PARTS],
  who: (ctx) => actors(ctx).member,
  path: () => '/api/v1/interactions?limit=50',
  describe: async (body, ctx, d: Dataset) => {
    const user = await authUser(ctx, actors(ctx).member);
    const { rows } = await ctx.db.query<{ n: number; teams: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT team_id)::int AS teams FROM interactions WHERE team_id IN (${scopeSql(user)}) AND deleted_at IS NULL`,
      [user.id],
    );
    return `sees ${rows[0]!.n.toLocaleString('en-US')} of ${describeDataset(d, ['interactions'])} (${rows[0]!.teams} teams); a page holds ${(body as Page).items.length}`;
  },
});

export const interactionsBareSql: Scenario = bareSql({
  name: interactionsBareName,
  group: GROUP,
  parts: [...PARTS],
  what: 'scoped keyset page of 51 ⋈ enterprise, team, author + participants and contacts as JSON',
  statement: interactionStatement,
  check: async (rows, ctx) => {
    const page = await fetchAs<Page>(ctx, actors(ctx).member, '/api/v1/interactions?limit=50');
    return `same ids as the HTTP page: ${same(rows.slice(0, 50).map((r) => r.id), page.items.map((i) => i.id))}`;
  },
});
