import { VersionedCache } from './versioned-cache';

describe('VersionedCache', () => {
  it('computes once per key and version, sharing the computation with callers who ask meanwhile', async () => {
    const cache = new VersionedCache<number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      runs += 1;
      await gate;
      return runs;
    };
    const first = cache.get('k', 'v1', compute);
    const second = cache.get('k', 'v1', compute);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await cache.get('k', 'v1', compute)).toBe(1);
    expect(runs).toBe(1);
  });

  it('recomputes when the version changes, and keeps keys apart', async () => {
    const cache = new VersionedCache<string>();
    expect(await cache.get('a', 'v1', async () => 'a1')).toBe('a1');
    expect(await cache.get('b', 'v1', async () => 'b1')).toBe('b1');
    expect(await cache.get('a', 'v2', async () => 'a2')).toBe('a2');
    expect(await cache.get('b', 'v1', async () => 'never')).toBe('b1');
  });

  it('forgets a failure, so the next caller computes again', async () => {
    const cache = new VersionedCache<string>();
    await expect(cache.get('k', 'v', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', 'v', async () => 'ok')).toBe('ok');
  });

  it('keeps only the most recently used keys', async () => {
    const cache = new VersionedCache<string>(2);
    await cache.get('a', 'v', async () => 'a');
    await cache.get('b', 'v', async () => 'b');
    await cache.get('a', 'v', async () => 'not again'); // a is now the most recent
    await cache.get('c', 'v', async () => 'c'); // evicts b
    expect(await cache.get('a', 'v', async () => 'recomputed')).toBe('a');
    expect(await cache.get('b', 'v', async () => 'b again')).toBe('b again');
  });
});
