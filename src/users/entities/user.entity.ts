import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Role } from '../../common/auth/auth-user';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case: sign-in is case-insensitive. */
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  displayName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** The 责任部门 a `department` account acts for; null for every other role. */
  @Index('ix_users_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  // By entity name and a structural type: departments.leader_user_id points back here, and files must not import each other.
  @ManyToOne('Department', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<{ id: string; name: string }>;

  /** Bumped on deactivation and password change: every token issued before stops working at once. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
