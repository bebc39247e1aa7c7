import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { JobName, JobPayloads, QueueName } from './jobs';
import { QueueReconciliationRepository } from './queue-reconciliation.repository';
import { QUEUE_BACKEND, QueueService } from './queue.service';
import { QueueBackend } from './queue-backend';

/** What a domain re-enqueues when the queue lost it; each kind is one column of the report. */
export type ReconcileKind = 'rollups' | 'followUps';

export interface ReconcileReport {
  trigger: string;
  rollups: number;
  followUps: number;
  schedules: number;
  ranAt: Date;
}

/**
 * Puts a job into the queue unless the outbox is about to or the queue already holds it (in any
 * state, finished included); true when it was missing and has been added. The job id is the
 * job's deterministic one, so a race with the outbox relay or another process adds nothing twice.
 */
export type EnsureJob = <N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId: string; runAt?: Date | null }) => Promise<boolean>;

/** One domain's part: compares its tables with the queue through `ensure`, returns how many it re-enqueued. */
export type ReconcileStep = (ensure: EnsureJob) => Promise<number>;

/** How often a worker process checks that the schedules are still there (cheap: one lookup per schedule). */
const WATCH_MS = 60_000;
/** Outbox rows at this many attempts are left to an admin (see OutboxRelay): they will not go out by themselves. */
const OUTBOX_MAX_ATTEMPTS = 100;

/**
 * The database is the source of truth for queue work: the queue (Redis without persistence, a
 * flushed schema) may lose jobs and schedules, so this compares what should be queued with what
 * is, and re-enqueues the difference. Runs at start-up, on its own schedule, when a Redis
 * connection comes back, and when a watch finds the schedules missing (the schedule that would
 * run it being among what was lost). Each run is recorded for the admin queue view.
 */
@Injectable()
export class QueueReconciliation {
  private readonly logger = new Logger(QueueReconciliation.name);
  private readonly steps = new Map<ReconcileKind, ReconcileStep>();
  /** Runs one after another in this process: a second request waits for the first, then runs itself. */
  private chain: Promise<unknown> = Promise.resolve();
  private watchTimer?: NodeJS.Timeout;
  private readonly detach: Array<() => void> = [];
  private stopped = true;

  constructor(
    private readonly repository: QueueReconciliationRepository,
    private readonly queues: QueueService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  /** A domain registers its step once, at module init. */
  register(kind: ReconcileKind, step: ReconcileStep): void {
    if (this.steps.has(kind)) throw new Error(`reconcile step "${kind}" registered twice`);
    this.steps.set(kind, step);
  }

  /** One full reconciliation; recorded, and logged as a warning when anything was missing. */
  run(trigger: string): Promise<ReconcileReport> {
    const next = this.chain.then(() => this.runOnce(trigger));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The last recorded run, or null if none has run yet. */
  async last(): Promise<ReconcileReport | null> {
    const row = await this.repository.lastRun();
    return row ? { trigger: row.trigger, rollups: row.rollups, followUps: row.followUps, schedules: row.schedules, ranAt: row.ranAt } : null;
  }

  /** In worker processes: a run now, the schedules watched, and a run whenever Redis reconnects. */
  start(): void {
    this.stopped = false;
    this.runInBackground('start-up');
    this.watchTimer = setInterval(() => void this.watch(), WATCH_MS);
    this.watchTimer.unref();
    if (this.backend.kind === 'redis') void this.watchReconnections();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    for (const off of this.detach.splice(0)) off();
    await this.chain;
  }

  private async runOnce(trigger: string): Promise<ReconcileReport> {
    const missingSchedules = await this.queues.missingSchedules();
    await this.queues.installSchedules();
    const found: Record<ReconcileKind, number> = { rollups: 0, followUps: 0 };
    for (const [kind, step] of this.steps) found[kind] = await step(this.ensure);
    const row = await this.repository.recordRun({ trigger, ...found, schedules: missingSchedules.length });
    const report: ReconcileReport = { trigger, ...found, schedules: missingSchedules.length, ranAt: row.ranAt };
    if (found.rollups || found.followUps || missingSchedules.length) {
      this.logger.warn(
        `queue reconciliation (${trigger}): the queue had lost work — re-enqueued ${found.rollups} signing rollup(s), ${found.followUps} follow-up reminder(s); ` +
          `re-installed ${missingSchedules.length} schedule(s)${missingSchedules.length ? ` (${missingSchedules.join(', ')})` : ''}`,
      );
    } else {
      this.logger.log(`queue reconciliation (${trigger}): nothing missing`);
    }
    return report;
  }

  private readonly ensure: EnsureJob = async (name, payload, opts) => {
    if (await this.repository.pendingInOutbox(opts.jobId, name, OUTBOX_MAX_ATTEMPTS)) return false;
    if (await this.queues.has(name, opts.jobId)) return false;
    const delay = opts.runAt ? Math.max(0, opts.runAt.getTime() - Date.now()) : undefined;
    await this.queues.add(name, payload, { jobId: opts.jobId, delay });
    return true;
  };

  private runInBackground(trigger: string): void {
    this.run(trigger).catch((err: Error) => this.logger.warn(`queue reconciliation (${trigger}) failed: ${err.message}; the next trigger retries`));
  }

  /** The recurring schedule that runs the reconciliation may itself be what was lost. */
  private async watch(): Promise<void> {
    if (this.stopped) return;
    try {
      if ((await this.queues.missingSchedules()).length > 0) this.runInBackground('schedules-missing');
    } catch (err) {
      this.logger.warn(`queue reconciliation watch: ${(err as Error).message}`);
    }
  }

  /** ioredis says 'ready' after every reconnection: a Redis that restarted may have come back empty. */
  private async watchReconnections(): Promise<void> {
    for (const name of Object.values(QueueName)) {
      try {
        const queue = this.queues.queue(name);
        await queue.waitUntilReady();
        const client = (await (queue.getBackend() as unknown as { client?: Promise<EventEmitter> | EventEmitter }).client) ?? null;
        if (!client || this.stopped) continue;
        const onReady = () => {
          if (!this.stopped) this.runInBackground(`reconnect:${name}`);
        };
        client.on('ready', onReady);
        this.detach.push(() => client.off('ready', onReady));
      } catch (err) {
        this.logger.warn(`queue reconciliation: cannot watch ${name} reconnections: ${(err as Error).message}`);
      }
    }
  }
}
