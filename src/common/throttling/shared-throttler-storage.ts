import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { RateLimitsRepository, ThrottlerStorageRecord } from './rate-limits.repository';

/**
 * One hit in Redis, atomically (a Lua script runs alone): a fixed window of ARGV[1] ms on
 * KEYS[1]; the hit past ARGV[2] sets KEYS[2] for ARGV[3] ms and clears the count, so counting
 * starts afresh once the block ends. While KEYS[2] lives nothing is counted.
 * Returns { hits, window ms left, blocked 0/1, block ms left }.
 */
const HIT_SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return { tonumber(ARGV[2]) + 1, blockLeft, 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return { hits, left, 1, tonumber(ARGV[3]) }
end
return { hits, left, 0, 0 }`;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/** What a store does when it cannot be reached: let the request through (see `failOpen`). */
const OPEN: ThrottlerStorageRecord = { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };

/**
 * Rate limits (@nestjs/throttler) kept where every API process sees them — in Redis, or in
 * PostgreSQL without Redis — so N processes allow what one would, not N times as much.
 *
 * When the store cannot be reached the request is let through and the outage logged (at most
 * once a minute): the rate limit is a brake on floods, and an API that refused everything while
 * Redis restarts would be the worse outage. Password guessing stays limited regardless, by the
 * per-account and per-address failure counts in PostgreSQL (LoginLocksService).
 */
abstract class SharedThrottlerStorage implements ThrottlerStorage {
  protected readonly logger = new Logger('RateLimits');
  private lastWarning = 0;

  abstract readonly kind: 'redis' | 'postgres';

  protected abstract hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottlerStorageRecord>;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.hit(`${throttlerName}:${key}`, ttl, limit, blockDuration);
    } catch (err) {
      return this.failOpen(err);
    }
  }

  private failOpen(err: unknown): ThrottlerStorageRecord {
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.logger.warn(`rate-limit store (${this.kind}) unreachable, requests pass unthrottled: ${err instanceof Error ? err.message : String(err)}`);
    }
    return OPEN;
  }
}

/** Redis: one EVALSHA per hit, keys under `<prefix>:rate:` expiring by themselves. */
export class RedisThrottlerStorage extends SharedThrottlerStorage implements OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly redis: Redis & { crmRateHit(hits: string, block: string, ttl: number, limit: number, block_ms: number): Promise<[number, number, number, number]> };

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    super();
    // Fail fast rather than queue: a hit that waits for a reconnection holds its request.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000, connectionName: 'crm-rate-limits' });
    redis.on('error', () => undefined); // reported through failOpen, not as an unhandled event
    redis.defineCommand('crmRateHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.redis = redis as typeof this.redis;
  }

  protected async hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottlerStorageRecord> {
    // One hash tag: both keys in one slot, so the script also runs on Redis Cluster.
    const base = `${this.prefix}:rate:{${key}}`;
    const [hits, left, blocked, blockLeft] = await this.redis.crmRateHit(`${base}:hits`, `${base}:block`, ttlMs, limit, blockMs);
    return { totalHits: hits, timeToExpire: seconds(left), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? Math.max(1, seconds(blockLeft)) : 0 };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** PostgreSQL: one upsert per hit on the UNLOGGED `rate_limit_hits`, finished counters swept each minute. */
export class PostgresThrottlerStorage extends SharedThrottlerStorage implements OnApplicationShutdown {
  readonly kind = 'postgres';
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly repository: RateLimitsRepository) {
    super();
    this.sweeper = setInterval(() => void this.repository.sweep().catch(() => undefined), 60_000);
    this.sweeper.unref();
  }

  protected hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottlerStorageRecord> {
    return this.repository.hit(key, ttlMs, limit, blockMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
