import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { isDataException } from '../common/errors/pg-errors';
import { encodeCursor, invalidCursor, keysetAfter, Page } from '../common/pagination/page';
import { changeCountSql } from '../database/change-marks';
import { queryPrepared } from '../database/prepared';
import { EnterpriseQuery, EnterpriseViewSource } from './dto/enterprise.dto';
import { Enterprise } from './entities/enterprise.entity';
import { searchText } from './enterprise-name';
import { gramCondition } from '../common/text/search-text';
import { pinyinCondition, pinyinQuery } from '../common/text/pinyin';

/**
 * Company search (企业库 lookup): a fragment of the Chinese name or short name, a credit-code
 * prefix or pinyin, newest companies first, with the exact number of matches — in one statement
 * that leaves the planner no guess to lose.
 *
 * The page, in one of two ways:
 * - the walk: the newest RECENT_WALK_ROWS live companies (index-only: ix_enterprises_live_created_at
 *   carries the searched columns), keeping the matches. A fragment that many names carry (科技,
 *   生物科技) fills its page within a few thousand names: 0.1–0.6 ms. Only if they do not fill it,
 *   every match through the gram index (and the credit-code prefix index), then sorted.
 * - the indexes alone, when the fragment is known to be rare (its total at most INDEX_FIRST_MAX):
 *   the walk would read its 4,000 names in vain (梅花氢能, a credit-code prefix: 1 ms of 1.2).
 *
 * Left to itself the planner had to choose between walking newest-first and fetching every
 * match from an estimate it often gets wrong: it multiplies a fragment's bigram frequencies as
 * if independent (生物 5.6 % × 物科 1.9 % × 科技 20.5 %: one match expected, 4,685 found), and
 * an estimate off the other way walked all 200,000 rows for a credit code's three (370 ms).
 *
 * The total: counting every match costs what fetching them does (科技: 41,547 rows, 120 ms), so
 * each API process keeps the totals it counted with the count of search-changing writes they were
 * counted at (topic enterprise_search of change_marks, kept by trigger: database/change-marks.ts).
 * The same statement reads that count and counts again only when it moved: exact, and as of the
 * same snapshot as the page.
 */

/** Foreign tables the search reads: its companies' chain names. */
export const READS = ['industry_chains'] as const;

/** Company lists page by (created_at, id). */
const CREATED_AT_KEY = { value: 'time', id: 'uuid' } as const;

/** Newest live enterprises a search reads before it turns to the indexes. */
export const RECENT_WALK_ROWS = 4000;

/**
 * A fragment with at most this many matches is searched through the indexes alone: fetching and
 * sorting them costs about what the walk does, and the walk would find too few anyway (a page of
 * 50 in 4,000 names needs a fragment in one name in 80). At 200,000 names, 494 matches: 1.2 ms
 * through the indexes, where the walk reads its 4,000 names (1 ms) to find 10.
 */
export const INDEX_FIRST_MAX = 500;

/** Totals an API process keeps (the least recently used go first). */
const TOTALS_KEPT = 1000;

/** A credit code's first 6–18 characters: such a query also matches codes by prefix. */
const codeLike = (q: string) => /^[0-9A-Z]{6,18}$/.test(q.toUpperCase());

/** What a query searches for: its search form, (if code-like) a credit-code prefix and (if letters) its pinyin form; null for an empty query. */
interface SearchTerms {
  q: string;
  codePrefix: string | null;
  pinyin: string | null;
}

function searchTerms(raw: string): SearchTerms | null {
  const q = searchText(raw);
  if (!q) return null;
  return { q, codePrefix: codeLike(q) ? `${q.toUpperCase()}%` : null, pinyin: pinyinQuery(q) };
}

/**
 * The match condition on alias `a`, and its parameters: a name fragment (through the
 * two-character gram index with an exact recheck), a credit-code prefix, or pinyin (mh → 梅花).
 */
function matchCondition(terms: SearchTerms, a: string): { sql: string; params: Record<string, unknown> } {
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

/** The plain search condition: for the export and a search with filters, which read every match. */
export function applySearch(qb: SelectQueryBuilder<Enterprise>, raw: string): void {
  const terms = searchTerms(raw);
  if (!terms) return;
  const match = matchCondition(terms, 'e');
  qb.andWhere(match.sql, match.params);
}

/** A timestamp in the form JSON gives a Date (ISO 8601, UTC, milliseconds): the page is sent without parsing one. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A live company, as the search statement reads it. */
const LIVE = (a: string) => `${a}.merged_into_id IS NULL AND ${a}.archived_at IS NULL`;

/**
 * The search statement (named parameters): the page (`walk` first, or the indexes alone), its
 * companies with their chain's name, and the search-changing writes so far with — unless they are
 * still :knownChanges — the total. One row at least, the counts on every row.
 */
function searchSql(terms: SearchTerms, match: { sql: string }, after: ((alias: string) => string) | null, walkFirst: boolean): string {
  const indexed = `SELECT s.id, s.created_at FROM enterprises s
      WHERE ${LIVE('s')} AND ${match.sql} ${after ? `AND ${after('s')}` : ''}
      -- Sorted by an expression no index provides, so the planner cannot turn back to walking newest-first.
      ORDER BY s.created_at + interval '0 s' DESC, s.id DESC LIMIT :wanted`;
  // The walk's :nameLike is the name match's own pattern (gramCondition's, keyed 'name'): the pinyin keys take it too.
  const page = walkFirst
    ? `walk AS MATERIALIZED (
         SELECT w.id, w.created_at FROM (
           SELECT e.id, e.created_at, e.search_text, e.credit_code, e.pinyin_initials, e.pinyin_full FROM enterprises e
            WHERE ${LIVE('e')} ${after ? `AND ${after('e')}` : ''}
            ORDER BY e.created_at DESC, e.id DESC LIMIT ${RECENT_WALK_ROWS}) w
          WHERE w.search_text LIKE :nameLike ${terms.codePrefix ? 'OR w.credit_code LIKE :codePrefix' : ''}
             ${terms.pinyin ? 'OR w.pinyin_initials LIKE :nameLike OR w.pinyin_full LIKE :nameLike' : ''}
          ORDER BY w.created_at DESC, w.id DESC LIMIT :wanted),
       page AS (
         SELECT id, created_at FROM walk WHERE (SELECT count(*) FROM walk) = :wanted
         UNION ALL
         -- Run only when the walk fell short (a one-time filter).
         (${indexed.replace('WHERE ', 'WHERE (SELECT count(*) FROM walk) < :wanted AND ')}))`
    : `page AS (${indexed})`;
  return `WITH ${page}
    SELECT n.changes, n.total, e.id, e.name, e.short_name, e.credit_code, e.credit_code_checksum_overridden, e.industry_chain_id,
           c.name AS chain_name, e.hq_province, e.hq_city, e.tags, e.founded_on::text AS founded_on, e.notes,
           ${ISO('e.archived_at')} AS archived_at, e.merged_into_id, ${ISO('e.created_at')} AS created_at, ${ISO('e.updated_at')} AS updated_at
      FROM (SELECT k.changes,
                   -- An uncorrelated subquery in CASE runs only if reached.
                   CASE WHEN k.changes = :knownChanges THEN NULL
                        ELSE (SELECT count(*)::int FROM enterprises s WHERE ${LIVE('s')} AND ${match.sql}) END AS total
              FROM (SELECT ${changeCountSql('enterprise_search')} AS changes) k) n
      LEFT JOIN (page p JOIN enterprises e ON e.id = p.id LEFT JOIN industry_chains c ON c.id = e.industry_chain_id) ON true
     ORDER BY p.created_at DESC, p.id DESC`;
}

interface SearchRow {
  changes: string;
  total: number | null;
  id: string | null;
  name: string;
  short_name: string | null;
  credit_code: string | null;
  credit_code_checksum_overridden: boolean;
  industry_chain_id: string | null;
  chain_name: string | null;
  hq_province: string | null;
  hq_city: string | null;
  tags: EnterpriseViewSource['tags'];
  founded_on: string | null;
  notes: string | null;
  archived_at: string | null;
  merged_into_id: string | null;
  created_at: string;
  updated_at: string;
}

function toSource(r: SearchRow & { id: string }): EnterpriseViewSource {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    creditCode: r.credit_code,
    creditCodeChecksumOverridden: r.credit_code_checksum_overridden,
    industryChainId: r.industry_chain_id,
    industryChain: r.chain_name === null ? null : { name: r.chain_name },
    hqProvince: r.hq_province,
    hqCity: r.hq_city,
    tags: r.tags,
    foundedOn: r.founded_on,
    notes: r.notes,
    archivedAt: r.archived_at,
    mergedIntoId: r.merged_into_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A total counted, and the count of search-changing writes it holds for. */
interface KnownTotal {
  changes: string;
  total: number;
}

/** Runs a company search without other filters (a search with filters is EnterprisesRepository.filtered, paged). */
@Injectable()
export class EnterpriseSearchReadModel {
  /** Totals by search form, least recently used first (a Map keeps insertion order). */
  private readonly totals = new Map<string, KnownTotal>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the search, with its exact total, in one statement; null when it does not apply (no query, or filters). */
  async page(query: EnterpriseQuery): Promise<Page<EnterpriseViewSource> | null> {
    const terms = query.q ? searchTerms(query.q) : null;
    if (!terms || query.industryChainId || query.hqProvince || query.tag) return null;
    const match = matchCondition(terms, 's');
    const limit = query.limit ?? 50;
    const cursor = query.cursor;
    // Checked here, before any SQL: the same condition on the walk's alias and the indexes'.
    const after = cursor ? (alias: string) => keysetAfter(alias, 'created_at', cursor, 'DESC', CREATED_AT_KEY) : null;
    const afterParams = after?.('s').params;
    const known = this.totals.get(terms.q);
    const walkFirst = !known || known.total > INDEX_FIRST_MAX;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      searchSql(terms, match, after && ((alias) => after(alias).sql), walkFirst),
      { ...match.params, ...afterParams, wanted: limit + 1, knownChanges: known?.changes ?? '-1' },
    );
    let rows: SearchRow[];
    try {
      rows = await queryPrepared<SearchRow>(this.dataSource, sql, params);
    } catch (err) {
      // A well-formed cursor whose values the columns cannot take (forged, or from another list).
      if (query.cursor && isDataException(err)) throw invalidCursor();
      throw err;
    }
    const first = rows[0]!;
    const total = first.total ?? known!.total;
    this.keep(terms.q, { changes: first.changes, total });
    const found = rows.filter((r): r is SearchRow & { id: string } => r.id !== null);
    const last = found.length > limit ? found[limit - 1] : undefined;
    return { items: found.slice(0, limit).map(toSource), total, nextCursor: last ? encodeCursor(last.created_at, last.id) : null };
  }

  private keep(q: string, known: KnownTotal): void {
    this.totals.delete(q);
    this.totals.set(q, known);
    if (this.totals.size > TOTALS_KEPT) this.totals.delete(this.totals.keys().next().value!);
  }
}

