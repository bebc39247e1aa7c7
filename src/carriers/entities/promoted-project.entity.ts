import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { PromotedProjectStatus } from './carrier-enums';

/** 推介项目: a project the city markets to investors (chain, investment, expected return, contact). Money in 万元. */
@Entity('promoted_projects')
@Index('ix_promoted_projects_region_unit_id', ['regionUnitId'])
@Index('ix_promoted_projects_industry_chain_id', ['industryChainId'])
@Check('ck_promoted_projects_total_investment', 'total_investment >= 0')
export class PromotedProject {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'uuid' })
  industryChainId: string;

  @ManyToOne(() => IndustryChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'industry_chain_id' })
  industryChain?: IndustryChain;

  /** 拟建地 (旗县区 or below): whose managers may keep it. */
  @Column({ type: 'uuid' })
  regionUnitId: string;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit;

  /** 总投资 (万元). */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  totalInvestment: string;

  /** 预计年产值 (万元/年). */
  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  expectedOutputValue: string | null;

  /** 预期效益 (年利润、税收、就业 …), as the city words it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  expectedReturn: string | null;

  /** 项目简介 / 建设内容 / 合作方式. */
  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'enum', enum: PromotedProjectStatus, enumName: 'promoted_project_status', default: PromotedProjectStatus.Promoting })
  status: PromotedProjectStatus;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
