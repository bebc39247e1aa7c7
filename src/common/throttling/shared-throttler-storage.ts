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
 * A busy key also takes its hits ahead, as a lease: each count on the store reserves more
 * hits than are waiting (1, 2, 4 … up to a hundredth of the limit, at most 50), and the
 * process answers the next requests on that key from its reserved positions without a round
 * trip, for the rest of that window. The store's count stays the sum over every process, so
 * N processes still allow what one would; a lease another process has not used up makes the
 * limit come at most (lease − 1) hits early for each other process — under 1 % of the limit,
 * and nothing at all for limits under 200, such as sign-in's, which stay exact hit by hit.
 * At the API's default 6,000 a minute, a steady client costs the store one statement per 50
 * requests instead of one per request (issue 18: the upsert was one of five statements of a
 * 50-row page).
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
  /** Positions this process reserved on a key's count and has not answered yet. */
  private readonly leases = new Map<string, Lease>();

  abstract readonly kind: 'redis' | 'postgres';

  protected abstract hit(key: string, ttlMs: number, limit: number, blockMs: number, n: number): Promise<HitCount>;

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const k = `${throttlerName}:${key}`;
    const lease = this.leases.get(k);
    if (lease) {
      const now = Date.now();
      if (lease.next <= lease.last && now < lease.endsAt) {
        return Promise.resolve(fromLease(lease, now));
      }
      // Its window over: the next count starts small again.
      if (now >= lease.endsAt) this.leases.delete(k);
    } else if (this.leases.size >= 10_000) {
      this.forgetEndedLeases();
    }
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
      const previous = this.leases.get(k);
      const size = Math.min(leaseCap(limit), previous ? previous.size * 2 : 1);
      const n = waiters.length + size - 1;
      const count = await this.hit(k, ttl, limit, blockDuration, n);
      const first = count.hits - n + 1;
      waiters.forEach((resolve, i) => resolve(record(first + i, limit, count)));
      // Reserved positions past the limit are not kept: once refused, each hit asks the store,
      // which knows when the block ends. An empty lease still remembers its size, to grow.
      if (count.windowMs > 0) this.leases.set(k, { next: first + waiters.length, last: Math.min(count.hits, limit), endsAt: Date.now() + count.windowMs, size });
      else this.leases.delete(k);
    } catch (err) {
      this.warn(err);
      for (const resolve of waiters) resolve(OPEN);
    }
    const next = this.pending.get(k) ?? [];
    // Hits that queued behind this count take its lease first.
    const lease = this.leases.get(k);
    while (lease && next.length > 0 && lease.next <= lease.last && Date.now() < lease.endsAt) next.shift()!(fromLease(lease, Date.now()));
    if (next.length === 0) {
      this.pending.delete(k);
      return;
    }
    this.pending.set(k, []);
    void this.send(k, ttl, limit, blockDuration, next);
  }

  /** Many keys (addresses × routes): drop the leases whose window is over, so the map stays small. */
  private forgetEndedLeases(): void {
    const now = Date.now();
    for (const [k, lease] of this.leases) if (now >= lease.endsAt) this.leases.delete(k);
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate-limit store (${this.kind}) unreachable, requests pass unthrottled: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Positions `next`…`last` of a key's count, reserved by this process until `endsAt` (ms); `size` hits were reserved last time. */
interface Lease {
  next: number;
  last: number;
  endsAt: number;
  size: number;
}

/** The most hits one count may reserve ahead: a hundredth of the limit, at most 50 (1 = none). */
const leaseCap = (limit: number) => Math.max(1, Math.min(50, Math.floor(limit / 100)));

/** The next reserved position, answered without the store (never past the limit: see send). */
function fromLease(lease: Lease, now: number): ThrottlerStorageRecord {
  return { totalHits: lease.next++, timeToExpire: seconds(lease.endsAt - now), isBlocked: false, timeToBlockExpire: 0 };
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
