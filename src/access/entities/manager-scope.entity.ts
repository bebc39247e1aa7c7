import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { User } from '../../users/entities/user.entity';
import { Team } from '../../teams/entities/team.entity';

/**
 * What a manager (队长 / 分管领导) oversees: a region unit (and every team at or below
 * it) or a single team. Exactly one of the two is set.
 */
@Entity('manager_scopes')
@Check('ck_manager_scopes_one_target', '(region_unit_id IS NULL) <> (team_id IS NULL)')
@Index('uq_manager_scopes_region', ['userId', 'regionUnitId'], { unique: true, where: 'region_unit_id IS NOT NULL' })
@Index('uq_manager_scopes_team', ['userId', 'teamId'], { unique: true, where: 'team_id IS NOT NULL' })
export class ManagerScope {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid', nullable: true })
  regionUnitId: string | null;

  @ManyToOne(() => RegionUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_unit_id' })
  regionUnit?: RegionUnit | null;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: Team | null;

  @CreatedAt()
  createdAt: Date;
}
