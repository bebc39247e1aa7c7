import { BeforeInsert, Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { pinyinKeys } from '../../common/text/pinyin';
import { PinyinColumns } from '../../common/text/pinyin-columns';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Enterprise } from '../../enterprises/entities/enterprise.entity';
import { Lead } from '../../leads/entities/lead.entity';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { Team } from '../../teams/entities/team.entity';
import { User } from '../../users/entities/user.entity';
import { ProjectLevel, ProjectLifecycle, ProjectNature } from './project-enums';

/** 项目库 entry: a signed lead rolled up, or a project entered directly (续建 …). Money in 万元. */
@Entity('projects')
@Index('ix_projects_region_chain', ['regionUnitId', 'industryChainId'])
@Index('ix_projects_industry_chain_id', ['industryChainId'])
@Index('ix_projects_team_id', ['teamId'])
@Index('ix_projects_lifecycle', ['lifecycle'])
// The registry summary counts starts (开工) of a month not yet over live (RegistrySummaryCells): (started_on)
// INCLUDE (region_unit_id, industry_chain_id, team_id, owner_user_id, is_continuing, nature), written by hand
// in migration StartedOnCoversSummary, so that count is index-only.
@Index('ix_projects_started_on', { synchronize: false })
@Check('ck_projects_total_investment', 'total_investment >= 0')
@Check('ck_projects_signed_amount', 'signed_amount >= 0')
// A location is a point (both coordinates) or nothing, and lies within China's extent.
@Check('ck_projects_location', '(location_lng IS NULL) = (location_lat IS NULL) AND (location_lng IS NULL OR (location_lng BETWEEN 73 AND 136 AND location_lat BETWEEN 3 AND 54))')
// The GIN index on pinyin_grams (migration PinyinSearch).
@Index('ix_projects_pinyin_grams', { synchronize: false })
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 项目名称. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Pinyin keys of the name for the global search (common/text/pinyin.ts): mh → 梅花. */
  @Column(() => PinyinColumns, { prefix: 'pinyin' })
  pinyin: PinyinColumns;

  /** The signed lead it rolled up from; unique, so a racing second rollup attaches instead of duplicating. */
  @Index('uq_projects_lead_id', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => Lead, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead | null;

  /** 项目业主 / 投资企业. */
  @Index('ix_projects_enterprise_id')
  @Column({ type: 'uuid', nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise?: Enterprise | null;

  /** The recruiting team credited (null for projects entered directly). */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Team | null;

  /** 所在旗县区: always the county-level unit (or the city itself for 市本级). */
  @Column({ type: 'uuid', nullable: true })
  regionUnitId: string | null;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit | null;

  /** 所属产业链. */
  @Column({ type: 'uuid', nullable: true })
  industryChainId: string | null;

  @ManyToOne(() => IndustryChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'industry_chain_id' })
  industryChain?: IndustryChain | null;

  /** 总投资 (万元). */
  @Column({ type: 'numeric', precision: 18, scale: 4, default: 0 })
  totalInvestment: string;

  /** 签约额 (万元): the exact sum of the signings rolled up into it. */
  @Column({ type: 'numeric', precision: 18, scale: 4, default: 0 })
  signedAmount: string;

  /** First signing date of the rolled-up signings. */
  @Column({ type: 'date', nullable: true })
  signedOn: string | null;

  /** 新建 (false) / 续建 (true). */
  @Column({ type: 'boolean', default: false })
  isContinuing: boolean;

  /** 建设性质. */
  @Column({ type: 'enum', enum: ProjectNature, enumName: 'project_nature', default: ProjectNature.New })
  nature: ProjectNature;

  /** 项目级别. */
  @Column({ type: 'enum', enum: ProjectLevel, enumName: 'project_level', default: ProjectLevel.General })
  level: ProjectLevel;

  /** 项目阶段. */
  @Column({ type: 'enum', enum: ProjectLifecycle, enumName: 'project_lifecycle', default: ProjectLifecycle.Signed })
  lifecycle: ProjectLifecycle;

  /** 注册日期. */
  @Column({ type: 'date', nullable: true })
  registeredOn: string | null;

  /** 计划开工日期. */
  @Column({ type: 'date', nullable: true })
  plannedStartOn: string | null;

  /** 实际开工日期. */
  @Column({ type: 'date', nullable: true })
  startedOn: string | null;

  /** 计划竣工（投产）日期. */
  @Column({ type: 'date', nullable: true })
  plannedCompletionOn: string | null;

  /** 实际竣工投产日期. */
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  /** 建设规模及内容 / 产能. */
  @Column({ type: 'text', nullable: true })
  capacity: string | null;

  /** 预计年产值 (万元/年). */
  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  expectedOutputValue: string | null;

  /** 预计年税收 (万元/年). */
  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  expectedTax: string | null;

  /** 项目负责人: reminded to file monthly progress. */
  @Index('ix_projects_owner_user_id')
  @Column({ type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_user_id' })
  ownerUser?: User | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  /** 项目位置 (WGS-84 degrees, as the vendored boundaries), picked on the 招商地图: shown there as a point. */
  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  locationLng: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  locationLat: string | null;

  /** Optimistic lock: every write names the version it read. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Index('ix_projects_created_at')
  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  /** A new row carries its pinyin keys (updates set them in the repository's versioned update). */
  @BeforeInsert()
  fillPinyin(): void {
    this.pinyin = pinyinKeys(this.name);
  }
}
