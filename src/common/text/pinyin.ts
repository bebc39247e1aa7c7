import { pinyin } from 'pinyin-pro';
import { gramCondition, searchGrams, searchText } from './search-text';

/**
 * Pinyin search keys of a record's names, stored beside them on write so 「mh」 or 「meihua」
 * finds 梅花 through an index: the initials and the full pinyin (no tones), each name's kept
 * apart by a space so no match spans two names, and the two-character grams of both for the
 * GIN index (pg_trgm cannot serve two-letter queries, the common case).
 */
export interface PinyinKeys {
  initials: string;
  full: string;
  grams: string[];
}

/** Letters and digits of one pinyin token (non-Chinese runs come through whole: ABC, 2). */
const token = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The pinyin keys of the names (null and empty ones skipped). */
export function pinyinKeys(...names: Array<string | null | undefined>): PinyinKeys {
  const initials: string[] = [];
  const full: string[] = [];
  for (const name of names) {
    const text = name ? searchText(name) : '';
    if (!text) continue;
    initials.push(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).map(token).join(''));
    full.push(pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map(token).join(''));
  }
  return { initials: initials.join(' '), full: full.join(' '), grams: searchGrams(...initials, ...full) };
}

/** A query that may be pinyin: letters (and digits), at least one letter, after normalising. */
export function pinyinQuery(raw: string): string | null {
  const q = searchText(raw);
  return /^[a-z0-9]+$/.test(q) && /[a-z]/.test(q) ? q : null;
}

/**
 * The pinyin match on alias `a` (columns pinyin_initials, pinyin_full, pinyin_grams), or null
 * when the query cannot be pinyin. Parameters are named py…, apart from a name match's.
 */
export function pinyinCondition(raw: string, a: string): { sql: string; params: Record<string, unknown> } | null {
  const q = pinyinQuery(raw);
  if (!q) return null;
  return gramCondition(q, `${a}.pinyin_grams`, [`${a}.pinyin_initials`, `${a}.pinyin_full`], 'py');
}
