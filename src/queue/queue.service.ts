import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { defaultJobOptions, JOB_QUEUE, JobName, JobPayloads, QueueName, SCHEDULE_TZ, schedulePattern, SCHEDULES } from './jobs';
import { QueueBackend } from './queue-backend';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');

/** Producer side of the queues: typed adds, removals, schedulers and the counts the admin view shows. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(QUEUE_BACKEND) readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const opts = { ...this.backend.options, defaultJobOptions: defaultJobOptions(this.backend.kind) } as ConstructorParameters<typeof Queue>[1];
      // The PostgreSQL backend's Queue differs from the Redis one only in its type parameters.
      queue = this.backend.factory ? (new Queue(name, opts as never, this.backend.factory) as unknown as Queue) : new Queue(name, opts);
      queue.on('error', (err) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job; with a `jobId`, adding the same id again is a no-op while BullMQ keeps the first. */
  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: Pick<JobsOptions, 'jobId' | 'delay' | 'priority'> = {}): Promise<Job> {
    return this.queue(JOB_QUEUE[name]).add(name, payload as object, opts);
  }

  /** Adds many jobs of one queue in one round trip (addBulk); each with a `jobId` is a no-op while BullMQ keeps the first. */
  async addMany<N extends JobName>(name: N, jobs: Array<{ payload: JobPayloads[N]; opts?: Pick<JobsOptions, 'jobId' | 'delay' | 'priority'> }>): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue(JOB_QUEUE[name]).addBulk(jobs.map((j) => ({ name, data: j.payload as object, opts: j.opts ?? {} })));
  }

  /** Removes a waiting or delayed job; a job already running or gone is left alone. */
  async remove(name: JobName, jobId: string): Promise<boolean> {
    const job = await this.queue(JOB_QUEUE[name]).getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'active') return false;
    await job.remove();
    return true;
  }

  /** Installs the recurring sweeps (idempotent: a scheduler is keyed). */
  async installSchedules(): Promise<void> {
    for (const s of SCHEDULES) {
      await this.queue(JOB_QUEUE[s.job]).upsertJobScheduler(s.key, { pattern: schedulePattern(s, this.config.queue.metricsRefreshSeconds), tz: SCHEDULE_TZ }, { name: s.job, data: {} });
    }
  }

  /** The keys of the recurring schedules the queue does not hold (lost with its data, or never installed). */
  async missingSchedules(): Promise<string[]> {
    const missing: string[] = [];
    for (const s of SCHEDULES) {
      if (!(await this.queue(JOB_QUEUE[s.job]).getJobScheduler(s.key))) missing.push(s.key);
    }
    return missing;
  }

  /** Whether the queue holds a job of this id in any state (waiting, delayed, active, finished). */
  async has(name: JobName, jobId: string): Promise<boolean> {
    return !!(await this.queue(JOB_QUEUE[name]).getJob(jobId));
  }

  async counts(): Promise<Array<{ queue: QueueName; counts: Record<string, number> }>> {
    return Promise.all(Object.values(QueueName).map(async (queue) => ({ queue, counts: await this.queue(queue).getJobCounts() })));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  get prefix(): string {
    return this.config.queue.prefix;
  }
}
