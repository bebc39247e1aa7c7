import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { IndustryChain } from '../../reference/entities/industry-chain.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { AreaUnit, CarrierAvailability, CarrierKind, PriceUnit } from './carrier-enums';

/**
 * 载体: a park, a land parcel or a standard factory the city offers investors. Area and price
 * are exact (numeric), each with its unit; a parcel or factory may lie in a park (parentId).
 */
@Entity('carriers')
@Index('ix_carriers_region_unit_id', ['regionUnitId'])
@Index('ix_carriers_parent_id', ['parentId'])
@Index('ix_carriers_industry_chain_id', ['industryChainId'])
@Check('ck_carriers_area', 'area >= 0 AND available_area >= 0 AND available_area <= area')
@Check('ck_carriers_price', 'price IS NULL OR (price >= 0 AND price_unit IS NOT NULL)')
export class Carrier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: CarrierKind, enumName: 'carrier_kind' })
  kind: CarrierKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 所在区域 (旗县区 or below): whose managers may keep it. */
  @Column({ type: 'uuid' })
  regionUnitId: string;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit;

  /** 所在园区: a parcel or factory inside a park. */
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Carrier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Carrier | null;

  /** 主导产业. */
  @Column({ type: 'uuid', nullable: true })
  industryChainId: string | null;

  @ManyToOne(() => IndustryChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'industry_chain_id' })
  industryChain?: IndustryChain | null;

  /** 面积, in areaUnit. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  area: string;

  @Column({ type: 'enum', enum: AreaUnit, enumName: 'area_unit' })
  areaUnit: AreaUnit;

  /** 可用面积, in areaUnit. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  availableArea: string;

  /** 价格, in priceUnit. */
  @Column({ type: 'numeric', precision: 18, scale: 4, nullable: true })
  price: string | null;

  @Column({ type: 'enum', enum: PriceUnit, enumName: 'price_unit', nullable: true })
  priceUnit: PriceUnit | null;

  @Column({ type: 'enum', enum: CarrierAvailability, enumName: 'carrier_availability', default: CarrierAvailability.Available })
  availability: CarrierAvailability;

  /** 配套条件 (水电路讯气, 土地性质, 准入要求 …). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  conditions: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
