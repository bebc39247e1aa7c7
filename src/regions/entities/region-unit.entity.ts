import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';

/** The four administrative levels: 市 → 县(旗/县/市/区) → 乡(乡镇/街道) → 村. */
export enum RegionLevel {
  City = 'city',
  County = 'county',
  Township = 'township',
  Village = 'village',
}

export const REGION_LEVEL_ORDER: readonly RegionLevel[] = [
  RegionLevel.City,
  RegionLevel.County,
  RegionLevel.Township,
  RegionLevel.Village,
];

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  [RegionLevel.City]: '市',
  [RegionLevel.County]: '旗县区',
  [RegionLevel.Township]: '乡镇街道',
  [RegionLevel.Village]: '村',
};

/** A unit of the region tree (行政区划). */
@Entity('region_units')
@Unique('uq_region_units_parent_name', ['parentId', 'name'])
@Check('ck_region_units_code', `code IS NULL OR code ~ '^[0-9]{6,12}$'`)
export class RegionUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level: RegionLevel;

  /** GB/T 2260 code where the unit has one (150500 通辽市); townships may carry 9 or 12 digits. */
  @Index('uq_region_units_code', { unique: true, where: 'code IS NOT NULL' })
  @Column({ type: 'varchar', length: 12, nullable: true })
  code: string | null;

  @Index('ix_region_units_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: RegionUnit | null;

  /**
   * Materialised path of ids from the root, each followed by '/': a subtree is one
   * indexed prefix match, which is what every scope query needs.
   */
  @Index('ix_region_units_path', { synchronize: false })
  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
