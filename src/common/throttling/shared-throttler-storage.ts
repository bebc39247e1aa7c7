import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { HitCount, RateLimitsRepository } from './rate-limits.repository';

/** What a throttler store answers for one hit (the package does not export its name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * ARGV[4] hits in Redis, atomically (a Lua script runs alone): a fixed window of ARGV[1] ms on
 * KEYS[1]; the count passing ARGV[2] sets KEYS[2] for ARGV[3] ms and clears the count, so
 * counting starts afresh once the block ends. While KEYS[2] lives every hit is past the limit.
 * Returns { hits, window ms left, block ms left }.
 */
const HIT_SCRIPT = `
local n = tonumber(ARGV[4])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return { tonumber(ARGV[2]) + n, 0, blockLeft }
end
local hits = redis.call('INCRBY', KEYS[1], n)
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return { hits, left, tonumber(ARGV[3]) }
end
return { hits, left, 0 }`;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/** What a store answers when it cannot be reached: let the request through (see below). */
const OPEN: ThrottlerStorageRecord = { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };

type Waiter = (record: ThrottlerStorageRecord) => void;

/**
 * Rate limits (@nestjs/throttler) kept where every API process sees them — in Redis, or in
 * PostgreSQL without Redis — so N processes allow what one would, not N times as much.
 *
 * One round trip per key at a time in each process: hits on a key that arrive while its count
 * is on the way are sent together as the next one (n hits in one statement), and each is
 * answered by its own position in the count (total − n + 1 … total). Exact, and a hot key —
 * many requests from one address, one route — costs the store one statement per round trip
 * instead of one per request, and no queue of waiters on its row lock.
 *
 * When the store cannot be reached the request is let through and the outage logged (at most
 * once a minute): the rate limit is a brake on floods, and an API that refused everything while
 * Redis restarts would be the worse outage. Password guessing stays limited regardless, by the
 * per-account and per-address failure counts in PostgreSQL (LoginLocksService).
 */
abstract class SharedThrottlerStorage implements ThrottlerStorage {
  protected readonly logger = new Logger('RateLimits');
  private lastWarning = 0;
  /** Keys with a count on the way, and the hits waiting to be sent after it. */
  private readonly pending = new Map<string, Waiter[]>();

  abstract readonly kind: 'redis' | 'postgres';

  protected abstract hit(key: string, ttlMs: number, limit: number, blockMs: number, n: number): Promise<HitCount>;

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const k = `${throttlerName}:${key}`;
    return new Promise<ThrottlerStorageRecord>((resolve) => {
      const waiting = this.pending.get(k);
      if (waiting) {
        waiting.push(resolve);
        return;
      }
      this.pending.set(k, []);
      void this.send(k, ttl, limit, blockDuration, [resolve]);
    });
  }

  private async send(k: string, ttl: number, limit: number, blockDuration: number, waiters: Waiter[]): Promise<void> {
    try {
      const count = await this.hit(k, ttl, limit, blockDuration, waiters.length);
      const first = count.hits - waiters.length + 1;
      waiters.forEach((resolve, i) => resolve(record(first + i, limit, count)));
    } catch (err) {
      this.warn(err);
      for (const resolve of waiters) resolve(OPEN);
    }
    const next = this.pending.get(k) ?? [];
    if (next.length === 0) {
      this.pending.delete(k);
      return;
    }
    this.pending.set(k, []);
    void this.send(k, ttl, limit, blockDuration, next);
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate-limit store (${this.kind}) unreachable, requests pass unthrottled: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The hit at `position` of a count: refused past the limit, with the block's remaining seconds. */
function record(position: number, limit: number, count: HitCount): ThrottlerStorageRecord {
  const isBlocked = position > limit;
  return { totalHits: position, timeToExpire: seconds(count.windowMs), isBlocked, timeToBlockExpire: isBlocked ? Math.max(1, seconds(count.blockMs)) : 0 };
}

/** Redis: one EVALSHA per round trip, keys under `<prefix>:rate:` expiring by themselves. */
export class RedisThrottlerStorage extends SharedThrottlerStorage implements OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly redis: Redis & { crmRateHit(hits: string, block: string, ttl: number, limit: number, blockMs: number, n: number): Promise<[number, number, number]> };

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    super();
    // Fail fast rather than queue: a hit that waits for a reconnection holds its request.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000, connectionName: 'crm-rate-limits' });
    redis.on('error', () => undefined); // reported through warn(), not as an unhandled event
    redis.defineCommand('crmRateHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.redis = redis as typeof this.redis;
  }

  protected async hit(key: string, ttlMs: number, limit: number, blockMs: number, n: number): Promise<HitCount> {
    // One hash tag: both keys in one slot, so the script also runs on Redis Cluster.
    const base = `${this.prefix}:rate:{${key}}`;
    const [hits, windowMs, blockLeft] = await this.redis.crmRateHit(`${base}:hits`, `${base}:block`, ttlMs, limit, blockMs, n);
    return { hits, windowMs, blockMs: blockLeft };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** PostgreSQL: one upsert per round trip on the UNLOGGED `rate_limit_hits`, finished counters swept each minute. */
export class PostgresThrottlerStorage extends SharedThrottlerStorage implements OnApplicationShutdown {
  readonly kind = 'postgres';
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly repository: RateLimitsRepository) {
    super();
    this.sweeper = setInterval(() => void this.repository.sweep().catch(() => undefined), 60_000);
    this.sweeper.unref();
  }

  protected hit(key: string, ttlMs: number, limit: number, blockMs: number, n: number): Promise<HitCount> {
    return this.repository.hit(key, ttlMs, limit, blockMs, n);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
