import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Enterprise } from '../../enterprises/entities/enterprise.entity';
import { ChainLink } from './chain-link.entity';

/** How a company stands on a link: 本地已有 / 已落地 / 目标企业. */
export enum ChainPlacement {
  Local = 'local',
  Landed = 'landed',
  Target = 'target',
}

export const CHAIN_PLACEMENTS: readonly ChainPlacement[] = [ChainPlacement.Local, ChainPlacement.Landed, ChainPlacement.Target];

export const CHAIN_PLACEMENT_LABELS: Record<ChainPlacement, string> = {
  [ChainPlacement.Local]: '本地已有',
  [ChainPlacement.Landed]: '已落地',
  [ChainPlacement.Target]: '目标企业',
};

/** A company of the database placed on a chain link; one placement per link and company. */
@Entity('chain_link_companies')
@Unique('uq_chain_link_companies_link_enterprise', ['linkId', 'enterpriseId'])
@Index('ix_chain_link_companies_enterprise', ['enterpriseId'])
export class ChainLinkCompany {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  linkId: string;

  // Deleting a link with companies is refused by the service (409); RESTRICT backs that up.
  @ManyToOne(() => ChainLink, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'link_id' })
  link?: ChainLink;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  // Merging companies moves placements (the merge registry); a company row is never hard-deleted.
  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise?: Enterprise;

  @Column({ type: 'enum', enum: ChainPlacement, enumName: 'chain_placement' })
  placement: ChainPlacement;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
