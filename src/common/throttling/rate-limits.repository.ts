import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// Hits are counted even while a key is blocked (so a batch's positions stay above the limit);
// once the block, or else the window, has run out, counting starts afresh.
const BLOCKING = 'coalesce(r.blocked_until > now(), false)';
const FRESH = `(NOT ${BLOCKING} AND (r.blocked_until IS NOT NULL OR r.window_ends_at <= now()))`;
const NEXT_HITS = `CASE WHEN ${FRESH} THEN $5::int ELSE r.hits + $5::int END`;
const SECONDS = (ms: string) => `make_interval(secs => ${ms}::int / 1000.0)`;

/**
 * `$5` hits on one key, atomically, in one statement: a fixed window of `$2` ms; the count
 * passing `$3` blocks the key for `$4` ms. Always on the pool, never in a request's
 * transaction: the row lock must last one statement, not a request.
 */
const HIT_SQL = `INSERT INTO rate_limit_hits AS r (key, hits, window_ends_at, blocked_until)
  VALUES ($1, $5::int, now() + ${SECONDS('$2')}, CASE WHEN $5::int > $3::int THEN now() + ${SECONDS('$4')} END)
  ON CONFLICT (key) DO UPDATE SET
    hits = ${NEXT_HITS},
    window_ends_at = CASE WHEN ${FRESH} THEN now() + ${SECONDS('$2')} ELSE r.window_ends_at END,
    blocked_until = CASE WHEN ${BLOCKING} THEN r.blocked_until WHEN ${NEXT_HITS} > $3::int THEN now() + ${SECONDS('$4')} END
  RETURNING hits,
    (extract(epoch FROM window_ends_at - now()) * 1000)::int8 AS window_ms,
    coalesce(extract(epoch FROM blocked_until - now()) * 1000, 0)::int8 AS block_ms`;

/** A key's count after some hits: the total, and the milliseconds left of its window and of its block (≤ 0: none). */
export interface HitCount {
  hits: number;
  windowMs: number;
  blockMs: number;
}

/** The `rate_limit_hits` table: the PostgreSQL store of the rate limits every API process shares. */
@Injectable()
export class RateLimitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /** Counts `n` hits on `key`. */
  async hit(key: string, ttlMs: number, limit: number, blockMs: number, n: number): Promise<HitCount> {
    const { rows } = await this.pool.query<{ hits: number; window_ms: string; block_ms: string }>({
      name: 'crm_rate_limit_hit',
      text: HIT_SQL,
      values: [key, ttlMs, limit, blockMs, n],
    });
    const row = rows[0]!;
    return { hits: row.hits, windowMs: Number(row.window_ms), blockMs: Number(row.block_ms) };
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
