import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a throttler store answers for one hit (the package does not export its name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// A request whose window (or block) has run out starts afresh; one still blocked is not counted.
const BLOCKING = 'r.blocked_until > now()';
const FRESH = '(r.blocked_until IS NOT NULL OR r.window_ends_at <= now())';
const NEXT_HITS = `CASE WHEN ${BLOCKING} THEN r.hits WHEN ${FRESH} THEN 1 ELSE r.hits + 1 END`;

/**
 * One hit, atomically, in one statement: a fixed window of `$2` ms per key; the hit past `$3`
 * blocks the key for `$4` ms. Always on the pool, never in a request's transaction: the row
 * lock must last one statement, not a request.
 */
const HIT_SQL = `INSERT INTO rate_limit_hits AS r (key, hits, window_ends_at, blocked_until)
  VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0), CASE WHEN 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0) END)
  ON CONFLICT (key) DO UPDATE SET
    hits = ${NEXT_HITS},
    window_ends_at = CASE WHEN ${BLOCKING} THEN r.window_ends_at WHEN ${FRESH} THEN now() + make_interval(secs => $2 / 1000.0) ELSE r.window_ends_at END,
    blocked_until = CASE WHEN ${BLOCKING} THEN r.blocked_until WHEN ${NEXT_HITS} > $3 THEN now() + make_interval(secs => $4 / 1000.0) END
  RETURNING hits,
    ceil(extract(epoch FROM window_ends_at - now()))::int AS expires_in,
    blocked_until > now() AS blocked,
    coalesce(ceil(extract(epoch FROM blocked_until - now())), 0)::int AS blocked_for`;

/** The `rate_limit_hits` table: the PostgreSQL store of the rate limits every API process shares. */
@Injectable()
export class RateLimitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /** Counts one hit on `key`: the throttler's record, times in seconds. */
  async hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottlerStorageRecord> {
    const { rows } = await this.pool.query<{ hits: number; expires_in: number; blocked: boolean | null; blocked_for: number }>({
      name: 'crm_rate_limit_hit',
      text: HIT_SQL,
      values: [key, ttlMs, limit, blockMs],
    });
    const row = rows[0]!;
    const isBlocked = row.blocked === true;
    return { totalHits: row.hits, timeToExpire: Math.max(0, row.expires_in), isBlocked, timeToBlockExpire: isBlocked ? Math.max(1, row.blocked_for) : 0 };
  }

  /** Forgets counters whose window and block are both over; skips rows a hit holds. */
  async sweep(): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM rate_limit_hits WHERE key IN (
         SELECT key FROM rate_limit_hits WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now()) FOR UPDATE SKIP LOCKED)`,
    );
    return result.rowCount ?? 0;
  }
}
