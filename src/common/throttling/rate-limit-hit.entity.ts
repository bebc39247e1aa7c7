import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One rate-limit counter (a fixed window per throttler, route and address), shared by every API
 * process when there is no Redis. UNLOGGED (see the migration): counts are worth nothing after
 * a crash, and skipping the WAL keeps one upsert per request cheap. No index but the key, so an
 * update stays a HOT update.
 */
@Entity('rate_limit_hits')
export class RateLimitHit {
  /** The throttler's key (a sha256 of throttler, route and address). */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'timestamptz', precision: 3 })
  windowEndsAt: Date;

  /** While in the future, every request on this key is refused without being counted. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  blockedUntil: Date | null;
}
