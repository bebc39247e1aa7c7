import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { isDataException } from '../common/errors/pg-errors';
import { keysetAfter } from '../common/pagination/page';
import { queryPrepared } from '../database/prepared';
import { escapeLike } from '../common/sql/like';
import { EnterpriseQuery } from './dto/enterprise.dto';
import { Enterprise } from './entities/enterprise.entity';
import { searchText } from './enterprise-name';
import { gramCondition } from '../common/text/search-text';
import { pinyinCondition, pinyinQuery } from '../common/text/pinyin';

/**
 * Company search (企业库 lookup): a fragment of the Chinese name or short name, or a credit-code
 * prefix, newest companies first — in two steps that leave the planner no guess to lose.
 *
 * 1. Walk the newest RECENT_WALK_ROWS live companies (index-only: ix_enterprises_live_created_at
 *    carries search_text and credit_code) and keep the matches. A fragment that many names carry
 *    (科技, 生物科技) fills its page within a few thousand names: 0.6 ms.
 * 2. Only if they do not fill it: every match through the gram index (and the credit-code prefix
 *    index), then sorted — few, since the walk found fewer than a page in 4,000 names. (Not a
 *    prepared statement: its plan must follow the fragment.)
 *
 * Left to itself the planner had to choose between walking newest-first and fetching every
 * match from an estimate it often gets wrong: it multiplies a fragment's bigram frequencies as
 * if independent (生物 5.6 % × 物科 1.9 % × 科技 20.5 %: one match expected, 4,685 found), and
 * an estimate off the other way walked all 200,000 rows for a credit code's three (370 ms).
 */

/** Company lists page by (created_at, id). */
const CREATED_AT_KEY = { value: 'time', id: 'uuid' } as const;

/** Newest live enterprises a search reads before it turns to the indexes. */
export const RECENT_WALK_ROWS = 4000;

/** A credit code's first 6–18 characters: such a query also matches codes by prefix. */
const codeLike = (q: string) => /^[0-9A-Z]{6,18}$/.test(q.toUpperCase());

/** What a query searches for: its search form, its LIKE pattern, (if code-like) a credit-code prefix and (if letters) its pinyin form; null for an empty query. */
function searchTerms(raw: string): { q: string; like: string; codePrefix: string | null; pinyin: string | null } | null {
  const q = searchText(raw);
  if (!q) return null;
  return { q, like: `%${escapeLike(q)}%`, codePrefix: codeLike(q) ? `${q.toUpperCase()}%` : null, pinyin: pinyinQuery(q) };
}

/**
 * The match condition on alias `a`, and its parameters: a name fragment (through the
 * two-character gram index with an exact recheck), a credit-code prefix, or pinyin (mh → 梅花).
 */
function matchCondition(raw: string, a: string): { sql: string; params: Record<string, unknown> } | null {
  const terms = searchTerms(raw);
  if (!terms) return null;
  const name = gramCondition(terms.q, `${a}.search_grams`, [`${a}.search_text`], 'name');
  const parts = [`(${name.sql})`];
  let params = name.params;
  if (terms.codePrefix) {
    parts.push(`${a}.credit_code LIKE :codePrefix`);
    params = { ...params, codePrefix: terms.codePrefix };
  }
  const py = pinyinCondition(terms.q, a);
  if (py) {
    parts.push(`(${py.sql})`);
    params = { ...params, ...py.params };
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** The plain search condition: for the export, which reads every match. */
export function applySearch(qb: SelectQueryBuilder<Enterprise>, raw: string): void {
  const match = matchCondition(raw, 'e');
  if (match) qb.andWhere(match.sql, match.params);
}

/**
 * Step 2: the page is the newest limit + 1 of every match, sorted — ordered by an expression no
 * index provides, so the planner cannot turn back to walking newest-first, whatever it estimates.
 */
export function applyPageOfMatches(qb: SelectQueryBuilder<Enterprise>, query: EnterpriseQuery): void {
  const match = query.q ? matchCondition(query.q, 's') : null;
  if (!match) return;
  // The same cursor parameters as paginate's own condition on `e`.
  const after = query.cursor ? keysetAfter('s', 'created_at', query.cursor, 'DESC', CREATED_AT_KEY) : null;
  qb.andWhere(
    `e.id IN (SELECT s.id FROM enterprises s WHERE s.merged_into_id IS NULL AND s.archived_at IS NULL AND ${match.sql} ${after ? `AND ${after.sql}` : ''}
               ORDER BY s.created_at + interval '0 s' DESC, s.id DESC LIMIT :matchPage)`,
    { ...match.params, ...after?.params, matchPage: (query.limit ?? 50) + 1 },
  );
}

/** What step 1 found: a full page, or (ids null) fewer matches than a page. */
export interface RecentWalk {
  /** limit + 1 ids, newest first (the extra one tells the caller a next page exists); null if the walk fell short. */
  ids: string[] | null;
}

/** Runs step 1 of a company search (the conditions of step 2 are applySearch and applyPageOfMatches above). */
@Injectable()
export class EnterpriseSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Step 1, for a search with no other filter (filters thin the walk's yield and have their own
   * indexes); null when it does not apply.
   */
  walkRecent(query: EnterpriseQuery): Promise<RecentWalk | null> {
    return walkRecent(this.dataSource, query);
  }
}

async function walkRecent(dataSource: DataSource, query: EnterpriseQuery): Promise<RecentWalk | null> {
  const terms = query.q ? searchTerms(query.q) : null;
  if (!terms || query.industryChainId || query.hqProvince || query.tag) return null;
  const wanted = (query.limit ?? 50) + 1;
  const after = query.cursor ? keysetAfter('e', 'created_at', query.cursor, 'DESC', CREATED_AT_KEY) : null;
  const [sql, params] = dataSource.driver.escapeQueryWithParameters(
    `SELECT w.id FROM (
       SELECT e.id, e.created_at, e.search_text, e.credit_code, e.pinyin_initials, e.pinyin_full FROM enterprises e
        WHERE e.merged_into_id IS NULL AND e.archived_at IS NULL ${after ? `AND ${after.sql}` : ''}
        ORDER BY e.created_at DESC, e.id DESC LIMIT :walkRows) w
      WHERE w.search_text LIKE :like ${terms.codePrefix ? 'OR w.credit_code LIKE :codePrefix' : ''}
         ${terms.pinyin ? 'OR w.pinyin_initials LIKE :like OR w.pinyin_full LIKE :like' : ''}
      ORDER BY w.created_at DESC, w.id DESC LIMIT :wanted`,
    { like: terms.like, codePrefix: terms.codePrefix, walkRows: RECENT_WALK_ROWS, wanted, ...after?.params },
  );
  let rows: Array<{ id: string }>;
  try {
    rows = await queryPrepared<{ id: string }>(dataSource, sql, params);
  } catch (err) {
    // A cursor whose values the columns cannot take: the list's own query reports it.
    if (query.cursor && isDataException(err)) return null;
    throw err;
  }
  return { ids: rows.length === wanted ? rows.map((r) => r.id) : null };
}
