import { JobBatcher } from './job-batcher';

describe('JobBatcher', () => {
  it('runs a batch as soon as maxSize items wait, and the rest after maxWaitMs', async () => {
    const batches: number[][] = [];
    const batcher = new JobBatcher<number, string>(
      async (items) => {
        batches.push(items);
        return items.map((i) => `done ${i}`);
      },
      { maxSize: 3, maxWaitMs: 20 },
    );
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.submit(i)));
    expect(answers).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(batcher.stats).toEqual({ batches: 2, items: 5, largest: 3, split: 0 });
  });

  it('runs a failed batch again item by item: only the bad item fails, each good one is answered once', async () => {
    const runs: number[][] = [];
    const batcher = new JobBatcher<number, number>(
      async (items) => {
        runs.push(items);
        if (items.includes(13)) throw new Error('thirteen');
        return items.map((i) => i * 2);
      },
      { maxSize: 10, maxWaitMs: 5 },
    );
    const answers = await Promise.allSettled([1, 13, 3].map((i) => batcher.submit(i)));
    expect(answers).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('thirteen') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(runs).toEqual([[1, 13, 3], [1], [13], [3]]);
    expect(batcher.stats.split).toBe(1);
  });

  it('fails every item whose batch answers with the wrong number of results, after running each alone', async () => {
    const batcher = new JobBatcher<number, number>(async (items) => (items.length > 1 ? [1] : items), { maxSize: 2, maxWaitMs: 5 });
    expect(await Promise.all([7, 8].map((i) => batcher.submit(i)))).toEqual([7, 8]);
    expect(batcher.stats.split).toBe(1);
  });
});
