import { Carrier } from '../../carriers/entities/carrier.entity';
import { PromotedProject } from '../../carriers/entities/promoted-project.entity';
import { BeforeInsert, Check, Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { pinyinKeys } from '../../common/text/pinyin';
import { PinyinColumns } from '../../common/text/pinyin-columns';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Enterprise } from '../../enterprises/entities/enterprise.entity';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { SourceRegion } from '../../reference/entities/source-region.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { Team } from '../../teams/entities/team.entity';
import { User } from '../../users/entities/user.entity';
import { LeadSource, LeadStage } from './lead-stage';

/** 招商项目线索: one potential investment, owned by a team, moving through the pipeline. */
@Entity('leads')
@Index('ix_leads_team_stage', ['teamId', 'stage'])
@Index('ix_leads_collision', ['enterpriseId', 'industryChainId'], { where: "stage <> 'lost' AND deleted_at IS NULL" })
@Check('ck_leads_intended_amount', 'intended_amount >= 0')
// The GIN index on pinyin_grams (migration PinyinSearch).
@Index('ix_leads_pinyin_grams', { synchronize: false })
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Pinyin keys of the title for the global search (common/text/pinyin.ts): mh → 梅花. */
  @Column(() => PinyinColumns, { prefix: 'pinyin' })
  pinyin: PinyinColumns;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise?: Enterprise;

  /** The owning team (首报首谈: the team that registered it holds it). */
  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Team;

  /** The team that registered the lead: new-lead counts stay with it after a transfer. */
  @Column({ type: 'uuid', nullable: true })
  registeredTeamId: string | null;

  @Index('ix_leads_owner_id')
  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner?: User;

  @Column({ type: 'uuid' })
  industryChainId: string;

  @ManyToOne(() => IndustryChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'industry_chain_id' })
  industryChain?: IndustryChain;

  /** 拟落地旗县区. */
  @Index('ix_leads_target_region_unit_id')
  @Column({ type: 'uuid', nullable: true })
  targetRegionUnitId: string | null;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_region_unit_id' })
  targetRegionUnit?: RegionUnit | null;

  /** 载体 the lead is about (a park, parcel or factory), if any: its availability follows the lead. */
  @Index('ix_leads_carrier_id', { where: 'carrier_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  carrierId: string | null;

  @ManyToOne(() => Carrier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'carrier_id' })
  carrier?: Carrier | null;

  /** 推介项目 the lead is about, if any. */
  @Index('ix_leads_promoted_project_id', { where: 'promoted_project_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  promotedProjectId: string | null;

  @ManyToOne(() => PromotedProject, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'promoted_project_id' })
  promotedProject?: PromotedProject | null;

  /** Where the investor comes from (京津冀 …). */
  @Column({ type: 'uuid', nullable: true })
  sourceRegionId: string | null;

  @ManyToOne(() => SourceRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_region_id' })
  sourceRegion?: SourceRegion | null;

  /** 意向投资额, 万元. */
  @Column({ type: 'numeric', precision: 18, scale: 4, default: 0 })
  intendedAmount: string;

  @Column({ type: 'date', nullable: true })
  expectedSignDate: string | null;

  @Column({ type: 'enum', enum: LeadSource, enumName: 'lead_source' })
  source: LeadSource;

  /** 牵引性项目: an anchor project that pulls a chain. */
  @Column({ type: 'boolean', default: false })
  isAnchor: boolean;

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage', default: LeadStage.Lead })
  stage: LeadStage;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  stageEnteredAt: Date;

  /** Furthest pipeline stage ever reached (0 = lead … 4 = signed): the funnel counts by it. */
  @Column({ type: 'smallint', default: 0 })
  furthestStageOrdinal: number;

  /** The reason it was put on hold or lost. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  sideStateReason: string | null;

  /** First signing date; set once. */
  @Column({ type: 'date', nullable: true })
  signedOn: string | null;

  /** Signed amount, 万元: the first signing plus supplements' added amounts. */
  @Column({ type: 'numeric', precision: 18, scale: 4, default: 0 })
  signedAmount: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  /**
   * When a lead of a city's earlier spreadsheets entered the system (history import); null for
   * leads registered here. Its created_at is the historical registration date.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  importedAt: Date | null;

  /** Optimistic lock: every write names the version it read. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Index('ix_leads_created_at')
  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz', precision: 3 })
  deletedAt: Date | null;

  /** A new row carries its pinyin keys (updates set them in the repository's versioned update). */
  @BeforeInsert()
  fillPinyin(): void {
    this.pinyin = pinyinKeys(this.title);
  }
}
