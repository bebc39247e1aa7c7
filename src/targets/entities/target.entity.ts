import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Metric } from '../../metrics/metric';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { Team } from '../../teams/entities/team.entity';

export type TargetValues = Partial<Record<Metric, string>>;

/**
 * 指标任务: what a region unit or a team is to achieve in a year or a quarter. A unit's
 * target may be split (分解) among the teams below it; the children point at it.
 */
@Entity('targets')
@Check('ck_targets_assignee', '(region_unit_id IS NULL) <> (team_id IS NULL)')
@Check('ck_targets_period', "(period_type = 'year' AND quarter = 0) OR (period_type = 'quarter' AND quarter BETWEEN 1 AND 4)")
@Index('uq_targets_unit_period', ['regionUnitId', 'periodType', 'year', 'quarter'], { unique: true, where: 'region_unit_id IS NOT NULL' })
@Index('uq_targets_team_period', ['teamId', 'periodType', 'year', 'quarter'], { unique: true, where: 'team_id IS NOT NULL' })
export class Target {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  periodType: 'year' | 'quarter';

  @Column({ type: 'smallint' })
  year: number;

  /** 1–4 for a quarter, 0 for a year. */
  @Column({ type: 'smallint', default: 0 })
  quarter: number;

  @Column({ type: 'uuid', nullable: true })
  regionUnitId: string | null;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit | null;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Team | null;

  /** The unit target this one was split from. */
  @Index('ix_targets_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Target, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Target | null;

  /** Metric → target value (counts as integers, amounts as 万元 decimal strings). */
  @Column({ type: 'jsonb' })
  values: TargetValues;

  /** Set when a split knowingly exceeds what the parent leaves (加压目标). */
  @Column({ type: 'boolean', default: false })
  isStretch: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
