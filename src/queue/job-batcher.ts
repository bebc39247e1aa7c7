/**
 * Gathers the jobs a worker holds at once into one batch, so a flood of small jobs (100,000
 * reminders due at 08:30) costs one statement per batch rather than several per job.
 *
 * Each job still goes through the queue on its own — its id, retries, result and failure are
 * its own — and its handler awaits `submit(item)`. The batch runs once `maxSize` items wait,
 * or `maxWaitMs` after the first one arrived. `run` must treat the batch as one unit (one
 * transaction, idempotent writes): if it throws, every item of the batch is run again alone,
 * so one poisoned item fails by itself and the others are neither lost nor written twice.
 */
export interface JobBatcherOptions {
  /** Items in a batch at most (a worker with this much concurrency or more fills it). */
  maxSize: number;
  /** How long the first item of a batch waits for others (ms). */
  maxWaitMs: number;
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/** What the batcher has done, for tests and logs. */
export interface JobBatcherStats {
  batches: number;
  items: number;
  largest: number;
  /** Batches that failed as a whole and were run again item by item. */
  split: number;
}

export class JobBatcher<I, O> {
  private pending: Array<Pending<I, O>> = [];
  private timer: NodeJS.Timeout | undefined;
  readonly stats: JobBatcherStats = { batches: 0, items: 0, largest: 0, split: 0 };

  /** `run` returns one result per item, in the items' order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: JobBatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) void this.runBatch(batch);
  }

  private async runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${results.length} results`);
      batch.forEach((p, i) => p.resolve(results[i] as O));
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
    }
    // The batch rolled back as a whole: each item alone, so only a poisoned one fails.
    this.stats.split++;
    await Promise.all(
      batch.map(async (p) => {
        try {
          const [result] = await this.run([p.item]);
          p.resolve(result as O);
        } catch (err) {
          p.reject(err);
        }
      }),
    );
  }
}
