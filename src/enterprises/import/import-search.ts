import { arrayLiteral } from '../../database/copy-rows';
import { searchFields } from '../enterprises.service';

/**
 * The search columns of a new enterprise as the import writes them: the gram arrays already as
 * array literals. Worked out ahead for every row, they live until their batch is written, long
 * enough to be promoted to the old generation: five strings a row there, not some fifty small
 * gram strings and their arrays, which made most of the import's garbage (and its full collections).
 */
export interface PreparedSearch {
  searchText: string;
  /** Array literal of text[]. */
  searchGrams: string;
  pinyinInitials: string;
  pinyinFull: string;
  /** Array literal of text[]. */
  pinyinGrams: string;
}

/** The search columns of (name, shortName), as searchFields computes them, ready for COPY or jsonb_to_recordset. */
export function prepareSearch(name: string, shortName: string | null): PreparedSearch {
  const s = searchFields(name, shortName);
  return {
    searchText: s.searchText,
    searchGrams: arrayLiteral(s.searchGrams),
    pinyinInitials: s.pinyin.initials,
    pinyinFull: s.pinyin.full,
    pinyinGrams: arrayLiteral(s.pinyin.grams),
  };
}
