import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { SourceRegion } from '../../reference/entities/source-region.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { User } from '../../users/entities/user.entity';

/** A recruiting team (招商队 / 招商小分队), belonging to one region unit. */
@Entity('teams')
@Unique('uq_teams_region_name', ['regionUnitId', 'name'])
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // Sheets tell two teams of one name apart (teamSheetNameSql): that lookup is by name.
  @Index('ix_teams_name')
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('ix_teams_region_unit_id')
  @Column({ type: 'uuid' })
  regionUnitId: string;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit;

  /** 队长; always also a member. */
  @Column({ type: 'uuid', nullable: true })
  leaderId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'leader_id' })
  leader?: User | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Archived teams keep their history but take no new work. */
  @Column({ type: 'boolean', default: false })
  isArchived: boolean;

  @ManyToMany(() => IndustryChain)
  @JoinTable({ name: 'team_focus_chains', joinColumn: { name: 'team_id' }, inverseJoinColumn: { name: 'industry_chain_id' } })
  focusChains?: IndustryChain[];

  @ManyToMany(() => SourceRegion)
  @JoinTable({ name: 'team_focus_source_regions', joinColumn: { name: 'team_id' }, inverseJoinColumn: { name: 'source_region_id' } })
  focusSourceRegions?: SourceRegion[];

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
