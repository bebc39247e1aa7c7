import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PermanentJobError } from './job-errors';
import { JOB_HANDLER } from './job-handler.decorator';
import { JOB_PAYLOAD_CLASS, JOB_QUEUE, JobName, QueueName, workerConcurrency } from './jobs';
import { OutboxRelay } from './outbox-relay';
import { QUEUE_BACKEND, QueueService } from './queue.service';
import { QueueBackend } from './queue-backend';
import { QueueReconciliation } from './queue-reconciliation';

type Handler = (payload: unknown, job: Job) => Promise<unknown>;

/**
 * Finds the one handler of every job name at start (failing the start if one is missing or
 * doubled), and — in the `all` and `worker` roles — runs a worker per queue, the outbox relay
 * the recurring schedules and the queue reconciliation. Shutdown lets running jobs finish.
 */
@Injectable()
export class WorkersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkersService.name);
  private readonly handlers = new Map<JobName, Handler>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queues: QueueService,
    private readonly relay: OutboxRelay,
    private readonly reconciliation: QueueReconciliation,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.collectHandlers();
    if (this.config.role === 'api') return;
    for (const queue of Object.values(QueueName)) this.workers.push(this.startWorker(queue));
    await this.queues.installSchedules();
    this.relay.start();
    // The database, not the queue, is the source of truth: whatever the queue lost is put back.
    this.reconciliation.start();
    this.logger.log(`workers running on ${this.backend.describe}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reconciliation.stop();
    await this.relay.stop();
    // close() waits for the jobs in hand to finish; nothing new is taken meanwhile.
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
  }

  /** Runs one job's handler as a worker would (validation included); for tests and tools. */
  async runNow(name: JobName, payload: unknown, job?: Job): Promise<unknown> {
    return this.dispatch({ name, data: payload, id: job?.id ?? 'inline' } as Job);
  }

  private collectHandlers(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isNotMetatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, (instance as Record<string, () => unknown>)[method] as () => unknown);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${wrapper.name}.${method}`]);
        this.handlers.set(name, ((instance as Record<string, Handler>)[method] as Handler).bind(instance));
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const places = found.get(name) ?? [];
      if (places.length === 0) problems.push(`job "${name}" has no handler`);
      if (places.length > 1) problems.push(`job "${name}" has ${places.length} handlers: ${places.join(', ')}`);
    }
    if (problems.length) throw new Error(`Job handlers are not one per job name:\n  ${problems.join('\n  ')}`);
  }

  private startWorker(queue: QueueName): Worker {
    const opts = {
      ...this.backend.options,
      concurrency: workerConcurrency(queue, this.config.queue.concurrency),
      lockDuration: this.config.queue.lockMs,
      stalledInterval: this.config.queue.lockMs,
    } as ConstructorParameters<typeof Worker>[2];
    const processor = (job: Job) => this.dispatch(job);
    const worker = this.backend.factory ? (new Worker(queue, processor, opts as never, this.backend.factory) as unknown as Worker) : new Worker(queue, processor, opts);
    worker.on('failed', (job, err) => {
      const permanent = err instanceof PermanentJobError || err.name === 'UnrecoverableError' || err.name === 'PermanentJobError';
      this.logger.warn(`${queue} job ${job?.name} ${job?.id} ${permanent ? 'discarded' : `failed (attempt ${job?.attemptsMade})`}: ${err.message}`);
    });
    worker.on('error', (err) => this.logger.warn(`${queue} worker: ${err.message}`));
    return worker;
  }

  private async dispatch(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    if (!handler || JOB_QUEUE[name] === undefined) throw new PermanentJobError(`unknown job name "${job.name}"`);
    const payload = plainToInstance(JOB_PAYLOAD_CLASS[name] as new () => object, job.data ?? {});
    const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw new PermanentJobError(`malformed payload for ${name}: ${errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ')}`);
    }
    return handler(payload, job);
  }
}
