import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { RegionUnit } from '../../regions/entities/region-unit.entity';

/**
 * 责任部门: an organisation unit (市发改委, 市自然资源局 …) of a city or county, with accounts of role
 * `department`, to which 卡点堵点 are assigned as 交办单. Its 分管领导 receives the overdue escalations.
 */
@Entity('departments')
@Index('uq_departments_unit_name', ['regionUnitId', 'name'], { unique: true })
export class Department {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The city or county the department belongs to. */
  @Column({ type: 'uuid' })
  regionUnitId: string;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit;

  /** 分管领导 (a user), who is told when the department's 交办单 run past their deadline. */
  @Index('ix_departments_leader_user_id')
  @Column({ type: 'uuid', nullable: true })
  leaderUserId: string | null;

  // By entity name and a structural type: users.department_id points back here, and files must not import each other.
  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'leader_user_id' })
  leader?: Relation<{ id: string; displayName: string }>;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
