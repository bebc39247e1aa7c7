import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';

/** 上游 / 中游 / 下游: where a link sits along its chain. */
export enum ChainSegment {
  Upstream = 'upstream',
  Midstream = 'midstream',
  Downstream = 'downstream',
}

export const CHAIN_SEGMENTS: readonly ChainSegment[] = [ChainSegment.Upstream, ChainSegment.Midstream, ChainSegment.Downstream];

export const CHAIN_SEGMENT_LABELS: Record<ChainSegment, string> = {
  [ChainSegment.Upstream]: '上游',
  [ChainSegment.Midstream]: '中游',
  [ChainSegment.Downstream]: '下游',
};

/**
 * 链节: one link of an industry chain (玉米种植 → 淀粉 → 氨基酸 …), kept by admins. A chain's
 * links are its graph; companies are placed on them (ChainLinkCompany).
 */
@Entity('chain_links')
@Unique('uq_chain_links_chain_name', ['chainId', 'name'])
@Index('ix_chain_links_chain_order', ['chainId', 'segment', 'sortOrder'])
export class ChainLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  chainId: string;

  // A chain with links is retired (isActive), never deleted: RESTRICT keeps the graph whole.
  @ManyToOne(() => IndustryChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chain_id' })
  chain?: IndustryChain;

  @Column({ type: 'enum', enum: ChainSegment, enumName: 'chain_segment' })
  segment: ChainSegment;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** 关键产品: what the link makes, as the admins write it. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  keyProducts: string | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
