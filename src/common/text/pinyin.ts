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
    const keys = nameKeys(text);
    initials.push(keys.initials);
    full.push(keys.full);
  }
  return { initials: initials.join(' '), full: full.join(' '), grams: searchGrams(...initials, ...full) };
}

/**
 * Initials and full pinyin of one searchable text from one pinyin-pro call (the segmentation is
 * the costly part, and a bulk import runs it for every row): each element is either a run of
 * non-Chinese characters passed through as written (nonZh: 'consecutive'), kept whole in both
 * keys, or the pinyin of one Chinese character, of which the initials keep the first letter —
 * what the 'first' pattern gives (pinyin.spec.ts compares the two over the CJK block).
 */
function nameKeys(text: string): { initials: string; full: string } {
  let initials = '';
  let full = '';
  let at = 0;
  for (const element of pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })) {
    const t = token(element);
    full += t;
    if (element.length > 0 && text.startsWith(element, at)) {
      // Pinyin is Latin and a Chinese character is not: only a passed-through run equals the text here.
      at += element.length;
      initials += t;
    } else {
      at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
      initials += t.slice(0, 1);
    }
  }
  return { initials, full };
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
