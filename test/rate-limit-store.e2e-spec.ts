import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresThrottlerStorage, RedisThrottlerStorage } from '../src/common/throttling/shared-throttler-storage';
import { RateLimitsRepository } from '../src/common/throttling/rate-limits.repository';
import { createDataSource } from '../src/database/data-source';
import { cloneTemplate, dropDatabase, SERVER_URL_VAR, TEMPLATE_VAR } from './harness/server';

const REDIS_URL = 'redis://127.0.0.1:6379';
type Store = PostgresThrottlerStorage | RedisThrottlerStorage;

/**
 * The rate-limit stores as two API processes hold them: two instances, each with its own
 * connection (PostgreSQL: its own pool; Redis: its own client), counting on one store. Whatever
 * instance a request reaches, the limit is the one limit. The expected counts are the limits
 * themselves: the first `limit` hits pass, every later one in the window is refused.
 */
describe('rate-limit stores shared across processes', () => {
  let url: string;
  const sources: DataSource[] = [];
  const stores: Store[] = [];

  beforeAll(async () => {
    url = await cloneTemplate(process.env[SERVER_URL_VAR] as string, process.env[TEMPLATE_VAR] as string);
  });
  afterAll(async () => {
    for (const s of stores) s.onApplicationShutdown();
    for (const ds of sources) await ds.destroy();
    await dropDatabase(process.env[SERVER_URL_VAR] as string, new URL(url).pathname.slice(1));
  });

  async function postgresPair(): Promise<[PostgresThrottlerStorage, PostgresThrottlerStorage, DataSource]> {
    const made = [];
    for (let i = 0; i < 2; i++) {
      const ds = createDataSource(url);
      await ds.initialize();
      sources.push(ds);
      const store = new PostgresThrottlerStorage(new RateLimitsRepository(ds));
      stores.push(store);
      made.push(store);
    }
    return [made[0]!, made[1]!, sources.at(-1)!];
  }

  function redisPair(): [RedisThrottlerStorage, RedisThrottlerStorage] {
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const pair: [RedisThrottlerStorage, RedisThrottlerStorage] = [new RedisThrottlerStorage(REDIS_URL, prefix), new RedisThrottlerStorage(REDIS_URL, prefix)];
    stores.push(...pair);
    return pair;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const key = () => randomBytes(8).toString('hex');

  describe.each([
    ['postgres', async () => (await postgresPair()).slice(0, 2) as [Store, Store]],
    ['redis', async () => redisPair() as [Store, Store]],
  ])('%s', (_name, pair) => {
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      [a, b] = await pair();
    });

    it('counts hits from both processes against one limit; the hit past it is refused on either', async () => {
      const k = key();
      const seen = [];
      for (let i = 0; i < 5; i++) seen.push(await (i % 2 ? b : a).increment(k, 60_000, 5, 60_000, 'api'));
      expect(seen.map((r) => [r.totalHits, r.isBlocked])).toEqual([1, 2, 3, 4, 5].map((n) => [n, false]));
      for (const r of seen) expect(r.timeToExpire).toBeGreaterThan(0);
      for (const store of [b, a]) {
        const refused = await store.increment(k, 60_000, 5, 60_000, 'api');
        expect(refused.isBlocked).toBe(true);
        expect(refused.timeToBlockExpire).toBeGreaterThan(0);
        expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
      }
    });

    it('lets exactly `limit` of many concurrent hits through, spread over both processes', async () => {
      const k = key();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).increment(k, 60_000, 10, 60_000, 'api')));
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
      expect(results.filter((r) => !r.isBlocked).map((r) => r.totalHits).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('sends a burst on one key in a few statements, each hit answered by its own place in the count', async () => {
      const k = key();
      const sent = jest.spyOn(a as unknown as { hit: (...args: unknown[]) => Promise<unknown> }, 'hit');
      const results = await Promise.all(Array.from({ length: 30 }, () => a.increment(k, 60_000, 12, 60_000, 'api')));
      expect(sent.mock.calls.length).toBeLessThan(30);
      expect(sent.mock.calls.reduce((n, call) => n + (call[4] as number), 0)).toBe(30); // every hit counted once
      sent.mockRestore();
      expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(results.filter((r) => !r.isBlocked).map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      // While blocked, every hit of a burst is refused, on either process.
      const later = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).increment(k, 60_000, 12, 60_000, 'api')));
      expect(later.every((r) => r.isBlocked && r.timeToBlockExpire > 0)).toBe(true);
    });

    it('answers a busy key from leased positions: few statements, every position once, the limit never passed', async () => {
      // limit 1,000: each count may reserve up to 10 hits ahead (1, 2, 4, 8, 10, 10 …).
      const k = key();
      const sent = jest.spyOn(a as unknown as { hit: (...args: unknown[]) => Promise<unknown> }, 'hit');
      const seen = [];
      for (let i = 0; i < 100; i++) seen.push(await a.increment(k, 60_000, 1000, 60_000, 'api'));
      const reserved = sent.mock.calls.map((call) => call[4] as number);
      sent.mockRestore();
      expect(reserved).toEqual([1, 2, 4, 8, 10, 10, 10, 10, 10, 10, 10, 10, 10]); // 13 statements for 100 hits (sum 105)
      expect(seen.map((r) => r.totalHits)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(seen.every((r) => !r.isBlocked && r.timeToExpire > 0)).toBe(true);
    });

    it('with leases on both processes, lets through at most the limit, and less only by the other lease', async () => {
      const k = key();
      const limit = 1000;
      const passed: number[] = [];
      for (let i = 0; i < 1100; i++) {
        const r = await (i % 3 ? b : a).increment(k, 60_000, limit, 60_000, 'api');
        if (!r.isBlocked) passed.push(r.totalHits);
      }
      expect(new Set(passed).size).toBe(passed.length); // no position answered twice
      expect(Math.max(...passed)).toBeLessThanOrEqual(limit);
      // At most one lease (≤ 10 positions, one of them used at once) unused on the other process.
      expect(passed.length).toBeGreaterThanOrEqual(limit - 9);
    });

    it('drops a lease when its window ends', async () => {
      const k = key();
      for (let i = 0; i < 20; i++) expect((await a.increment(k, 400, 10_000, 400, 'api')).totalHits).toBe(i + 1);
      await sleep(600);
      const after = await a.increment(k, 400, 10_000, 400, 'api');
      expect([after.totalHits, after.isBlocked]).toEqual([1, false]);
    });

    it('keeps throttlers and keys apart', async () => {
      const k = key();
      await a.increment(k, 60_000, 1, 60_000, 'login');
      expect((await b.increment(k, 60_000, 1, 60_000, 'login')).isBlocked).toBe(true);
      expect((await b.increment(k, 60_000, 1, 60_000, 'api')).isBlocked).toBe(false);
      expect((await b.increment(key(), 60_000, 1, 60_000, 'login')).isBlocked).toBe(false);
    });

    it('starts afresh when the window ends, and after a block ends', async () => {
      const k = key();
      expect((await a.increment(k, 400, 2, 400, 'api')).totalHits).toBe(1);
      expect((await b.increment(k, 400, 2, 400, 'api')).totalHits).toBe(2);
      expect((await a.increment(k, 400, 2, 400, 'api')).isBlocked).toBe(true);
      await sleep(600);
      const after = await b.increment(k, 400, 2, 400, 'api');
      expect([after.totalHits, after.isBlocked]).toEqual([1, false]);
      // A window that ends without a block also restarts the count.
      await sleep(600);
      expect((await a.increment(k, 400, 2, 400, 'api')).totalHits).toBe(1);
    });
  });

  it('postgres: the sweep forgets only counters whose window and block are over', async () => {
    const [a, , ds] = await postgresPair();
    const [live, blocked, done] = [key(), key(), key()];
    await a.increment(live, 60_000, 5, 60_000, 'api');
    await a.increment(blocked, 200, 0, 60_000, 'api'); // limit 0: blocked at once for a minute
    await a.increment(done, 200, 5, 200, 'api');
    await sleep(400);
    await new RateLimitsRepository(ds).sweep();
    const rows: Array<{ key: string }> = await ds.query('SELECT key FROM rate_limit_hits WHERE key = ANY($1) ORDER BY key', [[`api:${live}`, `api:${blocked}`, `api:${done}`]]);
    expect(rows.map((r) => r.key).sort()).toEqual([`api:${live}`, `api:${blocked}`].sort());
    const [{ persistence }] = await ds.query(`SELECT relpersistence AS persistence FROM pg_class WHERE relname = 'rate_limit_hits'`);
    expect(persistence).toBe('u'); // UNLOGGED
  });

  it('lets requests through when the store cannot be reached, rather than failing them', async () => {
    const unreachable = new RedisThrottlerStorage('redis://127.0.0.1:1', 'nowhere');
    stores.push(unreachable);
    const r = await unreachable.increment(key(), 60_000, 0, 60_000, 'api');
    expect(r.isBlocked).toBe(false);
  });
});
