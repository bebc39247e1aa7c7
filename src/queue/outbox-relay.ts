import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName } from './jobs';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QueueService } from './queue.service';

const POLL_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const BATCH = 200;
const MAX_ATTEMPTS = 100;
/** A queue that does not answer within this is unreachable: an add to a Redis that is down waits for it to return. */
const QUEUE_TIMEOUT_MS = 5_000;

/**
 * Hands committed outbox rows to the queue. Rows are claimed with SKIP LOCKED, so several
 * worker processes relay side by side without sending a row twice at once; a row is marked
 * published only after the queue accepted it.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = true;
  private failures = 0;
  private readonly onWritten = () => this.schedule(0);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly outbox: OutboxService,
    private readonly repository: OutboxRepository,
  ) {}

  start(): void {
    this.stopped = false;
    this.outbox.written.on('written', this.onWritten);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.outbox.written.off('written', this.onWritten);
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Publishes everything pending now; returns how many rows went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < BATCH) return total;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      await this.drain();
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      this.logger.warn(`outbox relay: ${(err as Error).message} (attempt ${this.failures}); will retry`);
    } finally {
      this.running = false;
      this.schedule(this.failures ? Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures) : POLL_MS);
    }
  }

  private async publishBatch(): Promise<number> {
    let failure: unknown;
    const sent = await this.dataSource.transaction(async (em) => {
      const rows = await this.repository.claimBatch(em, BATCH, MAX_ATTEMPTS);
      const published: string[] = [];
      try {
        for (const row of rows) {
          await withinTimeout(this.handOver(row), QUEUE_TIMEOUT_MS);
          published.push(row.id);
        }
      } catch (err) {
        failure = err;
        const failed = rows[published.length];
        if (failed) await this.repository.recordFailure(em, failed, String((err as Error).message));
      }
      await this.repository.markPublished(em, published);
      return published.length;
    });
    // Thrown only after the commit: the failed attempt and the rows that went out are recorded.
    if (failure) throw failure;
    return sent;
  }

  private async handOver(row: OutboxMessage): Promise<void> {
    const name = row.jobName as JobName;
    if (row.op === 'remove') await this.queues.remove(name, row.jobId);
    else {
      const delay = row.runAt ? Math.max(0, row.runAt.getTime() - Date.now()) : undefined;
      await this.queues.add(name, row.payload as never, { jobId: row.jobId, delay });
    }
  }
}

/** `work`, or a rejection once `ms` have passed (the work may still finish later: a deterministic job id makes that harmless). */
async function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
