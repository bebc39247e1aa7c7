import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';

/** What a throttle counts: one username from one address, or every username from one address. */
export enum LoginThrottleScope {
  Account = 'account',
  Address = 'address',
}

/**
 * Failed sign-ins counted per (username, source address) and per source address, shared by every
 * API process. Keyed by the username as typed (normalised), not by a user: unknown names count
 * and lock exactly like existing ones. A row is locked while `lockedUntil` lies ahead.
 */
@Entity('login_throttles')
@Index('uq_login_throttles_key', ['scope', 'username', 'address'], { unique: true })
export class LoginThrottle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: LoginThrottleScope, enumName: 'login_throttle_scope' })
  scope: LoginThrottleScope;

  /** Trimmed and lower-cased as sign-in compares it; '' on an address-wide row. */
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  address: string;

  /** Failures since the last success (account rows) or within the memory window. */
  @Column({ type: 'integer' })
  failures: number;

  @Index('ix_login_throttles_locked_until')
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil: Date | null;

  /** Failures older than LOGIN_FAILURE_MEMORY_SECONDS of quiet are forgotten (and the row pruned). */
  @Index('ix_login_throttles_last_failure_at')
  @Column({ type: 'timestamptz', precision: 3 })
  lastFailureAt: Date;

  @CreatedAt()
  createdAt: Date;
}
