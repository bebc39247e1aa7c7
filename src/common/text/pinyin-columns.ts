import { Column } from 'typeorm';

/**
 * The pinyin keys of a record's names as stored, embedded with prefix `pinyin` (columns
 * pinyin_initials, pinyin_full, pinyin_grams; see pinyin.ts). Each table declares its own GIN
 * index on pinyin_grams (migration PinyinSearch). Not selected: only searches read them.
 */
export class PinyinColumns {
  /** Initials, each name's apart by a space: mh → 梅花. */
  @Column({ type: 'text', default: '', select: false })
  initials: string;

  /** Full pinyin without tones, each name's apart by a space. */
  @Column({ type: 'text', default: '', select: false })
  full: string;

  /** Two-letter grams of both, for the GIN index. */
  @Column({ type: 'text', array: true, default: () => "'{}'", select: false })
  grams: string[];
}
