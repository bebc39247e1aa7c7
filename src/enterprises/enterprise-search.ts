import { DataSource, SelectQueryBuilder } from 'typeorm';
import { isDataException } from '../common/errors/pg-errors';
import { queryPrepared } from '../database/prepared';
import { decodeCursor } from '../common/pagination/page';
import { escapeLike } from '../users/users.service';
import { EnterpriseQuery } from './dto/enterprise.dto';
import { Enterprise } from './entities/enterprise.entity';
import { searchGrams, searchText } from './enterprise-name';

/**
 * Company search (企业库 lookup): a fragment of the Chinese name or short name, or a credit-code
 * prefix, newest companies first.
 */

/** Newest live enterprises a multi-character search reads before it turns to the gram index. */
export const RECENT_WALK_ROWS = 4000;

/** A credit code's first 6–18 characters: such a query also matches codes by prefix. */
const codeLike = (q: string) => /^[0-9A-Z]{6,18}$/.test(q.toUpperCase());

/**
 * Name fragments go through the two-character gram index with an exact recheck; a code-like
 * query also matches credit codes by prefix.
 */
export function applySearch(qb: SelectQueryBuilder<Enterprise>, raw: string): void {
  const q = searchText(raw);
  if (!q) return;
  const grams = searchGrams(q);
  const nameMatch = grams.length
    ? 'e.search_grams @> CAST(:grams AS text[]) AND e.search_text LIKE :like'
    : 'e.search_text LIKE :like';
  if (codeLike(q)) {
    qb.andWhere(`((${nameMatch}) OR e.credit_code LIKE :codePrefix)`, { grams, like: `%${escapeLike(q)}%`, codePrefix: `${q.toUpperCase()}%` });
  } else {
    qb.andWhere(`(${nameMatch})`, { grams, like: `%${escapeLike(q)}%` });
  }
}

/**
 * The ids of a full page (limit + 1 rows, so the caller sees there is a next one) of a name
 * search of two or more grams, found among the newest RECENT_WALK_ROWS live enterprises; null
 * when they hold fewer, and the gram index must answer.
 *
 * Why: the planner takes a fragment's grams as independent and multiplies their frequencies —
 * for 生物科技, 生物 5.6 % × 物科 1.9 % × 科技 20.5 % and the LIKE again — so it expects one
 * match where 200,000 companies hold 4,685, and fetches and sorts every match (10–16 ms warm)
 * where walking the newest names finds a page after 2,500 (0.6 ms, index-only on
 * ix_enterprises_live_created_at, which carries search_text). A rare fragment costs the
 * 4,000-row walk (about 1 ms) before the index answers. Only for a search with no other filter:
 * filters thin the walk's yield and have their own indexes; nor for a code-like query, whose
 * credit-code matches the walk does not read.
 */
export async function recentNameMatches(dataSource: DataSource, query: EnterpriseQuery): Promise<string[] | null> {
  const q = query.q ? searchText(query.q) : '';
  if (!q || query.industryChainId || query.hqProvince || query.tag || codeLike(q) || searchGrams(q).length < 2) return null;
  const wanted = (query.limit ?? 50) + 1;
  const params: unknown[] = [`%${escapeLike(q)}%`, wanted, RECENT_WALK_ROWS];
  let after = '';
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    params.push(value, id);
    after = 'AND (e.created_at, e.id) < ($4, $5)';
  }
  let rows: Array<{ id: string }>;
  try {
    rows = await queryPrepared<{ id: string }>(
      dataSource,
      `SELECT w.id FROM (
         SELECT e.id, e.created_at, e.search_text FROM enterprises e
          WHERE e.merged_into_id IS NULL AND e.archived_at IS NULL ${after}
          ORDER BY e.created_at DESC, e.id DESC LIMIT $3) w
        WHERE w.search_text LIKE $1 ORDER BY w.created_at DESC, w.id DESC LIMIT $2`,
      params,
    );
  } catch (err) {
    // A cursor whose values the columns cannot take: the list's own query reports it.
    if (query.cursor && isDataException(err)) return null;
    throw err;
  }
  return rows.length === wanted ? rows.map((r) => r.id) : null;
}
