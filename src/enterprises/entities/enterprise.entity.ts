import { Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PinyinColumns } from '../../common/text/pinyin-columns';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';

/** Company tags officials sort by (domain.md, reference data). */
export enum EnterpriseTag {
  Fortune500 = '世界500强',
  China500 = '中国500强',
  Private500 = '民营500强',
  Listed = '上市公司',
  IndustryLeader = '头部企业',
  StateOwned = '央企/国企',
}

/** 企业: one company in the shared company database. */
@Entity('enterprises')
@Index('uq_enterprises_credit_code', ['creditCode'], { unique: true, where: 'credit_code IS NOT NULL AND merged_into_id IS NULL' })
@Index('uq_enterprises_normalized_name', ['normalizedName'], { unique: true, where: 'merged_into_id IS NULL' })
// Lists and searches read newest first: for a fragment one name in five carries (科技) the
// planner walks this index and stops at a page instead of sorting every match. It also carries
// search_text, credit_code and the pinyin keys for enterprise-search.read-model.ts' index-only walk:
// (created_at, id) INCLUDE (search_text, credit_code, pinyin_initials, pinyin_full) WHERE merged_into_id
// IS NULL AND archived_at IS NULL, in migration PinyinSearch (TypeORM cannot say INCLUDE).
@Index('ix_enterprises_live_created_at', { synchronize: false })
// Companies merged away, found by their old code or name when someone adds them again.
@Index('ix_enterprises_merged_credit_code', ['creditCode'], { where: 'merged_into_id IS NOT NULL' })
@Index('ix_enterprises_merged_normalized_name', ['normalizedName'], { where: 'merged_into_id IS NOT NULL' })
// A credit-code prefix (LIKE '9115…%') as an index range whatever the database's collation.
@Index('ix_enterprises_credit_code_prefix', { synchronize: false })
// The GIN index on pinyin_grams (migration PinyinSearch).
@Index('ix_enterprises_pinyin_grams', { synchronize: false })
export class Enterprise {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Legal name as registered. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  normalizedName: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  shortName: string | null;

  /** 统一社会信用代码; optional, unique among live enterprises. */
  @Column({ type: 'char', length: 18, nullable: true })
  creditCode: string | null;

  /** An admin accepted a code whose check character does not match (some real early codes). */
  @Column({ type: 'boolean', default: false })
  creditCodeChecksumOverridden: boolean;

  @Index('ix_enterprises_industry_chain_id')
  @Column({ type: 'uuid', nullable: true })
  industryChainId: string | null;

  @ManyToOne(() => IndustryChain, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'industry_chain_id' })
  industryChain?: IndustryChain | null;

  /** 总部所在地. */
  @Index('ix_enterprises_hq_province')
  @Column({ type: 'varchar', length: 32, nullable: true })
  hqProvince: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  hqCity: string | null;

  @Index('ix_enterprises_tags', { synchronize: false })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  tags: EnterpriseTag[];

  @Column({ type: 'date', nullable: true })
  foundedOn: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** Names in search form (see enterprise-name.ts): the exact recheck behind the gram index. */
  @Column({ type: 'text', default: '', select: false })
  searchText: string;

  /** Two-character grams of the names, GIN-indexed for substring search. */
  @Index('ix_enterprises_search_grams', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'", select: false })
  searchGrams: string[];

  /** Pinyin keys of the names for the global search (common/text/pinyin.ts): mh → 梅花. */
  @Column(() => PinyinColumns, { prefix: 'pinyin' })
  pinyin: PinyinColumns;

  /** Set when an admin merged this record into another; the survivor holds its history. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  /** Archived (归档): hidden from lists and search, kept for history. */
  @DeleteDateColumn({ type: 'timestamptz', precision: 3 })
  archivedAt: Date | null;
}
