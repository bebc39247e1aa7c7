import { escapeLike } from '../sql/like';

/** The form both stored text and queries take before matching. */
export function searchText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}

/**
 * Every two-character substring of the searchable text. A GIN index over these finds
 * "梅花" in 梅花生物科技集团股份有限公司: two-character Chinese queries are the common case,
 * and trigram indexes cannot serve them.
 */
export function searchGrams(...texts: Array<string | null | undefined>): string[] {
  const grams = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const chars = Array.from(searchText(text));
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  }
  return [...grams];
}

/**
 * The gram-indexed substring condition on `gramsColumn` with an exact LIKE recheck on
 * `textColumns` (any of them), for an already normalised query; parameters are named with `key`.
 * The one matcher behind company names and pinyin search.
 */
export function gramCondition(q: string, gramsColumn: string, textColumns: string[], key: string): { sql: string; params: Record<string, unknown> } {
  const grams = searchGrams(q);
  const like = `%${escapeLike(q)}%`;
  const recheck = textColumns.map((c) => `${c} LIKE :${key}Like`).join(' OR ');
  const text = textColumns.length > 1 ? `(${recheck})` : recheck;
  const sql = grams.length ? `${gramsColumn} @> CAST(:${key}Grams AS text[]) AND ${text}` : text;
  return { sql, params: grams.length ? { [`${key}Grams`]: grams, [`${key}Like`]: like } : { [`${key}Like`]: like } };
}
